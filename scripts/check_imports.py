#!/usr/bin/env python3
"""Fail on any import inside a function or method: imports belong at module top.

An import hidden in a function hides a dependency (and usually an import
cycle) from readers and from ``lint-imports``. The exceptions, also listed in
docs/development.md ("Architecture"):

- migrations (Django writes them; they run outside the app's import graph);
- ``AppConfig.ready`` in ``apps.py`` (connecting signals, discovering modules);
- management commands importing an optional dependency inside ``handle`` in a
  ``try``/``except ImportError`` (the command reports it is missing);
- tests, and the benchmarks and deployment scripts outside the apps;
- ``if TYPE_CHECKING:`` blocks (never run).

Usage: ``python3 scripts/check_imports.py [root]``; exit 1 with one line per
import found.
"""

from __future__ import annotations

import ast
import os
import pathlib
import sys

SKIP_DIRS = {"migrations", "tests", "bench", "deploy", "node_modules", ".venv"}


def _in_import_error_guard(node: ast.AST, parents: dict) -> bool:
    """True if ``node`` sits in a ``try`` whose handlers catch ImportError."""
    current = parents.get(node)
    while current is not None:
        if isinstance(current, ast.Try):
            for handler in current.handlers:
                names = handler.type
                if isinstance(names, ast.Tuple):
                    names = names.elts
                else:
                    names = [names]
                if any(
                    isinstance(n, ast.Name)
                    and n.id in ("ImportError", "ModuleNotFoundError")
                    for n in names
                ):
                    return True
        current = parents.get(current)
    return False


def hidden_imports(path: pathlib.Path, root: pathlib.Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    parents = {
        child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)
    }
    command = "management" in path.relative_to(root).parts
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if path.name == "apps.py" and node.name == "ready":
            continue
        for inner in ast.walk(node):
            if not isinstance(inner, (ast.Import, ast.ImportFrom)):
                continue
            if command and _in_import_error_guard(inner, parents):
                continue
            found.append(
                f"{path.relative_to(root)}:{inner.lineno}: import inside {node.name}()"
            )
    return found


def python_files(root: pathlib.Path):
    """The project's modules, without walking into skipped folders (.venv …)."""
    for folder, dirs, files in os.walk(root):
        here = pathlib.Path(folder)
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in SKIP_DIRS
            and not d.startswith(".")
            and not (here == root and d == "scripts")
        )
        for name in sorted(files):
            if name.endswith(".py"):
                yield here / name


def main(argv: list[str]) -> int:
    root = pathlib.Path(argv[1] if len(argv) > 1 else ".").resolve()
    problems = []
    for path in python_files(root):
        problems += hidden_imports(path, root)
    for line in problems:
        sys.stdout.write(line + "\n")
    if problems:
        sys.stdout.write(
            f"{len(problems)} imports inside functions: move them to the module top\n"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
