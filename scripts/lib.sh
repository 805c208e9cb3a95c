# Shared by scripts/run and scripts/test: find Python 3.10+, keep .venv in step with requirements.
# shellcheck shell=bash

find_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3.10 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "Koers needs Python 3.10 or newer; none found." >&2
  return 1
}

# ensure_venv REQUIREMENTS_FILE: create .venv and install when the requirements changed.
ensure_venv() {
  local requirements=$1 stamp=.venv/.koers-deps python
  if [ ! -x .venv/bin/python ]; then
    python=$(find_python)
    echo "==> Creating a virtual environment with $python"
    "$python" -m venv .venv
  fi
  local want
  want=$(cat requirements.txt "$requirements" | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || ! grep -qx "$want" "$stamp"; then
    echo "==> Installing dependencies from $requirements (this takes a minute the first time)"
    .venv/bin/python -m pip install --disable-pip-version-check -q --upgrade pip
    .venv/bin/python -m pip install --disable-pip-version-check --progress-bar on -r "$requirements"
    echo "$want" >"$stamp"
  fi
}
