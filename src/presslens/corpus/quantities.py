"""Numbers in claims, and whether two claims' numbers (or negations) agree.

Pure functions used by the claim clusters (:mod:`presslens.corpus.claims`):

- :func:`quantities` finds stated quantities: a number (digits, or words such as "two",
  "an hour and a half", "1.5 million") with its unit, and a qualifier that turns it into a range
  ("more than two hours" is (120, inf) minutes, "about 90 minutes" is 76.5..103.5 minutes).
- :func:`compare_quantities` says whether two claims' quantities of the same kind (durations,
  percentages, sums of one currency, counts of one noun) ``agree`` (their ranges overlap) or
  ``disagree`` (they do not); ``None`` when the claims share no kind of quantity.
- :func:`negated` counts grammatical negation; :func:`compare_claims` puts both together.

>>> [q.describe() for q in quantities("The call lasted more than two hours.")]
['> 120 minute']
>>> compare_claims("a 90 minute phone conversation", "the call lasted an hour and a half")
'agree'
>>> compare_claims("The call lasted more than two hours.", "a 90 minute phone conversation")
'disagree'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

__all__ = [
    "Quantity",
    "compare_claims",
    "compare_quantities",
    "negated",
    "overlap",
    "quantities",
    "relation",
]

EXACT_TOLERANCE = 0.02
"""A plain number ("90 minutes") stands for the range +-2% around it (rounding)."""
APPROX_TOLERANCE = 0.15
""""About", "around", "roughly", "some" ... widen the range to +-15%."""
NEAR_TOLERANCE = 0.15
""""Nearly", "almost" ... mean up to 15% below the number."""
NEGATION_OVERLAP = 0.5
"""A negation contradicts only a claim that says nearly the same words (:func:`overlap`): in
two long sentences a "not" is more often in a clause the other does not have."""
SMALL_COUNT = 10
"""Counts below this ("two presidents") are no evidence that two claims agree (they still
disagree: "5 people died" vs "7 people died")."""
UNRELATED_RATIO = 20.0
"""Figures of one kind more than this many times apart describe different things ("a four-year
silence" and "a 90 minute call"), so they neither agree nor disagree."""

_SMALL = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "half": 0.5,
}  # fmt: skip
_SCALE = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE_ABBR = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}

_DURATION = {
    "second": 1 / 60, "sec": 1 / 60, "minute": 1.0, "min": 1.0, "hour": 60.0, "hr": 60.0,
    "day": 1440.0, "week": 10080.0, "month": 43830.0, "year": 525960.0, "decade": 5259600.0,
}  # fmt: skip
_CURRENCY_WORDS = {
    "dollar": "USD", "usd": "USD", "euro": "EUR", "eur": "EUR", "pound": "GBP", "gbp": "GBP",
    "ruble": "RUB", "rouble": "RUB", "rub": "RUB", "hryvnia": "UAH", "yuan": "CNY",
}  # fmt: skip
_CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB"}
_PERCENT = {"percent", "per cent", "%", "percentage points", "points"}

_QUALIFIERS = (
    ("more than", "gt"), ("over", "gt"), ("above", "gt"), ("in excess of", "gt"),
    ("exceeding", "gt"), ("upwards of", "gt"), ("just over", "gt"), ("at least", "ge"),
    ("no less than", "ge"), ("no fewer than", "ge"), ("less than", "lt"), ("fewer than", "lt"),
    ("under", "lt"), ("below", "lt"), ("just under", "lt"), ("up to", "le"), ("at most", "le"),
    ("no more than", "le"), ("nearly", "near"), ("almost", "near"), ("close to", "near"),
    ("about", "approx"), ("around", "approx"), ("roughly", "approx"), ("approximately", "approx"),
    ("some", "approx"), ("an estimated", "approx"), ("estimated", "approx"), ("circa", "approx"),
    ("exactly", "exact"), ("precisely", "exact"), ("fully", "exact"),
)  # fmt: skip

_NUMBER_WORD = "|".join(sorted((k for k in _SMALL if k not in ("a", "an")), key=len, reverse=True))
_SCALE_WORD = "|".join(_SCALE)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDS = rf"(?:{_NUMBER_WORD})(?:[\s-]+(?:{_NUMBER_WORD}))*"
_NUMBER = re.compile(
    rf"(?P<sign>[$€£₽])?\s?(?P<num>(?<![\w.,])(?:{_DIGITS})|(?<![\w-])(?:{_WORDS}|an?)(?!\w))"
    rf"(?:\s*(?P<abbr>k|m|mn|bn|b|tn)\b|(?:[\s-]+(?P<scale>(?:{_SCALE_WORD})(?:[\s-]+(?:{_SCALE_WORD}))*)))?"
    r"(?P<and_half>\s+and\s+a\s+half)?",
    re.IGNORECASE,
)
_UNIT = re.compile(r"[\s-]*(?P<unit>per cent|percentage points?|percent|%|[a-z]+)", re.IGNORECASE)
_HALF_AN = re.compile(r"\bhalf\s+an?\s+(?P<unit>hour|minute|day|week|month|year)\b", re.I)
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_STOP_NOUNS = frozenset(
    {
        "of", "the", "and", "or", "to", "in", "on", "at", "for", "by", "with", "from", "as",
        "that", "this", "these", "those", "is", "was", "are", "were", "be", "been", "it",
        "more", "less", "than", "times", "time", "other", "such", "lot", "few", "many", "new",
        "way", "part", "side", "hand", "thing", "things", "after", "before", "ago", "later",
        "who", "which", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our",
        "has", "have", "had", "will", "would", "can", "could", "may", "might", "not", "no",
        "s", "t", "also", "only", "just", "very", "all", "each", "every",
    }
)  # fmt: skip
_NEGATION = re.compile(
    r"\b(?:not|never|no|none|nobody|nothing|neither|nor|nowhere|without|cannot|"
    r"den(?:y|ies|ied|ying)|refut(?:e|es|ed|ing))\b|n't\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A stated quantity: ``low``..``high`` in the base unit of its ``kind`` (minutes for
    durations, percent, the currency's units, items for counts), found at ``start``..``end``."""

    kind: str  # "duration", "percent", "money:USD", "count:troop", "year"
    low: float
    high: float
    start: int
    end: int
    text: str

    def agrees(self, other: Quantity) -> bool:
        """Whether two quantities of one kind can describe the same fact (ranges overlap)."""
        return self.low <= other.high and other.low <= self.high

    def describe(self) -> str:
        if self.kind == "year":
            return f"year {_fmt((self.low + self.high) / 2)}"
        unit = {"duration": "minute", "percent": "%"}.get(self.kind, self.kind.split(":")[-1])
        if math.isinf(self.high):
            return f"> {_fmt(self.low)} {unit}"
        if self.low <= 0 < self.high and self.kind != "year":
            return f"< {_fmt(self.high)} {unit}"
        if math.isclose(self.low, self.high, rel_tol=0.05):
            return f"{_fmt((self.low + self.high) / 2)} {unit}"
        return f"{_fmt(self.low)}-{_fmt(self.high)} {unit}"


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def _word_value(words: str) -> float | None:
    """``"twenty five"`` -> 25, ``"a"`` -> 1, ``"half"`` -> 0.5."""
    total = 0.0
    for part in re.split(r"[\s-]+", words.lower()):
        value = _SMALL.get(part)
        if value is None:
            return None
        total += value
    return total


def _singular(word: str) -> str:
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def _qualifier(text: str, start: int) -> str:
    before = text[max(0, start - 24) : start].lower().rstrip()
    best = ""
    kind = "exact"
    for phrase, k in _QUALIFIERS:
        if (before.endswith(" " + phrase) or before == phrase) and len(phrase) > len(best):
            best, kind = phrase, k
    return kind


def _range(value: float, qualifier: str) -> tuple[float, float]:
    if qualifier == "gt":
        return value * (1 + 1e-9), math.inf
    if qualifier == "ge":
        return value, math.inf
    if qualifier == "lt":
        return 0.0, value * (1 - 1e-9)
    if qualifier == "le":
        return 0.0, value
    if qualifier == "near":
        return value * (1 - NEAR_TOLERANCE), value
    tol = APPROX_TOLERANCE if qualifier == "approx" else EXACT_TOLERANCE
    return value * (1 - tol), value * (1 + tol)


def quantities(text: str) -> list[Quantity]:
    """The quantities stated in ``text``, in reading order (see the module docstring)."""
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in _HALF_AN.finditer(text):
        scale = _DURATION[m.group("unit").lower()]
        low, high = _range(0.5 * scale, _qualifier(text, m.start()))
        out.append(Quantity("duration", low, high, m.start(), m.end(), m.group(0)))
        taken.append((m.start(), m.end()))
    for m in _NUMBER.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        q = _quantity(text, m)
        if q is not None:
            out.append(q)
            taken.append((q.start, q.end))
    return sorted(out, key=lambda q: q.start)


def _quantity(text: str, m: re.Match[str]) -> Quantity | None:
    raw = m.group("num")
    is_article = raw.lower() in ("a", "an")
    if raw[0].isdigit():
        value = float(raw.replace(",", ""))
    else:
        word = _word_value(raw)
        if word is None:
            return None
        value = word
    if m.group("abbr"):
        value *= _SCALE_ABBR[m.group("abbr").lower()]
    if m.group("scale"):
        for part in re.split(r"[\s-]+", m.group("scale").lower()):
            value *= _SCALE[part]
    if m.group("and_half"):
        value += 0.5
    end = m.end()
    unit_match = _UNIT.match(text, end)
    unit = unit_match.group("unit").lower() if unit_match else ""
    sign = m.group("sign")
    kind: str | None = None
    scale = 1.0
    if sign:
        kind = f"money:{_CURRENCY_SIGNS[sign]}"
    elif unit in _PERCENT or unit.startswith("percentage point"):
        kind = "percent"
    elif _singular(unit) in _DURATION or unit in _DURATION:
        kind = "duration"
        scale = _DURATION[_singular(unit) if _singular(unit) in _DURATION else unit]
    elif _singular(unit) in _CURRENCY_WORDS:
        kind = f"money:{_CURRENCY_WORDS[_singular(unit)]}"
    elif unit and unit.isalpha() and unit not in _STOP_NOUNS and not is_article:
        kind = f"count:{_singular(unit)}"
    elif not is_article and raw[0].isdigit() and _YEAR.match(raw) and not m.group("scale"):
        kind = "year"
    if kind is None or (is_article and kind != "duration"):
        return None
    if kind != "year" and unit_match is not None and not sign:
        end = unit_match.end()
    # "an hour and a half": the "and a half" follows the unit
    tail = re.match(r"\s+and\s+a\s+half\b", text[end:])
    if tail and kind == "duration" and not m.group("and_half"):
        value += 0.5
        end += tail.end()
    value *= scale
    if kind == "year":
        low, high = value - 0.5, value + 0.5
    else:
        low, high = _range(value, _qualifier(text, m.start("num")))
    start = m.start() if sign else m.start("num")
    return Quantity(kind, low, high, start, end, text[start:end])


def compare_quantities(a: list[Quantity], b: list[Quantity]) -> str | None:
    """``"disagree"`` when, for some kind of quantity both claims state, no pair of them agrees
    and some pair is of comparable size ("two presidents spoke for 90 minutes" vs "two
    presidents spoke for over two hours"); ``"agree"`` when a shared kind has an agreeing pair
    that is informative (not a small count) and none disagrees; ``None`` otherwise. Years are
    not compared: a date is context more often than the claim's figure.
    """
    kinds = {q.kind for q in a} & {q.kind for q in b} - {"year"}
    verdict = None
    for kind in sorted(kinds):
        qa = [q for q in a if q.kind == kind]
        qb = [q for q in b if q.kind == kind]
        agreeing = [(x, y) for x in qa for y in qb if x.agrees(y)]
        if agreeing:
            if any(_informative(x) for x, _ in agreeing):
                verdict = "agree"
        elif any(_comparable(x, y) for x in qa for y in qb):
            return "disagree"
    return verdict


def _informative(q: Quantity) -> bool:
    """Whether agreeing on ``q`` says two claims state the same fact: not for small counts
    ("the two presidents", "three countries"), which describe rather than assert."""
    return not (q.kind.startswith("count:") and _size(q) < SMALL_COUNT)


def _size(q: Quantity) -> float:
    if math.isinf(q.high):
        return q.low
    if q.low <= 0:
        return q.high
    return (q.low + q.high) / 2


def _comparable(a: Quantity, b: Quantity) -> bool:
    """Whether two figures of one kind are close enough in size to be about the same thing."""
    small, big = sorted((max(_size(a), 1e-9), max(_size(b), 1e-9)))
    return big / small <= UNRELATED_RATIO


_WORD = re.compile(r"[^\W\d_]+")


def _stems(text: str) -> set[str]:
    words = (w.lower() for w in _WORD.findall(text.replace("n't", " ")))
    return {w[:4] for w in words if not _NEGATION.fullmatch(w)}


def overlap(a: str, b: str) -> float:
    """Jaccard overlap of the two texts' words (cut to four letters; negations left out)."""
    x, y = _stems(a), _stems(b)
    return len(x & y) / len(x | y) if x | y else 0.0


def negated(text: str) -> int:
    """How many grammatical negations ``text`` holds ("not", "n't", "never", "no", "denied")."""
    return len(_NEGATION.findall(text))


def compare_claims(a: str, b: str) -> str | None:
    """``"agree"``, ``"disagree"`` or ``None`` (see :func:`relation`)."""
    found = relation(a, b)
    return found[0] if found else None


def relation(a: str, b: str) -> tuple[str, str] | None:
    """How two claims about the same thing relate, with the evidence:

    - ``("disagree", "numbers")``: they state quantities of one kind that cannot both be true;
    - ``("disagree", "negation")``: one negates what the other asserts (negation counts of
      different parity, and otherwise nearly the same words: :data:`NEGATION_OVERLAP`);
    - ``("agree", "numbers")``: their quantities agree and their negations match;
    - ``None``: no evidence either way.

    Only meaningful for two claims already known to be about the same thing (similar embeddings).
    """
    numbers = compare_quantities(quantities(a), quantities(b))
    if numbers == "disagree":
        return ("disagree", "numbers")
    if negated(a) % 2 != negated(b) % 2 and overlap(a, b) >= NEGATION_OVERLAP:
        return ("disagree", "negation")
    if numbers == "agree":
        return ("agree", "numbers")
    return None
