"""Sample data for the report, web and browser tests: the example corpus with every layer the
report knows filled in by simple rules (techniques, quotes, actors, claims, events, key sentences),
corpus results (digest, stance matrix, claim clusters), and a hostile document for XSS tests.

The rules are crude on purpose: the tests check rendering, not analysis. ``fake_embed`` stands in
for the sentence encoder (hashed bags of words), so no model is needed.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import numpy as np

from presslens.components import paragraph_spans, sentence_spans
from presslens.corpus.digest import corpus_digest
from presslens.key_sentences.component import KeySentences
from presslens.model import Document, Meta, Source, Span, source_of

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "corpus"

ACTORS = {
    "Voss": ("person/ilan-voss", "Ilan Voss", "person"),
    "Varsh": ("person/anika-varsh", "Anika Varsh", "person"),
    "Kell": ("person/kell", "President Kell", "person"),
    "Lunde": ("person/margarethe-lunde", "Margarethe Lunde", "person"),
    "Orlov-Hart": ("person/sabine-orlov-hart", "Sabine Orlov-Hart", "person"),
    "Kestria": ("state/KES", "Kestria", "state"),
    "Ardovia": ("state/ARD", "Ardovia", "state"),
    "United Nations": ("org/UN", "United Nations", "organisation"),
}
TECHNIQUES = {
    "Loaded_Language": r"\b(?:[Ss]ellout|gangsters|[Cc]rawled|surrender\w*|humiliat\w*|brave)\b",
    "Name_Calling,Labeling": r"\bgangsters|traitors?|warmongers?\b",
    "Flag-Waving": r"peace of the brave|our (?:nation|country|people)",
    "Doubt": r"\bso-called|allegedly|inventing\b",
    "Exaggeration,Minimisation": r"\bnothing|never|always|not one\b",
    "Appeal_to_fear-prejudice": r"\bthreat\w*|danger\w*|shelling\b",
}
XSS_TEXT = (
    "Breaking: <script>alert(1)</script> was posted, and <img src=x onerror=alert(1)> too.\n\n"
    '“Trust <b>nobody</b> & nothing,” said O\'Brien of the "Ministry".\r\nEnd </div></article>'
)


def make_doc(text: str, doc_id: str = "d1", **meta: object) -> Document:
    """A document with its paragraphs and sentences (what the digest and key sentences read)."""
    doc = Document(id=doc_id, text=text, meta=Meta(**meta), source=Source("x/a.txt", "txt"))
    paras = paragraph_spans(text)
    return doc.with_layer("paragraphs", paras).with_layer("sentences", sentence_spans(text, paras))


def fake_embed(texts: Any) -> np.ndarray:
    """Unit vectors from hashed word counts: similar wording, similar vectors."""
    out = np.zeros((len(texts), 256), dtype=np.float32)
    for i, text in enumerate(texts):
        for word in re.findall(r"\w+", text.lower()):
            out[i, int(hashlib.md5(word.encode()).hexdigest()[:6], 16) % 256] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)


def _score(*parts: object) -> float:
    return round(0.5 + int(hashlib.md5(repr(parts).encode()).hexdigest()[:4], 16) / 65535 / 2, 3)


def _actor_spans(doc: Document) -> list[Span]:
    spans = []
    for alias, (aid, name, kind) in ACTORS.items():
        for m in re.finditer(rf"\b{re.escape(alias)}\b", doc.text):
            spans.append(
                doc.span(
                    m.start(),
                    m.end(),
                    aid,
                    score=0.9,
                    attrs={"name": name, "kind": kind},
                    producer="test.v1",
                )
            )
    return spans


def _quote_spans(doc: Document, actors: list[Span]) -> list[Span]:
    spans = []
    for m in re.finditer(r"“([^”]{12,})”", doc.text):
        near = [a for a in actors if 0 <= a.start - m.end() < 120] or [
            a for a in actors if 0 <= m.start() - a.end < 120
        ]
        attrs: dict[str, Any] = {"kind": "direct"}
        if near:
            a = near[0]
            attrs["speaker"] = {"start": a.start, "end": a.end, "actor": a.label}
        spans.append(
            doc.span(m.start(), m.end(), "direct", score=0.8, attrs=attrs, producer="test.v1")
        )
    return spans


def _technique_spans(doc: Document) -> list[Span]:
    spans = []
    for label, pattern in TECHNIQUES.items():
        for m in re.finditer(pattern, doc.text):
            spans.append(
                doc.span(
                    m.start(),
                    m.end(),
                    label,
                    score=_score(doc.id, label, m.start()),
                    producer="test.v1",
                )
            )
    for s in doc.layer("sentences"):
        if re.search(r"[Ss]ellout|victory", doc.text_of(s)):
            spans.append(
                doc.span(
                    s.start, s.end, "Causal_Oversimplification", score=0.61, producer="test.v1"
                )
            )
    return spans


def _claim_spans(doc: Document) -> list[Span]:
    return [
        doc.span(s.start, s.end, "claim", score=_score(doc.id, s.start), producer="test.v1")
        for s in doc.layer("sentences")
        if re.search(r"\d", doc.text_of(s)) and len(doc.text_of(s).split()) > 6
    ]


def _event_spans(doc: Document, actors: list[Span]) -> list[Span]:
    spans = []
    for s in doc.layer("sentences"):
        inside = [a for a in actors if s.start <= a.start and a.end <= s.end]
        ids = list(dict.fromkeys(a.label for a in inside))
        if len(ids) >= 2:
            label = "cooperate" if re.search(r"sign|agree|exchange", doc.text_of(s)) else "comment"
            spans.append(
                doc.span(
                    s.start,
                    s.end,
                    label,
                    attrs={"source": ids[0], "target": ids[1]},
                    producer="test.v1",
                )
            )
    return spans


def enrich(doc: Document, embed: Any = fake_embed, keep: tuple[str, ...] = ()) -> Document:
    """``doc`` with techniques, actors, quotes, claims, events and key sentences (``embed=None``:
    the real encoder); the ``keep`` layers are kept when the pipeline wrote them."""
    if doc.meta.extra.get("compilation"):
        return KeySentences(embed=embed)(doc)
    if not ("actors" in keep and doc.layer("actors")):
        doc = doc.with_layer("actors", _actor_spans(doc))
    actors = list(doc.layer("actors"))
    if not ("quotes" in keep and doc.layer("quotes")):
        doc = doc.with_layer("quotes", _quote_spans(doc, actors))
    doc = doc.with_layer("techniques", _technique_spans(doc))
    doc = doc.with_layer("claims", _claim_spans(doc))
    doc = doc.with_layer("events", _event_spans(doc, actors))
    return KeySentences(embed=embed)(doc)


def xss_doc() -> Document:
    """A hostile article: markup in its text, title, authors, outlet, URL, labels and attrs."""
    text = XSS_TEXT
    doc = Document(
        id="dxss<script>",
        text=text,
        meta=Meta(
            title="<script>alert('title')</script> Hostile & \"quoted\" title",
            authors=("<img src=x onerror=alert(2)>",),
            outlet="Evil <i>Outlet</i>",
            url="javascript:alert(3)",
            published="2025-03-16",
            language="en",
        ),
        source=Source(origin="/tmp/<svg onload=alert(5)>.txt", format="txt"),
    )
    s = text.index("<script>")
    q = text.index("“")
    q_end = text.index("”") + 1
    who = text.index("O'Brien")
    return doc.replace(
        layers={
            "sentences": (doc.span(0, text.index("\n"), "sentence"),),
            "techniques": (
                doc.span(s, s + len("<script>alert(1)</script>"), "<b>Loaded</b>", score=0.9),
                doc.span(s + 3, text.index(" too"), "Doubt", score=0.7),
            ),
            "actors": (
                doc.span(
                    who,
                    who + 7,
                    "person/obrien",
                    attrs={"name": "<svg onload=alert(4)>", "kind": "person"},
                ),
            ),
            "quotes": (
                doc.span(q, q_end, "direct", attrs={"speaker": {"start": who, "end": who + 7}}),
            ),
            "key_sentences": (
                doc.span(0, text.index("\n"), "key_sentence", score=1.0, attrs={"rank": 1}),
            ),
        }
    )


def corpus_for(
    docs: list[Document], base: dict[str, Any] | None = None, embed: Any = fake_embed
) -> dict[str, Any]:
    """Corpus results over ``docs``: the given ones plus digest, stance matrix, claim clusters."""
    corpus = dict(base or {})
    corpus["digest"] = corpus_digest(docs, embed=embed, limit=8)
    cells = []
    for d in docs:
        for a in d.layer("actors"):
            cells.append((source_of(d), a.label, d.id, a.start, a.end))
    stance: dict[tuple[str, str], dict[str, Any]] = {}
    for src, actor, doc_id, start, end in cells:
        cell = stance.setdefault((src, actor), {"source": src, "actor": actor, "occurrences": []})
        cell["occurrences"].append({"doc_id": doc_id, "start": start, "end": end})
        cell["value"] = round(_score(src, actor) * 4 - 3, 2)
        cell["n"] = len(cell["occurrences"])
    corpus["stance_matrix"] = {"cells": list(stance.values())}
    clusters: dict[str, list[dict[str, Any]]] = {}
    for d in docs:
        for c in d.layer("claims"):
            for number in set(re.findall(r"\b\d{2,}\b", d.text_of(c))):
                clusters.setdefault(number, []).append(
                    {"doc_id": d.id, "start": c.start, "end": c.end}
                )
    corpus["claim_clusters"] = [
        {"id": f"cc-{n}", "occurrences": occ} for n, occ in clusters.items() if len(occ) > 1
    ]
    return corpus


def build_store(
    db: Path,
    *,
    with_xss: bool = True,
    with_bad: bool = True,
    embed: Any = fake_embed,
    keep: tuple[str, ...] = (),
) -> tuple[list[Document], dict[str, Any], list[Any]]:
    """Analyse the example corpus (and the bad inputs) into the store ``db``, then replace each
    input's documents with their enriched copies and store the corpus results. Returns the
    documents, the corpus results and the rejections."""
    from presslens.api import analyze
    from presslens.store import Store

    base = Path(".") if Path.cwd() == REPO else REPO  # relative origins when run from the repo
    corpus_dir = base / "examples" / "corpus"
    inputs = [str(corpus_dir), *([str(corpus_dir.parent / "bad")] if with_bad else [])]
    result = analyze(inputs, db=db)
    docs = [enrich(d, embed, keep) for d in result.documents]
    if with_xss:
        docs.append(xss_doc())
    corpus = corpus_for(docs, result.corpus, embed)
    with Store(db) as store:
        groups: dict[str, list[Document]] = {}
        for d in docs:
            groups.setdefault(d.source.content_hash or d.id, []).append(d)
        for key, group in groups.items():
            store.put_input(key, group[0].source.origin, "enriched", group)
        store.put_corpus("latest", corpus)
    return docs, corpus, list(result.rejections)
