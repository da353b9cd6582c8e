"""The web UI: browse, search and filter a store, read articles with their highlights, upload
inputs for analysis, download exports. Server-rendered pages (Jinja2), no outside resources.

>>> from presslens.web import Settings, create_app
>>> app = create_app(Settings(db=Path("out/presslens.db")))     # doctest: +SKIP

Needs the ``web`` extra (FastAPI, uvicorn, Jinja2, python-multipart). ``/docs`` and ``/redoc``
are off (they load their scripts from a CDN); the API is described by ``/openapi.json``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from ..errors import require

require("fastapi", extra="web", feature="The web UI")
try:  # python-multipart >= 0.0.13 is python_multipart; older ones only have multipart
    require("python_multipart", extra="web", feature="Uploads in the web UI")
except ImportError:
    require("multipart", extra="web", feature="Uploads in the web UI")

from fastapi import FastAPI  # noqa: E402

from ..store import Store  # noqa: E402
from ..version import __version__  # noqa: E402
from .index import IndexCache  # noqa: E402
from .jobs import JobManager, Runner  # noqa: E402
from .middleware import Guard  # noqa: E402
from .security import check_bind  # noqa: E402
from .state import Settings, WebState  # noqa: E402

__all__ = ["Settings", "create_app"]  # Settings lives in .state; re-exported for presslens.web


def _environment() -> Any:
    jinja2: Any = require("jinja2", extra="web", feature="The web UI")
    from ..report.builder import environment as report_env

    base = report_env()
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.PackageLoader("presslens.web", "templates"), base.loader]
        ),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(base.filters)
    env.globals.update(base.globals)
    from urllib.parse import quote

    env.filters["q"] = lambda v: quote(str(v), safe="")
    env.globals["version"] = __version__
    return env


def create_app(settings: Settings, *, runner: Runner | None = None) -> Any:
    """The ASGI app: FastAPI routes behind the :class:`~.middleware.Guard`.

    Refuses (``PresslensError``) a non-loopback ``host`` without a strong token. Creates the store
    when it does not exist yet (an empty store to upload into). ``runner`` replaces the analysis
    (tests).
    """
    check_bind(settings.host, settings.token)
    db = Path(settings.db)
    if not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True)
        Store(db).close()
    upload_root = settings.upload_dir or Path(tempfile.mkdtemp(prefix="presslens-uploads-"))
    state = WebState(
        settings=settings,
        jobs=JobManager(db, upload_root, runner),
        index=IndexCache(db),
        env=_environment(),
    )
    api = FastAPI(
        title="presslens",
        version=__version__,
        description="Browse, search and analyse a presslens store. Offline; see docs/ui.md.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    api.state.web = state
    from .pages import router as pages_router
    from .routes_api import router as api_router

    api.include_router(api_router)
    api.include_router(pages_router)
    guarded = Guard(
        api,
        bind_host=settings.host,
        token=settings.token,
        max_body=settings.max_upload,
        allowed_hosts=settings.allowed_hosts,
        sessions=state.sessions,
        throttle=state.throttle,
        limits=settings.limits,
    )
    guarded.state = state  # type: ignore[attr-defined]
    guarded.fastapi = api  # type: ignore[attr-defined]
    return guarded
