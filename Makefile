# Convenience wrappers; the scripts work without make.
.PHONY: run test lint bench topology
run:
	scripts/run
test:
	scripts/test
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/lint-imports && .venv/bin/python scripts/check_imports.py .
bench:
	bench/run
