"""The one quality gate: tests/quality_floors.json is well formed, its digests match the data,
no test keeps a floor of its own, and floors are only loosened on purpose."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from presslens.cli import build_parser
from presslens.evaluate.registry import EVAL_TASKS

TESTS = Path(__file__).resolve().parent
UPDATE = TESTS / "update_floors.py"


def test_every_floor_names_a_task_a_command_and_its_data(gate: ModuleType) -> None:
    floors = gate.load()
    keys = [f.key for f in floors]
    assert len(keys) == len(set(keys)), "a (task, metric) pinned twice"
    for floor in floors:
        assert floor.task in EVAL_TASKS, floor
        words = floor.command.split()
        assert words[0] == "presslens", floor
        args = build_parser().parse_args(words[1:])
        assert (args.command, args.task) == ("eval", floor.task), floor
        assert args.data.startswith("../shared/data/"), floor
        assert all(p.startswith(args.data.removeprefix("../shared/data/")) for p in floor.data)
        assert re.fullmatch(r"[0-9a-f]{16}", floor.digest), floor
        assert 0.0 < floor.value <= 1.0
    assert {f.task for f in floors} == set(EVAL_TASKS)  # every evaluation has a gate


def test_no_test_keeps_a_floor_of_its_own() -> None:
    pinned = re.compile(r"^\s*[A-Z_]*(FLOOR|FLOORS|CEILING)\s*=|>=\s*0\.\d+\s*$", re.M)
    for path in TESTS.rglob("test_*.py"):
        text = path.read_text(encoding="utf-8")
        quality = "quality" in text.lower() and "gate" in text.lower()
        assert not (quality and pinned.search(text)), f"{path}: read floors from the gate"


@pytest.mark.needs_shared
def test_the_digests_are_those_of_the_shared_data(shared: Path, gate: ModuleType) -> None:
    for floor in gate.load():
        assert gate.data_digest(floor.data) == floor.digest, floor


@pytest.fixture
def fake(tmp_path: Path, gate: ModuleType) -> tuple[Path, Path]:
    """A copy of the floors file and a stand-in for ../shared/data that its extraction floor
    can be measured on."""
    data = tmp_path / "data"
    (data / "article_extraction_benchmark" / "html").mkdir(parents=True)
    (data / "article_extraction_benchmark" / "ground-truth.json").write_text("{}")
    (data / "article_extraction_benchmark" / "html" / "a.html.gz").write_bytes(b"\x1f\x8b")
    floors = tmp_path / "floors.json"
    shutil.copy(gate.FLOORS_FILE, floors)
    return floors, data


def _update(floors: Path, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(UPDATE), *args, "--file", str(floors)]
    return subprocess.run(
        [*command, "--shared-data", str(data)], capture_output=True, text=True, check=False
    )


def test_the_update_command_refuses_to_lower_a_floor_without_the_flag(
    fake: tuple[Path, Path], gate: ModuleType
) -> None:
    floors, data = fake
    before = floors.read_text()
    pinned = {f.key: f for f in gate.load(floors)}[("extraction", "f1")]
    done = _update(floors, data, "extraction", "f1", str(pinned.value - 0.1))
    assert done.returncode == 2 and "--lower" in done.stderr, done
    assert floors.read_text() == before
    done = _update(floors, data, "extraction", "f1", str(pinned.value - 0.1), "--lower")
    assert done.returncode == 0, done.stderr
    now = {f.key: f for f in gate.load(floors)}[("extraction", "f1")]
    assert now.value == pytest.approx(pinned.value - 0.1)
    assert now.digest == gate.data_digest(now.data, data) != pinned.digest
    assert now.command == pinned.command
    # raising a floor needs no flag; the rest of the file is left as it was
    done = _update(floors, data, "extraction", "f1", "0.99", "--measured", "0.995")
    assert done.returncode == 0, done.stderr
    after = json.loads(floors.read_text())["floors"]
    assert after[0]["value"] == 0.99 and after[0]["measured"] == 0.995
    assert after[1:] == json.loads(before)["floors"][1:]


def test_a_ceiling_is_loosened_upwards_only_with_the_flag(
    fake: tuple[Path, Path], gate: ModuleType
) -> None:
    floors, data = fake
    with pytest.raises(gate.RefusedError, match="ceiling"):
        gate.update("stance", "name_swap_changes.changed", 0.5, path=floors, root=data)


def test_the_gate_checks_the_data_then_every_floor(
    fake: tuple[Path, Path], gate: ModuleType
) -> None:
    floors, data = fake
    gate.update("extraction", "f1", 0.9, lower=True, path=floors, root=data)
    gate.check("extraction", {"f1": 0.95}, floors, data)
    with pytest.raises(AssertionError, match=r"f1 = 0\.8000, must be at least 0\.9"):
        gate.check("extraction", {"f1": 0.8}, floors, data)
    (data / "article_extraction_benchmark" / "ground-truth.json").write_text('{"x": 1}')
    with pytest.raises(AssertionError, match="the data changed"):
        gate.check("extraction", {"f1": 0.95}, floors, data)
    args = gate.arguments("techniques")
    assert (args.split, args.limit) == ("dev", 20)
    assert args.data == gate.DATA / "ptc"
