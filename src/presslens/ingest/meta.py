"""Metadata normalisation: dates to ISO 8601, language by an offline detector, translation notes."""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime

_TRANSLATED = re.compile(
    r"^\s*[\(\[]?\s*(?:translated|translation)\s+from\s+(?:the\s+)?([A-Za-z][A-Za-z\- ]{1,30}?)"
    r"(?:\s+(?:original|language))?\s*[\)\]]?\s*\.?\s*$",
    re.I | re.M,
)

# English names of the languages our users meet most, to ISO 639-1.
LANGUAGE_NAMES: dict[str, str] = {
    "arabic": "ar", "armenian": "hy", "azerbaijani": "az", "belarusian": "be", "bulgarian": "bg",
    "chinese": "zh", "mandarin": "zh", "croatian": "hr", "czech": "cs", "danish": "da",
    "dutch": "nl", "english": "en", "estonian": "et", "farsi": "fa", "persian": "fa",
    "finnish": "fi", "french": "fr", "georgian": "ka", "german": "de", "greek": "el",
    "hebrew": "he", "hindi": "hi", "hungarian": "hu", "indonesian": "id", "italian": "it",
    "japanese": "ja", "kazakh": "kk", "korean": "ko", "latvian": "lv", "lithuanian": "lt",
    "norwegian": "no", "polish": "pl", "portuguese": "pt", "romanian": "ro", "russian": "ru",
    "serbian": "sr", "slovak": "sk", "slovenian": "sl", "spanish": "es", "swedish": "sv",
    "turkish": "tr", "ukrainian": "uk", "urdu": "ur", "vietnamese": "vi",
}  # fmt: skip


def translated_from(text: str) -> str | None:
    """The ISO 639-1 code of a "(Translated from the Russian)" note in the text, if any."""
    for match in _TRANSLATED.finditer(text):
        code = LANGUAGE_NAMES.get(match.group(1).strip().lower())
        if code:
            return code
    return None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid, offline), or None for too little text."""
    sample = text[:5000].strip()
    if len(sample) < 20:
        return None
    import py3langid

    return str(py3langid.classify(sample)[0])


_MDY = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")


def iso_date(value: object) -> str | None:
    """Normalise a date to ISO 8601 (``YYYY-MM-DD``, or a full timestamp when it has a time).

    Accepts ISO strings, RFC 822 feed dates, "February 13, 2025", US-style ``2-13-2025``,
    :class:`datetime`/:class:`date` objects and ``time.struct_time``. Unparseable → None.
    """
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        return datetime(*value[:6], tzinfo=UTC).isoformat()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raw = str(value).strip()
    if len(raw) > 100:  # no date is this long; dateutil would only spend time on it
        return None
    match = _MDY.match(raw)
    if match:
        month, day, year = (int(g) for g in match.groups())
        if month > 12 >= day:  # D-M-YYYY written by a European site
            month, day = day, month
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    from dateutil import parser

    try:
        parsed = parser.parse(raw, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None
    has_time = bool(re.search(r"\d{1,2}:\d{2}", raw))
    return parsed.isoformat() if has_time else parsed.date().isoformat()
