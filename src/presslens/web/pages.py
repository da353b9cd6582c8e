"""The HTML pages: articles (search and filters), one article, analyse (upload), jobs, exports."""

from __future__ import annotations

import math
import shutil
import tempfile
import zipfile
from datetime import date
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.background import BackgroundTask

from ..errors import MissingExtraError, PresslensError, SearchLimitError, StoreError
from ..export import FORMATS, export_documents
from ..model import Document
from ..report.builder import asset, legend, render_article, render_report, technique_css
from ..report.context import child_extra, reused_layers
from ..report.store import load_report_inputs
from .index import filter_docs
from .middleware import client_address
from .security import (
    ALLOWED_SUFFIXES,
    COOKIE,
    MAX_FILES,
    UploadRejected,
    human_size,
    token_matches,
)
from .state import WebState
from .uploads import submit_upload

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
_MARK_OPEN, _MARK_CLOSE = "\x02", "\x03"


def _state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


def _page(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    state = _state(request)
    ctx.setdefault("nav", "")
    ctx.setdefault("head_css", "")
    ctx["login"] = bool(state.settings.token)
    html = state.env.get_template(name).render(**ctx)
    return HTMLResponse(html, status_code=status)


def _date(value: str | None, errors: list[str], what: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(f"{what}: {value!r} is not a date like 2025-03-14")
        return None


def _snippet_html(snippet: str) -> Markup:
    """A search snippet with its matches in ``<mark>``, everything else escaped."""
    out = escape(snippet).replace(_MARK_OPEN, "<mark>").replace(_MARK_CLOSE, "</mark>")
    return Markup(out)


@router.get("/", response_class=HTMLResponse)
def index_page(
    request: Request,
    q: str = "",
    source: str = "",
    technique: str = "",
    actor: str = "",
    speaker: str = "",
    date_from: str = "",
    date_to: str = "",
    page: int = 1,
) -> HTMLResponse:
    """Articles: search box, filters, facet lists, results."""
    state = _state(request)
    errors: list[str] = []
    status = 200
    index = state.index.get()
    snippets: dict[str, Markup] = {}
    ids = None
    if q.strip():
        with state.store() as store:
            try:
                hits = store.search(
                    q,
                    limit=1000,
                    marks=(_MARK_OPEN, _MARK_CLOSE),
                    time_limit=state.settings.limits.search_seconds,
                )
            except SearchLimitError as exc:
                errors.append(str(exc))
                status = 503 if exc.limit == "time" else 400
                hits = []
            except StoreError as exc:
                errors.append(str(exc))
                hits = []
        ids = [h.doc_id for h in hits]
        snippets = {h.doc_id: _snippet_html(h.snippet) for h in hits}
    found = filter_docs(
        index,
        ids=ids,
        source=source or None,
        technique=technique or None,
        actor=actor or None,
        speaker=speaker or None,
        date_from=_date(date_from, errors, "From"),
        date_to=_date(date_to, errors, "To"),
    )
    page = max(1, page)
    pages = max(1, -(-len(found) // PAGE_SIZE))
    params = {
        k: v
        for k, v in (
            ("q", q),
            ("source", source),
            ("technique", technique),
            ("actor", actor),
            ("speaker", speaker),
            ("date_from", date_from),
            ("date_to", date_to),
        )
        if v
    }
    return _page(
        request,
        "index.html.j2",
        status,
        nav="articles",
        index=index,
        results=found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        total=len(found),
        snippets=snippets,
        errors=errors,
        f={
            "q": q,
            "source": source,
            "technique": technique,
            "actor": actor,
            "speaker": speaker,
            "date_from": date_from,
            "date_to": date_to,
        },
        page=page,
        pages=pages,
        prev_url=f"/?{urlencode({**params, 'page': page - 1})}" if page > 1 else None,
        next_url=f"/?{urlencode({**params, 'page': page + 1})}" if page < pages else None,
        formats=FORMATS,
    )


@router.get("/articles/{doc_id:path}", response_class=HTMLResponse)
def article_page(request: Request, doc_id: str) -> HTMLResponse:
    """One article with its highlights; a compilation post lists its articles."""
    state = _state(request)
    with state.store() as store:
        try:
            doc = store.get(doc_id)
        except StoreError:
            return _page(
                request,
                "error.html.j2",
                404,
                title="No such article",
                message=f"There is no document {doc_id!r} in this store.",
            )
        parent = store.get(doc.parent_id) if doc.parent_id else None
        corpus = store.get_corpus("latest") or {}
    index = state.index.get()
    children = [d for d in index.docs if d.parent_id == doc.id]
    labels = [s.label for s in doc.layer("techniques")]
    note = None
    if children and doc.layer("notes"):
        n = doc.layer("notes")[0]
        note = doc.text[n.start : n.end]
    return _page(
        request,
        "article_page.html.j2",
        nav="articles",
        doc=doc,
        parent=parent,
        children=children,
        note=note,
        article=render_article(doc, corpus=corpus, parent=parent, heading=1),
        legend=legend([doc], ["reused"] if _has_reused(doc, parent, corpus) else []),
        head_css=Markup(technique_css(labels)),
    )


def _has_reused(doc: Document, parent: Document | None, corpus: dict[str, Any]) -> bool:
    """Whether a reused passage shows in ``doc`` (found on it, or on its compilation post)."""
    found = reused_layers([doc, *([parent] if parent else [])], corpus)
    return bool(found.get(doc.id)) or bool(parent and child_extra(found.get(parent.id, []), doc))


@router.get("/analyze", response_class=HTMLResponse)
def analyze_page(request: Request) -> HTMLResponse:
    return _analyze(request, [])


def _analyze(request: Request, errors: list[str], status: int = 200) -> HTMLResponse:
    state = _state(request)
    return _page(
        request,
        "analyze.html.j2",
        status,
        nav="analyze",
        errors=errors,
        jobs=state.jobs.all()[:10],
        limit=human_size(state.settings.max_upload),
        suffixes=ALLOWED_SUFFIXES,
        max_files=MAX_FILES,
    )


@router.post("/analyze")
async def analyze_post(request: Request) -> Response:
    """Take the upload, queue the job, go to its page."""
    state = _state(request)
    try:
        form = await request.form(
            max_files=MAX_FILES + 1, max_fields=20, max_part_size=state.settings.max_upload
        )
    except Exception as exc:  # the multipart parser's own errors
        return _analyze(request, [f"the upload could not be read: {exc}"], 400)
    try:
        job = await submit_upload(form, state.jobs)
    except UploadRejected as exc:
        return _analyze(request, [str(exc)], 400)
    finally:
        await form.close()
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs", response_class=HTMLResponse)
def jobs_page(request: Request) -> HTMLResponse:
    return _page(request, "jobs.html.j2", nav="jobs", jobs=_state(request).jobs.all())


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> HTMLResponse:
    state = _state(request)
    job = state.jobs.get(job_id)
    if job is None:
        return _page(
            request,
            "error.html.j2",
            404,
            title="No such job",
            message=f"There is no job {job_id!r} (jobs are forgotten when the server "
            "restarts; their articles stay in the store).",
        )
    titles = {}
    if job.status == "done":
        by_id = state.index.get().by_id
        titles = {i: by_id[i].title for i in job.documents if i in by_id}
    return _page(request, "job.html.j2", nav="jobs", job=job, titles=titles)


@router.get("/export/{fmt}")
def export(request: Request, fmt: str) -> Response:
    """The store's documents and spans in one zip: ``documents.<fmt>`` and ``spans.<fmt>``."""
    state = _state(request)
    if fmt not in FORMATS:
        return _page(
            request,
            "error.html.j2",
            404,
            title="Unknown format",
            message=f"Exports come as {', '.join(FORMATS)}.",
        )
    folder = Path(tempfile.mkdtemp(prefix="presslens-export-"))
    try:
        with state.store() as store:
            paths = export_documents(store.documents(), folder / "export", fmt)
        archive = folder / f"presslens-{fmt}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in paths:
                zf.write(p, p.name)
    except (MissingExtraError, PresslensError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return _page(request, "error.html.j2", 501, title="Export failed", message=str(exc))
    return FileResponse(
        archive,
        media_type="application/zip",
        filename=archive.name,
        background=BackgroundTask(shutil.rmtree, folder, True),
    )


@router.get("/report.html")
def report(request: Request) -> Response:
    """The self-contained HTML report of the whole store, as a download."""
    with _state(request).store() as store:
        docs, corpus, rejections = load_report_inputs(store)
    html = render_report(docs, corpus, rejections)
    return Response(
        html,
        media_type="text/html; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="report.html"'},
    )


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return _page(request, "login.html.j2", nav="", next=_local(next), error=None)


def _local(target: str) -> str:
    """Only a path on this server (never ``//host`` or a URL) is a place to go after login."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"


@router.post("/login")
async def login(request: Request) -> Response:
    """Check the token (throttled per client address and in all); start a server-side session."""
    state = _state(request)
    form = await request.form(max_files=0, max_fields=5)
    token, target = str(form.get("token") or ""), _local(str(form.get("next") or "/"))
    client = client_address(request.scope)
    wait = state.throttle.retry_after(client)
    if wait > 0:
        seconds = max(1, math.ceil(wait))
        page = _page(
            request,
            "login.html.j2",
            429,
            next=target,
            error=f"Too many wrong tokens from this address: try again in {seconds} s.",
        )
        page.headers["Retry-After"] = str(seconds)
        return page
    if not state.settings.token or not token_matches(state.settings.token, token):
        state.throttle.failed(client)
        return _page(request, "login.html.j2", 401, next=target, error="That token is not right.")
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        COOKIE,
        state.sessions.create(),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    """End the session on the server (the old cookie stops working) and drop the cookie."""
    _state(request).sessions.revoke(request.cookies.get(COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


_STATIC = {"presslens.css": "text/css; charset=utf-8"}


@router.get("/static/{name}")
def static(name: str) -> Response:
    """The stylesheet (the report's plus the UI's); nothing else is served from disk."""
    if name not in _STATIC:
        return Response("not found", status_code=404, media_type="text/plain")
    text = asset("report.css") + "\n" + web_asset("web.css")
    return Response(
        text, media_type=_STATIC[name], headers={"Cache-Control": "public, max-age=3600"}
    )


def web_asset(name: str) -> str:
    return resources.files("presslens.web").joinpath("static", name).read_text(encoding="utf-8")
