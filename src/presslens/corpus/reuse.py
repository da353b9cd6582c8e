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
   MinHash of its word ``shingle``-grams (fixed seed) and goes through a ``datasketch`` MinHashLSH
   at a candidate threshold below ``threshold``, so only likely pairs are ever compared. Chunk pairs
   from two unrelated documents become seeds.
4. A seed is aligned with ``difflib`` on the tokens of a window around it that grows until the chain
   of matching blocks (gaps of at most a few tokens) ends inside it, so adjacent matching sentences
   merge into one maximal passage. The chain's token range maps back to characters. It is kept when
   the normalised texts reach a ``rapidfuzz`` ratio of ``threshold``, both sides are ``min_chars``
   long and it covers a whole sentence on at least one side.
5. Matches are clustered with union-find: a match joins its two ranges, and ranges in one document
   that overlap by half or more join too. A document's ancestors are dropped from a cluster that
   holds the document (a compilation contains its children; that is containment, not reuse).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz

from ..errors import ModelError
from ..model import Document

__all__ = ["Occurrence", "ReusedPassage", "find_reused_passages"]

_WORD = re.compile(r"\w+")
_BRACKETED = re.compile(r"\[[^\[\]\n]{1,80}\]")
_SENTENCE_BREAK = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+|\s*\n\s*")
_QUOTE_BREAK = re.compile(r"[“”\"«»„‟]")
_TRAILING_PUNCT = ".!?…"
_SEED = 1  # MinHash permutation seed: fixed for deterministic output
_MAX_CHUNK = 48  # tokens; longer chunks are cut into overlapping windows
_MAX_GAP = 6  # tokens of unmatched text tolerated inside one aligned passage
_PAD = 32  # initial alignment window around a seed, in tokens
_SENTENCE_SHARE = 0.9  # share of a sentence's words a passage must cover to count as a sentence
_MASK32 = 0xFFFFFFFF

_Block = tuple[int, int, int]  # a run of equal tokens: start in the first text, in the second, length


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
    ``similarity`` is the lowest rapidfuzz ratio (0..1, 1 = verbatim after normalisation) among
    the aligned pairs that link the cluster; ``chars`` the length of the longest occurrence and
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
class _Prepared:
    """A document's normalised tokens, their character offsets and its sentences (token ranges)."""

    text: str
    toks: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    sents: tuple[tuple[int, int], ...]
    sent_of: tuple[int, ...]
    chunks: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class _Match:
    """Two aligned character ranges in two documents (indices into the input) and their ratio."""

    a: tuple[int, int, int]
    b: tuple[int, int, int]
    similarity: float


def _runs(breaks: Sequence[int], starts: Sequence[int]) -> list[tuple[int, int]]:
    """Token ranges between break positions (a token after a break starts a new range)."""
    ids = [bisect_right(breaks, s) for s in starts]
    runs: list[tuple[int, int]] = []
    for t, sid in enumerate(ids):
        if t and sid == ids[t - 1]:
            runs[-1] = (runs[-1][0], t + 1)
        else:
            runs.append((t, t + 1))
    return runs


def _prepare(text: str, shingle: int) -> _Prepared:
    """Tokenise ``text``, split it into sentences and chunks (a simple regex sentence splitter)."""
    bracketed = [m.span() for m in _BRACKETED.finditer(text)]
    toks: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in _WORD.finditer(text):
        i = bisect_right(bracketed, (m.start(), len(text) + 1)) - 1
        if i >= 0 and bracketed[i][0] <= m.start() < bracketed[i][1]:
            continue
        toks.append(unicodedata.normalize("NFKC", m.group()).casefold())
        starts.append(m.start())
        ends.append(m.end())
    sent_breaks = [m.end() for m in _SENTENCE_BREAK.finditer(text)]
    sents = _runs(sent_breaks, starts)
    sent_of = [0] * len(toks)
    for i, (s0, s1) in enumerate(sents):
        sent_of[s0:s1] = [i] * (s1 - s0)
    quote_breaks = sorted(set(sent_breaks) | {m.end() for m in _QUOTE_BREAK.finditer(text)})
    chunks: set[tuple[int, int]] = set()
    for c0, c1 in {*sents, *_runs(quote_breaks, starts)}:
        if c1 - c0 < shingle:
            continue
        if c1 - c0 <= _MAX_CHUNK:
            chunks.add((c0, c1))
            continue
        step = _MAX_CHUNK // 2
        chunks.update((w, w + _MAX_CHUNK) for w in range(c0, c1 - _MAX_CHUNK, step))
        chunks.add((c1 - _MAX_CHUNK, c1))
    return _Prepared(
        text, tuple(toks), tuple(starts), tuple(ends), tuple(sents), tuple(sent_of), tuple(sorted(chunks))
    )


def _token_hash(tok: str, cache: dict[str, int]) -> int:
    """A stable 32-bit hash of one token (crc32, memoised)."""
    h = cache.get(tok)
    if h is None:
        h = cache[tok] = zlib.crc32(tok.encode("utf-8"))
    return h


def _minhash(hashes: Sequence[int], shingle: int, template: MinHash) -> MinHash:
    """MinHash of the word ``shingle``-grams of a chunk, from its tokens' 32-bit hashes."""
    arr = np.asarray(hashes, dtype=np.uint64)
    k = min(shingle, len(arr))
    acc = np.zeros(len(arr) - k + 1, dtype=np.uint64)
    for j in range(k):  # polynomial rolling hash of each k-gram, then a 64-bit finaliser
        acc = (acc * np.uint64(1_000_003) + arr[j : len(arr) - k + 1 + j]) & np.uint64(2**64 - 1)
    acc ^= acc >> np.uint64(33)
    acc *= np.uint64(0xFF51AFD7ED558CCD)
    acc ^= acc >> np.uint64(33)
    m = template.copy()  # copying reuses the permutations (making them is the slow part)
    m.update_batch((acc & np.uint64(_MASK32)).tolist())
    return m


def _lineage(docs: Sequence[Document]) -> tuple[list[set[int]], list[bool]]:
    """Each document's ancestors (indices) and whether it has descendants in ``docs``."""
    index = {d.id: i for i, d in enumerate(docs)}
    ancestors: list[set[int]] = []
    for d in docs:
        seen: set[int] = set()
        parent = d.parent_id
        while parent is not None and parent in index and index[parent] not in seen:
            seen.add(index[parent])
            parent = docs[index[parent]].parent_id
        ancestors.append(seen)
    has_children = [False] * len(docs)
    for anc in ancestors:
        for a in anc:
            has_children[a] = True
    return ancestors, has_children


def _seeds(
    prepared: Sequence[_Prepared],
    unrelated: Any,
    has_children: Sequence[bool],
    *,
    shingle: int,
    num_perm: int,
    lsh_threshold: float,
) -> dict[tuple[int, int], list[tuple[int, int, int, int]]]:
    """Candidate chunk pairs from unrelated documents, grouped by document pair.

    Identical chunks are linked to one hub (a leaf document where possible); distinct chunks are
    compared through MinHashLSH only, so the number of comparisons grows with the matches, not
    with the square of the corpus.
    """
    groups: dict[tuple[str, ...], list[tuple[int, int, int]]] = {}
    for di, p in enumerate(prepared):
        for c0, c1 in p.chunks:
            groups.setdefault(p.toks[c0:c1], []).append((di, c0, c1))
    members = [sorted(g, key=lambda m: (has_children[m[0]], m)) for g in groups.values()]
    seeds: dict[tuple[int, int], list[tuple[int, int, int, int]]] = defaultdict(list)

    def link(x: tuple[int, int, int], y: tuple[int, int, int]) -> bool:
        if x[0] == y[0] or not unrelated(x[0], y[0]):
            return False
        if x[0] > y[0]:
            x, y = y, x
        seeds[(x[0], y[0])].append((x[1], x[2], y[1], y[2]))
        return True

    for group in members:
        for other in group[1:]:
            link(group[0], other)
    lsh = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
    cache: dict[str, int] = {}
    template = MinHash(num_perm=num_perm, seed=_SEED, hashfunc=int)
    for gi, group in enumerate(members):
        di, c0, c1 = group[0]
        toks = prepared[di].toks[c0:c1]
        m = _minhash([_token_hash(t, cache) for t in toks], shingle, template)
        for gj in sorted(lsh.query(m)):
            # link one unrelated pair of members; overlap clustering reaches the others
            any(link(x, y) for x in members[gj] for y in group)
        lsh.insert(gi, m)
    return seeds


def _chain(blocks: Iterable[_Block], seed: tuple[int, int, int, int]) -> list[_Block]:
    """The chain of matching blocks (small gaps only) that meets the seed, with most matches."""
    chains: list[list[_Block]] = []
    for i, j, n in blocks:
        if n == 0:
            continue
        if chains:
            pi, pj, pn = chains[-1][-1]
            if i - (pi + pn) <= _MAX_GAP and j - (pj + pn) <= _MAX_GAP:
                chains[-1].append((i, j, n))
                continue
        chains.append([(i, j, n)])
    best: list[_Block] = []
    for ch in chains:
        # drop stray matches at the edges ("of the"): blocks shorter than the gap next to them
        while len(ch) > 1 and ch[0][2] < max(2, _gap(ch[0], ch[1])):
            ch = ch[1:]
        while len(ch) > 1 and ch[-1][2] < max(2, _gap(ch[-2], ch[-1])):
            ch = ch[:-1]
        a0, a1 = ch[0][0], ch[-1][0] + ch[-1][2]
        b0, b1 = ch[0][1], ch[-1][1] + ch[-1][2]
        meets = a0 < seed[1] and seed[0] < a1 and b0 < seed[3] and seed[2] < b1
        if meets and sum(n for _, _, n in ch) > sum(n for _, _, n in best):
            best = ch
    return best


def _gap(x: _Block, y: _Block) -> int:
    """Unmatched tokens between two consecutive blocks (the larger side)."""
    return max(y[0] - x[0] - x[2], y[1] - x[1] - x[2])


def _cut(blocks: list[_Block], side: int, lo: int, hi: int) -> list[_Block]:
    """The blocks clipped to ``lo <= position < hi`` on one side (0 = first text, 1 = second)."""
    out = []
    for blk in blocks:
        s = max(lo - blk[side], 0)
        e = min(hi - blk[side], blk[2])
        if e > s:
            out.append((blk[0] + s, blk[1] + s, e - s))
    return out


def _trim(pa: _Prepared, pb: _Prepared, blocks: list[_Block], share: float) -> list[_Block]:
    """Drop edge sentences (on either side) whose words are less than ``share`` matched.

    The chain may run into paraphrase around the reused text; this keeps the passage to the run
    of sentences that really match, so adjacent matching sentences merge and nothing else does.
    """
    changed = True
    while changed and blocks:
        changed = False
        for side, p in ((0, pa), (1, pb)):
            lo, hi = blocks[0][side], blocks[-1][side] + blocks[-1][2]
            first = p.sents[p.sent_of[lo]]
            last = p.sents[p.sent_of[hi - 1]]
            if first[1] < hi:
                head = _cut(blocks, side, lo, first[1])
                if sum(b[2] for b in head) < share * (first[1] - lo):
                    blocks, changed = _cut(blocks, side, first[1], hi), True
                    continue
            if last[0] > lo:
                tail = _cut(blocks, side, last[0], hi)
                if sum(b[2] for b in tail) < share * (hi - last[0]):
                    blocks, changed = _cut(blocks, side, lo, last[0]), True
    return blocks


def _align(
    pa: _Prepared, pb: _Prepared, seed: tuple[int, int, int, int], share: float
) -> tuple[int, int, int, int] | None:
    """Token ranges of the maximal aligned passage around a seed, growing the window as needed."""
    a0, a1, b0, b1 = seed
    na, nb = len(pa.toks), len(pb.toks)
    pad = _PAD
    while True:
        wa0, wa1, wb0, wb1 = max(0, a0 - pad), min(na, a1 + pad), max(0, b0 - pad), min(nb, b1 + pad)
        matcher = SequenceMatcher(None, pa.toks[wa0:wa1], pb.toks[wb0:wb1], autojunk=False)
        local = (a0 - wa0, a1 - wa0, b0 - wb0, b1 - wb0)
        chain = [(i + wa0, j + wb0, n) for i, j, n in _chain(matcher.get_matching_blocks(), local)]
        if not chain:
            return None
        ca0, cb0 = chain[0][:2]
        ca1, cb1 = chain[-1][0] + chain[-1][2], chain[-1][1] + chain[-1][2]
        grow = (
            (wa0 > 0 and ca0 - wa0 <= _MAX_GAP)
            or (wa1 < na and wa1 - ca1 <= _MAX_GAP)
            or (wb0 > 0 and cb0 - wb0 <= _MAX_GAP)
            or (wb1 < nb and wb1 - cb1 <= _MAX_GAP)
        )
        if not grow:
            break
        pad *= 2
    chain = _trim(pa, pb, chain, share)
    if not chain:
        return None
    return chain[0][0], chain[-1][0] + chain[-1][2], chain[0][1], chain[-1][1] + chain[-1][2]


def _chars(p: _Prepared, t0: int, t1: int) -> tuple[int, int]:
    """Character range of tokens ``t0..t1``, with the sentence punctuation right after it."""
    start, end = p.starts[t0], p.ends[t1 - 1]
    while end < len(p.text) and p.text[end] in _TRAILING_PUNCT:
        end += 1
    return start, end


def _covers_sentence(p: _Prepared, t0: int, t1: int) -> bool:
    """Whether tokens ``t0..t1`` cover a whole sentence (but for a word in ten at its edges)."""
    for s0, s1 in p.sents[p.sent_of[t0] : p.sent_of[t1 - 1] + 1]:
        if min(t1, s1) - max(t0, s0) >= _SENTENCE_SHARE * (s1 - s0):
            return True
    return False


def _matches(
    pa: _Prepared,
    pb: _Prepared,
    seeds: Sequence[tuple[int, int, int, int]],
    *,
    min_chars: int,
    threshold: float,
) -> list[tuple[tuple[int, int], tuple[int, int], float]]:
    """Verified passages between two documents: character ranges and similarity."""
    done: list[tuple[int, ...]] = []
    out = []
    for seed in sorted(set(seeds)):
        if any(r[0] <= seed[0] and seed[1] <= r[1] and r[2] <= seed[2] and seed[3] <= r[3] for r in done):
            continue
        region = _align(pa, pb, seed, threshold)
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
            out.append((ca, cb, sim))
    return out


def _find(parent: list[int], x: int) -> int:
    """Union-find root with path halving."""
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _cluster(
    docs: Sequence[Document], matches: Sequence[_Match], ancestors: Sequence[set[int]]
) -> list[ReusedPassage]:
    """Group matches into passages: linked ranges, and ranges in one document that overlap by
    half the longer one (so a short quote of a long passage stays a passage of its own)."""
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
            if min(end, e2) - s2 >= 0.5 * max(end - start, e2 - s2):
                union(i, j)
            j += 1
    clusters: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for i, n in enumerate(nodes):
        clusters[_find(parent, i)].append(n)
    similarity: dict[int, float] = {}
    for m in matches:
        root = _find(parent, node_id[m.a])
        similarity[root] = min(similarity.get(root, 1.0), m.similarity)
    passages = []
    for root, members in clusters.items():
        present = {d for d, _, _ in members}
        dropped = {a for d in present for a in ancestors[d]}
        merged: list[list[int]] = []
        for d, s, e in members:  # sorted: merge overlapping ranges per document
            if d in dropped:
                continue
            if merged and merged[-1][0] == d and s < merged[-1][2]:
                merged[-1][2] = max(merged[-1][2], e)
            else:
                merged.append([d, s, e])
        if len({d for d, _, _ in merged}) < 2:
            continue
        occ = tuple(sorted(Occurrence(docs[d].id, s, e) for d, s, e in merged))
        key = "|".join(f"{o.doc_id}:{o.start}:{o.end}" for o in occ)
        text0 = next(docs[d].text for d, _, _ in merged if docs[d].id == occ[0].doc_id)
        passages.append(
            ReusedPassage(
                id="rp-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12],
                occurrences=occ,
                similarity=round(similarity[root], 4),
                chars=max(o.end - o.start for o in occ),
                preview=text0[occ[0].start : occ[0].end][:200],
            )
        )
    return sorted(passages, key=lambda p: (p.occurrences[0].doc_id, p.occurrences[0].start, p.id))


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
            f"bad parameters min_chars={min_chars}, threshold={threshold}, num_perm={num_perm}, "
            f"shingle={shingle}: need min_chars >= 1, 0 < threshold <= 1, num_perm >= 16, shingle >= 1"
        )
    ids = [d.id for d in docs]
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        raise ModelError(f"document ids must be unique for reuse detection; repeated: {dup[:5]}")
    ancestors, has_children = _lineage(docs)
    prepared = [_prepare(d.text, shingle) for d in docs]

    def unrelated(i: int, j: int) -> bool:
        return i not in ancestors[j] and j not in ancestors[i]

    seeds = _seeds(
        prepared,
        unrelated,
        has_children,
        shingle=shingle,
        num_perm=num_perm,
        lsh_threshold=max(0.3, min(0.9, threshold - 0.3)),
    )
    matches = [
        _Match((i, *ca), (j, *cb), sim)
        for (i, j), pair_seeds in sorted(seeds.items())
        for ca, cb, sim in _matches(
            prepared[i], prepared[j], pair_seeds, min_chars=min_chars, threshold=threshold
        )
    ]
    return _cluster(docs, matches, ancestors)
