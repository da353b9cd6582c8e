from __future__ import annotations

import json

import pytest

from presslens.errors import IngestError
from presslens.ingest import RawInput, Rejection, ingest_text, read_input

ARTICLE = (
    "Kestria and Ardovia agreed on Tuesday to reopen the Valmora crossing after three hours of "
    "talks, the foreign ministry in Kestria said. Foreign Minister Ilan Voss called the accord "
    "“a first step, not the last one.”"
)

PAGE = f"""<!doctype html><html lang="en"><head><title>Crossing to reopen | The Herald</title>
<meta name="author" content="Mara Holt"><meta property="og:site_name" content="The Herald">
<meta property="article:published_time" content="2025-03-04T09:30:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Crossing to reopen</h1><p>{ARTICLE}</p>
<p>Trade groups on both sides welcomed the decision, which they said would cut waiting times
for lorries by half. Officials did not say when the first convoys would pass.</p></article>
<section class="comments"><h3>Comments</h3><p class="comment">Reader42: Finally some good news
from the border!</p></section><footer>© 2025 The Herald. Subscribe now.</footer></body></html>"""


def read(data: str | bytes, fmt: str | None, origin: str = "in") -> tuple:
    raw = RawInput(origin, data.encode() if isinstance(data, str) else data, fmt)
    result = read_input(raw)
    return result.docs, result.rejections


def test_html_page_main_text_and_metadata() -> None:
    docs, _ = read(PAGE, "html")
    (doc,) = docs
    assert "Valmora crossing" in doc.text and "lorries" in doc.text
    assert "Reader42" not in doc.text and "Subscribe" not in doc.text and "Sport" not in doc.text
    assert doc.meta.authors == ("Mara Holt",)
    assert doc.meta.published == "2025-03-04"
    assert doc.meta.outlet == "The Herald"
    assert doc.meta.language == "en"
    assert doc.source.format == "html"


@pytest.mark.parametrize(
    "page",
    [
        "<!doctype html><html><head><title>Cut off",
        "<html><head><title>x</title></head><body>",
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",
    ],
)
def test_truncated_or_empty_html_is_rejected(page: str) -> None:
    with pytest.raises(IngestError, match="no article text"):
        read(page, "html")


def test_jsonl_keeps_good_lines_and_rejects_bad_ones() -> None:
    good = {
        "title": "Talks end",
        "text": ARTICLE,
        "authors": "Ana Ruiz and Tom Bell",
        "date": "March 4, 2025",
        "source": "Wire",
        "url": "https://x.test/a",
        "desk": "world",
    }
    data = "\n".join(
        [json.dumps(good), "{not json", "", json.dumps({"title": "no text"}), json.dumps([1, 2])]
    )
    docs, rejections = read(data, "jsonl", "briefs.jsonl")
    (doc,) = docs
    assert doc.meta.title == "Talks end"
    assert doc.meta.authors == ("Ana Ruiz", "Tom Bell")
    assert doc.meta.published == "2025-03-04"
    assert doc.meta.outlet == "Wire"
    assert doc.meta.extra["desk"] == "world"
    assert doc.source.locator == "line 1"
    reasons = {r.origin: r.reason for r in rejections}
    assert "malformed JSON" in reasons["briefs.jsonl:line 2"]
    assert "no 'text'" in reasons["briefs.jsonl:line 4"]
    assert "expected a JSON object" in reasons["briefs.jsonl:line 5"]


def test_jsonl_with_no_good_line_is_rejected() -> None:
    with pytest.raises(IngestError, match="malformed JSON"):
        read("{broken", "jsonl")


def test_json_list_and_html_field() -> None:
    data = json.dumps([{"text": ARTICLE}, {"html": PAGE, "url": "https://x.test/b"}])
    docs, rejections = read(data, "json")
    assert len(docs) == 2 and not rejections
    assert docs[1].meta.title and "Reader42" not in docs[1].text


FEED = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Ardovia Today</title><link>https://ardovia.test</link><description>News</description>
<item><title>Accord signed</title><link>https://ardovia.test/1</link>
<dc:creator>Lena Park</dc:creator><pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate>
<description><![CDATA[<p>{ARTICLE}</p><p>Second paragraph.</p>]]></description></item>
<item><title>Empty</title><link>https://ardovia.test/2</link></item>
</channel></rss>"""


def test_feed_entries_become_documents() -> None:
    docs, rejections = read(FEED, None, "feed.xml")
    (doc,) = docs
    assert doc.meta.title == "Accord signed"
    assert doc.meta.authors == ("Lena Park",)
    assert doc.meta.published == "2025-03-04T10:00:00+00:00"
    assert doc.meta.outlet == "Ardovia Today"
    assert doc.text.endswith("Second paragraph.") and "<p>" not in doc.text
    assert "\n\n" in doc.text
    assert rejections[0].origin == "feed.xml:entry 2"


@pytest.mark.parametrize("data", ["<rss><channel><item><title>x", "<feed><entry></feed"])
def test_malformed_feed_is_rejected(data: str) -> None:
    with pytest.raises(IngestError, match="feed"):
        read(data, "feed")


def test_plain_text_title_translation_and_language() -> None:
    text = f"Crossing to reopen\n\n{ARTICLE}\n\n(Translated from the French)\n"
    (doc,) = ingest_text(text, origin="wire.txt")
    assert doc.meta.title == "Crossing to reopen"
    assert doc.meta.translated_from == "fr"
    assert doc.meta.language == "en"
    assert doc.text.startswith("Kestria") and "Translated" not in doc.text
    start, end = doc.source.range  # type: ignore[misc]
    assert text[start:end] == doc.text


def test_rejection_to_dict() -> None:
    assert Rejection("a", "b").to_dict() == {"origin": "a", "reason": "b", "content_hash": None}
