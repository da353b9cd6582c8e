"""The verb lexicon (verb blocks, forms, codes, patterns) and the compact format presslens ships.

A :class:`VerbLexicon` holds verb *blocks* (verbs that share patterns), each verb's forms and
code (:class:`VerbEntry`), the patterns of each block (:class:`Pattern`, a sequence of
:class:`Element`) and the synonym sets (synsets) patterns refer to. :meth:`VerbLexicon.dump`
writes the compact format and :func:`read_compact` reads it back. Reading PETRARCH
dictionaries is :mod:`presslens.events.petrarch`; which lexicon to use (a file in either format,
the packaged one, several merged) is :mod:`presslens.events.verbs`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType

from ..errors import ModelError

__all__ = [
    "FORMAT_HEADER",
    "Element",
    "Pattern",
    "VerbEntry",
    "VerbLexicon",
    "is_event_code",
    "read_compact",
]

FORMAT_HEADER = "#presslens-verbs 1"


_CODE = re.compile(r"^[0-9]{2,4}[A-Za-z]?$")


def is_event_code(code: str | None) -> bool:
    """Whether a code names an event (``"064"``, ``"174K"``), not the null code ``"---"``."""
    return bool(code) and bool(_CODE.match(code or ""))


@dataclass(frozen=True, slots=True)
class Element:
    """One element of a pattern.

    ``kind`` is ``word`` (``value`` holds ``/``-separated alternatives: ``"BY/WITH"``),
    ``prep`` (a word that must be a preposition: the head of a PETRARCH 2 ``(...)`` group),
    ``head`` (a word that must head its phrase, not modify a noun: PETRARCH 2 plain words),
    ``synset`` (``value`` is the name, ``&TIETYPES``), ``source`` (``$``), ``target`` (``+``),
    ``compound`` (``%``, a compound actor) or ``skip`` (``^``). ``joined`` means the element
    must follow the previous one (or the verb) directly.
    """

    kind: str
    value: str = ""
    joined: bool = False

    def text(self) -> str:
        sym = {"source": "$", "target": "+", "compound": "%", "skip": "^"}
        marks = {"prep": "@", "head": "="}
        value = (
            marks[self.kind] + self.value if self.kind in marks else sym.get(self.kind, self.value)
        )
        return ("_" if self.joined else "") + value


@dataclass(frozen=True, slots=True)
class Pattern:
    """Words around a verb that change its code: ``before`` * ``after`` -> ``code``.

    ``before`` lies left of the verb in sentence order; ``verb_joined`` says the last element of
    ``before`` must touch the verb. ``after`` lies right of the verb. ``clausal`` patterns
    (PETRARCH 1 / TABARI dictionaries, written for word sequences) may reach into the clauses the
    verb governs ("SAID * WAS UNSATISFACTORY"); the others (PETRARCH 2 dictionaries, written for
    the verb's own phrases) only see the verb's objects and prepositional phrases. ``origin`` is
    ``file:line``.
    """

    code: str
    before: tuple[Element, ...] = ()
    after: tuple[Element, ...] = ()
    verb_joined: bool = False
    origin: str = ""
    clausal: bool = False

    @property
    def size(self) -> int:
        """How specific the pattern is: the number of elements that must match."""
        return sum(1 for e in (*self.before, *self.after) if e.kind != "skip")

    def text(self) -> str:
        """The pattern in PETRARCH 1 notation (``MOST_CERTAINLY * OVER EFFORTS``), with
        ``@`` before a preposition element."""

        def show(e: Element) -> str:
            return ("_" if e.joined else " ") + e.text().lstrip("_").lstrip("=")

        before = "".join(show(e) for e in self.before).strip()
        star = ("_*" if self.verb_joined else " *") if before else "*"
        return (before + star + "".join(show(e) for e in self.after)).strip()


@dataclass(frozen=True, slots=True)
class VerbEntry:
    """A verb (or multi-word verb) in a block.

    ``forms`` are the upper-case forms of the word the parser tags as the verb; ``front`` and
    ``back`` the words that must precede and follow it ("WIRE" + TAP, BREAK + "DOWN"). ``code``
    is the verb's own code (else the block's).
    """

    base: str
    block: str
    code: str
    forms: frozenset[str] = frozenset()
    front: tuple[str, ...] = ()
    back: tuple[str, ...] = ()


@dataclass(frozen=True)
class VerbLexicon:
    """Verb entries, patterns by block, synsets; immutable with indexes built once."""

    entries: tuple[VerbEntry, ...]
    patterns: Mapping[str, tuple[Pattern, ...]]
    synsets: Mapping[str, tuple[tuple[str, ...], ...]]
    source: str = ""
    _by_form: Mapping[str, tuple[VerbEntry, ...]] = field(default_factory=dict, repr=False)
    _by_base: Mapping[str, tuple[VerbEntry, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        by_form: dict[str, list[VerbEntry]] = {}
        by_base: dict[str, list[VerbEntry]] = {}
        for entry in self.entries:
            for form in entry.forms | {entry.base}:
                by_form.setdefault(form, []).append(entry)
            by_base.setdefault(entry.base, []).append(entry)
        object.__setattr__(self, "_by_form", {k: tuple(v) for k, v in by_form.items()})
        object.__setattr__(self, "_by_base", {k: tuple(v) for k, v in by_base.items()})
        object.__setattr__(self, "patterns", MappingProxyType(dict(self.patterns)))
        object.__setattr__(self, "synsets", MappingProxyType(dict(self.synsets)))

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, VerbLexicon) and other.fingerprint == self.fingerprint

    def __reduce__(self) -> tuple[type[VerbLexicon], tuple[object, ...]]:
        """Picklable (for worker processes): rebuilt from its parts."""
        return (VerbLexicon, (self.entries, dict(self.patterns), dict(self.synsets), self.source))

    def by_form(self, form: str) -> tuple[VerbEntry, ...]:
        """Entries whose verb word has this upper-case form ("STRUCK")."""
        return self._by_form.get(form, ())

    def by_base(self, base: str) -> tuple[VerbEntry, ...]:
        """Entries whose base form is ``base`` ("STRIKE"), for lemma look-ups."""
        return self._by_base.get(base, ())

    def block_patterns(self, block: str) -> tuple[Pattern, ...]:
        return self.patterns.get(block, ())

    @property
    def fingerprint(self) -> str:
        """A short hash of the content (changes when any verb, pattern or synset changes)."""
        return _fingerprint(self.entries, tuple(sorted(self.patterns.items())), self.synsets)

    def merged(self, other: VerbLexicon) -> VerbLexicon:
        """Both lexicons: entries and patterns of ``self`` first (they win ties)."""
        patterns = dict(other.patterns)
        patterns.update(self.patterns)
        synsets = dict(other.synsets)
        synsets.update(self.synsets)
        return VerbLexicon(
            (*self.entries, *other.entries),
            patterns,
            synsets,
            f"{self.source}+{other.source}",
        )

    def __len__(self) -> int:
        return len(self.entries)

    # -- the compact format -----------------------------------------------------------------
    def dump_lines(self, notice: Sequence[str] = ()) -> Iterator[str]:
        """The lexicon in the compact format (see :func:`load_lexicon`)."""
        yield FORMAT_HEADER
        for line in notice:
            yield f"# {line}".rstrip()
        for name, phrases in sorted(self.synsets.items()):
            yield "S\t" + name + "\t" + "|".join(" ".join(p) for p in phrases)
        blocks: dict[str, list[VerbEntry]] = {}
        for entry in self.entries:
            blocks.setdefault(entry.block, []).append(entry)
        for block in [*blocks, *(b for b in self.patterns if b not in blocks)]:
            yield f"B\t{block}"
            for e in blocks.get(block, ()):
                forms = " ".join(sorted(e.forms - {e.base}))
                yield "\t".join(("V", e.base, e.code, forms, " ".join(e.front), " ".join(e.back)))
            for p in self.patterns.get(block, ()):
                before = " ".join(x.text() for x in p.before)
                after = " ".join(x.text() for x in p.after)
                flags = ("1" if p.verb_joined else "0", after, "c" if p.clausal else "")
                yield "\t".join(("P", p.code, before, *flags))

    def dump(self, path: str | Path, notice: Sequence[str] = ()) -> None:
        """Write the compact format to ``path``."""
        Path(path).write_text("\n".join(self.dump_lines(notice)) + "\n", encoding="utf-8")


@cache
def _fingerprint_cached(blob: str) -> str:
    return hashlib.sha256(blob.encode()).hexdigest()[:10]


def _fingerprint(
    entries: tuple[VerbEntry, ...],
    patterns: tuple[tuple[str, tuple[Pattern, ...]], ...],
    synsets: Mapping[str, tuple[tuple[str, ...], ...]],
) -> str:
    parts = [f"{e.block}|{e.base}|{e.code}|{sorted(e.forms)}|{e.front}|{e.back}" for e in entries]
    parts += [
        f"{b}|{p.code}|{[e.text() for e in (*p.before, *p.after)]}|{p.verb_joined}|{p.clausal}"
        for b, ps in patterns
        for p in ps
    ]
    parts += [f"{k}|{v}" for k, v in sorted(synsets.items())]
    return _fingerprint_cached("\n".join(parts))


def _compact_elements(text: str) -> tuple[Element, ...]:
    out = []
    kinds = {"$": "source", "+": "target", "%": "compound", "^": "skip"}
    for tok in text.split():
        joined = tok.startswith("_")
        tok = tok[1:] if joined else tok
        if tok.startswith("@"):
            out.append(Element("prep", tok[1:], joined))
        elif tok.startswith("="):
            out.append(Element("head", tok[1:], joined))
        elif tok in kinds:
            out.append(Element(kinds[tok], "", joined))
        elif tok.startswith("&"):
            out.append(Element("synset", tok, joined))
        else:
            out.append(Element("word", tok, joined))
    return tuple(out)


def read_compact(file: Path) -> VerbLexicon:
    """A lexicon in the compact format (its first line ``#presslens-verbs 1``, which
    :meth:`VerbLexicon.dump` writes)."""
    entries: list[VerbEntry] = []
    patterns: dict[str, list[Pattern]] = {}
    synsets: dict[str, tuple[tuple[str, ...], ...]] = {}
    block = ""
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        cells = line.split("\t")
        kind = cells[0]
        try:
            if kind == "S":
                synsets[cells[1]] = tuple(tuple(p.split()) for p in cells[2].split("|") if p)
            elif kind == "B":
                block = cells[1]
            elif kind == "V":
                base, code, forms, front, back = cells[1:6]
                entries.append(
                    VerbEntry(
                        base,
                        block,
                        code,
                        frozenset({base, *forms.split()}),
                        tuple(front.split()),
                        tuple(back.split()),
                    )
                )
            elif kind == "P":
                code, before, joined, after = cells[1:5]
                clausal = len(cells) > 5 and cells[5] == "c"
                patterns.setdefault(block, []).append(
                    Pattern(
                        code,
                        _compact_elements(before),
                        _compact_elements(after),
                        joined == "1",
                        f"{file.name}:{number}",
                        clausal,
                    )
                )
            else:
                raise ValueError(f"unknown record type {kind!r}")
        except (ValueError, IndexError) as exc:
            raise ModelError(f"{file}:{number}: malformed lexicon line: {exc}") from exc
    return VerbLexicon(
        tuple(entries), {k: tuple(v) for k, v in patterns.items()}, synsets, f"file:{file.name}"
    )
