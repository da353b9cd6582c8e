"""Where the time of a run goes: named stages timed exclusively, for ``analyze --profile`` and
``presslens bench pipeline``.

A stage is timed with :func:`stage`; stages nest, and a stage's figure excludes the stages
inside it, so the shares of one run add up to the whole. Timing happens only while a
:class:`Profile` is active (:func:`profiling`); otherwise :func:`stage` costs one lookup.

>>> with profiling() as prof:                       # doctest: +SKIP
...     analyze(["dossier/"], out_dir="out")
>>> prof.table()                                     # doctest: +SKIP
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

__all__ = ["Profile", "profiling", "stage", "timed"]

T = TypeVar("T")


@dataclass
class Profile:
    """Exclusive seconds and call counts by stage name."""

    seconds: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    _stack: list[list[Any]] = field(default_factory=list)

    def add(self, name: str, seconds: float, calls: int = 1) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds
        self.calls[name] = self.calls.get(name, 0) + calls

    @property
    def total(self) -> float:
        return sum(self.seconds.values())

    def shares(self) -> dict[str, float]:
        """Each stage's share of the timed total, largest first."""
        total = self.total or 1.0
        ordered = sorted(self.seconds.items(), key=lambda kv: -kv[1])
        return {name: secs / total for name, secs in ordered}

    def to_dict(self) -> dict[str, Any]:
        return {
            name: {
                "seconds": round(self.seconds[name], 3),
                "share": round(share, 4),
                "calls": self.calls.get(name, 0),
            }
            for name, share in self.shares().items()
        }

    def table(self) -> str:
        """A text table: stage, seconds, share, calls."""
        rows = [f"{'stage':<34} {'seconds':>9} {'share':>7} {'calls':>7}"]
        for name, row in self.to_dict().items():
            rows.append(
                f"{name:<34} {row['seconds']:>9.2f} {100 * row['share']:>6.1f}% {row['calls']:>7}"
            )
        rows.append(f"{'total':<34} {self.total:>9.2f}")
        return "\n".join(rows)


_ACTIVE: ContextVar[Profile | None] = ContextVar("presslens_profile", default=None)


@contextmanager
def profiling(profile: Profile | None = None) -> Iterator[Profile]:
    """Activate ``profile`` (a new one by default) for the code inside the block."""
    prof = profile or Profile()
    token = _ACTIVE.set(prof)
    try:
        yield prof
    finally:
        _ACTIVE.reset(token)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time the block as stage ``name`` (excluding the stages nested inside it)."""
    prof = _ACTIVE.get()
    if prof is None:
        yield
        return
    frame: list[Any] = [name, 0.0]  # name, seconds spent in nested stages
    prof._stack.append(frame)
    started = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - started
        prof._stack.pop()
        prof.add(name, elapsed - float(frame[1]))
        if prof._stack:
            prof._stack[-1][1] += elapsed


def timed(name: str, items: Iterable[T]) -> Iterator[T]:
    """Yield from ``items``, timing the production of each item as stage ``name`` (a generator's
    own work, such as reading inputs, without the work its consumer does in between)."""
    it = iter(items)
    while True:
        with stage(name):
            try:
                item = next(it)
            except StopIteration:
                return
        yield item
