"""The JSON API's response models (they document ``/openapi.json``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

__all__ = ["DocumentList", "DocumentSummary", "Facets", "JobModel", "SearchHitModel"]


class DocumentSummary(BaseModel):
    id: str
    parent_id: str | None = None
    title: str
    source: str = Field(description="meta.outlet, else the first author, else the file name")
    published: str | None = None
    language: str | None = None
    words: int
    compilation: bool = Field(description="a compilation post whose articles are split out")
    techniques: dict[str, int] = Field(description="technique label -> number of spans")
    actors: dict[str, str] = Field(description="actor id -> name")
    speakers: list[str] = Field(description="who is quoted")


class DocumentList(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[DocumentSummary]


class SearchHitModel(BaseModel):
    id: str
    title: str | None
    snippet: str = Field(description="matches between [ and ]")
    score: float = Field(description="negated bm25: higher is better")


class Facets(BaseModel):
    sources: dict[str, int]
    techniques: dict[str, int]
    actors: dict[str, Any] = Field(description="actor id -> {name, count}")
    speakers: dict[str, int]
    languages: dict[str, int]


class JobModel(BaseModel):
    id: str
    status: str = Field(description="queued, running, done or failed")
    stage: str
    inputs: list[str]
    total: int
    done_inputs: int
    progress: float = Field(ge=0, le=1)
    documents: list[str] = Field(description="ids of the documents the job stored")
    rejections: list[dict[str, str]]
    error: str | None = None
    created: float
    started: float | None = None
    finished: float | None = None
