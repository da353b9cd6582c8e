"""The web UI in Chromium: pages, search, filters, an upload analysed, XSS, keyboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote


def test_pages_search_and_filters(page: Any, server: str) -> None:
    page.goto(server + "/")
    assert page.title() == "Articles · presslens"
    total = page.locator(".result").count()
    assert total > 5
    page.fill("#q", "bonds")
    page.press("#q", "Enter")
    page.wait_for_url("**/?q=bonds*")
    assert "Kestrian bonds rally" in page.locator(".result-list").inner_text()
    page.goto(server + "/")
    page.select_option("#technique", "Doubt")
    page.click("button[type=submit]")
    page.wait_for_url("**technique=Doubt*")
    results = page.locator(".result")
    assert 0 < results.count() < total
    for i in range(results.count()):
        assert "Doubt" in results.nth(i).locator(".chips").inner_text()
    page.goto(server + "/")
    page.fill("#date_from", "2025-03-16")
    page.fill("#date_to", "2025-03-16")
    page.click("button[type=submit]")
    page.wait_for_url("**date_from=2025-03-16*")
    kickers = page.locator(".result .kicker").all_inner_texts()
    assert kickers and all("2025-03-16" in k for k in kickers)


def test_article_page_highlights(page: Any, server: str) -> None:
    page.goto(server + "/?q=Sellout")
    page.locator(".result-title a").first.click()
    page.wait_for_selector("article .text")
    assert page.locator("article mark.hl-tech").count() > 0
    assert page.locator(".legend li").count() > 0
    weight = page.locator("strong.hl-key").first.evaluate("e => getComputedStyle(e).fontWeight")
    assert int(weight) >= 700


def test_upload_is_analysed(page: Any, server: str, tmp_path: Path) -> None:
    upload = tmp_path / "tavel-notes.txt"
    upload.write_text(
        "Tavel notes\n\nQuarrymen near the Tavel said the ceasefire held overnight. "
        "Nobody heard artillery after midnight.\n",
        encoding="utf-8",
    )
    page.goto(server + "/analyze")
    page.set_input_files("#files", str(upload))
    page.fill("#text", "Pasted: the ferry to Brena resumed on Tuesday with forty passengers.")
    page.fill("#title", "Ferry resumes")
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    assert "/jobs/" in page.url, page.locator("main").inner_text()
    page.wait_for_selector("#job-articles a", timeout=60_000)
    assert page.locator("#job-status").inner_text().lower() == "done"
    page.locator("#job-articles a", has_text="Ferry resumes").click()
    page.wait_for_selector("article .text")
    assert "forty passengers" in page.locator("article .text").inner_text()
    page.goto(server + "/?q=Quarrymen")
    assert page.locator(".result").count() == 1


def test_hostile_article_is_inert(page: Any, server: str, rich: dict[str, Any]) -> None:
    hostile = next(d for d in rich["docs"] if d.id.startswith("dxss"))
    page.goto(server + "/articles/" + quote(hostile.id, safe=""))
    text = page.locator("article .text").inner_text()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert page.locator("h1").inner_text().startswith("<script>alert('title')</script>")
    assert page.locator("img").count() == 0
    page.goto(server + "/?q=Breaking")
    assert "<script>alert(1)</script>" in page.locator(".result-list").inner_text()


def test_keyboard_reaches_every_control(page: Any, server: str) -> None:
    page.goto(server + "/")
    count = page.evaluate(
        """() => {
            const sel = 'a[href], button, input:not([type=hidden]), select, textarea';
            const els = [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null);
            els.forEach((e, i) => e.setAttribute('data-kb', String(i)));
            return els.length;
        }"""
    )
    assert count > 15
    reached: set[str] = set()
    for _ in range(count * 2):  # a date field takes one stop per part (month, day, year)
        page.keyboard.press("Tab")
        key = page.evaluate("() => document.activeElement.getAttribute('data-kb')")
        if key is not None:
            reached.add(key)
    assert reached == {str(i) for i in range(count)}
    assert page.evaluate("() => [...document.querySelectorAll('[tabindex]')].length") == 0
