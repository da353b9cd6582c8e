"""What the web UI's routes share: the server's :class:`Settings` and the :class:`WebState`.

A module of its own, so that the routes (:mod:`.pages`, :mod:`.routes_api`) import it without
importing :mod:`.app`, which includes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..store import Store
from .index import IndexCache
from .jobs import JobManager
from .security import DEFAULT_MAX_UPLOAD, LoginThrottle, ServerLimits, Sessions

__all__ = ["Settings", "WebState"]


@dataclass(frozen=True)
class Settings:
    """How the server runs. ``token`` is required (and must be strong) when ``host`` is not a
    loopback address; ``limits`` are the timeouts and sizes of :class:`~.security.ServerLimits`.
    """

    db: Path
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    max_upload: int = DEFAULT_MAX_UPLOAD
    allowed_hosts: tuple[str, ...] = ()
    upload_dir: Path | None = None
    limits: ServerLimits = field(default_factory=ServerLimits)


@dataclass
class WebState:
    """What the routes share: settings, the job manager, the index cache, the templates, the
    login sessions and the throttle of wrong tokens (both in memory: a restart logs out)."""

    settings: Settings
    jobs: JobManager
    index: IndexCache
    env: Any
    sessions: Sessions = field(default_factory=Sessions)
    throttle: LoginThrottle = field(default_factory=LoginThrottle)
    extra: dict[str, Any] = field(default_factory=dict)

    def store(self) -> Store:
        """A read-only connection for one request (a store object belongs to one thread)."""
        return Store(self.settings.db, readonly=True)
