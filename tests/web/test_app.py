"""The web UI and JSON API through an in-process client."""

from __future__ import annotations

import argparse
import io
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from presslens.errors import PresslensError

BASE = "http://127.0.0.1:8000"
POST = {"origin": BASE}
TOKEN = "s3cret-token-Tq8vXk2m"


def make_client(db: Path, **settings: Any) -> Any:
    from starlette.testclient import TestClient

    from presslens.web import Settings, create_app

    app = create_app(Settings(db=db, upload_dir=db.parent / "uploads", **settings))
    return TestClient(app, base_url=BASE)


def wait_for(client: Any, job_id: str, seconds: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job  # type: ignore[no-any-return]
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish")


def test_pages_load(client: Any) -> None:
    for url in ("/", "/analyze", "/jobs", "/login"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("text/html")
        assert "default-src 'none'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
    css = client.get("/static/presslens.css")
    assert css.status_code == 200 and ".hl-key" in css.text
    assert client.get("/static/../../etc/passwd").status_code == 404


def test_docs_are_off_and_openapi_is_there(client: Any) -> None:
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/documents",
        "/api/documents/{doc_id}",
        "/api/search",
        "/api/jobs",
        "/api/jobs/{job_id}",
        "/api/facets",
        "/api/corpus",
    ):
        assert path in spec["paths"], path
    assert "multipart/form-data" in spec["paths"]["/api/jobs"]["post"]["requestBody"]["content"]
    assert not any(p.startswith("/articles") for p in spec["paths"])


def test_index_lists_articles_not_compilation_posts(
    client: Any, rich_store: dict[str, Any]
) -> None:
    items = client.get("/api/documents?limit=500").json()["items"]
    parent = next(d for d in rich_store["docs"] if d.meta.extra.get("compilation"))
    assert parent.id not in {i["id"] for i in items}
    assert len(items) == len(rich_store["docs"]) - 1
    html = client.get("/").text
    assert "Corran crossing queues" in html


def test_search_and_filters(client: Any, rich_store: dict[str, Any]) -> None:
    hits = client.get("/api/search", params={"q": "ceasefire"}).json()
    assert hits and all("[" in h["snippet"] for h in hits)
    page = client.get("/", params={"q": "bonds"}).text
    assert "Kestrian bonds rally" in page and "<mark>bonds</mark>" in page.lower()
    docs = rich_store["docs"]

    def ids(**params: str) -> set[str]:
        return {i["id"] for i in client.get("/api/documents", params=params).json()["items"]}

    loaded = {
        d.id for d in docs if any(s.label == "Loaded_Language" for s in d.layer("techniques"))
    }
    assert ids(technique="Loaded_Language") == loaded - {p.id for p in docs if p.meta.extra}
    voss = {d.id for d in docs if any(s.label == "person/ilan-voss" for s in d.layer("actors"))}
    assert ids(actor="person/ilan-voss") == voss
    assert ids(speaker="Ilan Voss")
    assert ids(date_from="2025-03-16", date_to="2025-03-17")
    for i in ids(date_from="2025-03-16", date_to="2025-03-17"):
        doc = next(d for d in docs if d.id == i)
        assert "2025-03-16" <= (doc.meta.published or "")[:10] <= "2025-03-17"
    assert ids(source="Meridian Business Wire") == {
        d.id for d in docs if d.meta.outlet == "Meridian Business Wire"
    }
    html = client.get("/", params={"technique": "Doubt", "date_from": "not a date"}).text
    assert "is not a date like" in html
    assert client.get("/api/search", params={"q": "   "}).status_code == 400


def test_article_page_has_highlights_and_escapes(client: Any, rich_store: dict[str, Any]) -> None:
    doc = next(d for d in rich_store["docs"] if d.layer("techniques") and d.layer("quotes"))
    html = client.get(f"/articles/{doc.id}").text
    assert 'class="hl-tech tech-' in html and 'class="hl-key"' in html
    from presslens.report.palette import normalise_label

    for s in doc.layer("techniques"):
        assert f"mark.tech-{normalise_label(s.label)}{{background:" in html
    hostile = next(d for d in rich_store["docs"] if d.id.startswith("dxss"))
    from urllib.parse import quote

    r = client.get("/articles/" + quote(hostile.id, safe=""))
    assert r.status_code == 200
    assert "<script>alert" not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert "onerror=alert(1)>" not in r.text
    assert client.get("/articles/nope").status_code == 404
    assert client.get("/api/documents/nope").status_code == 404
    assert client.get(f"/api/documents/{doc.id}").json()["text"] == doc.text


def test_compilation_page_lists_its_articles(client: Any, rich_store: dict[str, Any]) -> None:
    parent = next(d for d in rich_store["docs"] if d.meta.extra.get("compilation"))
    html = client.get(f"/articles/{parent.id}").text
    assert "Articles in this compilation" in html and "Editor&#39;s note" in html


def test_upload_is_analysed_into_the_store(client: Any) -> None:
    files = [
        (
            "files",
            (
                "Field notes.txt",
                b"Field notes from Lesk\n\nThe border at Lesk "
                b"reopened on Monday. Traders crossed in both directions all day.",
                "text/plain",
            ),
        )
    ]
    data = {
        "text": "Pasted words about the zebra crossing near the palace gates today.",
        "title": "Zebra report",
        "outlet": "Paste Gazette",
        "published": "2025-03-20",
    }
    r = client.post("/analyze", files=files, data=data, headers=POST, follow_redirects=False)
    assert r.status_code == 303
    job_id = r.headers["location"].rsplit("/", 1)[1]
    job = wait_for(client, job_id)
    assert job["status"] == "done", job
    assert job["inputs"] == ["Field notes.txt", "pasted text: Zebra report"]
    assert job["progress"] == 1.0 and len(job["documents"]) == 2
    page = client.get(f"/jobs/{job_id}").text
    assert "Zebra report" in page and 'http-equiv="refresh"' not in page
    assert any(i["title"] == "Zebra report" for i in client.get("/api/documents").json()["items"])
    assert client.get("/api/search", params={"q": "zebra"}).json()
    assert client.get("/api/corpus").json()["documents"] > 10  # the whole store, not the job


def test_api_job_upload_and_errors(client: Any) -> None:
    r = client.post(
        "/api/jobs", data={"text": "An API upload about the river Tavel."}, headers=POST
    )
    assert r.status_code == 202
    assert wait_for(client, r.json()["id"])["status"] == "done"
    assert client.get("/api/jobs").json()[0]["id"] == r.json()["id"]
    bad = client.post(
        "/api/jobs", files=[("files", ("x.exe", b"MZ", "application/x"))], headers=POST
    )
    assert bad.status_code == 400 and "not accepted" in bad.json()["detail"]
    empty = client.post(
        "/api/jobs", files=[("files", ("e.txt", b"  \n", "text/plain"))], headers=POST
    )
    assert empty.status_code == 400 and "empty" in empty.json()["detail"]
    nothing = client.post("/api/jobs", data={"text": ""}, headers=POST)
    assert nothing.status_code == 400 and "nothing to analyse" in nothing.json()["detail"]
    assert client.get("/api/jobs/nope").status_code == 404
    page = client.post("/analyze", data={"text": "x", "published": "March"}, headers=POST)
    assert page.status_code == 400 and "not a date like" in page.text


def test_uploads_never_choose_their_path(db: Path) -> None:
    seen: list[Sequence[str]] = []
    named: list[dict[str, str]] = []

    def runner(
        paths: Sequence[str], db_: Path, progress: Any, origins: dict[str, str]
    ) -> dict[str, Any]:
        seen.append(list(paths))
        named.append(dict(origins))
        for p in paths:
            progress(p, 1)
        return {"documents": [], "rejections": []}

    from starlette.testclient import TestClient

    from presslens.web import Settings, create_app

    root = db.parent / "uploads"
    app = create_app(Settings(db=db, upload_dir=root), runner=runner)
    with TestClient(app, base_url=BASE) as c:
        files = [
            ("files", ("../../../../tmp/evil.txt", b"hello there", "text/plain")),
            ("files", ("/etc/cron.d/x.md", b"# hi", "text/plain")),
        ]
        r = c.post("/api/jobs", files=files, headers=POST)
        assert r.status_code == 202
        job = r.json()["id"]
        wait_for(c, job)
    paths = [Path(p) for p in seen[0]]
    assert [p.name for p in paths] == ["01-evil.txt", "02-x.md"]
    # the documents are known by the upload's name, not by the folder that is deleted
    assert named[0] == {
        seen[0][0]: f"upload:{job}/01-evil.txt",
        seen[0][1]: f"upload:{job}/02-x.md",
    }
    assert all(p.parent.parent == root for p in paths)
    assert not paths[0].parent.exists()  # the job's folder is removed when it is done


def test_upload_size_limit(db: Path) -> None:
    with make_client(db, max_upload=2048) as c:
        big = [("files", ("big.txt", b"word " * 2000, "text/plain"))]
        r = c.post("/analyze", files=big, headers=POST)
        assert r.status_code == 413 and "too large" in r.text and "2 KiB" in r.text
        r = c.post("/api/jobs", files=big, headers=POST)
        assert r.status_code == 413 and "too large" in r.json()["detail"]


def test_cross_site_posts_and_foreign_hosts_are_refused(client: Any) -> None:
    r = client.post("/analyze", data={"text": "x"}, headers={"origin": "http://evil.example"})
    assert r.status_code == 403
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_token_guards_everything(db: Path) -> None:
    with pytest.raises(PresslensError, match="without a token"):
        make_client(db, host="0.0.0.0")
    with make_client(db, host="0.0.0.0", token=TOKEN) as c:
        r = c.get("/", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
        assert c.get("/api/documents").status_code == 401
        assert c.get("/openapi.json").status_code == 401
        assert c.get("/static/presslens.css").status_code == 200
        ok = c.get("/api/documents", headers={"authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200
        bad = c.post("/login", data={"token": "nope", "next": "/"}, headers=POST)
        assert bad.status_code == 401 and "not right" in bad.text
        r = c.post(
            "/login",
            data={"token": TOKEN, "next": "//evil.example/"},
            headers=POST,
            follow_redirects=False,
        )
        assert r.status_code == 303 and r.headers["location"] == "/"
        cookie = r.cookies.get("presslens_session")
        assert cookie and TOKEN not in cookie and "s3cret" not in cookie
        assert "httponly" in r.headers["set-cookie"].lower()
        assert "samesite=strict" in r.headers["set-cookie"].lower()
        assert c.get("/").status_code == 200  # the cookie is kept by the client
        assert "Log out" in c.get("/").text


def test_exports_and_report_download(client: Any) -> None:
    r = client.get("/export/jsonl")
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert sorted(names) == ["documents.jsonl", "spans.jsonl"]
    assert client.get("/export/csv").status_code == 200
    assert client.get("/export/xlsx").status_code == 404
    report = client.get("/report.html")
    assert report.status_code == 200 and "attachment" in report.headers["content-disposition"]
    assert report.text.startswith("<!DOCTYPE html>")


def test_serve_command_refuses_an_open_bind_without_token(monkeypatch: pytest.MonkeyPatch) -> None:
    from presslens.web.cli import add_commands

    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command"))
    monkeypatch.delenv("PRESSLENS_TOKEN", raising=False)
    args = parser.parse_args(["serve", "--host", "0.0.0.0", "--db", "x.db"])
    with pytest.raises(PresslensError, match="refusing to serve"):
        args.func(args)
    args = parser.parse_args(["serve", "--max-upload", "5M"])
    assert args.max_upload == 5 * 1024 * 1024 and args.host == "127.0.0.1" and args.port == 8000


def test_empty_store_is_created_and_browsable(tmp_path: Path) -> None:
    with make_client(tmp_path / "new" / "presslens.db") as c:
        assert "This store is empty" in c.get("/").text
        assert c.get("/api/documents").json()["total"] == 0


def test_hostile_uploads_are_rejected_one_by_one_and_the_job_goes_on(client: Any) -> None:
    """A JSONL line nested 100,000 deep, a feed that names a local file and a 5,000-digit number
    each become a rejection; the good upload beside them is analysed; nothing is fetched."""
    files = [
        ("files", ("deep.jsonl", b'{"text": "x", "y": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
                   "application/json")),
        ("files", ("feed.txt", b"file:///etc/passwd#<rss", "text/plain")),
        ("files", ("big.jsonl", b'{"text": "x", "n": ' + b"9" * 5000 + b"}", "application/json")),
        ("files", ("good.txt", b"Harbour talks\n\nThe harbour talks at Lesk ended on Friday "
                   b"with a deal on fishing quotas, officials said.", "text/plain")),
    ]  # fmt: skip
    r = client.post("/analyze", files=files, headers=POST, follow_redirects=False)
    assert r.status_code == 303
    job = wait_for(client, r.headers["location"].rsplit("/", 1)[1])
    assert job["status"] == "done", job
    assert len(job["documents"]) == 1
    reasons = " | ".join(x["reason"] for x in job["rejections"])
    assert "nested too deeply" in reasons and "4,300 digits" in reasons
    assert "root:" not in reasons and len(job["rejections"]) == 3
