"""The HTML report: self-contained, escaped, accessible, every figure linked to its spans."""

from __future__ import annotations

import argparse
import base64
import hashlib
import re
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from presslens.model import Document
from presslens.report import render_report, report_from_store, write_report
from presslens.report.layers import anchor_id, article_anchor


class Page(HTMLParser):
    """Everything the tests look at in one pass: tags, headings, ids, links, article texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.texts: dict[str, str] = {}
        self.scripts: list[str] = []
        self._article: str | None = None
        self._in_text = 0
        self._depth = 0
        self._buf: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if "id" in a:
            self.ids.append(a["id"])
        if "href" in a:
            self.hrefs.append(a["href"])
        if tag == "article":
            self._article = a.get("id")
        if self._in_text:
            self._depth += 1
        elif tag == "div" and "text" in a.get("class", "").split() and self._article:
            self._in_text, self._depth, self._buf = 1, 0, []
        self._script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if self._in_text:
            if self._depth == 0 and tag == "div":
                self.texts[self._article or ""] = "".join(self._buf)
                self._in_text = 0
            else:
                self._depth -= 1
        self._script = False

    def handle_data(self, data: str) -> None:
        if self._in_text:
            self._buf.append(data)
        if self._script:
            self.scripts.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def test_report_is_self_contained(rich_html: str) -> None:
    page = parse(rich_html)
    for tag, attrs in page.tags:
        assert tag not in ("link", "iframe", "object", "embed", "base"), tag
        for name in ("src", "srcset", "data", "action", "poster"):
            assert name not in attrs or attrs[name].startswith("data:"), (tag, attrs)
    assert "@import" not in rich_html and not re.search(r"url\((?!#)", rich_html)
    for tag, attrs in page.tags:  # outside links only to articles' originals, never loaded
        if "href" in attrs and not attrs["href"].startswith("#"):
            assert tag == "a" and attrs["href"].startswith(("http://", "https://")), attrs
            assert "noreferrer" in attrs.get("rel", "")
    csp = next(
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in csp
    digest = base64.b64encode(hashlib.sha256(page.scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp


def test_every_link_points_at_an_element_and_ids_are_unique(rich_html: str) -> None:
    page = parse(rich_html)
    assert len(page.ids) == len(set(page.ids))
    ids = set(page.ids)
    missing = [h for h in page.hrefs if h.startswith("#") and h[1:] not in ids]
    assert missing == []


def test_headings_are_in_order_without_skips(rich_html: str) -> None:
    levels = parse(rich_html).headings
    assert levels[0] == 1 and levels.count(1) == 1
    for prev, cur in pairwise(levels):
        assert cur <= prev + 1, (prev, cur)


def test_form_fields_have_labels(rich_html: str) -> None:
    page = parse(rich_html)
    labelled = {a.get("for") for t, a in page.tags if t == "label"}
    for tag, attrs in page.tags:
        if tag in ("select", "textarea") or (tag == "input" and attrs.get("type") != "checkbox"):
            assert attrs.get("id") in labelled, attrs
    assert not any(int(a.get("tabindex", "0")) > 0 for _, a in page.tags if "tabindex" in a)


def test_article_text_is_shown_exactly(rich: dict[str, Any], rich_html: str) -> None:
    page = parse(rich_html)
    shown = 0
    for doc in rich["docs"]:
        key = article_anchor(doc.id)
        if key in page.texts:
            assert page.texts[key] == doc.text.replace("\x00", "\ufffd")
            shown += 1
    assert shown == len(rich["docs"]) - 1  # all but the compilation post


def test_hostile_article_stays_text(rich_html: str) -> None:
    page = parse(rich_html)
    for tag, attrs in page.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        assert not attrs.get("href", "").lower().startswith("javascript")
    assert tag_count(page, "script") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rich_html
    assert "&lt;img src=x onerror=alert(1)&gt;" in rich_html
    assert "javascript:alert(3)" not in rich_html


def tag_count(page: Page, name: str) -> int:
    return sum(1 for t, _ in page.tags if t == name)


def test_layers_are_highlighted_with_legend_and_tooltips(
    rich: dict[str, Any], rich_html: str
) -> None:
    page = parse(rich_html)
    marks = [a for t, a in page.tags if t == "mark" and a.get("data-layer") == "techniques"]
    assert marks and all(re.search(r"\(\d\.\d\d\)$", m["title"]) for m in marks if "id" in m)
    assert any(m["title"].startswith("Loaded language") for m in marks)
    legend = [a for t, a in page.tags if t == "li" and a.get("data-layer") == "techniques"]
    assert {a["data-label"] for a in legend} >= {"Loaded_Language", "Doubt"}
    key = [a for t, a in page.tags if t == "strong" and "hl-key" in a.get("class", "")]
    assert key
    quotes = [a for t, a in page.tags if t == "span" and a.get("data-layer") == "quotes"]
    assert any("speaker: Ilan Voss" in q["title"] for q in quotes)
    actors = [a for t, a in page.tags if t == "span" and a.get("data-layer") == "actors"]
    assert any(a["title"].startswith("Kestria (state)") for a in actors)
    doc = next(d for d in rich["docs"] if d.layer("techniques"))
    s = doc.layer("techniques")[0]
    assert anchor_id(doc.id, "techniques", s.start, s.end) in page.ids


def test_figures_and_sections(rich_html: str) -> None:
    for heading in (
        "Overview",
        "What the coverage says",
        "Timeline",
        "Techniques per source",
        "Stance",
        "Who is quoted by whom",
        "Actors by source",
        "Claims and who makes them",
        "Actor relations",
        "Reused passages",
        "Articles",
        "Evidence",
        "Rejected inputs",
    ):
        assert f">{heading}</h" in rich_html, heading
    assert rich_html.count("<svg") == 2
    assert "empty input (no text to analyse)" in rich_html


def test_compilation_articles_are_separate_with_the_editor_note(
    rich: dict[str, Any], rich_html: str
) -> None:
    parent = next(d for d in rich["docs"] if d.meta.extra.get("compilation"))
    children = [d for d in rich["docs"] if d.parent_id == parent.id]
    page = parse(rich_html)
    assert article_anchor(parent.id) not in page.ids
    assert all(article_anchor(c.id) in page.ids for c in children)
    assert "Editor&#39;s note" in rich_html or "Editor's note" in rich_html
    note = parent.layer("notes")[0]
    assert parent.text_of(note)[:40].replace("'", "&#39;") in rich_html


def test_absent_layers_leave_no_trace(rich: dict[str, Any]) -> None:
    plain = [
        Document.from_dict(
            {
                **d.to_dict(),
                "layers": {
                    k: [s.to_dict() for s in v]
                    for k, v in d.layers.items()
                    if k in ("paragraphs", "sentences", "notes", "articles")
                },
            }
        )
        for d in rich["docs"]
    ]
    html = render_report(plain, {"reused_passages": []}, [])
    for word in (
        "Techniques per source",
        "Stance",
        "Who is quoted",
        "Actor relations",
        "hl-tech",
        "hl-quote",
        "hl-actor",
        "hl-key",
        "Claims",
        "What the coverage",
    ):
        assert word not in html.split("<style>")[0] + html.split("</style>")[1], word


def test_write_report_and_report_from_store(rich: dict[str, Any], tmp_path: Path) -> None:
    path = write_report(tmp_path / "r.html", rich["docs"], rich["corpus"], rich["rejections"])
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    out = report_from_store(rich["db"], tmp_path / "from-store.html")
    html = out.read_text(encoding="utf-8")
    assert "Stance" in html and "Rejected inputs" in html
    assert not list(tmp_path.glob(".*.tmp"))


def test_report_command(rich: dict[str, Any], tmp_path: Path) -> None:
    from presslens.web.cli import add_commands

    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command"))
    out = tmp_path / "cli.html"
    args = parser.parse_args(["report", "--db", str(rich["db"]), "--out", str(out), "-q"])
    assert args.func(args) == 0 and out.exists()
    from presslens.errors import PresslensError

    args = parser.parse_args(["report", "--db", str(tmp_path / "none.db")])
    with pytest.raises(PresslensError, match="no store"):
        args.func(args)


@pytest.mark.needs_shared
def test_seed_compilation_shows_five_articles(seeds: Path, tmp_path: Path) -> None:
    from presslens.api import analyze

    result = analyze([str(seeds)], db=tmp_path / "s.db")
    html = render_report(result.documents, result.corpus, result.rejections)
    page = parse(html)
    parent = next(d for d in result.documents if d.meta.extra.get("compilation"))
    children = [d for d in result.documents if d.parent_id == parent.id]
    assert len(children) == 5
    for c in children:
        assert page.texts[article_anchor(c.id)] == c.text
    assert ("Compilation: " in html and "Editor&#39;s note" in html) or "Editor's note" in html
    assert article_anchor(parent.id) not in page.texts


@pytest.mark.parametrize("limit", [0, 2, 5])
def test_a_bounded_report_keeps_every_figure_and_link(rich: dict[str, Any], limit: int) -> None:
    """Beyond ``full_articles`` the articles are listed with their opening; the figures count
    every article and every link still lands on an element of the page."""
    from presslens.report import render_report
    from presslens.report.builder import in_full
    from presslens.report.context import articles_of

    docs, corpus = rich["docs"], rich["corpus"]
    bounded = render_report(docs, corpus, rich["rejections"], generated="t", full_articles=limit)
    whole = render_report(docs, corpus, rich["rejections"], generated="t", full_articles=None)
    page, all_page = parse(bounded), parse(whole)
    ids = set(page.ids)
    assert [h for h in page.hrefs if h.startswith("#") and h[1:] not in ids] == []
    articles = articles_of(docs)
    full = in_full(articles, corpus, limit)
    assert len(full) == min(limit, len(articles))
    excerpts = [a for a in articles if a.id not in full]
    assert bounded.count("Only the opening is shown") == len(excerpts)
    for a in articles:  # every article keeps its entry, so links to it land
        assert f'id="{page_anchor(a.id)}"' in bounded
    assert len(bounded) < len(whole) or not excerpts
    # the overview's figures are the same whatever the bound
    assert re.findall(r"<dd>[^<]*</dd>", bounded) == re.findall(r"<dd>[^<]*</dd>", whole)
    assert len(page.hrefs) > 0 and len(all_page.hrefs) >= len(page.hrefs) - len(excerpts)


def page_anchor(doc_id: str) -> str:
    from presslens.report.layers import article_anchor

    return article_anchor(doc_id)


def test_tables_and_evidence_lists_are_capped(
    rich: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from presslens.report import evidence, render_report, tables

    monkeypatch.setattr(tables, "MAX_SOURCES", 2)
    monkeypatch.setattr(tables, "MAX_ACTORS", 2)
    monkeypatch.setattr(evidence, "MAX_ITEMS", 1)
    html = render_report(rich["docs"], rich["corpus"], rich["rejections"], generated="t")
    page = parse(html)
    ids = set(page.ids)
    assert [h for h in page.hrefs if h.startswith("#") and h[1:] not in ids] == []
    assert "the 2 sources with most (of" in html
    assert "the 2 sources and 2 actors with most statements" in html
    assert "… and 1 more" in html or re.search(r"… and \d+ more", html)
