"""Background analyses for the web UI: one worker thread runs :func:`presslens.api.analyze` on
uploaded files, into the server's store, one job at a time (a store has one writer).

A job's progress comes from ``analyze``'s ``progress`` hook (one call per input). ``analyze``
ends by recomputing the corpus results of the *whole* store, which the UI reads; then the job's
upload folder is deleted.
"""

from __future__ import annotations

import secrets
import shutil
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import PresslensError

__all__ = ["Job", "JobManager"]

Runner = Callable[
    [Sequence[str], Path, Callable[[str, int], None], Mapping[str, str]], dict[str, Any]
]
"""``runner(paths, db, progress, origins) -> {"documents": [ids], "rejections": [{origin,
reason}]}``; ``origins`` maps each path to the name its documents are known by
(``upload:JOB/NN-name.ext``: the upload folder is deleted after the job)."""


@dataclass
class Job:
    """One analysis job. ``inputs`` are the names the user gave (display only)."""

    id: str
    inputs: list[str]
    status: str = "queued"  # queued, running, done, failed
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    done_inputs: int = 0
    documents: list[str] = field(default_factory=list)
    rejections: list[dict[str, str]] = field(default_factory=list)
    error: str | None = None
    stage: str = "waiting"

    @property
    def total(self) -> int:
        return len(self.inputs)

    @property
    def progress(self) -> float:
        if self.status == "done":
            return 1.0
        return self.done_inputs / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "stage": self.stage,
            "inputs": list(self.inputs),
            "total": self.total,
            "done_inputs": self.done_inputs,
            "progress": round(self.progress, 3),
            "documents": list(self.documents),
            "rejections": [dict(r) for r in self.rejections],
            "error": self.error,
            "created": self.created,
            "started": self.started,
            "finished": self.finished,
        }


def analyze_runner(
    paths: Sequence[str],
    db: Path,
    progress: Callable[[str, int], None],
    origins: Mapping[str, str],
) -> dict[str, Any]:
    """The default runner: analyse ``paths`` into the store ``db``; ``analyze`` refreshes the
    corpus results of the whole store, which the UI reads."""
    from ..api import analyze

    result = analyze(list(paths), db=db, progress=progress, origins=origins)
    return {
        "documents": [d.id for d in result.documents],
        "rejections": [{"origin": r.origin, "reason": r.reason} for r in result.rejections],
    }


class JobManager:
    """Jobs of one server: submitted with their files, run one at a time in a worker thread."""

    def __init__(self, db: Path, upload_root: Path, runner: Runner | None = None) -> None:
        self.db = db
        self.upload_root = upload_root
        self.runner = runner or analyze_runner
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="presslens-job")

    def new_folder(self) -> tuple[str, Path]:
        """A fresh job id and its upload folder (made by the server, never named by a request)."""
        job_id = secrets.token_hex(6)
        folder = self.upload_root / job_id
        folder.mkdir(parents=True, exist_ok=False)
        return job_id, folder

    def submit(self, job_id: str, folder: Path, names: list[str], paths: list[Path]) -> Job:
        """Queue the analysis of ``paths`` (inside ``folder``) under ``job_id``."""
        job = Job(job_id, names)
        with self._lock:
            self._jobs[job_id] = job
        self._pool.submit(self._run, job, folder, [str(p) for p in paths])
        return job

    def _run(self, job: Job, folder: Path, paths: list[str]) -> None:
        job.status, job.stage, job.started = "running", "analysing", time.time()

        def progress(origin: str, n_docs: int) -> None:
            job.done_inputs = min(job.done_inputs + 1, job.total)

        origins = {p: f"upload:{job.id}/{Path(p).name}" for p in paths}
        try:
            out = self.runner(paths, self.db, progress, origins)
            job.documents = list(out.get("documents", []))
            job.rejections = [
                {"origin": Path(r["origin"]).name, "reason": r["reason"]}
                for r in out.get("rejections", [])
            ]
            job.status, job.stage = "done", "done"
        except PresslensError as exc:
            job.status, job.stage, job.error = "failed", "failed", str(exc)
        except Exception as exc:  # a bug: keep the server up, say what happened
            job.status, job.stage = "failed", "failed"
            job.error = f"unexpected error ({type(exc).__name__}: {exc}); please report it"
        finally:
            job.finished = time.time()
            shutil.rmtree(folder, ignore_errors=True)

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def all(self) -> list[Job]:
        """Jobs, newest first."""
        with self._lock:
            return sorted(self._jobs.values(), key=lambda j: -j.created)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
