"""The one way in to evaluations and training: every task, its dataset and its options.

``presslens eval TASK`` and ``presslens train TASK`` read :data:`EVAL_TASKS` and
:data:`TRAIN_TASKS`. Each task first checks its dataset folder (:meth:`Dataset.check`), before
any model loads, and raises :class:`~presslens.errors.EvaluationError` with one line that says
what is missing, what the folder should hold and where to get it. Then it calls the task's
function (``module:function``, imported only then)::

    from presslens.evaluate.registry import EVAL_TASKS

    scores = EVAL_TASKS["claims"].run("../shared/data/checkthat24_task1_en", limit=300)

Options beyond ``split`` and ``limit``: ``weights`` (read the model from that folder instead of
the shipped weights; for training, write it there) and ``baseline`` (claims, stance: the head on
the shared encoder pass, the baseline the fine-tuned model replaced).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvaluationError

__all__ = ["DATASETS", "EVAL_TASKS", "TRAIN_TASKS", "Dataset", "EvalTask", "TrainTask"]


@dataclass(frozen=True, slots=True)
class Dataset:
    """A dataset folder's layout: ``needs`` are paths inside it (``{split}`` stands for the
    split; a trailing ``/`` marks a folder); ``splits`` are those it has, if it has several."""

    title: str
    example: str
    source: str
    needs: tuple[str, ...]
    splits: tuple[str, ...] = ()
    default_split: str | None = None

    def paths(self, splits: tuple[str, ...]) -> list[str]:
        """What the folder must hold for ``splits``."""
        out: list[str] = []
        for need in self.needs:
            if "{split}" in need:
                out.extend(need.format(split=s) for s in splits)
            else:
                out.append(need)
        return out

    def missing(self, root: Path, splits: tuple[str, ...]) -> list[str]:
        """The paths of :meth:`paths` that ``root`` lacks."""
        return [
            p
            for p in self.paths(splits)
            if not ((root / p).is_dir() if p.endswith("/") else (root / p).is_file())
        ]

    def hint(self) -> str:
        return f"the {self.title} folder, e.g. --data {self.example} (from {self.source})"


def _check(
    datasets: tuple[Dataset, ...],
    data_dir: str | Path,
    split: str | None = None,
    *,
    reads: tuple[str, ...] | None = None,
) -> Dataset:
    """The first of ``datasets`` that ``data_dir`` holds, complete for ``split`` (else the
    dataset's default split; ``reads``: these splits, or every split when empty); otherwise
    :class:`EvaluationError` with one line that says what is missing and where to get it."""
    root = Path(data_dir)
    hints = " or ".join(d.hint() for d in datasets)
    if not root.exists():
        raise EvaluationError(f"there is no dataset folder {root}; pass {hints}")
    if not root.is_dir():
        raise EvaluationError(f"{root} is a file, not a dataset folder; pass {hints}")
    known = [s for d in datasets for s in d.splits]
    if split is not None and known and split not in known:
        raise EvaluationError(
            f"unknown split {split!r}; choose one of {', '.join(dict.fromkeys(known))}"
        )
    gaps = []
    for dataset in datasets:
        if split is not None and dataset.splits and split not in dataset.splits:
            continue
        if reads is not None:
            splits = tuple(s for s in dataset.splits if not reads or s in reads)
        else:
            chosen = split or dataset.default_split
            splits = (chosen,) if chosen else ()
        missing = dataset.missing(root, splits)
        if not missing:
            return dataset
        gaps.append(f"{', '.join(missing)} ({dataset.title})")
    raise EvaluationError(f"{root} lacks {' and '.join(gaps)}; pass {hints}")


def _load(target: str) -> Callable[..., dict[str, Any]]:
    module, _, function = target.partition(":")
    return getattr(importlib.import_module(module), function)


@dataclass(frozen=True, slots=True)
class EvalTask:
    """``presslens eval NAME``: ``target`` (``module:function``) is called as
    ``function(data_dir, *, split=..., limit=..., weights=...)``; with ``baseline``, the
    ``baseline`` target instead."""

    name: str
    target: str
    datasets: tuple[Dataset, ...]
    options: frozenset[str] = field(default_factory=frozenset)
    baseline: str | None = None

    @property
    def has_split(self) -> bool:
        return any(d.splits for d in self.datasets)

    def check(self, data_dir: str | Path, split: str | None = None) -> Dataset:
        """The dataset in ``data_dir``; raises :class:`EvaluationError` when it is not there."""
        return _check(self.datasets, data_dir, split)

    def run(
        self,
        data_dir: str | Path,
        *,
        split: str | None = None,
        limit: int | None = None,
        weights: str | Path | None = None,
        baseline: bool = False,
    ) -> dict[str, Any]:
        """Check the dataset folder, then score; returns the task's JSON-able scores."""
        _refuse(self.name, self.options, weights=weights, baseline=baseline)
        dataset = self.check(data_dir, split)
        kwargs: dict[str, Any] = {}
        if split is not None and dataset.splits:
            kwargs["split"] = split
        if limit is not None:
            kwargs["limit"] = limit
        if weights is not None:
            kwargs["weights"] = Path(weights)
        target = self.baseline if baseline and self.baseline else self.target
        return _load(target)(data_dir, **kwargs)


@dataclass(frozen=True, slots=True)
class TrainTask:
    """``presslens train NAME``: ``target`` is called as ``function(name, data_dir, *,
    seed=..., out=...)`` once the dataset folder holds the splits the training reads
    (``reads``; empty: every split)."""

    name: str
    target: str
    datasets: tuple[Dataset, ...]
    options: frozenset[str] = field(default_factory=frozenset)
    baseline: str | None = None
    reads: tuple[str, ...] = ()

    def check(self, data_dir: str | Path) -> Dataset:
        """The dataset in ``data_dir``; raises :class:`EvaluationError` when it is not there."""
        return _check(self.datasets, data_dir, reads=self.reads)

    def run(
        self,
        data_dir: str | Path,
        *,
        seed: int = 13,
        weights: str | Path | None = None,
        baseline: bool = False,
    ) -> dict[str, Any]:
        _refuse(self.name, self.options, weights=weights, baseline=baseline)
        self.check(data_dir)
        kwargs: dict[str, Any] = {"seed": seed}
        if weights is not None:
            kwargs["out"] = Path(weights)
        target = self.baseline if baseline and self.baseline else self.target
        return _load(target)(self.name, data_dir, **kwargs)


def _refuse(task: str, options: frozenset[str], **given: Any) -> None:
    unknown = [f"--{name}" for name, value in given.items() if value and name not in options]
    if unknown:
        allowed = ", ".join(f"--{o}" for o in sorted(options)) or "none"
        raise EvaluationError(
            f"{' and '.join(unknown)} does not apply to {task!r} (its options: {allowed})"
        )


SHARED = "../shared/data"

DATASETS: dict[str, Dataset] = {
    "extraction": Dataset(
        "article-extraction benchmark",
        f"{SHARED}/article_extraction_benchmark",
        "github.com/scrapinghub/article-extraction-benchmark",
        ("ground-truth.json", "html/"),
    ),
    "polnear": Dataset(
        "PolNeAR",
        f"{SHARED}/polnear",
        "github.com/networkdynamics/PolNeAR",
        ("{split}/attributions/", "{split}/text/"),
        ("train", "dev"),
        "dev",
    ),
    "petrarch2": Dataset(
        "PETRARCH2",
        f"{SHARED}/petrarch2",
        "github.com/openeventdata/petrarch2",
        (
            "text/PETR.UnitTest.records.shared-half.xml",
            "dictionaries/PETR.Validate.actors.txt",
            "dictionaries/PETR.Validate.verbs.txt",
        ),
    ),
    "checkthat24": Dataset(
        "CheckThat! 2024 task 1 (English)",
        f"{SHARED}/checkthat24_task1_en",
        "github.com/isyufeng/FactFinders",
        ("CT24_checkworthy_english_{split}.tsv",),
        ("train", "dev", "dev-test"),
        "dev-test",
    ),
    "checkthat25": Dataset(
        "CheckThat! 2025 subjectivity (English)",
        f"{SHARED}/checkthat25_subjectivity_en",
        "github.com/mehreganmohseni/Subjectivity-in-News-Articles",
        ("{split}_en.tsv",),
        ("train", "dev"),
        "dev",
    ),
    "newsmtsc": Dataset(
        "NewsMTSC",
        f"{SHARED}/newsmtsc",
        "github.com/fhamborg/NewsMTSC",
        ("{split}.jsonl",),
        ("train", "devtest_mt"),
        "devtest_mt",
    ),
    "ptc": Dataset(
        "PTC (SemEval-2020 Task 11)",
        f"{SHARED}/ptc",
        "github.com/aschern/semeval2020_task11",
        ("{split}-articles/", "{split}-task-flc-tc.labels"),
        ("train", "dev"),
        "dev",
    ),
    "semeval2023": Dataset(
        "SemEval-2023 Task 3",
        f"{SHARED}/semeval2023_task3",
        "github.com/yrf1/SemEval23-Task-3-UIUC-Team",
        ("data/en/train-labels-subtask-3.txt", "data/en/train-articles-subtask-3/"),
    ),
}
"""The datasets by short name: what each folder holds and where to get it."""

_HEADS = frozenset({"weights", "baseline"})
_D = DATASETS

EVAL_TASKS: dict[str, EvalTask] = {
    task.name: task
    for task in (
        EvalTask("extraction", "presslens.evaluate.extraction:evaluate_extraction",
                 (_D["extraction"],)),
        EvalTask("quotes", "presslens.evaluate.quotes:evaluate_quotes", (_D["polnear"],)),
        EvalTask("events", "presslens.evaluate.events:evaluate_events", (_D["petrarch2"],)),
        EvalTask("claims", "presslens.evaluate.heads:evaluate_claims", (_D["checkthat24"],),
                 _HEADS, "presslens.evaluate.heads:evaluate_claims_head"),
        EvalTask("subjectivity", "presslens.evaluate.heads:evaluate_subjectivity",
                 (_D["checkthat25"],), frozenset({"weights"})),
        EvalTask("stance", "presslens.evaluate.heads:evaluate_stance", (_D["newsmtsc"],),
                 _HEADS, "presslens.evaluate.heads:evaluate_stance_head"),
        EvalTask("techniques", "presslens.evaluate.techniques:evaluate_techniques",
                 (_D["ptc"], _D["semeval2023"])),
    )
}  # fmt: skip
"""``presslens eval`` tasks by name."""

TRAIN_TASKS: dict[str, TrainTask] = {
    task.name: task
    for task in (
        TrainTask("claims", "presslens.claims.train:train_claims", (_D["checkthat24"],),
                  _HEADS, "presslens.heads.train:train_head"),
        TrainTask("subjectivity", "presslens.heads.train:train_head", (_D["checkthat25"],),
                  frozenset({"weights"})),
        TrainTask("stance", "presslens.stance.train:train_stance", (_D["newsmtsc"],),
                  _HEADS, "presslens.heads.train:train_head"),
        TrainTask("techniques", "presslens.techniques.train:train_techniques",
                  (_D["ptc"], _D["semeval2023"]), reads=("train",)),
    )
}  # fmt: skip
"""``presslens train`` tasks by name."""
