"""Fixtures of the report tests: the enriched example corpus and its rendered report."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest


def load_samples() -> ModuleType:
    """``tests/report/_samples.py`` as a module (shared with the web and browser tests)."""
    name = "presslens_test_samples"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("_samples.py"))
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[name] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.fixture(scope="session")
def samples() -> ModuleType:
    return load_samples()


@pytest.fixture(scope="session")
def rich(samples: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The example corpus in a store, every layer filled in, plus a hostile document."""
    db = tmp_path_factory.mktemp("rich") / "presslens.db"
    docs, corpus, rejections = samples.build_store(db)
    return {"db": db, "docs": docs, "corpus": corpus, "rejections": rejections}


@pytest.fixture(scope="session")
def rich_html(rich: dict[str, Any]) -> str:
    from presslens.report import render_report

    return render_report(rich["docs"], rich["corpus"], rich["rejections"], generated="test")
