"""The JSON API under ``/api``: documents, search, facets, corpus results, jobs."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from ..errors import SearchLimitError, StoreError
from .index import filter_docs
from .schemas import DocumentList, DocumentSummary, Facets, JobModel, SearchHitModel
from .security import MAX_FILES, UploadRejected
from .state import WebState
from .uploads import submit_upload

router = APIRouter(prefix="/api", tags=["api"])

_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "up to 50 files: .txt .md .html .htm .jsonl .json "
                            ".xml .rss .atom",
                        },
                        "text": {"type": "string", "description": "pasted article text"},
                        "title": {"type": "string"},
                        "outlet": {"type": "string"},
                        "authors": {"type": "string", "description": "comma-separated"},
                        "published": {"type": "string", "format": "date"},
                    },
                }
            }
        },
    }
}


def _state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


def _search_seconds(state: WebState) -> float:
    return state.settings.limits.search_seconds


def _search_status(exc: StoreError) -> int:
    """400 for a query that is not allowed (empty, too long, too many terms); 503 when it ran
    out of time (``presslens serve --search-timeout``)."""
    return 503 if isinstance(exc, SearchLimitError) and exc.limit == "time" else 400


@router.get("/documents", response_model=DocumentList, summary="List documents, filtered")
def list_documents(
    request: Request,
    q: str | None = None,
    source: str | None = None,
    technique: str | None = None,
    actor: Annotated[str | None, Query(description="actor id")] = None,
    speaker: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    """Documents passing every filter; with ``q``, full-text matches in rank order."""
    state = _state(request)
    ids = None
    if q:
        with state.store() as store:
            try:
                hits = store.search(q, limit=1000, time_limit=_search_seconds(state))
            except StoreError as exc:
                raise HTTPException(_search_status(exc), str(exc)) from exc
            ids = [h.doc_id for h in hits]
    found = filter_docs(
        state.index.get(),
        ids=ids,
        source=source,
        technique=technique,
        actor=actor,
        speaker=speaker,
        date_from=date_from,
        date_to=date_to,
    )
    items = [d.to_dict() for d in found[offset : offset + limit]]
    return {"total": len(found), "offset": offset, "limit": limit, "items": items}


@router.get("/documents/{doc_id:path}", summary="One document with all its layers")
def get_document(request: Request, doc_id: str) -> dict[str, Any]:
    """The document's full JSON form (``documents.jsonl`` schema)."""
    with _state(request).store() as store:
        try:
            return store.get(doc_id).to_dict()
        except StoreError as exc:
            raise HTTPException(404, str(exc)) from exc


@router.get("/search", response_model=list[SearchHitModel], summary="Full-text search")
def search(
    request: Request, q: str, limit: Annotated[int, Query(ge=1, le=500)] = 20
) -> list[dict[str, Any]]:
    """FTS5 search over titles and texts (``a OR b``, ``"a phrase"``, ``pref*``).

    At most 512 characters and 32 terms (else 400); a search that takes longer than the
    server's search time (3 s unless set otherwise) is stopped and answered with 503.
    """
    state = _state(request)
    with state.store() as store:
        try:
            hits = store.search(q, limit=limit, time_limit=_search_seconds(state))
        except StoreError as exc:
            raise HTTPException(_search_status(exc), str(exc)) from exc
    return [
        {"id": h.doc_id, "title": h.title, "snippet": h.snippet, "score": h.score} for h in hits
    ]


@router.get("/facets", response_model=Facets, summary="Counts to filter by")
def facets(request: Request) -> dict[str, Any]:
    index = _state(request).index.get()
    return {
        "sources": dict(index.sources),
        "techniques": dict(index.techniques),
        "actors": {a: {"name": n, "count": c} for a, (n, c) in index.actors.items()},
        "speakers": dict(index.speakers),
        "languages": dict(index.languages),
    }


@router.get("/corpus", summary="Corpus-level results (corpus.json)")
def corpus(request: Request) -> dict[str, Any]:
    with _state(request).store() as store:
        return store.get_corpus("latest") or {}


@router.get("/jobs", response_model=list[JobModel], summary="Analysis jobs, newest first")
def list_jobs(request: Request) -> list[dict[str, Any]]:
    return [j.to_dict() for j in _state(request).jobs.all()]


@router.post(
    "/jobs",
    response_model=JobModel,
    status_code=202,
    summary="Upload files or text for analysis",
    openapi_extra=_UPLOAD_BODY,
)
async def create_job(request: Request) -> Any:
    """Queue an analysis of the uploaded files and/or pasted text; poll ``/api/jobs/{id}``."""
    state = _state(request)
    form = await request.form(
        max_files=MAX_FILES + 1, max_fields=20, max_part_size=state.settings.max_upload
    )
    try:
        job = await submit_upload(form, state.jobs)
    except UploadRejected as exc:
        return JSONResponse({"detail": str(exc)}, status_code=400)
    finally:
        await form.close()
    return JSONResponse(job.to_dict(), status_code=202)


@router.get("/jobs/{job_id}", response_model=JobModel, summary="One job's progress")
def get_job(request: Request, job_id: str) -> dict[str, Any]:
    job = _state(request).jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id!r}; list them at /api/jobs")
    return job.to_dict()


__all__ = ["DocumentSummary", "router"]
