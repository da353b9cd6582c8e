"""Shared fixtures: where ../shared is, and a skip when it is absent; a test without network;
the quality gate (tests/quality_gate.py, the floors in tests/quality_floors.json)."""

from __future__ import annotations

import importlib.util
import socket
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared/data is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def seeds() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip("../shared/seeds is not beside the checkout")
    return path


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a network connection during the test raises ``OSError``."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OSError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def _load_gate() -> ModuleType:
    name = "quality_gate"
    if name not in sys.modules:  # one module object, whoever loads it first
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def gate() -> ModuleType:
    """The quality gate: ``gate.check(task, scores)`` asserts the pinned floors of ``task``
    (after checking the data is what they were measured on); ``gate.arguments(task)`` are the
    arguments of the command that measures them."""
    return _load_gate()
