"""How well presslens pulls the article body out of an HTML page.

The yardstick is the `article-extraction-benchmark` of Scrapinghub (Zyte): 181 news and blog pages
with a hand-checked article body each (``ground-truth.json``, ``html/<item_id>.html.gz``). This
module re-implements the benchmark's own metric, as its ``evaluate.py`` defines it, so that our
figure can be set beside the published ones (trafilatura 2.0.0: F1 0.958):

* **Tokens** are the matches of the Unicode regex ``\\w+`` over the text (a missing or ``null``
  text has no tokens).
* **Shingles** are the 4-grams of consecutive tokens, counted as a multiset. A text with fewer than
  four tokens (but at least one) makes a single, shorter shingle of all its tokens; a text with no
  tokens makes none.
* **Per page**, over every distinct shingle, ``tp += min(true, pred)``,
  ``fp += max(0, pred - true)`` and ``fn += max(0, true - pred)``. The three numbers are then
  divided by their sum (when it is not zero) so that a long page weighs no more than a short one.
* **Per-page precision** is 1 when ``fp == fn == 0`` (a perfect page, and also the both-empty page),
  0 when ``tp == fp == 0``, else ``tp / (tp + fp)``; **recall** likewise with ``fn``.
* **Averaging**: precision is the mean over the pages with ``tp + fp > 0`` only, i.e. pages where
  the extractor returned *nothing* are left out of precision (they still cost full recall);
  recall is the mean over the pages with ``tp + fn > 0`` (pages with a non-empty truth).
  ``F1 = 2PR / (P + R)`` of those two means -- not the mean of per-page F1s.
* **Accuracy** is the share of pages whose token sequence equals the truth's exactly.

The benchmark also prints bootstrap standard deviations; they are not reproduced here. Where its
``mean`` of an empty list would crash (every prediction empty) this module reports 0.0 instead.

A page on which :func:`presslens.ingest.html.extract_html` raises :class:`IngestError` is scored as
an empty prediction and counted in ``failed``. Throughput (``seconds``, ``docs_per_s``,
``mb_per_s``) covers reading, un-gzipping and extracting the pages, not the scoring; ``mb_per_s``
is megabytes (10**6 bytes) of decompressed HTML per second.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from ..errors import EvaluationError, IngestError

SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+", re.UNICODE)

#: One page's (tp, fp, fn), normalised to sum 1 unless all three are 0.
PageCounts = tuple[float, float, float]


# --------------------------------------------------------------------------- the metric


def tokenize(text: str | None) -> list[str]:
    """The benchmark's tokens: every ``\\w+`` run, in order; ``None`` gives none."""
    return _TOKEN.findall(text or "")


def shingles(text: str | None, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of ``size``-token shingles of ``text``.

    Fewer than ``size`` tokens (but some) give one short shingle of all of them, as in the
    benchmark; no tokens give an empty multiset.
    """
    tokens = tokenize(text)
    if not tokens:
        return Counter()
    count = max(1, len(tokens) - size + 1)
    return Counter(tuple(tokens[i : i + size]) for i in range(count))


def page_counts(true: str | None, pred: str | None, size: int = SHINGLE_SIZE) -> PageCounts:
    """Shingle tp/fp/fn of one page, divided by their sum so that every page weighs the same."""
    truth, guess = shingles(true, size), shingles(pred, size)
    tp = fp = fn = 0.0
    for key in truth.keys() | guess.keys():
        t, p = truth.get(key, 0), guess.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    if total > 0:
        return (tp / total, fp / total, fn / total)
    return (tp, fp, fn)


def page_precision(counts: PageCounts) -> float:
    """Precision of one page: 1 when nothing is wrong, 0 when nothing is right or predicted."""
    tp, fp, fn = counts
    if fp == 0 and fn == 0:
        return 1.0
    if tp == 0 and fp == 0:
        return 0.0
    return tp / (tp + fp)


def page_recall(counts: PageCounts) -> float:
    """Recall of one page: 1 when nothing is wrong, 0 when nothing is right or true."""
    tp, fp, fn = counts
    if fp == 0 and fn == 0:
        return 1.0
    if tp == 0 and fn == 0:
        return 0.0
    return tp / (tp + fn)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def aggregate(pages: Iterable[PageCounts]) -> dict[str, float]:
    """Precision, recall and F1 over pages, averaged the way the benchmark does.

    Precision is averaged over pages with a non-empty prediction (``tp + fp > 0``), recall over
    pages with a non-empty truth (``tp + fn > 0``); F1 is the harmonic mean of the two averages.
    """
    pages = list(pages)
    precision = _mean([page_precision(c) for c in pages if c[0] + c[1] > 0])
    recall = _mean([page_recall(c) for c in pages if c[0] + c[2] > 0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def score(
    ground_truth: Mapping[str, str | None], predictions: Mapping[str, str | None]
) -> dict[str, float | int]:
    """Score predicted article bodies against the truth, both keyed by item id.

    Every id of ``ground_truth`` is scored; an id missing from ``predictions`` counts as an empty
    prediction. Returns ``precision``, ``recall``, ``f1``, ``accuracy`` and ``pages``.
    """
    counts: list[PageCounts] = []
    exact = 0
    for key, true in ground_truth.items():
        pred = predictions.get(key)
        counts.append(page_counts(true, pred))
        exact += tokenize(true) == tokenize(pred)
    result: dict[str, float | int] = dict(aggregate(counts))
    result["accuracy"] = exact / len(counts) if counts else 0.0
    result["pages"] = len(counts)
    return result


# --------------------------------------------------------------------------- the dataset


def _benchmark_paths(data_dir: str | os.PathLike[str]) -> tuple[Path, Path]:
    root = Path(data_dir)
    truth, html = root / "ground-truth.json", root / "html"
    if not truth.is_file() or not html.is_dir():
        missing = "ground-truth.json" if not truth.is_file() else "html/"
        raise EvaluationError(
            f"{root}: not an article-extraction-benchmark folder ({missing} is missing). Pass the "
            "folder that holds ground-truth.json and html/<item_id>.html.gz, e.g. "
            "../shared/data/article_extraction_benchmark, or a checkout of "
            "github.com/scrapinghub/article-extraction-benchmark"
        )
    return truth, html


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvaluationError(f"{path}: cannot be read as JSON ({exc})") from exc


def _entries(path: Path, *, wrapped_ok: bool) -> dict[str, dict[str, Any]]:
    """``{item_id: {"articleBody": ..., ...}}`` from a ground-truth or system-output file."""
    data = _load_json(path)
    if wrapped_ok and isinstance(data, dict) and isinstance(data.get("output"), dict):
        data = data["output"]  # newer outputs: {"version": ..., "output": {...}}
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise EvaluationError(
            f"{path}: expected a JSON object {{item_id: {{'articleBody': ...}}}}; is this a file "
            "of the article-extraction-benchmark?"
        )
    return data


def _bodies(entries: Mapping[str, Mapping[str, Any]]) -> dict[str, str | None]:
    return {key: value.get("articleBody") for key, value in entries.items()}


def load_ground_truth(data_dir: str | os.PathLike[str]) -> dict[str, str | None]:
    """The benchmark's ``{item_id: articleBody}``; raises :class:`EvaluationError` if absent."""
    truth, _ = _benchmark_paths(data_dir)
    return _bodies(_entries(truth, wrapped_ok=False))


def load_system_output(path: str | os.PathLike[str]) -> dict[str, str | None]:
    """A stored system output (``output/<system>.json``), plain or ``{"version", "output"}``."""
    return _bodies(_entries(Path(path), wrapped_ok=True))


def score_system_output(
    data_dir: str | os.PathLike[str], output: str | os.PathLike[str]
) -> dict[str, float | int]:
    """Score a stored system output against the ground truth of ``data_dir``.

    Use it to check this metric against the published figures, e.g. the benchmark's own
    ``output/trafilatura.json`` (trafilatura 2.0.0, published F1 0.958).
    """
    return score(load_ground_truth(data_dir), load_system_output(output))


def _extract_with_presslens(html: str, url: str | None) -> str:
    from ..ingest.html import extract_html

    return extract_html(html, url=url, origin=url or "<html>").text


def evaluate_extraction(
    data_dir: str | os.PathLike[str],
    *,
    limit: int | None = None,
    extractor: Callable[[str, str | None], str] | None = None,
) -> dict[str, Any]:
    """Run presslens HTML extraction over the benchmark and score it with the benchmark's metric.

    ``data_dir`` is the benchmark folder (``ground-truth.json`` and ``html/``); ``limit`` scores
    only the first ``limit`` pages in item-id order (for quick checks). ``extractor`` replaces
    :func:`presslens.ingest.html.extract_html` with any ``(html, url) -> text`` callable (for
    comparing extraction settings); an :class:`IngestError` from it counts as an empty
    prediction.

    Returns ``precision``, ``recall``, ``f1``, ``accuracy``, ``pages``, ``failed`` (pages that
    raised :class:`IngestError`), ``seconds``, ``docs_per_s`` and ``mb_per_s`` (MB of
    decompressed HTML per second). Raises :class:`EvaluationError` when the folder is not the
    benchmark or a page file is missing.
    """
    truth_path, html_dir = _benchmark_paths(data_dir)
    entries = _entries(truth_path, wrapped_ok=False)
    ids = sorted(entries)
    if limit is not None:
        ids = ids[: max(0, limit)]
    extract = extractor or _extract_with_presslens

    predictions: dict[str, str | None] = {}
    failed = 0
    size = 0
    start = time.perf_counter()
    for item_id in ids:
        page = html_dir / f"{item_id}.html.gz"
        try:
            with gzip.open(page, "rb") as fh:
                data = fh.read()
        except (OSError, EOFError) as exc:
            raise EvaluationError(
                f"{page}: cannot be read ({exc}); the benchmark folder looks incomplete, fetch "
                "html/ again from github.com/scrapinghub/article-extraction-benchmark"
            ) from exc
        size += len(data)
        url = entries[item_id].get("url")
        try:
            predictions[item_id] = extract(data.decode("utf-8", errors="replace"), url)
        except IngestError:
            predictions[item_id] = None
            failed += 1
    seconds = time.perf_counter() - start

    result: dict[str, Any] = dict(
        score({k: entries[k].get("articleBody") for k in ids}, predictions)
    )
    result.update(
        failed=failed,
        seconds=seconds,
        docs_per_s=len(ids) / seconds if seconds > 0 else 0.0,
        mb_per_s=size / 1e6 / seconds if seconds > 0 else 0.0,
    )
    return result
