"""How well :mod:`presslens.events` codes events, measured on PETRARCH2's validation records.

The records (``text/PETR.UnitTest.records.shared-half.xml``, half of PETRARCH2's unit-test suite)
are stylised sentences about fictional actors (Tolkien places: Arnor = ARN, Gondor = GON) with
the expected ``(source, target, CAMEO event code)`` triples. They are coded here with the
dictionaries the records' header names, from ``dictionaries/``:

* **actors**: ``PETR.Validate.actors.txt`` through
  :func:`presslens.actors.load_petrarch_actors` into ``ActorKB.from_actors(...)``; mentions come
  from the ``actors`` component run with that knowledge base;
* **agents**: ``PETR.Validate.agents.txt`` (:func:`presslens.events.agents.load_agents`);
* **verbs**: ``PETR.Validate.verbs.txt`` (:func:`presslens.events.verbs.load_petrarch_verbs`);
* **discards**: ``PETR.Validate.discards.txt``: a record whose text holds a discard phrase (case
  and word boundaries ignored, a leading ``+`` marks story discards; both drop the record's
  events) is coded with no events.

The parse is presslens's spaCy parse of the record's text, never the records' Stanford parses.

**Actor codes.** A participant's code is its actor's CAMEO code composed with the agent codes of
its noun phrase (PETRARCH's rule, :func:`presslens.events.agents.compose`): ``Arnor cleric`` ->
``ARN`` + ``~REL`` = ``ARNREL``; ``an MSF Arnor diplomat`` -> ``NGO~`` + ``ARN`` + ``~GOV`` =
``NGOARNGOV``; an argument of role nouns only, ``a senior official``, is ``---GOV``. An actor
with dated codes (``[HOBGOV 19950601-19990815]``) takes the first code whose dates hold the
record's date, else its undated code(s); ``FRO/BIL/SAM`` stands for three actors.

**Scoring.** Per record, the predicted triples are a set and the gold triples a multiset; a
predicted triple is a true positive when it matches an unmatched gold triple. ``code_*`` compare
the exact event code; ``root_*`` compare its CAMEO root (the first two digits: ``0231`` and
``023`` both read ``02``); actor codes always compare exactly. Records marked
``error="bad_input_parse"`` test PETRARCH's handling of broken Stanford parses and are left out;
discard records expect no events. ``subsets.validated`` restricts the figures to the records the
file's ``<Include>`` list names with ``sentence="true"``.
"""

from __future__ import annotations

import html
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import EvaluationError

__all__ = ["Record", "evaluate_events", "read_records"]

RECORDS = "text/PETR.UnitTest.records.shared-half.xml"


@dataclass(frozen=True, slots=True)
class Record:
    """One validation record."""

    id: str
    date: str
    category: str
    sentence: bool
    text: str
    gold: tuple[tuple[str, str, str], ...]
    error: str | None = None


_SENTENCE = re.compile(r"<Sentence\s([^>]*)>(.*?)</Sentence>", re.S)
_ATTR = re.compile(r"(\w+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def _attrs(text: str) -> dict[str, str]:
    return {
        m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
        for m in _ATTR.finditer(text)
    }


def read_records(path: str | Path) -> tuple[list[Record], list[str]]:
    """The records of a PETRARCH validation file and the categories its ``<Include>`` names."""
    file = Path(path)
    try:
        raw = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise EvaluationError(
            f"{file}: cannot read the validation records: {exc.strerror}"
        ) from exc
    raw_nocomment = re.sub(r"<!--.*?-->", "", raw, flags=re.S)
    include = re.search(r"<Include>(.*?)</Include>", raw_nocomment, re.S)
    records = []
    for n, match in enumerate(_SENTENCE.finditer(raw_nocomment)):
        attrs = _attrs(match.group(1))
        body = match.group(2)
        text_match = re.search(r"<Text>(.*?)</Text>", body, re.S)
        if text_match is None:
            continue
        gold: list[tuple[str, str, str]] = []
        error = None
        for coding in re.findall(r"<EventCoding\s([^>]*)>", body):
            a = _attrs(coding)
            if "error" in a:
                error = a["error"]
            elif "eventcode" in a:
                gold.append((a.get("sourcecode", ""), a.get("targetcode", ""), a["eventcode"]))
        records.append(
            Record(
                id=attrs.get("id") or f"record-{n}",
                date=attrs.get("date", ""),
                category=attrs.get("category", ""),
                sentence=attrs.get("sentence", "true").lower() == "true",
                text=" ".join(html.unescape(text_match.group(1)).split()),
                gold=tuple(gold),
                error=error,
            )
        )
    if not records:
        raise EvaluationError(f"{file}: no <Sentence> records found")
    return records, (include.group(1).split() if include else [])


def _iso(yyyymmdd: str) -> str | None:
    digits = yyyymmdd.strip()
    try:
        if len(digits) >= 8:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])).isoformat()
        if len(digits) == 6:
            year = int(digits[:2])
            year += 2000 if year <= 30 else 1900
            return date(year, int(digits[2:4]), int(digits[4:6])).isoformat()
    except ValueError:
        return None
    return None


def codes_at(codes: Sequence[tuple[str, str | None, str | None]], when: str | None) -> list[str]:
    """An actor's CAMEO codes on a date: the first dated code in force, else the undated ones."""
    if when is not None:
        for code, start, end in codes:
            if (start or end) and (start is None or start <= when) and (end is None or when < end):
                return [code]
    undated = [code for code, start, end in codes if not start and not end]
    if undated:
        return undated
    return [codes[-1][0]] if codes else []


def _discards(path: Path) -> list[re.Pattern[str]]:
    out: list[re.Pattern[str]] = []
    if not path.is_file():
        return out
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("<!"):
            continue
        phrase = line.lstrip("+").strip()
        words = [re.escape(w) for w in phrase.replace("_", " ").split()]
        if words:
            out.append(re.compile(r"\b" + r"\s+".join(words) + r"\b", re.I))
    return out


def _score(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _root(code: str) -> str:
    return code[:2] if code[:2].isdigit() else code


def _matches(pred: Iterable[tuple[str, str, str]], gold: Iterable[tuple[str, str, str]]) -> int:
    return sum((Counter(pred) & Counter(gold)).values())


def _figures(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    n_pred = sum(len(r["predicted"]) for r in rows)
    n_gold = sum(len(r["gold"]) for r in rows)
    code_tp = sum(r["code_tp"] for r in rows)
    root_tp = sum(r["root_tp"] for r in rows)
    code = _score(code_tp, n_pred, n_gold)
    root = _score(root_tp, n_pred, n_gold)
    return {
        "records": len(rows),
        "gold_events": n_gold,
        "predicted_events": n_pred,
        "code_tp": code_tp,
        "root_tp": root_tp,
        "code_precision": code["precision"],
        "code_recall": code["recall"],
        "code_f1": code["f1"],
        "root_precision": root["precision"],
        "root_recall": root["recall"],
        "root_f1": root["f1"],
        "records_exact": sum(1 for r in rows if sorted(r["predicted"]) == sorted(set(r["gold"]))),
    }


def evaluate_events(
    data_dir: str | Path, *, limit: int | None = None, details: bool = False
) -> dict[str, Any]:
    """Code PETRARCH2's validation records and score the triples (see the module docstring).

    ``data_dir`` is the ``petrarch2`` folder (``text/`` and ``dictionaries/``); ``limit`` keeps
    the first ``limit`` records (in file order). Returns a
    JSON-able dict: the figures over all scored records (``root_f1``, ``code_f1``, precision,
    recall, counts), ``subsets``, ``categories`` (the figures per record category) and, with
    ``details``, every record's gold and predicted triples.
    """
    from ..actors import ActorKB, RoleVocabulary, load_petrarch_actors
    from ..actors.component import Actors
    from ..actors.mention import Mention
    from ..events.agents import compose, load_agents
    from ..events.extract import Participant, extract_events
    from ..events.petrarch import load_petrarch_verbs
    from ..model import Document
    from ..nlp import parse, parse_many

    root = Path(data_dir)
    dicts = root / "dictionaries"
    records_file = root / RECORDS
    for need in (
        records_file,
        dicts / "PETR.Validate.actors.txt",
        dicts / "PETR.Validate.verbs.txt",
    ):
        if not need.is_file():
            raise EvaluationError(
                f"{need} is missing; give the petrarch2 data folder (with text/ and dictionaries/)"
            )
    records, include = read_records(records_file)
    if limit is not None:
        records = records[:limit]
    actors = load_petrarch_actors(dicts / "PETR.Validate.actors.txt", warn=lambda _m: None)
    kb = ActorKB.from_actors(actors, roles=RoleVocabulary.build({}, {}))
    agents = load_agents(dicts / "PETR.Validate.agents.txt")
    lexicon = load_petrarch_verbs(dicts / "PETR.Validate.verbs.txt")
    discards = _discards(dicts / "PETR.Validate.discards.txt")
    actor_component = Actors(kb)

    started = time.perf_counter()
    scored = [r for r in records if r.error != "bad_input_parse"]
    docs = [Document(id=f"petr-{n}-{r.id}", text=r.text) for n, r in enumerate(scored)]
    rows: list[dict[str, Any]] = []
    for n, (record, doc) in enumerate(zip(scored, docs, strict=True)):
        if n % 32 == 0:
            parse_many(docs[n : n + 32])
        parsed = parse(doc)
        when = _iso(record.date)

        def codes(p: Participant, when: str | None = when) -> list[str]:
            if p.actor is None:
                return [compose(None, p.agents)]
            actor = kb.get(p.actor)
            return [compose(c, p.agents) for c in codes_at(actor.codes, when)]

        predicted: set[tuple[str, str, str]] = set()
        if not any(d.search(record.text) for d in discards):
            spans = actor_component(doc).layer("actors")
            mentions = [
                Mention(s.start, s.end, s.label, str(s.attrs.get("kind", ""))) for s in spans
            ]
            for event in extract_events(parsed, mentions, lexicon, agents=agents):
                for src in codes(event.source):
                    for tgt in codes(event.target):
                        if src != tgt:
                            predicted.add((src, tgt, event.code))
        gold = list(record.gold) if record.error is None else []
        pred = sorted(predicted)
        rows.append(
            {
                "id": record.id,
                "category": record.category,
                "validated": record.sentence and record.category in include,
                "text": record.text,
                "gold": gold,
                "predicted": pred,
                "code_tp": _matches(pred, gold),
                "root_tp": _matches(
                    [(s, t, _root(c)) for s, t, c in pred], [(s, t, _root(c)) for s, t, c in gold]
                ),
            }
        )
    seconds = time.perf_counter() - started
    out = _figures(rows)
    out["seconds"] = round(seconds, 2)
    out["left_out"] = [r.id for r in records if r.error == "bad_input_parse"]
    out["subsets"] = {"validated": _figures([r for r in rows if r["validated"]])}
    categories: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        categories.setdefault(row["category"], []).append(row)
    out["categories"] = {k: _figures(v) for k, v in sorted(categories.items())}
    if details:
        out["records_detail"] = [
            {k: row[k] for k in ("id", "category", "text", "gold", "predicted")} for row in rows
        ]
    return out
