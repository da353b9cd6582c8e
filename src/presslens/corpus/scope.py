"""Which stored documents the corpus views cover: all of them by default, or a scope by
publication date and source (``--since``, ``--until``, ``--source``).

The options are added to a command by :func:`add_scope_options` and read back by
:func:`scope_from_args` (``presslens analyze`` and ``presslens report`` share them).

>>> scope = Scope(since="2025-02-01", sources=("RT",))
>>> scope.admits(doc)                                   # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import PresslensError
from ..model import Document, source_of

__all__ = ["Scope", "add_scope_options", "in_scope", "scope_from_args"]

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _day(value: str | None, flag: str) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not _DAY.match(value):
        raise PresslensError(f"{flag} takes a date as YYYY-MM-DD, got {value!r}")
    return value


@dataclass(frozen=True)
class Scope:
    """Documents published from ``since`` to ``until`` (ISO days, both included) by one of
    ``sources`` (outlet, else first author, else file name: :func:`presslens.model.source_of`).

    An empty scope admits every document. With a date bound, documents without a publication
    date are left out (they cannot be placed in the period)."""

    since: str | None = None
    until: str | None = None
    sources: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "since", _day(self.since, "--since"))
        object.__setattr__(self, "until", _day(self.until, "--until"))
        if self.since and self.until and self.since > self.until:
            raise PresslensError(f"--since {self.since} is after --until {self.until}")
        object.__setattr__(self, "sources", tuple(self.sources))

    @property
    def everything(self) -> bool:
        return not (self.since or self.until or self.sources)

    def admits(self, doc: Document) -> bool:
        if self.sources and source_of(doc) not in self.sources:
            return False
        if self.since or self.until:
            day = (doc.meta.published or "")[:10]
            if not _DAY.match(day):
                return False
            if self.since and day < self.since:
                return False
            if self.until and day > self.until:
                return False
        return True

    def to_dict(self) -> dict[str, object]:
        return {"since": self.since, "until": self.until, "sources": list(self.sources)}


def in_scope(docs: Iterable[Document], scope: Scope | None) -> list[Document]:
    """The documents ``scope`` admits, and the compilation posts whose articles it admits (so
    that an article is shown with the post it came from)."""
    docs = list(docs)
    if scope is None or scope.everything:
        return docs
    kept = [d for d in docs if scope.admits(d)]
    parents = {d.parent_id for d in kept if d.parent_id}
    ids = {d.id for d in kept}
    return [d for d in docs if d.id in ids or d.id in parents]


def add_scope_options(p: argparse.ArgumentParser) -> None:
    """``--since``, ``--until``, ``--source``: which stored documents the corpus views cover."""
    p.add_argument("--since", metavar="YYYY-MM-DD",
                   help="corpus views: only documents published on or after this day")  # fmt: skip
    p.add_argument("--until", metavar="YYYY-MM-DD",
                   help="corpus views: only documents published on or before this day")  # fmt: skip
    p.add_argument("--source", action="append", metavar="NAME",
                   help="corpus views: only documents of this source (outlet, else first "
                   "author, else file name; repeatable)")  # fmt: skip


def scope_from_args(args: argparse.Namespace) -> Scope:
    """The scope the options of :func:`add_scope_options` ask for."""
    return Scope(since=args.since, until=args.until, sources=tuple(args.source or ()))
