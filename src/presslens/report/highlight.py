"""Text with overlapping highlights as HTML: split at every boundary, wrap each piece.

:func:`render_marked` is a pure function of a text and a list of :class:`Mark`. It cuts the text at
every mark boundary, and wraps each piece in one element per mark that covers it, outermost first
(:attr:`Mark.priority`, then longer marks outside shorter ones). Every piece is closed before the
next opens, so overlapping and nested marks of any layers always give well-formed HTML, and the
visible text of the result is the text exactly (tested with hypothesis), with three exceptions
that HTML forces: ``\\r`` is written as ``&#13;`` (a raw one would be normalised away by the
parser), U+0000 and lone surrogates become U+FFFD (one code point for one).

The first piece of a mark carries its :attr:`Mark.anchor` as ``id``, so links can point at it;
every piece carries the mark's classes, ``title`` (tooltip) and ``data-*`` attributes, so CSS,
filters and tooltips work on any piece. A zero-length mark with an anchor renders as an empty
``<span id=...>`` at its position.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

__all__ = ["Mark", "clean_text", "escape_text", "render_marked"]

_UNSAFE = re.compile("[\x00\ud800-\udfff]")
_TAG = re.compile(r"^[a-z][a-z0-9]*$")
_DATA = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlight over ``text[start:end]``.

    ``tag`` is the element (``mark``, ``span``, ``strong``); ``classes`` its CSS classes;
    ``title`` the tooltip; ``data`` pairs become ``data-NAME="value"``; ``anchor`` the ``id`` of
    its first piece. Marks with a lower ``priority`` wrap those with a higher one.
    """

    start: int
    end: int
    tag: str = "span"
    classes: tuple[str, ...] = ()
    title: str | None = None
    data: tuple[tuple[str, str], ...] = ()
    anchor: str | None = None
    priority: int = 50

    def __post_init__(self) -> None:
        if not _TAG.match(self.tag):
            raise ValueError(f"invalid tag name {self.tag!r}")
        for name, _ in self.data:
            if not _DATA.match(name):
                raise ValueError(f"invalid data attribute name {name!r}")

    def open_tag(self, with_anchor: bool) -> str:
        parts = [self.tag]
        if with_anchor and self.anchor:
            parts.append(f'id="{html.escape(self.anchor)}"')
        if self.classes:
            parts.append(f'class="{html.escape(" ".join(self.classes))}"')
        if self.title:
            parts.append(f'title="{html.escape(clean_text(self.title))}"')
        parts.extend(f'data-{name}="{html.escape(clean_text(value))}"' for name, value in self.data)
        return "<" + " ".join(parts) + ">"


def clean_text(text: str) -> str:
    """``text`` with U+0000 and lone surrogates replaced by U+FFFD (HTML and UTF-8 cannot carry
    them); one code point for one, so offsets stay valid."""
    return _UNSAFE.sub("\ufffd", text) if _UNSAFE.search(text) else text


def escape_text(text: str) -> str:
    """Text content escaped for HTML so that the parsed text equals ``text`` (see module doc)."""
    return html.escape(clean_text(text), quote=False).replace("\r", "&#13;")


def _order(mark: Mark) -> tuple[int, int, int]:
    return (mark.priority, mark.start, -mark.end)


def render_marked(text: str, marks: Iterable[Mark]) -> str:
    """``text`` as HTML with ``marks`` highlighted (see the module docstring)."""
    size = len(text)
    spans: list[Mark] = []
    anchors_at: dict[int, list[str]] = {}
    for m in marks:
        start, end = max(0, min(m.start, size)), max(0, min(m.end, size))
        if end > start:
            spans.append(m)
        elif m.anchor:
            anchors_at.setdefault(start, []).append(m.anchor)
    bounds = sorted(
        {
            0,
            size,
            *anchors_at,
            *(max(0, m.start) for m in spans),
            *(min(size, m.end) for m in spans),
        }
    )
    by_start: dict[int, list[Mark]] = {}
    for m in spans:
        by_start.setdefault(max(0, m.start), []).append(m)
    active: list[Mark] = []
    anchored: set[int] = set()
    out: list[str] = []
    for a, b in pairwise(bounds):
        for anchor in anchors_at.pop(a, ()):
            out.append(f'<span id="{html.escape(anchor)}" class="anchor"></span>')
        active = [m for m in active if min(size, m.end) > a]
        started = by_start.get(a)
        if started:
            active.extend(started)
            active.sort(key=_order)
        opened = _open(active, anchored)
        out.append(opened)
        out.append(escape_text(text[a:b]))
        out.append("".join(f"</{m.tag}>" for m in reversed(active)))
    for position in sorted(anchors_at):
        out.extend(
            f'<span id="{html.escape(anchor)}" class="anchor"></span>'
            for anchor in anchors_at[position]
        )
    return "".join(out)


def _open(active: Sequence[Mark], anchored: set[int]) -> str:
    tags = []
    for m in active:
        first = id(m) not in anchored
        anchored.add(id(m))
        tags.append(m.open_tag(with_anchor=first))
    return "".join(tags)
