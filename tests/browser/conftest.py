"""Browser tests: Playwright driving Debian's Chromium (``apt-get install chromium``).

Never ``playwright install`` (it downloads a browser). The tests skip, with the reason, when the
``playwright`` package or ``/usr/bin/chromium`` is missing. The suite starts its own server
(uvicorn in a thread, on a free loopback port) over a store of the enriched example corpus.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("PRESSLENS_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).parent


def missing() -> str | None:
    """Why the browser tests cannot run here, or ``None``."""
    if importlib.util.find_spec("playwright") is None:
        return (
            "the playwright package is not installed (pip install playwright; no browser download)"
        )
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    for module in ("fastapi", "uvicorn", "python_multipart"):
        if importlib.util.find_spec(module) is None:
            return f"the web extra is not installed ({module})"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = missing()
    if reason:
        for item in items:
            if Path(str(item.fspath)).is_relative_to(HERE):
                item.add_marker(pytest.mark.skip(reason=reason))


def load_samples() -> ModuleType:
    name = "presslens_test_samples"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, HERE.parent / "report" / "_samples.py")
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules[name] = module
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    return sys.modules[name]


def launch(playwright: Any, user_dir: Path, **options: Any) -> Any:
    """A Chromium context with a fresh profile and the offline-friendly flags."""
    return playwright.chromium.launch_persistent_context(
        str(user_dir),
        executable_path=str(CHROMIUM),
        headless=True,
        args=ARGS,
        viewport={"width": 1280, "height": 900},
        **options,
    )


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = launch(p, tmp_path_factory.mktemp("chromium-profile"))
        context.set_default_timeout(15_000)
        yield context
        context.close()


@pytest.fixture
def page(browser_context: Any) -> Iterator[Any]:
    """A new tab that fails the test if any dialog (alert, confirm, prompt) opens."""
    tab = browser_context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    yield tab
    tab.close()
    assert dialogs == [], f"a dialog opened: {dialogs}"


@pytest.fixture(scope="session")
def rich(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("browser-store") / "presslens.db"
    docs, corpus, rejections = load_samples().build_store(db)
    return {"db": db, "docs": docs, "corpus": corpus, "rejections": rejections}


@pytest.fixture(scope="session")
def report_file(rich: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    from presslens.report import write_report

    out = tmp_path_factory.mktemp("report") / "report.html"
    return write_report(out, rich["docs"], rich["corpus"], rich["rejections"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path) -> tuple[Any, str]:
    """The server as `presslens serve` runs it (its limits included), in a daemon thread; returns
    the server (set ``should_exit`` to stop) and URL."""
    from presslens.web import Settings, create_app
    from presslens.web.security import ServerLimits
    from presslens.web.server import make_server

    port = free_port()
    app = create_app(Settings(db=db, port=port, upload_dir=Path(tempfile.mkdtemp())))
    server = make_server(app, host="127.0.0.1", port=port, limits=ServerLimits())
    threading.Thread(target=server.run, daemon=True, name="presslens-test-server").start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def server(rich: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("server") / "presslens.db"
    shutil.copy(rich["db"], db)
    srv, url = start_server(db)
    yield url
    srv.should_exit = True
