"""The HTML report in Chromium: offline, highlighted, bold key sentences, inert hostile text."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def open_offline(page: Any, report: Path) -> list[str]:
    """Open the report with every non-file request blocked; returns the blocked URLs."""
    attempted: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            attempted.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    return attempted


def test_report_loads_with_the_network_off(page: Any, report_file: Path) -> None:
    attempted = open_offline(page, report_file)
    assert attempted == []
    assert page.locator("h1").inner_text().startswith("presslens report")
    assert page.locator("#timeline svg circle").count() > 0
    assert page.locator("#techniques table.matrix td a").count() > 0


def test_highlights_legend_and_bold_key_sentences(page: Any, report_file: Path) -> None:
    open_offline(page, report_file)
    legend = page.locator(".legend li[data-layer=techniques]")
    assert legend.count() >= 3
    mark = page.locator("article mark.hl-tech[title]").first
    assert "(" in mark.get_attribute("title")
    background = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    weight = page.locator("article strong.hl-key").first.evaluate(
        "e => getComputedStyle(e).fontWeight"
    )
    assert int(weight) >= 700


def test_filters_and_layer_toggles(page: Any, report_file: Path) -> None:
    open_offline(page, report_file)
    total = page.locator("article.article").count()
    assert page.locator("#f-count").inner_text() == f"{total} of {total} articles shown"
    page.select_option("#f-technique", "Doubt")
    shown = page.locator("article.article:visible").count()
    assert 0 < shown < total
    assert page.locator("#f-count").inner_text() == f"{shown} of {total} articles shown"
    page.select_option("#f-technique", "")
    page.locator("input[data-layer=key_sentences]").uncheck()
    weight = page.locator("article strong.hl-key").first.evaluate(
        "e => getComputedStyle(e).fontWeight"
    )
    assert int(weight) < 700


def test_numbers_link_to_their_spans(page: Any, report_file: Path) -> None:
    open_offline(page, report_file)
    link = page.locator("#techniques td a").first
    href = link.get_attribute("href")
    link.click()
    target = page.locator(f"[id='{href[1:]}']")
    assert target.count() == 1
    assert page.evaluate("location.hash") == href


def test_hostile_text_stays_text(page: Any, report_file: Path) -> None:
    open_offline(page, report_file)
    article = page.locator("article", has_text="Hostile &")
    text = article.locator(".text").inner_text()
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "<script>alert('title')</script> Hostile" in article.locator("h3").inner_text()
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 1
