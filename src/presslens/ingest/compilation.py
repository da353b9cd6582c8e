"""Split a compilation post (a blog post that glues several articles together) into its articles.

A compilation is recognised by its bylines: every line that reads as a byline (see
:func:`~presslens.ingest.lines.parse_byline`: ``by NAME [2-13-2025 published].``, ``By NAME``,
``By NAME | February 13, 2025``, ...) starts an article, whose title is the non-empty line just
above it when that line looks like a headline. An article runs from its title up to the next
article's title; each is then laid out like a single article
(:func:`~presslens.ingest.layout.layout_lines`), so its subtitle, author bio, ``Source`` lines and
``Related`` list become regions and metadata.

What belongs to the post rather than to one article:

* the **preface**: the editor's own note, either before the first article or right after the
  first article's byline, written in parentheses, as ``Editor's note: ...`` or saying that the
  post combines articles ("I've combined 5 articles in this post ...");
* the **tail**: after the last article, ``Additional Related Articles`` (or ``More related ...``)
  link lists, ``Leave a Comment`` and other furniture, and parenthesised notes;
* text before the first article: a headline-like first line is the post's title.

A byline-anchored piece whose body comes out empty is not counted as an article (its regions
go to the post; when it is the first one it is the post's own header). Texts with fewer than two
articles are not compilations: :func:`split_compilation` answers None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

from .layout import ArticleLayout, Region, layout_lines, region
from .lines import (
    Line,
    RelatedLink,
    is_dated_link,
    is_headline,
    is_parenthesised_note,
    is_related_heading,
    line_kind,
    parse_byline,
    related_block_ending_at,
    related_entry,
    split_lines,
)

__all__ = ["CompilationLayout", "find_anchors", "split_compilation"]

_POST_RELATED_RE: Final = re.compile(
    r"^(?:additional|more|other|further)\s+related(?:\s+(?:articles?|stories|posts?|links?"
    r"|reading|content|news|coverage))?",
    re.I,
)


@dataclass(frozen=True, slots=True)
class CompilationLayout:
    """The articles of a compilation post and what belongs to the post itself.

    ``title``, ``authors`` and ``published`` are the post's (its first title and byline);
    ``preface`` is the editor's note (label ``editor_note``); ``regions`` and ``related`` are the
    post-level furniture and links. All offsets point into the text given to
    :func:`split_compilation`.
    """

    title: str | None
    authors: tuple[str, ...]
    published: str | None
    preface: Region | None
    articles: tuple[ArticleLayout, ...]
    regions: tuple[Region, ...]
    related: tuple[RelatedLink, ...]


def _is_anchor_title(c: str) -> bool:
    """Whether a line above a byline can be its article's title."""
    return (
        is_headline(c)
        and line_kind(c) is None
        and not is_dated_link(c)
        and not is_related_heading(c)
        and parse_byline(c) is None
    )


def find_anchors(nb: Sequence[Line]) -> list[tuple[int | None, int]]:
    """``(title index or None, byline index)`` into ``nb`` for every byline-anchored article."""
    anchors: list[tuple[int | None, int]] = []
    previous = -1
    for k, line in enumerate(nb):
        if parse_byline(line.content) is None:
            continue
        title: int | None = k - 1
        if k - 1 <= previous or not _is_anchor_title(nb[k - 1].content):
            title = None
        anchors.append((title, k))
        previous = k
    return anchors


def _post_tail(nb: Sequence[Line], lo: int) -> tuple[int, list[Region], list[RelatedLink]]:
    """Walk back from the end over post-level furniture; the index where the tail starts."""
    q = len(nb) - 1
    regions: list[Region] = []
    blocks: list[list[RelatedLink]] = []
    while q >= lo:
        line = nb[q]
        c = line.content
        if line_kind(c) == "furniture":
            regions.append(region(line, "furniture"))
        elif is_parenthesised_note(c):
            regions.append(region(line, "editor_note"))
        elif is_related_heading(c, _POST_RELATED_RE):
            regions.append(region(line, "related"))
        elif (h := related_block_ending_at(nb, q, lo, _POST_RELATED_RE)) is not None:
            regions.append(Region(nb[h].cstart, line.cend, "related"))
            blocks.append([related_entry(x.content) for x in nb[h + 1 : q + 1]])
            q = h
        else:
            break
        q -= 1
    return q + 1, regions, [link for block in reversed(blocks) for link in block]


def _preamble(pre: Sequence[Line]) -> tuple[str | None, Region | None, list[Region]]:
    """Text before the first article: the post's title, a preface, furniture regions."""
    title: str | None = None
    regions: list[Region] = []
    rest: list[Line] = []
    for j, line in enumerate(pre):
        kind = line_kind(line.content)
        if kind is not None:
            regions.append(region(line, kind))
        elif j == 0 and len(pre) > 1 and is_headline(line.content):
            title = line.content
            regions.append(region(line, "title"))
        else:
            rest.append(line)
    preface = Region(rest[0].cstart, rest[-1].cend, "editor_note") if rest else None
    return title, preface, regions


def split_compilation(text: str) -> CompilationLayout | None:
    """Split ``text`` into its articles, or None when it holds fewer than two of them."""
    nb = [line for line in split_lines(text) if not line.blank]
    anchors = find_anchors(nb)
    if len(anchors) < 2:
        return None
    tail, tail_regions, tail_related = _post_tail(nb, anchors[-1][1] + 1)
    starts = [byline if title is None else title for title, byline in anchors]
    layouts: list[ArticleLayout] = []
    preface: Region | None = None
    for k, ((title, byline), lo, hi) in enumerate(
        zip(anchors, starts, [*starts[1:], tail], strict=True)
    ):
        art, note = layout_lines(
            nb[lo:hi],
            anchor=(None if title is None else title - lo, byline - lo),
            first_of_compilation=k == 0,
            fallback=nb[lo].cstart,
        )
        layouts.append(art)
        if k == 0:
            preface = note
    post_title, pre_note, regions = _preamble(nb[: starts[0]])
    if pre_note is not None:
        if preface is not None:  # the note after the first byline then belongs to that article
            layouts[0] = replace(
                layouts[0],
                regions=tuple(sorted((*layouts[0].regions, preface), key=lambda r: r.start)),
            )
        preface = pre_note
    head = layouts[0]
    articles: list[ArticleLayout] = []
    related: list[RelatedLink] = []
    for art in layouts:
        if art.start < art.end:
            articles.append(art)
        else:  # nothing but header: the post's own header, or a false byline
            regions.extend(art.regions)
            related.extend(art.related)
    if len(articles) < 2:
        return None
    return CompilationLayout(
        title=post_title if post_title is not None else head.title,
        authors=head.authors,
        published=head.published,
        preface=preface,
        articles=tuple(articles),
        regions=tuple(sorted([*regions, *tail_regions], key=lambda r: (r.start, r.end))),
        related=(*related, *tail_related),
    )
