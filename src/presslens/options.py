"""Options that several commands share and the library's defaults behind them (no heavy imports).

``--full-articles`` (``presslens analyze`` and ``presslens report``): how many articles a report
shows with their text; :data:`FULL_ARTICLES` is the default of the library and the commands.
"""

from __future__ import annotations

import argparse

__all__ = ["FULL_ARTICLES", "add_report_options", "full_articles"]

FULL_ARTICLES = 80
"""Articles whose text a report shows by default (the rest are listed with their opening): a
report of 2,000 articles with every text highlighted is too large for a browser."""


def full_articles(value: str) -> int | None:
    """``--full-articles``: a number, or ``all`` (None)."""
    if value.strip().lower() == "all":
        return None
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number or 'all'") from None
    if n < 0:
        raise argparse.ArgumentTypeError("--full-articles takes 0 or more, or 'all'")
    return n


def add_report_options(p: argparse.ArgumentParser) -> None:
    """``--full-articles N|all``."""
    p.add_argument(
        "--full-articles",
        type=full_articles,
        default=FULL_ARTICLES,
        metavar="N|all",
        help="the report shows at most N articles with their text, those its figures cite most; "
        f"the others are listed with their opening (default {FULL_ARTICLES})",
    )
