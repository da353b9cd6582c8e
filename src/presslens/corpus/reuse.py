"""Reused passages: text that appears, verbatim or nearly, in more than one document.

A passage is a sentence or longer that turns up in two or more documents, possibly with light
edits (other quote marks, changed punctuation or case, an ellipsis, a bracketed insertion such as
"[Russia]", a changed word). :func:`find_reused_passages` reports one :class:`ReusedPassage` per
passage, with every :class:`Occurrence` as a character range into its document's text.

Algorithm:

1. Each text becomes a list of word tokens (``\\w+`` runs, NFKC and casefolded) that keep their
   character offsets; words inside short square brackets are dropped, so quote marks, punctuation,
   ellipses and editorial insertions all vanish from the normalised form.
2. Each text is cut into chunks: its sentences (a private regex splitter) plus, for sentences with
   double quotes inside, the pieces between the quote marks; long chunks are cut into windows.
3. Chunks with identical tokens form one group (linked as a star); every distinct chunk gets one
   MinHash of its word ``shingle``-grams (fixed seed), and ``datasketch`` MinHashLSH, at a
   candidate threshold below ``threshold``, pairs up similar groups, so sentences are never
   compared all against all. Chunk pairs from two unrelated documents become seeds.
4. A seed's longest common run of tokens (``difflib``) is extended both ways, jumping over a
   few changed, inserted or deleted words and stopping when matches dry up (X-drop; the
   alignment is :mod:`presslens.corpus.align`), so adjacent
   matching sentences merge into one maximal passage; edge sentences that match poorly are
   trimmed. Token offsets map back to characters. A match is kept when both sides are
   ``min_chars`` long, it covers a whole sentence on one side and the normalised texts reach a
   ``rapidfuzz`` ratio of ``threshold``.
5. Union-find clusters matches: a match joins its two ranges, and ranges in one document that
   overlap by most of the longer one join too. A document's ancestors drop out of a cluster that
   holds the document (a compilation contains its children: containment, not reuse). A cluster
   whose occurrences are not all ``threshold`` similar to its longest one is reported pair by pair.

Scale: the LSH work and memory grow with the number of distinct sentences, and alignment with the
number of candidate pairs; the 371 PTC training articles (2.1M characters) take a few seconds.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz

from ..errors import ModelError
from ..model import Document
from .align import Prepared, align

__all__ = ["Occurrence", "ReusedPassage", "find_reused_passages", "reused_passages"]

_WORD = re.compile(r"\w+")
_BRACKETED = re.compile(r"\[[^\[\]\n]{1,80}\]")
_SENTENCE_BREAK = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+|\s*\n\s*")
_QUOTE_BREAK = re.compile(r"[“”\"«»„‟]")
_TRAILING_PUNCT = ".!?…"
_SEED = 1  # MinHash permutation seed: fixed for deterministic output
_MAX_CHUNK = 48  # tokens; longer chunks are cut into overlapping windows
_SENTENCE_SHARE = 0.9  # share of a sentence's words a passage must cover to count as a sentence
_MASK32 = 0xFFFFFFFF
_BANDS_PER_ROUND = 5  # LSH bands indexed at a time (memory grows with bands x chunks)
_CACHE = 256  # prepared documents kept while aligning
_CLUSTER_OVERLAP = 0.8  # ranges in one document join a cluster when they overlap this much
_LSH_SLACK = 0.3  # the LSH looks for chunk pairs this much less similar (Jaccard) than threshold


@dataclass(frozen=True, slots=True, order=True)
class Occurrence:
    """One place a passage appears: ``text[start:end]`` of document ``doc_id`` (code points)."""

    doc_id: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``{"doc_id", "start", "end"}``."""
        return {"doc_id": self.doc_id, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class ReusedPassage:
    """A passage found in two or more documents.

    ``occurrences`` are sorted and lie in at least two documents, none an ancestor of another.
    ``similarity`` is the lowest rapidfuzz ratio (0..1, 1 = verbatim after normalisation) of an
    occurrence to the longest one; ``chars`` the length of the longest occurrence and
    ``preview`` the first 200 characters of the first occurrence.
    """

    id: str
    occurrences: tuple[Occurrence, ...]
    similarity: float
    chars: int
    preview: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, with the preview under ``"text"``."""
        return {
            "id": self.id,
            "similarity": self.similarity,
            "chars": self.chars,
            "text": self.preview,
            "occurrences": [o.to_dict() for o in self.occurrences],
        }


@dataclass(frozen=True, slots=True)
class _Match:
    """Two aligned character ranges ``(doc index, start, end)`` in two unrelated documents."""

    a: tuple[int, int, int]
    b: tuple[int, int, int]


def _runs(breaks: Sequence[int], starts: np.ndarray) -> list[tuple[int, int]]:
    """Token ranges between break positions (a token after a break starts a new range)."""
    if not len(starts):
        return []
    ids = np.searchsorted(np.asarray(breaks, dtype=np.int64), starts, side="right")
    edges = [0, *(np.flatnonzero(np.diff(ids)) + 1).tolist(), len(starts)]
    return list(pairwise(edges))


def _tokens(text: str) -> tuple[list[str], list[int], list[int]]:
    """Normalised word tokens (NFKC, casefolded; none inside short square brackets) and offsets."""
    bracketed = [m.span() for m in _BRACKETED.finditer(text)]
    toks: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in _WORD.finditer(text):
        start, tok = m.start(), m.group()
        if bracketed:
            i = bisect_right(bracketed, (start, len(text) + 1)) - 1
            if i >= 0 and bracketed[i][0] <= start < bracketed[i][1]:
                continue
        toks.append(tok.lower() if tok.isascii() else unicodedata.normalize("NFKC", tok).casefold())
        starts.append(start)
        ends.append(m.end())
    return toks, starts, ends


def _normalised(text: str) -> str:
    """The normalised form that similarities are measured on: tokens joined by spaces."""
    return " ".join(_tokens(text)[0])


def _prepare(text: str, shingle: int) -> Prepared:
    """Tokenise ``text``, split it into sentences and chunks (a simple regex sentence splitter)."""
    toks, starts, ends = _tokens(text)
    at = np.asarray(starts, dtype=np.int64)
    sent_breaks = [m.end() for m in _SENTENCE_BREAK.finditer(text)]
    sents = _runs(sent_breaks, at)
    sent_of = np.repeat(np.arange(len(sents)), [s1 - s0 for s0, s1 in sents]).tolist()
    quote_breaks = sorted({*sent_breaks, *(m.end() for m in _QUOTE_BREAK.finditer(text))})
    chunks: set[tuple[int, int]] = set()
    for c0, c1 in {*sents, *_runs(quote_breaks, at)}:
        if c1 - c0 < shingle:
            continue
        if c1 - c0 <= _MAX_CHUNK:
            chunks.add((c0, c1))
            continue
        step = _MAX_CHUNK // 2
        chunks.update((w, w + _MAX_CHUNK) for w in range(c0, c1 - _MAX_CHUNK, step))
        chunks.add((c1 - _MAX_CHUNK, c1))
    return Prepared(
        text,
        tuple(toks),
        tuple(starts),
        tuple(ends),
        tuple(sents),
        tuple(sent_of),
        tuple(sorted(chunks)),
    )


def _token_hash(tok: str, cache: dict[str, int]) -> int:
    """A stable 32-bit hash of one token (crc32, memoised)."""
    h = cache.get(tok)
    if h is None:
        h = cache[tok] = zlib.crc32(tok.encode("utf-8"))
    return h


def _signature(hashes: Sequence[int], shingle: int, template: MinHash) -> np.ndarray:
    """MinHash values of the word ``shingle``-grams of a chunk, from its tokens' 32-bit hashes."""
    arr = np.asarray(hashes, dtype=np.uint64)
    k = min(shingle, len(arr))
    acc = np.zeros(len(arr) - k + 1, dtype=np.uint64)
    for j in range(k):  # polynomial hash of each k-gram (wrapping), then a 64-bit finaliser
        acc = acc * np.uint64(1_000_003) + arr[j : len(arr) - k + 1 + j]
    acc ^= acc >> np.uint64(33)
    acc *= np.uint64(0xFF51AFD7ED558CCD)
    acc ^= acc >> np.uint64(33)
    m = template.copy()  # a copy reuses the permutations (making them is the slow part)
    m.update_batch((acc & np.uint64(_MASK32)).tolist())
    return np.asarray(m.hashvalues)


def _group_chunks(
    n_docs: int, prepare: Callable[[int], Prepared], shingle: int, template: MinHash
) -> tuple[list[list[tuple[int, int, int]]], np.ndarray]:
    """Chunks grouped by identical tokens (members ``(doc, t0, t1)``), one signature per group."""
    index: dict[bytes, int] = {}
    members: list[list[tuple[int, int, int]]] = []
    sigs: list[np.ndarray] = []
    cache: dict[str, int] = {}
    for di in range(n_docs):
        p = prepare(di)
        for c0, c1 in p.chunks:
            toks = p.toks[c0:c1]
            key = hashlib.blake2b("\x1f".join(toks).encode("utf-8"), digest_size=16).digest()
            gi = index.get(key)
            if gi is None:
                gi = index[key] = len(members)
                members.append([])
                sigs.append(_signature([_token_hash(t, cache) for t in toks], shingle, template))
            members[gi].append((di, c0, c1))
    if not sigs:
        return members, np.zeros((0, template.hashvalues.size), dtype=template.hashvalues.dtype)
    return members, np.stack(sigs)


@lru_cache(maxsize=32)
def _bands(lsh_threshold: float, num_perm: int) -> tuple[int, int]:
    """The bands and rows per band MinHashLSH picks for a threshold (slow to find: cached)."""
    probe = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
    return probe.b, probe.r


def _candidates(sigs: np.ndarray, lsh_threshold: float, template: MinHash) -> list[tuple[int, int]]:
    """Pairs of signature rows that share an LSH band (datasketch MinHashLSH, banded in rounds).

    The bands and rows per band are those MinHashLSH picks for ``lsh_threshold``. The bands are
    indexed a few at a time (one MinHashLSH per round over a slice of every signature), which
    finds the same pairs as one index over all bands with a fraction of its memory.
    """
    bands, rows = _bands(lsh_threshold, sigs.shape[1])
    rounds = max(1, bands // _BANDS_PER_ROUND)
    sizes = [bands // rounds + (1 if i < bands % rounds else 0) for i in range(rounds)]
    view = template.copy()  # its hash values are swapped per row; the index copies band keys
    pairs: set[tuple[int, int]] = set()
    lo = 0
    for size in sizes:
        lsh = MinHashLSH(num_perm=size * rows, params=(size, rows))
        part = sigs[:, lo * rows : (lo + size) * rows]
        for gi in range(len(part)):
            view.hashvalues = part[gi]
            pairs.update((gj, gi) for gj in lsh.query(view))
            lsh.insert(gi, view, check_duplication=False)
        lo += size
    return sorted(pairs)


def _lineage(docs: Sequence[Document]) -> tuple[list[set[int]], list[bool]]:
    """Each document's ancestors (indices) and whether it has descendants in ``docs``."""
    index = {d.id: i for i, d in enumerate(docs)}
    ancestors: list[set[int]] = []
    for i, d in enumerate(docs):
        seen: set[int] = set()
        parent = d.parent_id
        while parent is not None and parent in index and index[parent] not in seen:
            seen.add(index[parent])
            parent = docs[index[parent]].parent_id
        seen.discard(i)  # a cycle of parent ids leads back to the document itself
        ancestors.append(seen)
    has_children = [False] * len(docs)
    for anc in ancestors:
        for a in anc:
            has_children[a] = True
    return ancestors, has_children


def _seeds(
    members: Sequence[list[tuple[int, int, int]]],
    near: Iterable[tuple[int, int]],
    unrelated: Callable[[int, int], bool],
    has_children: Sequence[bool],
) -> dict[tuple[int, int], list[tuple[int, int, int, int]]]:
    """Chunk pairs to align, grouped by document pair (never two related documents).

    Identical chunks link to their group's hub (a leaf document where possible), and each LSH
    candidate pair of groups links one unrelated pair of members; the clustering of matches
    that overlap in a document reaches the rest, so big groups cost linear, not quadratic, work.
    """
    seeds: dict[tuple[int, int], list[tuple[int, int, int, int]]] = defaultdict(list)

    def link(x: tuple[int, int, int], y: tuple[int, int, int]) -> bool:
        if x[0] == y[0] or not unrelated(x[0], y[0]):
            return False
        if x[0] > y[0]:
            x, y = y, x
        seeds[(x[0], y[0])].append((x[1], x[2], y[1], y[2]))
        return True

    ordered = [sorted(g, key=lambda m: (has_children[m[0]], m)) for g in members]
    for group in ordered:
        for other in group[1:]:
            link(group[0], other)
    for g1, g2 in near:
        any(link(x, y) for x in ordered[g1] for y in ordered[g2])
    return seeds


def _chars(p: Prepared, t0: int, t1: int) -> tuple[int, int]:
    """Character range of tokens ``t0..t1``, with the sentence punctuation right after it."""
    start, end = p.starts[t0], p.ends[t1 - 1]
    while end < len(p.text) and p.text[end] in _TRAILING_PUNCT:
        end += 1
    return start, end


def _covers_sentence(p: Prepared, t0: int, t1: int) -> bool:
    """Whether tokens ``t0..t1`` cover a whole sentence (but for a word in ten at its edges)."""
    for s0, s1 in p.sents[p.sent_of[t0] : p.sent_of[t1 - 1] + 1]:
        if min(t1, s1) - max(t0, s0) >= _SENTENCE_SHARE * (s1 - s0):
            return True
    return False


def _matches(
    pa: Prepared,
    pb: Prepared,
    seeds: Sequence[tuple[int, int, int, int]],
    *,
    min_chars: int,
    threshold: float,
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Verified passages between two documents: their character ranges."""
    done: list[tuple[int, ...]] = []
    out = []
    for seed in sorted(set(seeds)):
        if any(
            r[0] <= seed[0] and seed[1] <= r[1] and r[2] <= seed[2] and seed[3] <= r[3]
            for r in done
        ):
            continue
        region = align(pa, pb, seed, threshold)
        if region is None or region in done:
            continue
        done.append(region)
        ta0, ta1, tb0, tb1 = region
        ca, cb = _chars(pa, ta0, ta1), _chars(pb, tb0, tb1)
        if min(ca[1] - ca[0], cb[1] - cb[0]) < min_chars:
            continue
        if not (_covers_sentence(pa, ta0, ta1) or _covers_sentence(pb, tb0, tb1)):
            continue
        sim = fuzz.ratio(" ".join(pa.toks[ta0:ta1]), " ".join(pb.toks[tb0:tb1])) / 100.0
        if sim >= threshold:
            out.append((ca, cb))
    return out


def _find(parent: list[int], x: int) -> int:
    """Union-find root with path halving."""
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _passage(
    docs: Sequence[Document], ranges: Iterable[tuple[int, int, int]], threshold: float
) -> ReusedPassage | None:
    """The record for document ranges, or None when one is not ``threshold`` similar to the
    longest (similarity: the lowest rapidfuzz ratio of a normalised occurrence to the longest)."""
    ordered = sorted(ranges, key=lambda r: (docs[r[0]].id, r[1], r[2]))
    if len({d for d, _, _ in ordered}) < 2:
        return None
    texts = [_normalised(docs[d].text[s:e]) for d, s, e in ordered]
    ref = max(range(len(ordered)), key=lambda i: (ordered[i][2] - ordered[i][1], -i))
    similarity = min(fuzz.ratio(texts[ref], t) / 100.0 for i, t in enumerate(texts) if i != ref)
    if similarity < threshold:
        return None
    occ = tuple(Occurrence(docs[d].id, s, e) for d, s, e in ordered)
    key = "|".join(f"{o.doc_id}:{o.start}:{o.end}" for o in occ)
    d0, s0, e0 = ordered[0]
    return ReusedPassage(
        id="rp-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12],
        occurrences=occ,
        similarity=round(similarity, 4),
        chars=max(e - s for _, s, e in ordered),
        preview=docs[d0].text[s0:e0][:200],
    )


def _cluster(
    docs: Sequence[Document],
    matches: Sequence[_Match],
    ancestors: Sequence[set[int]],
    threshold: float,
) -> list[ReusedPassage]:
    """Group matches into passages.

    Union-find joins the two ranges of a match, and ranges in one document that overlap by
    most of the longer one (a short quote of a long passage stays a record of its own). Within a
    cluster, overlapping ranges of one document merge and ancestors of present documents drop
    out. A cluster whose occurrences are not all ``threshold`` similar to its longest one falls
    back to one record per match.
    """
    nodes = sorted({m.a for m in matches} | {m.b for m in matches})
    node_id = {n: i for i, n in enumerate(nodes)}
    parent = list(range(len(nodes)))

    def union(x: int, y: int) -> None:
        parent[_find(parent, x)] = _find(parent, y)

    for m in matches:
        union(node_id[m.a], node_id[m.b])
    for i, (doc, start, end) in enumerate(nodes):  # nodes are sorted by document, then start
        j = i + 1
        while j < len(nodes) and nodes[j][0] == doc and nodes[j][1] < end:
            _, s2, e2 = nodes[j]
            if min(end, e2) - s2 >= _CLUSTER_OVERLAP * max(end - start, e2 - s2):
                union(i, j)
            j += 1
    clusters: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for i, n in enumerate(nodes):
        clusters[_find(parent, i)].append(n)
    by_root: dict[int, list[_Match]] = defaultdict(list)
    for m in matches:
        by_root[_find(parent, node_id[m.a])].append(m)
    passages: dict[str, ReusedPassage] = {}
    for root, members in clusters.items():
        dropped = {a for d, _, _ in members for a in ancestors[d]}
        merged: list[tuple[int, int, int]] = []
        for d, s, e in members:  # sorted: merge overlapping ranges per document
            if d in dropped:
                continue
            if merged and merged[-1][0] == d and s < merged[-1][2]:
                merged[-1] = (d, merged[-1][1], max(merged[-1][2], e))
            else:
                merged.append((d, s, e))
        found = _passage(docs, merged, threshold)
        candidates = (
            [found] if found else [_passage(docs, (m.a, m.b), threshold) for m in by_root[root]]
        )
        passages.update((p.id, p) for p in candidates if p is not None)
    return sorted(passages.values(), key=lambda p: (p.occurrences[0], p.id))


def find_reused_passages(
    docs: Sequence[Document],
    *,
    min_chars: int = 60,
    threshold: float = 0.8,
    num_perm: int = 128,
    shingle: int = 5,
) -> list[ReusedPassage]:
    """Passages (a sentence or longer) that appear, verbatim or nearly, in several documents.

    ``min_chars`` is the shortest passage reported (in every document it appears in);
    ``threshold`` the lowest similarity (rapidfuzz ratio of the normalised texts, 0..1);
    ``num_perm`` and ``shingle`` set the MinHash (permutations, words per shingle). A document
    and its ancestors or descendants (``parent_id``) are never compared; siblings are. The
    result is deterministic and sorted by first occurrence. Raises :class:`ValueError` on bad
    parameters and :class:`~presslens.errors.ModelError` when two documents share an id.
    """
    if min_chars < 1 or not 0.0 < threshold <= 1.0 or num_perm < 16 or shingle < 1:
        raise ValueError(
            f"bad parameters min_chars={min_chars}, threshold={threshold}, "
            f"num_perm={num_perm}, shingle={shingle}: need min_chars >= 1, "
            "0 < threshold <= 1, num_perm >= 16, shingle >= 1"
        )
    counts = Counter(d.id for d in docs)
    if len(counts) != len(docs):
        dup = sorted(i for i, n in counts.items() if n > 1)
        raise ModelError(f"document ids must be unique for reuse detection; repeated: {dup[:5]}")
    ancestors, has_children = _lineage(docs)
    prepare = lru_cache(maxsize=_CACHE)(lambda i: _prepare(docs[i].text, shingle))
    template = MinHash(num_perm=num_perm, seed=_SEED, hashfunc=int)
    members, sigs = _group_chunks(len(docs), prepare, shingle, template)
    near = _candidates(sigs, max(0.3, min(0.9, threshold - _LSH_SLACK)), template)
    del sigs

    def unrelated(i: int, j: int) -> bool:
        return i not in ancestors[j] and j not in ancestors[i]

    seeds = _seeds(members, near, unrelated, has_children)
    del members, near
    matches = [
        _Match((i, *ca), (j, *cb))
        for (i, j), pair_seeds in sorted(seeds.items())
        for ca, cb in _matches(
            prepare(i), prepare(j), pair_seeds, min_chars=min_chars, threshold=threshold
        )
    ]
    return _cluster(docs, matches, ancestors, threshold)


def reused_passages(docs: Sequence[Document]) -> list[dict[str, Any]]:
    """The corpus view ``reused_passages``: :func:`find_reused_passages` with its defaults, each
    passage as its JSON form."""
    return [p.to_dict() for p in find_reused_passages(docs)]
