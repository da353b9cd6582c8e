"""Readers for the two technique datasets (never copied into the repository; read by path).

PTC (SemEval-2020 Task 11): ``<split>-articles/article<ID>.txt`` plus
``<split>-task-flc-tc.labels`` (``id<TAB>technique<TAB>start<TAB>end``, code-point offsets).
SemEval-2023 Task 3 English: ``data/en/train-articles-subtask-3/article<ID>.txt`` (paragraphs, one
per line) plus ``data/en/train-labels-subtask-3.txt`` (``id<TAB>line<TAB>tech1,tech2``).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..errors import EvaluationError


@dataclass(frozen=True, slots=True)
class GoldSpan:
    start: int
    end: int
    technique: str


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    text: str
    spans: tuple[GoldSpan, ...]


def _folder(data_dir: str | Path, name: str) -> Path:
    path = Path(data_dir) / name
    if not path.exists():
        raise EvaluationError(
            f"{path} not found; pass the PTC folder, e.g. --data ../shared/data/ptc"
        )
    return path


def read_ptc(
    data_dir: str | Path, split: str = "train", *, limit: int | None = None
) -> list[Article]:
    """Articles of one PTC split (``train`` or ``dev``) with their gold technique spans."""
    if split not in ("train", "dev"):
        raise EvaluationError(f"PTC split {split!r} has no gold labels here; use 'train' or 'dev'")
    articles_dir = _folder(data_dir, f"{split}-articles")
    labels_path = _folder(data_dir, f"{split}-task-flc-tc.labels")
    spans: dict[str, list[GoldSpan]] = defaultdict(list)
    with labels_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) == 4:
                spans[row[0]].append(GoldSpan(int(row[2]), int(row[3]), row[1]))
    paths = sorted(articles_dir.glob("article*.txt"))
    if limit is not None:
        paths = paths[:limit]
    out = []
    for path in paths:
        article_id = path.stem.removeprefix("article")
        text = path.read_text(encoding="utf-8")
        gold = sorted(spans.get(article_id, ()), key=lambda s: (s.start, s.end, s.technique))
        out.append(Article(article_id, text, tuple(gold)))
    return out


@dataclass(frozen=True, slots=True)
class Paragraph:
    article_id: str
    line: int
    text: str
    techniques: tuple[str, ...]


def read_semeval2023(data_dir: str | Path, *, language: str = "en") -> list[Paragraph]:
    """Every labelled paragraph of the SemEval-2023 Task 3 training split for ``language``."""
    base = _folder(data_dir, f"data/{language}")
    labels = base / "train-labels-subtask-3.txt"
    articles = base / "train-articles-subtask-3"
    if not labels.exists() or not articles.exists():
        raise EvaluationError(
            f"{base} lacks train-labels-subtask-3.txt or train-articles-subtask-3/"
        )
    lines_of: dict[str, list[str]] = {}
    out = []
    with labels.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 2:
                continue
            article_id, line = row[0], int(row[1])
            if article_id not in lines_of:
                path = articles / f"article{article_id}.txt"
                lines_of[article_id] = path.read_text(encoding="utf-8").split("\n")
            lines = lines_of[article_id]
            text = lines[line - 1] if 0 < line <= len(lines) else ""
            techniques = tuple(t for t in (row[2] if len(row) > 2 else "").split(",") if t)
            out.append(Paragraph(article_id, line, text, techniques))
    return out
