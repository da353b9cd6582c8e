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

from ..corpus.scope import add_scope_options, scope_from_args
from ..errors import PresslensError, require
from ..options import add_report_options
from .security import DEFAULT_MAX_UPLOAD, ServerLimits, check_bind

__all__ = ["add_commands", "cmd_report", "cmd_serve", "parse_size"]

DEFAULT_DB = "presslens-out/presslens.db"


def parse_size(text: str) -> int:
    """``"20M"``, ``"512k"``, ``"1G"`` or a number of bytes."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*", text.lower())
    if not m:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 20M, 512k or 1048576")
    scale = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[m.group(2)]
    return int(float(m.group(1)) * scale)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds between 0 and 3600")
    return value


def _count(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 100_000:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 1 to 100000")
    return int(text)


def _head_size(text: str) -> int:
    size = parse_size(text)
    if not 1024 <= size <= 1024 * 1024:
        raise argparse.ArgumentTypeError(f"{text!r}: give a size from 1K to 1M")
    return size


def add_commands(subparsers: Any) -> None:
    """Add ``serve`` and ``report`` to the ``presslens`` subcommands."""
    p = subparsers.add_parser(
        "serve",
        help="Browse, search and analyse a store in the browser (web UI and JSON API).",
        description="Serve the web UI and the JSON API over a store. Binds to 127.0.0.1; any "
        "other address needs a strong token (--token or PRESSLENS_TOKEN, 16+ characters). "
        "The limits below have safe defaults; see docs/security.md.",
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
    d = ServerLimits()
    limits = p.add_argument_group("limits")
    limits.add_argument(
        "--header-timeout",
        type=_seconds,
        default=d.header_timeout,
        metavar="S",
        help=f"close a connection whose request head is not in after S seconds "
        f"(default {d.header_timeout:g})",
    )
    limits.add_argument(
        "--body-timeout",
        type=_seconds,
        default=d.body_timeout,
        metavar="S",
        help=f"give up on an upload that pauses for S seconds, or falls behind 8 KiB/s after "
        f"the first S seconds (default {d.body_timeout:g})",
    )
    limits.add_argument(
        "--keep-alive",
        type=_count,
        default=d.keep_alive,
        metavar="S",
        help=f"close an idle connection after S seconds (default {d.keep_alive})",
    )
    limits.add_argument(
        "--max-connections",
        type=_count,
        default=d.max_connections,
        metavar="N",
        help=f"answer 503 above N open connections and close new ones above 2N "
        f"(default {d.max_connections})",
    )
    limits.add_argument(
        "--max-header-size",
        type=_head_size,
        default=d.max_header_size,
        metavar="SIZE",
        help="largest request line and headers (default 16K)",
    )
    limits.add_argument(
        "--search-timeout",
        type=_seconds,
        default=d.search_seconds,
        metavar="S",
        help=f"stop a search after S seconds of work (default {d.search_seconds:g})",
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
    add_scope_options(p)
    add_report_options(p)
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
    path = report_from_store(
        db, out, title=args.title, scope=scope_from_args(args), full_articles=args.full_articles
    )
    if args.json:
        print(json.dumps({"report": str(path)}))
    elif not args.quiet:
        print(f"wrote {path}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """``presslens serve``: run the web UI until Ctrl-C."""
    token = args.token or os.environ.get("PRESSLENS_TOKEN") or None
    check_bind(args.host, token)
    require("uvicorn", extra="web", feature="The web UI")
    from .app import Settings, create_app
    from .server import make_server

    limits = ServerLimits(
        header_timeout=args.header_timeout,
        body_timeout=args.body_timeout,
        keep_alive=args.keep_alive,
        max_connections=args.max_connections,
        max_header_size=args.max_header_size,
        search_seconds=args.search_timeout,
    )
    settings = Settings(
        db=Path(args.db),
        host=args.host,
        port=args.port,
        token=token,
        max_upload=args.max_upload,
        allowed_hosts=tuple(args.allow_host),
        limits=limits,
    )
    app = create_app(settings)
    server = make_server(app, host=args.host, port=args.port, limits=limits)
    if not args.quiet:
        host = f"[{args.host}]" if ":" in args.host else args.host
        print(
            f"presslens: serving {settings.db} at http://{host}:{args.port}/ "
            f"({'token required' if token else 'no token, localhost only'}); Ctrl-C stops",
            file=sys.stderr,
        )
    try:
        server.run()
    finally:
        app.state.jobs.shutdown()
    return 0
