"""CAMEO/PETRARCH actor dictionaries (``*.actors.txt``) read into :class:`~.kb.Actor` objects.

PETRARCH and TABARI (openeventdata) keep actors in plain-text dictionaries: a name line, ``+``
synonym lines and ``[CODE date-range]`` code lines. :func:`load_petrarch_actors` reads every
variant that occurs in the Phoenix and PETRARCH validation dictionaries; see ``docs/actors.md``
for the format, how kinds and countries are guessed from the codes, and what is reported.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from ..errors import ModelError
from .records import Actor, Alias, auto_case_sensitive

__all__ = ["load_petrarch_actors"]

log = logging.getLogger("presslens.actors")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CAMEO_REGIONS = _words(
    "AFR ASA BLK CRB CAU CFR CAS CEU EIN EAF EEU EUR LAM MEA MDT NAF NMR PGS SCN SAM SAS "
    "SEA SAF WAF WST"
)
"""CAMEO codes of world regions (3 letters, like a country)."""
_CAMEO_NONSTATE = _words("IGO NGO NGM MNC IMG UAF UIS INT IMF UNO EEC IBR WBK NAT")
"""Three-letter codes that name organisations, not countries (IMF, UN, EEC, World Bank, NATO)."""
_CAMEO_GROUP_ROLES = _words("REB INS SEP UAF RAD IMG")
_CAMEO_NULL = frozenset({"---", "+++", "###"})
_INSTITUTION_WORDS = re.compile(
    r"\b(REPUBLIC|SOVIET|PARTY|MINISTRY|COUNCIL|ASSEMBLY|ARMY|FORCES|GOVERNMENT|COMMITTEE|FRONT|"
    r"MOVEMENT|UNION|ORGANI[SZ]ATION|AGENCY|DEPARTMENT|BANK|COMMISSION|PARLIAMENT|CONGRESS|"
    r"COURT|MILITIA|BRIGADE|LEAGUE|ALLIANCE|ASSOCIATION|INSTITUTE|CORPORATION|GROUP)\b"
)
_BRACKET = re.compile(r"\[([^\]]*)\]")
_GLUED_DATE = re.compile(r"^([A-Z][A-Z0-9/+#-]*?)([<>]?\d{6,10}(?:-\d{6,10})?)$")
_SMALL_WORDS = _words(
    "of the and for in on at to de del la le al el bin ibn van von der da du y des"
)
_KNOWN_ACRONYMS = _words("US USA UN EU UK NATO IMF UAE DRC PLO KGB CIA FBI")

Warn = Callable[[str], None]


def _petrarch_date(text: str, where: str, warn: Warn) -> str | None:
    """A PETRARCH date (``YYMMDD`` or ``YYYYMMDD``) as ISO ``YYYY-MM-DD``.

    Follows PETRARCH's reader: up to 7 digits are read as ``YYMMDD`` (years 00-30 are 20YY),
    longer ones as ``YYYYMMDD`` from the first 8 digits. Odd lengths and impossible dates are
    reported through ``warn``; an impossible date becomes ``None`` (open).
    """
    digits = text.strip()
    if not digits.isdigit():
        warn(f"{where}: date {text!r} is not a number; read as open")
        return None
    if len(digits) not in (6, 8):
        warn(f"{where}: date {digits!r} has {len(digits)} digits (want 6 or 8); read as PETRARCH")
    try:
        if len(digits) > 7:
            year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
        else:
            year, month, day = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
            year += 2000 if year <= 30 else 1900
        return date(year, month, day).isoformat()
    except ValueError:
        warn(f"{where}: date {digits!r} is not a calendar date; read as open")
        return None


def _petrarch_codes(
    content: str, where: str, warn: Warn
) -> list[tuple[str, str | None, str | None]]:
    """``CODE``, ``CODE 950601-990815``, ``CODE <950601``, ``CODE >990816``, ``A/B`` -> tuples."""
    content = content.strip()
    if not content:
        warn(f"{where}: empty code []; ignored")
        return []
    parts = content.split(None, 1)
    code, spec = parts[0].upper(), (parts[1] if len(parts) > 1 else "")
    if not spec:
        glued = _GLUED_DATE.match(code)
        if glued and not code[:1].isdigit():
            code, spec = glued.group(1), glued.group(2)
            warn(f"{where}: code and date run together in [{content}]; read as {code} {spec}")
    if code[:1].isdigit():
        warn(f"{where}: [{content}] has no code before its date; ignored")
        return []
    spec = spec.replace(" ", "")
    start: str | None = None
    end: str | None = None
    if spec.startswith("<"):
        end = _petrarch_date(spec[1:], where, warn)
    elif spec.startswith(">"):
        start = _petrarch_date(spec[1:], where, warn)
    elif "-" in spec:
        left, _, right = spec.partition("-")
        start = _petrarch_date(left, where, warn)
        end = _petrarch_date(right, where, warn)
    elif spec:
        start = _petrarch_date(spec, where, warn)  # a bare date: read as "from"
    return [(c, start, end) for c in code.split("/") if c]


_CAMEO_ROLES = _words(
    "COP GOV INS JUD MIL OPP REB SEP SPY UAF AGR BUS CRM CVL DEV EDU ELI ENV HLH HRI LAB "
    "LEG MED REF MOD RAD AMN IRC GRP UNO PKO UIS IGO IMG INT MNC NGM NGO SET PTY"
)


def _country_like(code: str) -> bool:
    root = code[:3]
    return (
        len(root) == 3
        and root.isalpha()
        and root not in _CAMEO_ROLES
        and root not in _CAMEO_NONSTATE
        and root not in _CAMEO_REGIONS
        and code not in _CAMEO_NULL
    )


def _code_order(code: tuple[str, str | None, str | None]) -> tuple[str, str]:
    return (code[2] or "9999", code[1] or "0000")


def _latest_code(codes: Sequence[tuple[str, str | None, str | None]]) -> str | None:
    """The code in force last: open-ended beats dated, then the latest end, then latest start."""
    real = [c for c in codes if c[0] not in _CAMEO_NULL]
    if not real:
        return None
    return max(enumerate(real), key=lambda ic: (*_code_order(ic[1]), ic[0]))[1][0]


def _petrarch_kind(
    name: str, code: str | None, codes: Sequence[tuple[str, str | None, str | None]]
) -> tuple[str, str | None]:
    """Guess (kind, country) from the codes: see ``docs/actors.md``."""
    if code is None:
        return "organisation", None
    root = code[:3]
    country = next(
        (c[:3] for c, _s, _e in sorted(codes, key=_code_order, reverse=True) if _country_like(c)),
        None,
    )
    dated_roles = any((s or e) and len(c) > 3 for c, s, e in codes)
    if dated_roles and not _INSTITUTION_WORDS.search(name.upper()):
        return "person", country
    if len(code) == 3:
        if root in _CAMEO_REGIONS:
            return "region", None
        if root in ("IMG", "UAF"):
            return "group", None
        if root in _CAMEO_NONSTATE:
            return "organisation", None
        return "state", country
    roles = {code[i : i + 3] for i in range(3, len(code) - 2, 3)}
    if root in ("IMG", "UAF") or roles & _CAMEO_GROUP_ROLES:
        return "group", country
    if "MED" in roles:
        return "media", country
    if "PTY" in roles:
        return "party", country
    if code[3:] == "GOV" and country is not None:
        return "government", country
    return "organisation", country


def _display(upper: str) -> str:
    """``VLADIMIR_V._PUTIN`` -> ``Vladimir V. Putin`` (names in the files are upper case)."""
    words = []
    for i, word in enumerate(upper.split()):
        letters = word.replace(".", "")
        if word.upper() in _KNOWN_ACRONYMS or ("." in word and len(letters) <= 3):
            words.append(word.upper())
        elif i > 0 and word.lower() in _SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append(
                re.sub(
                    r"[^\W\d_]+",
                    lambda m: m.group(0).capitalize(),
                    word.lower(),
                ).replace("'S", "'s")
            )
    return " ".join(words)


def _petrarch_alias(raw: str) -> Alias | None:
    text = " ".join(raw.replace("_", " ").split())
    if not text:
        return None
    if auto_case_sensitive(text.upper()):
        return Alias(text.upper(), case_sensitive=True)  # "UN", "US", "XI": acronym or not
    return Alias(_display(text))


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


class _Entry:
    __slots__ = ("codes", "line", "name", "synonyms")

    def __init__(self, name: str, line: int) -> None:
        self.name = name
        self.line = line
        self.synonyms: list[str] = []
        self.codes: list[tuple[str, str | None, str | None]] = []


def _petrarch_entries(path: Path, warn: Warn) -> list[_Entry]:
    """The raw entries of a dictionary file, in order, with codeless runs resolved."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        text = path.read_text(encoding="latin-1")
        warn(f"{path.name}: not UTF-8; read as Latin-1")
    except OSError as exc:
        raise ModelError(f"{path}: cannot read the dictionary: {exc.strerror or exc}") from exc
    entries: list[_Entry] = []
    group: list[_Entry] = []  # entries that receive the next code lines
    cur: _Entry | None = None
    in_comment = False
    gap = False  # a blank or comment line since the last content line
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw
        if in_comment:
            if "-->" in line:
                in_comment = False
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped.startswith("<!"):
            if stripped.startswith("<!--") and "-->" not in stripped:
                in_comment = True
            gap = True
            continue
        if "<!--" in line:
            head, _, tail = line.partition("<!--")
            if "-->" in tail:
                line = head + tail[tail.index("-->") + 3 :]
            else:
                line, in_comment = head, True
        if "#" in line:
            line = line[: line.index("#")]
        stripped = line.strip()
        if not stripped:
            continue
        where = f"{path.name}:{number}"
        after_gap, gap = gap, False
        first_bracket = stripped.find("[")
        codes: list[tuple[str, str | None, str | None]] = []
        if first_bracket >= 0:
            for content in _BRACKET.findall(stripped[first_bracket:]):
                codes.extend(_petrarch_codes(content, where, warn))
            trailing = _BRACKET.sub("", stripped[first_bracket:]).strip()
            if trailing:
                warn(f"{where}: text after the codes ({trailing[:40]!r}); ignored")
        head = (stripped if first_bracket < 0 else stripped[:first_bracket]).strip()
        if stripped.startswith("+"):
            if cur is None:
                warn(f"{where}: synonym before any actor name; ignored")
                continue
            if head[1:].strip():
                cur.synonyms.append(head[1:].strip())
        elif not stripped.startswith("["):
            new = _Entry(head, number)
            # a name right after a codeless entry shares the codes that follow (a name block)
            sharing = cur is not None and not cur.codes and not after_gap
            group = [*group, new] if sharing else [new]
            cur = new
            entries.append(new)
        elif cur is None:
            warn(f"{where}: codes before any actor name; ignored")
            continue
        for entry in group:
            entry.codes.extend(codes)
    return entries


def load_petrarch_actors(
    path: str | Path, *, warn: Warn | None = None, strict: bool = False
) -> list[Actor]:
    """Actors from a CAMEO/PETRARCH actor dictionary (``*.actors.txt``) or a folder of them.

    The format (PETRARCH's ``read_actor_dictionary``, made tolerant): an entry is a name line
    (words joined by ``_`` or spaces, an optional trailing ``_``), ``+SYNONYM`` lines and code
    lines ``[CODE]`` / ``[CODE 950601-990815]`` / ``[CODE <950601]`` / ``[CODE >990816]``, which
    may also follow the name on its line. ``#`` starts a comment anywhere; ``<!-- ... -->``
    comments may span lines. Consecutive name lines without codes share the codes of the entry
    that follows them directly (no blank or comment line between); entries left without any
    code are skipped. See ``docs/actors.md`` for how kinds and countries are guessed.

    Problems in the file (odd dates, text after codes, skipped entries) go to ``warn`` (default:
    the ``presslens.actors`` logger at WARNING); ``strict=True`` raises
    :class:`~presslens.errors.ModelError` on the first one instead.
    """
    root = Path(path)
    if root.is_dir():
        files = sorted(root.glob("*.actors.txt"))
        if not files:
            raise ModelError(f"{root}: no *.actors.txt dictionaries in this folder")
        out: list[Actor] = []
        for file in files:
            out.extend(load_petrarch_actors(file, warn=warn, strict=strict))
        return out
    if not root.is_file():
        raise ModelError(f"{root}: no such PETRARCH dictionary; give a *.actors.txt file")

    def report(message: str) -> None:
        if strict:
            raise ModelError(message + " (strict mode; fix the line or load with strict=False)")
        (warn or log.warning)(message)

    source = f"petrarch:{root.name}"
    prefix = "petrarch/" + _slug(root.name.removesuffix(".txt"))
    actors: list[Actor] = []
    used: dict[str, int] = {}
    for entry in _petrarch_entries(root, report):
        if not entry.codes:
            report(f"{root.name}:{entry.line}: {entry.name!r} has no code; skipped")
            continue
        aliases: dict[str, Alias] = {}
        for raw in (entry.name, *entry.synonyms):
            alias = _petrarch_alias(raw)
            if alias is not None:
                aliases.setdefault(alias.text, alias)
        if not aliases or ": " in entry.name or "$" in entry.name:  # "Source: X.actors"
            report(f"{root.name}:{entry.line}: {entry.name!r} is not an actor name; skipped")
            continue
        name = next(iter(aliases.values())).text
        code = _latest_code(entry.codes)
        kind, country = _petrarch_kind(entry.name, code, entry.codes)
        slug = _slug(name)
        count = used.get(slug, 0) + 1
        used[slug] = count
        actors.append(
            Actor(
                id=f"{prefix}/{slug}" + (f"-{count}" if count > 1 else ""),
                kind=kind,
                name=name,
                aliases=tuple(aliases.values()),
                country=country,
                cameo=code,
                source=source,
                codes=tuple(entry.codes),
                note=f"line {entry.line}",
            )
        )
    return actors
