"""Requests another site's page makes the browser send (to 127.0.0.1, or to a shared server) are
refused unless they are a top-level navigation to a cheap page: no search, filter, API call,
export or report download, whatever the route; same-origin, typed and non-browser requests pass.
"""

from __future__ import annotations

from typing import Any

import pytest

from presslens.web.security import cross_site, cross_site_allowed

BASE = "http://127.0.0.1:8000"
EVIL = "http://evil.example"

NAV = {"sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document"}
FETCH = {"sec-fetch-site": "cross-site", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty"}
IMG = {"sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors", "sec-fetch-dest": "image"}
FRAME = {"sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate", "sec-fetch-dest": "iframe"}
SAME_SITE = {"sec-fetch-site": "same-site", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty"}
SAME_SITE_NAV = {**NAV, "sec-fetch-site": "same-site"}
OWN = {"sec-fetch-site": "same-origin", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document"}
TYPED = {"sec-fetch-site": "none", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document"}


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        ("/?q=ceasefire", NAV),  # a search by navigation (a link or a form on another site)
        ("/?q=" + "a* OR " * 20 + "b*", NAV),
        ("/?technique=Doubt", NAV),  # filters do work too
        ("/articles/x?q=1", NAV),
        ("/api/search?q=ceasefire", NAV),
        ("/api/search?q=ceasefire", FETCH),
        ("/api/search?q=ceasefire", IMG),
        ("/api/documents", FETCH),
        ("/api/corpus", IMG),
        ("/openapi.json", FETCH),
        ("/export/jsonl", NAV),
        ("/export/csv", IMG),
        ("/report.html", NAV),
        ("/", FRAME),  # framed: never a top-level navigation
        ("/", IMG),
        ("/static/presslens.css", IMG),
        ("/api/search?q=ceasefire", SAME_SITE),  # another port on 127.0.0.1 is same-site
        ("/?q=ceasefire", SAME_SITE_NAV),
        ("/api/search?q=ceasefire", {"origin": EVIL}),  # browsers without Sec-Fetch-*
        ("/api/search?q=ceasefire", {"origin": "null"}),  # sandboxed frames, data: URLs
        ("/?q=ceasefire", {"referer": EVIL + "/page"}),
        ("/export/jsonl", {"origin": "http://127.0.0.1:9999"}),
    ],
)
def test_costly_cross_site_gets_are_refused(client: Any, url: str, headers: dict[str, str]) -> None:
    for method in ("GET", "HEAD"):
        r = client.request(method, url, headers=headers, follow_redirects=False)
        assert r.status_code == 403, (method, url, headers)
    r = client.get(url, headers=headers)
    if url.startswith(("/api/", "/openapi")):
        assert "another site" in r.json()["detail"]
    else:
        assert "another site" in r.text and "<script" not in r.text


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        ("/", NAV),  # a link to the server from another site opens its front page
        ("/analyze", NAV),
        ("/jobs", NAV),
        ("/login?next=%2F", NAV),
        ("/", {"referer": EVIL + "/"}),  # an old browser following a link
        ("/?q=ceasefire", OWN),  # the server's own search form
        ("/?q=ceasefire", TYPED),  # typed or bookmarked
        ("/api/search?q=ceasefire", {}),  # curl, scripts
        ("/api/search?q=ceasefire", {"origin": BASE}),
        ("/api/search?q=ceasefire", {"sec-fetch-site": "same-origin", "origin": BASE}),
        ("/export/jsonl", {"referer": BASE + "/"}),
        ("/static/presslens.css", {"sec-fetch-site": "same-origin", "sec-fetch-dest": "style"}),
    ],
)
def test_own_typed_and_plain_requests_and_navigations_pass(
    client: Any, url: str, headers: dict[str, str]
) -> None:
    assert client.get(url, headers=headers).status_code == 200, (url, headers)


def test_a_link_from_another_site_opens_an_article(client: Any, rich_store: dict[str, Any]) -> None:
    doc = next(d for d in rich_store["docs"] if not d.id.startswith("dxss"))
    assert client.get(f"/articles/{doc.id}", headers=NAV).status_code == 200
    assert client.get(f"/articles/{doc.id}", headers=FRAME).status_code == 403


@pytest.mark.parametrize(
    "headers",
    [
        {"sec-fetch-site": "cross-site"},  # no Origin: refused on Sec-Fetch-Site alone
        {"sec-fetch-site": "same-site", "origin": "http://127.0.0.1:3000"},
        {"sec-fetch-site": "same-site"},
    ],
)
def test_cross_site_posts_are_refused_on_sec_fetch_site(
    client: Any, headers: dict[str, str]
) -> None:
    assert client.post("/api/jobs", data={"text": "x"}, headers=headers).status_code == 403
    assert client.post("/analyze", data={"text": "x"}, headers=headers).status_code == 403


def test_cross_site_requests_are_refused_before_the_token_is_asked(db: Any) -> None:
    from starlette.testclient import TestClient

    from presslens.web import Settings, create_app

    token = "Zq3-vN8rTk_2mWx7pL4c"
    app = create_app(Settings(db=db, host="0.0.0.0", token=token, upload_dir=db.parent / "up"))
    with TestClient(app, base_url=BASE) as c:
        auth = {"authorization": f"Bearer {token}"}
        r = c.get("/api/search", params={"q": "ceasefire"}, headers={**FETCH, **auth})
        assert r.status_code == 403
        # a navigation to the front page goes on to the login, whose ?next= is allowed
        r = c.get("/", headers=NAV, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login?next=%2F"
        assert c.get(r.headers["location"], headers=NAV).status_code == 200


@pytest.mark.parametrize(
    ("site", "origin", "referer", "expected"),
    [
        ("cross-site", None, None, True),
        ("same-site", None, None, True),
        ("same-origin", EVIL, None, False),  # Sec-Fetch-Site decides when present
        ("none", None, None, False),
        (" Cross-Site ", None, None, True),
        (None, EVIL, None, True),
        (None, "null", None, True),
        (None, BASE, EVIL, False),  # Origin before Referer
        (None, None, EVIL + "/x", True),
        (None, None, BASE + "/x", False),
        (None, "http://[", None, True),  # malformed: not this host
        (None, None, None, False),
    ],
)
def test_cross_site(
    site: str | None, origin: str | None, referer: str | None, expected: bool
) -> None:
    assert cross_site(site, origin, referer, "127.0.0.1:8000") is expected


@pytest.mark.parametrize(
    ("method", "path", "query", "mode", "dest", "expected"),
    [
        ("GET", "/", "", "navigate", "document", True),
        ("HEAD", "/", "", None, None, True),
        ("GET", "/articles/abc", "", "navigate", "document", True),
        ("GET", "/jobs/abc", "", "navigate", "document", True),
        ("GET", "/login", "next=%2Fexport%2Fjsonl", "navigate", "document", True),
        ("GET", "/", "q=a", "navigate", "document", False),
        ("GET", "/", "", "no-cors", "image", False),
        ("GET", "/", "", "navigate", "iframe", False),
        ("GET", "/", "", "cors", "empty", False),
        ("POST", "/", "", "navigate", "document", False),
        ("GET", "/articles/", "", "navigate", "document", False),
        ("GET", "/api/facets", "", "navigate", "document", False),
        ("GET", "/export/jsonl", "", "navigate", "document", False),
        ("GET", "/report.html", "", "navigate", "document", False),
        ("GET", "/some/new/route", "", "navigate", "document", False),
    ],
)
def test_cross_site_allowed(
    method: str, path: str, query: str, mode: str | None, dest: str | None, expected: bool
) -> None:
    assert cross_site_allowed(method, path, query, mode, dest) is expected
