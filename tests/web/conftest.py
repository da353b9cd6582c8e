"""Fixtures of the web tests: a store with the enriched example corpus, an app, a client."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web UI needs the 'web' extra (fastapi)")
pytest.importorskip(
    "python_multipart", reason="the web UI needs the 'web' extra (python-multipart)"
)

BASE = "http://127.0.0.1:8000"


def load_samples() -> ModuleType:
    name = "presslens_test_samples"
    if name not in sys.modules:
        path = Path(__file__).parents[1] / "report" / "_samples.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules[name] = module
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    return sys.modules[name]


@pytest.fixture(scope="session")
def rich_store(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("web-rich") / "presslens.db"
    docs, corpus, _ = load_samples().build_store(db)
    return {"db": db, "docs": docs, "corpus": corpus}


@pytest.fixture
def db(rich_store: dict[str, Any], tmp_path: Path) -> Path:
    """A private copy of the store (jobs write into it)."""
    copy = tmp_path / "presslens.db"
    shutil.copy(rich_store["db"], copy)
    return copy


@pytest.fixture
def client(db: Path) -> Iterator[Any]:
    from starlette.testclient import TestClient

    from presslens.web import Settings, create_app

    app = create_app(Settings(db=db, upload_dir=db.parent / "uploads"))
    with TestClient(app, base_url=BASE) as c:
        yield c
        c.app.state.jobs.shutdown()
