"""The web UI and JSON API (``presslens serve``). Needs the ``web`` extra.

>>> from presslens.web import Settings, create_app              # doctest: +SKIP
>>> app = create_app(Settings(db=Path("out/presslens.db")))     # doctest: +SKIP

``presslens.web.cli.add_commands`` adds the ``serve`` and ``report`` subcommands; importing it
needs no extra (the extra is checked when ``serve`` runs).
"""

from __future__ import annotations

from typing import Any

__all__ = ["Settings", "create_app"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(name)
