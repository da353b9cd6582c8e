"""The ``serve`` and ``report`` subcommands; :func:`add_commands` adds them to ``presslens``.

Importing this module needs no optional package: ``serve`` checks the ``web`` extra when it runs
and ``report`` the ``report`` extra.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from ..errors import PresslensError, require
from .security import DEFAULT_MAX_UPLOAD, check_bind

__all__ = ["add_commands", "cmd_report", "cmd_serve", "parse_size"]

DEFAULT_DB = "presslens-out/presslens.db"


def parse_size(text: str) -> int:
    """``"20M"``, ``"512k"``, ``"1G"`` or a number of bytes."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*", text.lower())
    if not m:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 20M, 512k or 1048576")
    scale = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[m.group(2)]
    return int(float(m.group(1)) * scale)


def add_commands(subparsers: Any) -> None:
    """Add ``serve`` and ``report`` to the ``presslens`` subcommands."""
    p = subparsers.add_parser(
        "serve",
        help="Browse, search and analyse a store in the browser (web UI and JSON API).",
        description="Serve the web UI and the JSON API over a store. Binds to 127.0.0.1; any "
        "other address needs a token (--token or PRESSLENS_TOKEN).",
    )
    p.add_argument(
        "--db", default=DEFAULT_DB, help=f"store file (default {DEFAULT_DB}; created when missing)"
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument(
        "--token",
        default=None,
        help="require this token (default: $PRESSLENS_TOKEN); needed off localhost",
    )
    p.add_argument(
        "--max-upload",
        type=parse_size,
        default=DEFAULT_MAX_UPLOAD,
        help="largest upload request (default 20M)",
    )
    p.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="also answer to this Host name (e.g. behind a reverse proxy)",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    p.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_serve)

    p = subparsers.add_parser(
        "report",
        help="Write the self-contained HTML report of a store.",
        description="Write report.html: overview, digest, figures and every article with its "
        "highlights, in one file that opens offline.",
    )
    p.add_argument("--db", default=DEFAULT_DB, help=f"store file (default {DEFAULT_DB})")
    p.add_argument(
        "--out", default=None, help="report file (default: report.html beside the store)"
    )
    p.add_argument("--title", default=None, help="the report's title")
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    p.add_argument("--json", action="store_true", help="print machine-readable JSON")
    p.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    """``presslens report``: store -> report.html."""
    from ..report.store import report_from_store

    db = Path(args.db)
    if not db.exists():
        raise PresslensError(
            f"no store at {db}; run `presslens analyze INPUT --out DIR` first or pass --db"
        )
    out = Path(args.out) if args.out else db.with_name("report.html")
    path = report_from_store(db, out, title=args.title)
    if args.json:
        print(json.dumps({"report": str(path)}))
    elif not args.quiet:
        print(f"wrote {path}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """``presslens serve``: run the web UI until Ctrl-C."""
    token = args.token or os.environ.get("PRESSLENS_TOKEN") or None
    check_bind(args.host, token)
    uvicorn: Any = require("uvicorn", extra="web", feature="The web UI")
    from .app import Settings, create_app

    settings = Settings(
        db=Path(args.db),
        host=args.host,
        port=args.port,
        token=token,
        max_upload=args.max_upload,
        allowed_hosts=tuple(args.allow_host),
    )
    app = create_app(settings)
    if not args.quiet:
        host = f"[{args.host}]" if ":" in args.host else args.host
        print(
            f"presslens: serving {settings.db} at http://{host}:{args.port}/ "
            f"({'token required' if token else 'no token, localhost only'}); Ctrl-C stops",
            file=sys.stderr,
        )
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False)
    finally:
        app.state.jobs.shutdown()
    return 0
