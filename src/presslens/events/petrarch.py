"""Reading PETRARCH verb dictionaries into a :class:`~presslens.events.lexicon.VerbLexicon`.

Both syntaxes: PETRARCH 1 / TABARI (``PETR.Validate.verbs.txt``: ``- SAID * TO_ATTEND [082]``,
``_`` joins consecutive words, ``$`` source, ``+`` target, ``%`` compound actor, ``^`` skip) and
PETRARCH 2 (``CAMEO.2.0.txt``: ``- * (TO {BANNED PARTIES}) [1722]``, ``(...)`` a prepositional
phrase, ``{...}`` a noun phrase whose last word is its head). Verb blocks (``--- NAME [CODE]
---``), verb lines (``WORD {FORMS} [CODE]``, multi-word ``+BREAK_DOWN``, ``WIRE_+TAP``), synsets
(``&NAME`` and ``+PHRASE`` lines, nested synsets expanded, plurals generated unless the name or
the phrase ends in ``_``) and ``<!-- -->`` / ``#`` comments are read; verb transformations
(``~``) are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from ..errors import ModelError
from .lexicon import Element, Pattern, VerbEntry, VerbLexicon

__all__ = ["load_petrarch_verbs", "regular_forms"]

# -- inflection -----------------------------------------------------------------------------


def regular_forms(stem: str) -> set[str]:
    """PETRARCH's regular forms of a verb: ``-S``/``-ES``/``-IES``, ``-ED``/``-D``, ``-ING``."""
    out = {stem}
    if stem.endswith(("S", "X", "Z", "SH", "CH")):
        out.add(stem + "ES")
    elif stem.endswith("Y") and len(stem) > 1 and stem[-2] not in "AEIOU":
        out.add(stem[:-1] + "IES")
    else:
        out.add(stem + "S")
    if stem.endswith("E"):
        out.add(stem + "D")
    elif stem.endswith("Y") and len(stem) > 1 and stem[-2] not in "AEIOU":
        out.add(stem[:-1] + "IED")
    else:
        out.add(stem + "ED")
    if stem.endswith("E") and len(stem) > 2 and stem[-2] not in "AEIOU":
        out.add(stem[:-1] + "ING")
    else:
        out.add(stem + "ING")
    return out


def _plural(noun: str) -> str | None:
    if not noun or not noun.isalpha():
        return None
    if noun.endswith("Y") and len(noun) > 1 and noun[-2] not in "AEIOU":
        return noun[:-1] + "IES"
    if noun.endswith(("S", "X", "Z", "SH", "CH")):
        return noun + "ES"
    return noun + "S"


# -- the PETRARCH verb dictionaries -----------------------------------------------------------

_BLOCK = re.compile(r"^---\s*(.+?)\s*(?:\[([^\]]*)\])?\s*(?:\[[^\]]*\])?\s*(?:#.*)?---")
_PAT_CODE = re.compile(r"\[([^\]]*)\]\s*$")


def _strip_comment(line: str) -> str:
    if "#" in line:
        line = line[: line.index("#")]
    return line.rstrip()


def _norm_code(raw: str) -> str:
    code = raw.strip()
    return code if code else "---"


def _read_lines(path: Path) -> list[tuple[int, str]]:
    """Lines without ``<!-- -->`` comments (possibly multi-line), numbered from 1."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        text = path.read_text(encoding="latin-1")
    except OSError as exc:
        raise ModelError(f"{path}: cannot read the verb dictionary: {exc.strerror or exc}") from exc
    out: list[tuple[int, str]] = []
    in_comment = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw
        if in_comment:
            if "-->" not in line:
                continue
            line, in_comment = line[line.index("-->") + 3 :], False
        while "<!" in line:
            head, _, tail = line.partition("<!")
            if "-->" in tail:
                line = head + tail[tail.index("-->") + 3 :]
            else:
                line, in_comment = head, True
        out.append((number, line))
    return out


def _pattern_elements(
    text: str, synsets: Mapping[str, object], heads: bool = False
) -> list[Element] | None:
    """Elements of one side of a pattern; ``None`` when it names an unknown synset.

    With ``heads`` (PETRARCH 2 syntax) a plain word names the head of a phrase (kind ``head``),
    as does the last word of a ``{...}`` group, whose other words are modifiers (``word``).
    """
    elements: list[Element] = []
    in_group = False
    for raw_chunk in text.replace(")", " ").split():
        prep = raw_chunk.startswith("(")
        opens = "{" in raw_chunk
        closes = "}" in raw_chunk
        in_group = in_group or opens
        chunk = raw_chunk.replace("(", "").replace("{", "").replace("}", "")
        group_word = in_group and not closes
        if closes:
            in_group = False
        if not chunk:
            continue
        parts = chunk.split("_")
        for i, part in enumerate(parts):
            joined = i > 0
            if not part:
                continue
            if prep and i == 0 and part[0].isalpha():
                elements.append(Element("prep", part.upper(), joined))
            elif heads and part[0].isalpha() and not group_word and i == len(parts) - 1:
                elements.append(Element("head", part.upper(), joined))
            elif part == "*":
                elements.append(Element("verb", "*", joined))
            elif part == "$":
                elements.append(Element("source", "", joined))
            elif part == "+":
                elements.append(Element("target", "", joined))
            elif part == "%":
                elements.append(Element("compound", "", joined))
            elif part == "^":
                elements.append(Element("skip", "", joined))
            elif part.startswith("&"):
                name = part.rstrip("_")
                if name not in synsets:
                    return None
                elements.append(Element("synset", name, joined))
            else:
                elements.append(Element("word", part.upper(), joined))
    return elements


def _parse_pattern(
    body: str, code: str, origin: str, synsets: Mapping[str, object], clausal: bool
) -> Pattern:
    elements = _pattern_elements(body, synsets, heads=not clausal)
    if elements is None:
        raise _Skip(f"{origin}: pattern names an undefined synset; skipped")
    stars = [i for i, e in enumerate(elements) if e.kind == "verb"]
    if len(stars) != 1:
        raise _Skip(f"{origin}: pattern needs exactly one '*'; skipped")
    i = stars[0]
    before = tuple(elements[:i])
    return Pattern(code, before, tuple(elements[i + 1 :]), elements[i].joined, origin, clausal)


class _Skip(Exception):
    pass


def _verb_line(
    line: str, block: str, block_code: str, origin: str
) -> tuple[list[VerbEntry], str | None]:
    """A verb line: ``WORD {FORMS} [CODE]``, ``+BREAK_DOWN {...}``, ``WIRE_+TAP``, ``LASH OUT``."""
    code = block_code
    match = _PAT_CODE.search(line)
    if match:
        code = _norm_code(match.group(1))
        line = line[: match.start()]
    forms_text = ""
    has_forms = "{" in line
    if has_forms:
        head, _, rest = line.partition("{")
        forms_text = rest.partition("}")[0]
        line = head
    words = line.split()
    if not words:
        return [], None
    front, verb, back = _split_multi("_".join(words))  # "LASH OUT": a verb and its particle
    if not verb or not verb[0].isalpha():
        return [], f"{origin}: no verb word in {line!r}; skipped"
    listed = {verb}
    for item in forms_text.split():
        f, v, b = _split_multi(item)
        if v and f == front and b == back:
            listed.add(v)
    # irregular forms in {...} are complete: no regular forms are added (PETRARCH's rule)
    forms = frozenset(listed) if has_forms else frozenset(regular_forms(verb))
    entry = VerbEntry(verb, block, code, forms, tuple(front), tuple(back))
    return [entry], None


def _split_multi(word: str) -> tuple[list[str], str, list[str]]:
    """``WIRE_+TAP`` -> (["WIRE"], "TAP", []); ``+BREAK_DOWN`` -> ([], "BREAK", ["DOWN"])."""
    word = word.strip().upper()
    if "_" not in word:
        return [], word.lstrip("+"), []
    parts = [p for p in word.split("_") if p]
    marked = [i for i, p in enumerate(parts) if p.startswith("+")]
    at = marked[0] if marked else 0
    parts = [p.lstrip("+") for p in parts]
    return parts[:at], parts[at], parts[at + 1 :]


def load_petrarch_verbs(path: str | Path, *, strict: bool = False) -> VerbLexicon:
    """A PETRARCH verb dictionary (PETRARCH 1 or 2 syntax) as a :class:`VerbLexicon`.

    A file with a ``####### VERB PATTERNS #######`` line is read as PETRARCH 2 (patterns see the
    verb's own phrases), any other as PETRARCH 1 (patterns are ``clausal``, see :class:`Pattern`).
    Synset definitions (``&NAME`` then ``+PHRASE`` lines) may appear anywhere before use; a
    synset may hold other synsets. Plurals of synset phrases are generated unless the name or the
    phrase ends in ``_``. Verb transformation lines (``~``) are ignored. Patterns naming an
    undefined synset are skipped (``strict=True`` raises instead).
    """
    file = Path(path)
    name = file.name
    raw_synsets: dict[str, list[str]] = {}
    no_plural: set[str] = set()
    entries: list[VerbEntry] = []
    patterns: dict[str, list[Pattern]] = {}
    block = ""
    block_code = "---"
    current_synset: str | None = None
    pending: list[tuple[str, str, str]] = []  # (block, pattern body, "code|origin")
    lines = _read_lines(file)
    clausal = not any(line.startswith("####### VERB PATTERNS") for _n, line in lines)
    for number, raw in lines:
        origin = f"{name}:{number}"
        stripped = raw.strip()
        if not stripped or stripped.startswith("#") or stripped.startswith("~"):
            continue
        if stripped.startswith("---"):
            match = _BLOCK.match(stripped)
            if not match:
                continue
            block = re.sub(r"\s+", "_", match.group(1).strip())
            block_code = _norm_code(match.group(2) or "---")
            current_synset = None
            continue
        line = _strip_comment(stripped)
        if not line:
            continue
        if line.startswith("&"):
            current_synset = line.split()[0].rstrip()
            key = current_synset.rstrip("_")
            raw_synsets.setdefault(key, [])
            if current_synset.endswith("_"):
                no_plural.add(key)
            current_synset = key
            continue
        if line.startswith("+") and current_synset is not None:
            raw_synsets[current_synset].append(line[1:].strip())
            continue
        if line.startswith("-"):
            current_synset = None
            match = _PAT_CODE.search(line)
            if not match:
                if strict:
                    raise ModelError(f"{origin}: pattern without a [code]")
                continue
            pending.append(
                (block, line[1 : match.start()], f"{_norm_code(match.group(1))}|{origin}")
            )
            continue
        current_synset = None
        if not block:
            continue
        new, problem = _verb_line(line, block, block_code, origin)
        if problem and strict:
            raise ModelError(problem)
        entries.extend(new)
    synsets = _expand_synsets(raw_synsets, no_plural)
    for blk, body, coded in pending:
        code, _, origin = coded.partition("|")
        try:
            patterns.setdefault(blk, []).append(
                _parse_pattern(body, code, origin, synsets, clausal)
            )
        except _Skip as exc:
            if strict:
                raise ModelError(str(exc)) from None
    return VerbLexicon(
        tuple(entries),
        {k: tuple(v) for k, v in patterns.items()},
        synsets,
        f"petrarch:{name}",
    )


def _expand_synsets(
    raw: Mapping[str, list[str]], no_plural: set[str]
) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Synset phrases as word tuples, with nested synsets expanded and plurals added."""

    def expand(name: str, seen: frozenset[str]) -> list[tuple[str, ...]]:
        out: list[tuple[str, ...]] = []
        for phrase in raw.get(name, ()):
            words = phrase.replace("_", " ").split()
            if not words:
                continue
            if words[0].startswith("&") and len(words) == 1:
                inner = words[0].rstrip("_")
                if inner not in seen:
                    out.extend(expand(inner, seen | {inner}))
                continue
            words = [w.upper() for w in words]
            out.append(tuple(words))
            plural = None if (name in no_plural or phrase.endswith("_")) else _plural(words[-1])
            if plural:
                out.append((*words[:-1], plural))
        return out

    result: dict[str, tuple[tuple[str, ...], ...]] = {}
    for name in raw:
        phrases = list(dict.fromkeys(expand(name, frozenset({name}))))
        result[name] = tuple(phrases)
    return result
