"""The one quality gate: every pinned floor lives in ``tests/quality_floors.json``.

Each entry names a ``task`` (as in ``presslens eval TASK``), a ``metric`` (a dotted path into the
scores the evaluation returns, e.g. ``speech.overlap.f1``), the ``value`` it must reach, the
``command`` that measures it, the ``data`` files it was measured on (glob patterns under
``../shared/data``) and their ``digest`` (:func:`data_digest`: SHA-256, first 16 hex digits). A
``ceiling`` entry bounds from above (the score must stay at or below ``value``). ``measured`` is
what the command gave when the floor was set.

The quality tests ask this module for their floors and for the arguments of the command
(:func:`arguments`), and hand it their scores (:func:`check`). A floor measured on other data
than ``../shared/data`` holds now fails loudly instead of passing or failing for the wrong
reason. Floors change only through ``python tests/update_floors.py`` (:func:`update`), which
refuses to lower a floor (or raise a ceiling) without ``--lower``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FLOORS_FILE = HERE / "quality_floors.json"
DATA = HERE.parent.parent / "shared" / "data"
UPDATE = "python tests/update_floors.py"


@dataclass(frozen=True, slots=True)
class Floor:
    task: str
    metric: str
    value: float
    command: str
    data: tuple[str, ...]
    digest: str
    ceiling: bool = False
    measured: float | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.task, self.metric

    def holds(self, score: float) -> bool:
        return score <= self.value if self.ceiling else score >= self.value

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"task": self.task, "metric": self.metric, "value": self.value}
        if self.ceiling:
            out["ceiling"] = True
        if self.measured is not None:
            out["measured"] = self.measured
        out.update(command=self.command, data=list(self.data), digest=self.digest)
        return out


def load(path: Path = FLOORS_FILE) -> list[Floor]:
    """Every floor in the file, in file order."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [
        Floor(
            task=f["task"],
            metric=f["metric"],
            value=float(f["value"]),
            command=f["command"],
            data=tuple(f["data"]),
            digest=f["digest"],
            ceiling=bool(f.get("ceiling", False)),
            measured=f.get("measured"),
        )
        for f in raw["floors"]
    ]


def save(floors: Iterable[Floor], path: Path = FLOORS_FILE) -> None:
    body = {
        "about": "Pinned quality floors; read by tests/quality_gate.py, changed only with "
        f"`{UPDATE} TASK METRIC VALUE` (see the README's developer section).",
        "floors": [f.to_json() for f in floors],
    }
    path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def floors(task: str, path: Path = FLOORS_FILE) -> list[Floor]:
    """The floors of ``task``; a task with none is a mistake in the caller."""
    found = [f for f in load(path) if f.task == task]
    if not found:
        raise KeyError(f"no floors for {task!r} in {path.name}")
    return found


# --------------------------------------------------------------------------- data digests


def data_files(patterns: Iterable[str], root: Path = DATA) -> list[Path]:
    """The files the patterns match under ``root``, sorted by path, each once."""
    found = {p for pattern in patterns for p in root.glob(pattern) if p.is_file()}
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def data_digest(patterns: Iterable[str], root: Path = DATA) -> str:
    """SHA-256 (first 16 hex digits) over the matched files' relative paths and bytes."""
    patterns = list(patterns)
    files = data_files(patterns, root)
    if not files:
        raise FileNotFoundError(f"no files match {patterns} under {root}")
    digest = hashlib.sha256()
    for path in files:
        data = path.read_bytes()
        digest.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()[:16]


# --------------------------------------------------------------------------- the gate


def arguments(task: str, path: Path = FLOORS_FILE) -> argparse.Namespace:
    """The ``presslens eval`` arguments of the command that measures ``task``'s floors
    (``data`` resolved under ``../shared/data``), so the test runs what the file says."""
    from presslens.cli import build_parser

    commands = {f.command for f in floors(task, path)}
    if len(commands) != 1:
        raise ValueError(f"the floors of {task!r} name several commands: {sorted(commands)}")
    words = commands.pop().split()
    args = build_parser().parse_args(words[1:])
    args.data = DATA / Path(args.data).relative_to("../shared/data")
    return args


def _lookup(scores: Mapping[str, Any], metric: str) -> float:
    value: Any = scores
    for part in metric.split("."):
        value = value[part]
    return float(value)


def check(
    task: str, scores: Mapping[str, Any], path: Path = FLOORS_FILE, root: Path = DATA
) -> None:
    """Assert every floor of ``task`` on ``scores``, after checking that the data is the data
    the floors were measured on."""
    failures = []
    for floor in floors(task, path):
        now = data_digest(floor.data, root)
        assert now == floor.digest, (
            f"{floor.task} {floor.metric}: the data changed since the floor was measured "
            f"(digest {now}, pinned {floor.digest} for {list(floor.data)}); measure again with "
            f"`{floor.command}` and pin the result with `{UPDATE} {floor.task} {floor.metric} "
            "VALUE`"
        )
        score = _lookup(scores, floor.metric)
        if not floor.holds(score):
            bound = "at most" if floor.ceiling else "at least"
            failures.append(f"{floor.metric} = {score:.4f}, must be {bound} {floor.value}")
    assert not failures, f"{task} below its floors: {'; '.join(failures)}; scores: {scores}"


# --------------------------------------------------------------------------- updates


class RefusedError(ValueError):
    """An update that would loosen the gate without ``--lower``."""


def update(
    task: str,
    metric: str,
    value: float,
    *,
    lower: bool = False,
    measured: float | None = None,
    command: str | None = None,
    data: Iterable[str] | None = None,
    ceiling: bool = False,
    path: Path = FLOORS_FILE,
    root: Path = DATA,
) -> Floor:
    """Set the floor ``(task, metric)`` to ``value`` and pin the digest of its data as it is
    now. Raises :class:`RefusedError` for a lower floor (a higher ceiling) unless ``lower``;
    a new floor needs ``command`` and ``data`` unless the task has floors to copy them from."""
    current = load(path)
    old = next((f for f in current if f.key == (task, metric)), None)
    sibling = next((f for f in current if f.task == task), None)
    if old is not None:
        looser = value > old.value if old.ceiling else value < old.value
        if looser and not lower:
            kind = "ceiling" if old.ceiling else "floor"
            raise RefusedError(
                f"refusing to loosen the {kind} {task} {metric} from {old.value} to {value}; "
                "pass --lower if that is really meant (and say why in the commit)"
            )
    base = old or sibling
    command = command or (base.command if base else None)
    patterns = tuple(data) if data is not None else (base.data if base else ())
    if not command or not patterns:
        raise RefusedError(
            f"{task} {metric} is a new floor of a new task: give --command and --data"
        )
    new = Floor(
        task=task,
        metric=metric,
        value=value,
        command=command,
        data=patterns,
        digest=data_digest(patterns, root),
        ceiling=old.ceiling if old is not None else ceiling,
        measured=measured if measured is not None else (old.measured if old else None),
    )
    if old is not None:
        current[current.index(old)] = new
    else:
        at = max((i for i, f in enumerate(current) if f.task == task), default=len(current) - 1)
        current.insert(at + 1, new)
    save(current, path)
    return new
