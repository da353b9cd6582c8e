"""Readers for the heads' training and evaluation sets (paths given by the caller)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

SUBJECTIVITY_FILES = {"train": "train_en.tsv", "dev": "dev_en.tsv"}
CLAIMS_FILES = {
    "train": "CT24_checkworthy_english_train.tsv",
    "dev": "CT24_checkworthy_english_dev.tsv",
    "dev-test": "CT24_checkworthy_english_dev-test.tsv",
}
STANCE_FILES = {"train": "train.jsonl", "devtest_mt": "devtest_mt.jsonl"}
POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}
"""NewsMTSC polarity -> class index (negative, neutral, positive)."""


@dataclass(frozen=True, slots=True)
class LabelledSentences:
    """Labelled sentences: ``labels[i]`` is the class index of ``texts[i]``."""

    texts: tuple[str, ...]
    labels: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Targets:
    """Sentences with target spans; ``labels`` is flat, one per target, in reading order."""

    texts: tuple[str, ...]
    spans: tuple[tuple[tuple[int, int], ...], ...]
    labels: tuple[int, ...]


def _split_file(data_dir: str | Path, files: dict[str, str], split: str) -> Path:
    if split not in files:
        raise ValueError(f"unknown split {split!r}; choose one of {', '.join(files)}")
    path = Path(data_dir) / files[split]
    if not path.exists():
        raise FileNotFoundError(f"{path} not found; pass the dataset folder with --data")
    return path


def _tsv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_subjectivity(
    data_dir: str | Path, split: str, limit: int | None = None
) -> LabelledSentences:
    """CheckThat! 2025 subjectivity (English): label 1 = SUBJ, 0 = OBJ; columns by header name."""
    rows = _tsv_rows(_split_file(data_dir, SUBJECTIVITY_FILES, split))[:limit]
    return LabelledSentences(
        tuple(r["sentence"] for r in rows), tuple(int(r["label"].strip() == "SUBJ") for r in rows)
    )


def fix_fused_rows(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Split the fused train row (``...<TAB>No29286<TAB>...``): its label swallowed the next id."""
    out: list[dict[str, str]] = []
    for r in rows:
        label = (r.get("class_label") or "").strip()
        extra = r.get(None)  # type: ignore[call-overload]
        if label not in ("Yes", "No") and extra:
            for lab in ("Yes", "No"):
                if label.startswith(lab) and label[len(lab) :].isdigit():
                    out.append(
                        {"Sentence_id": r["Sentence_id"], "Text": r["Text"], "class_label": lab}
                    )
                    out.append(
                        {
                            "Sentence_id": label[len(lab) :],
                            "Text": extra[0],
                            "class_label": extra[1],
                        }
                    )
                    break
            continue
        out.append(r)
    return out


def read_claims(data_dir: str | Path, split: str, limit: int | None = None) -> LabelledSentences:
    """CheckThat! 2024 task 1 (English): label 1 = check-worthy ("Yes")."""
    rows = fix_fused_rows(_tsv_rows(_split_file(data_dir, CLAIMS_FILES, split)))[:limit]
    return LabelledSentences(
        tuple(r["Text"] for r in rows), tuple(int(r["class_label"].strip() == "Yes") for r in rows)
    )


def read_stance(data_dir: str | Path, split: str, limit: int | None = None) -> Targets:
    """NewsMTSC: each sentence with its targets' spans and polarity classes (neg/neu/pos)."""
    path = _split_file(data_dir, STANCE_FILES, split)
    texts: list[str] = []
    spans: list[tuple[tuple[int, int], ...]] = []
    labels: list[int] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            if limit is not None and len(texts) >= limit:
                break
            rec = json.loads(line)
            texts.append(rec["sentence_normalized"])
            spans.append(tuple((int(t["from"]), int(t["to"])) for t in rec["targets"]))
            labels.extend(POLARITY[float(t["polarity"])] for t in rec["targets"])
    return Targets(tuple(texts), tuple(spans), tuple(labels))
