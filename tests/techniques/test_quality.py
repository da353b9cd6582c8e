"""Quality gate: the shipped model on a fixed slice of PTC dev (the first 20 articles by file
name), against the floors pinned in tests/quality_floors.json (measured on this slice: SI 0.436,
TC 0.502; on all of PTC dev: 0.378 and 0.587, docs/techniques.md)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("torch")


@pytest.mark.slow
@pytest.mark.needs_shared
def test_ptc_dev_slice_floors(shared: Path, gate: ModuleType) -> None:
    from presslens.evaluate.techniques import evaluate_techniques

    args = gate.arguments("techniques")
    scores = evaluate_techniques(args.data, split=args.split, limit=args.limit)
    assert scores["articles"] == args.limit == 20
    gate.check("techniques", scores)
    assert set(scores["per_technique"]) and all(
        0.0 <= v["f1"] <= 1.0 for v in scores["per_technique"].values()
    )
