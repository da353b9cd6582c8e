"""The one way in to evaluations: every task checks its dataset folder first and fails with one
clear line (exit 3), never a traceback; the options of the old `python -m presslens.heads`."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from presslens.cli import build_parser, main
from presslens.errors import EvaluationError
from presslens.evaluate.registry import EVAL_TASKS, TRAIN_TASKS

TASKS = ("extraction", "quotes", "events", "claims", "subjectivity", "stance", "techniques")


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("presslens: error: ") and "Traceback" not in captured.err
    return lines[0]


def test_every_task_is_in_the_registry() -> None:
    assert set(EVAL_TASKS) == set(TASKS)
    assert set(TRAIN_TASKS) <= set(EVAL_TASKS)


@pytest.mark.parametrize("task", TASKS)
def test_eval_on_an_empty_folder_says_what_is_missing(
    task: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", task, "--data", str(tmp_path)]) == 3
    line = _one_error_line(capsys)
    assert f"{tmp_path} lacks " in line and "--data ../shared/data/" in line, line


@pytest.mark.parametrize("task", TASKS)
def test_eval_on_a_missing_folder_says_so(
    task: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", task, "--data", str(tmp_path / "nowhere")]) == 3
    line = _one_error_line(capsys)
    assert "there is no dataset folder" in line and "(from github.com/" in line, line


@pytest.mark.parametrize("task", sorted(TRAIN_TASKS))
def test_train_on_an_empty_folder_says_what_is_missing(
    task: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["train", task, "--data", str(tmp_path)]) == 3
    assert f"{tmp_path} lacks " in _one_error_line(capsys)


def test_a_folder_missing_one_split_names_that_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "CT24_checkworthy_english_dev.tsv").write_text("Sentence_id\tText\tclass_label\n")
    assert main(["eval", "claims", "--data", str(tmp_path)]) == 3  # default split: dev-test
    line = _one_error_line(capsys)
    assert "lacks CT24_checkworthy_english_dev-test.tsv (CheckThat! 2024" in line
    assert main(["eval", "claims", "--data", str(tmp_path), "--split", "nope"]) == 3
    assert "unknown split 'nope'; choose one of train, dev, dev-test" in _one_error_line(capsys)
    with pytest.raises(EvaluationError, match="dev-test"):
        EVAL_TASKS["claims"].check(tmp_path)
    assert EVAL_TASKS["claims"].check(tmp_path, "dev").title.startswith("CheckThat! 2024")


def test_options_that_do_not_apply_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", "events", "--data", str(tmp_path), "--split", "dev"]) == 2
    assert "--split does not apply to `eval events`" in _one_error_line(capsys)
    assert main(["eval", "events", "--data", str(tmp_path), "--weights", str(tmp_path)]) == 2
    assert "--weights does not apply to `eval events`" in _one_error_line(capsys)
    assert main(["eval", "subjectivity", "--data", str(tmp_path), "--baseline"]) == 2
    assert "it takes --weights" in _one_error_line(capsys)
    assert main(["train", "techniques", "--data", str(tmp_path), "--weights", "x"]) == 2
    _one_error_line(capsys)


def test_the_second_command_is_gone_and_its_options_are_in_the_main_one() -> None:
    assert importlib.util.find_spec("presslens.heads.__main__") is None
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for command in ("eval", "train"):
        options = {o for a in commands[command]._actions for o in a.option_strings}
        assert {"--weights", "--baseline"} <= options


def test_weights_from_a_folder_reach_the_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "dev_en.tsv").write_text("sentence_id\tsentence\tlabel\n1\tIt rained.\tOBJ\n")
    (data / "CT24_checkworthy_english_dev-test.tsv").write_text(
        "Sentence_id\tText\tclass_label\n1\tIt rained.\tNo\n"
    )
    empty = tmp_path / "weights"
    empty.mkdir()
    args = ["--data", str(data), "--weights", str(empty)]
    assert main(["eval", "subjectivity", *args]) == 3
    line = _one_error_line(capsys)
    assert f"no weights for the 'subjectivity' head in {empty}" in line
    assert f"presslens train subjectivity --weights {empty}" in line
    assert main(["eval", "claims", "--baseline", *args]) == 3
    assert f"presslens train claims --baseline --weights {empty}" in _one_error_line(capsys)
