"""Turning an upload form (files and/or pasted text) into a queued analysis job.

Files are written under the job's folder (made by the server) with generated names
(:func:`~.security.upload_name`); pasted text becomes one JSON Lines record with the title, outlet
and date the user typed. The request's own file names are kept for display only.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .jobs import Job, JobManager
from .security import MAX_FILES, UploadRejected, check_upload_name, upload_name

__all__ = ["PASTE_FIELDS", "submit_upload"]

PASTE_FIELDS = ("title", "outlet", "published", "authors")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _paste_record(form: Mapping[str, Any]) -> dict[str, Any] | None:
    text = str(form.get("text") or "").strip()
    if not text:
        return None
    record: dict[str, Any] = {"text": text}
    for key in ("title", "outlet"):
        value = str(form.get(key) or "").strip()
        if value:
            record[key] = value[:500]
    published = str(form.get("published") or "").strip()
    if published:
        if not _DATE.match(published):
            raise UploadRejected(f"the date {published!r} is not a date like 2025-03-14")
        record["published"] = published
    authors = [a.strip() for a in str(form.get("authors") or "").split(",") if a.strip()]
    if authors:
        record["authors"] = authors[:20]
    return record


async def submit_upload(form: Any, jobs: JobManager) -> Job:
    """Validate the form (``files`` and the paste fields), write the inputs, queue the job.

    Raises :class:`~.security.UploadRejected` with a message for the user when nothing usable was
    sent, a file's type is not accepted, a file is empty, or there are too many files.
    """
    files = [f for f in form.getlist("files") if getattr(f, "filename", None)]
    if len(files) > MAX_FILES:
        raise UploadRejected(f"too many files ({len(files)}); send at most {MAX_FILES} at a time")
    for f in files:
        check_upload_name(f.filename)
    record = _paste_record(form)
    if not files and record is None:
        raise UploadRejected("nothing to analyse: choose one or more files, or paste a text")
    job_id, folder = jobs.new_folder()
    names: list[str] = []
    paths: list[Path] = []
    try:
        for i, f in enumerate(files, start=1):
            target = folder / upload_name(i, f.filename)
            data = await f.read()
            if not data.strip():
                raise UploadRejected(f"{Path(f.filename).name}: the file is empty")
            target.write_bytes(data)
            names.append(Path(f.filename.replace("\\", "/")).name)
            paths.append(target)
        if record is not None:
            target = folder / "pasted.jsonl"
            target.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
            names.append(f"pasted text{': ' + record['title'] if 'title' in record else ''}")
            paths.append(target)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return jobs.submit(job_id, folder, names, paths)
