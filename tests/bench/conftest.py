"""The benchmark's own modules (bench/ is scripts, not a package): loaded by path."""

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def load(name: str):
    """bench/<name>.py as module ``bench_<name>`` (bench/run.py puts bench/ and
    deploy/ on sys.path itself for its sibling imports)."""
    key = f"bench_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, BENCH / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


@pytest.fixture
def report():
    return load("report")


@pytest.fixture
def servercpu():
    return load("servercpu")


@pytest.fixture
def bench_run():
    return load("run")
