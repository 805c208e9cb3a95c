"""The import rules of docs/development.md ("Architecture") hold, and the checker
that CI runs for them does find an import hidden in a function."""

import importlib.util
import pathlib
import subprocess
import sys

from django.apps import apps

from intranet import search as registry

ROOT = pathlib.Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "check_imports", ROOT / "scripts" / "check_imports.py"
)
check_imports = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_imports)
hidden_imports = check_imports.hidden_imports


def test_no_imports_inside_functions():
    result = subprocess.run(
        [sys.executable, "scripts/check_imports.py", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_checker_finds_a_hidden_import_but_not_in_ready(tmp_path):
    app = tmp_path / "app"
    app.mkdir()
    (app / "views.py").write_text("def view():\n    from app import models\n")
    (app / "apps.py").write_text(
        "class Config:\n    def ready(self):\n        from app import signals\n"
    )
    assert hidden_imports(app / "views.py", tmp_path) == [
        "app/views.py:2: import inside view()"
    ]
    assert hidden_imports(app / "apps.py", tmp_path) == []


def test_every_searchable_type_is_declared_by_its_app():
    """search finds the apps' search.py modules; it declares none itself."""
    types = registry.search_types()
    assert {k: type(t).__module__ for k, t in types.items()} == {
        "person": "profiles.search",
        "competence": "profiles.search",
        "post": "feed.search",
        "signal": "purpose.search",
    }
    pages = {(p.model._meta.label, p.kind) for p in registry.page_types()}
    assert pages == {
        ("roadmaps.RoadmapItemPage", "roadmap_item"),
        ("roadmaps.RoadmapPage", "page"),
        ("home.PurposePage", "page"),
    }
    assert apps.is_installed("search")
