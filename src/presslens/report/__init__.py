"""The HTML report: one self-contained file with the articles, their highlights and the figures.

>>> from presslens.report import write_report
>>> write_report("report.html", docs, corpus, rejections)        # doctest: +SKIP

Needs the ``report`` extra (Jinja2). See ``docs/ui.md``.
"""

from __future__ import annotations

from ..errors import require

require("jinja2", extra="report", feature="The HTML report")

from .builder import render_article, render_report, report_context, write_report  # noqa: E402
from .highlight import Mark, render_marked  # noqa: E402
from .store import load_report_inputs, report_from_store  # noqa: E402

__all__ = [
    "Mark",
    "load_report_inputs",
    "render_article",
    "render_marked",
    "render_report",
    "report_context",
    "report_from_store",
    "write_report",
]
