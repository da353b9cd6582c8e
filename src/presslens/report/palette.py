"""Colours of the report and the web UI, chosen for WCAG AA contrast (tested in the unit tests).

Highlight backgrounds are light and opaque, so text on them (:data:`TEXT`, :data:`QUOTE_TEXT`,
:data:`MUTED_TEXT`) keeps a contrast ratio of at least 4.5:1 wherever highlights stack (the
innermost background is the one behind the text). Scales for heat maps and stance tables pick their
text colour per cell with :func:`readable_text`.
"""

from __future__ import annotations

import re
import zlib

TEXT = "#1a1a1a"
"""Body text."""
QUOTE_TEXT = "#123c7a"
"""Quoted words (dark blue, italic)."""
MUTED_TEXT = "#4a4a4a"
"""Site furniture and secondary text."""
PAGE = "#ffffff"

TECHNIQUE_COLOURS = (
    "#ffd2cc",  # coral
    "#ffe0a6",  # apricot
    "#fff0a0",  # butter
    "#d8f0a8",  # lime
    "#bfecd0",  # mint
    "#b8e8ee",  # aqua
    "#cadcff",  # sky
    "#ddd0ff",  # lavender
    "#f6cdef",  # orchid
    "#ffcfe0",  # pink
    "#e9dcc3",  # sand
    "#cde3c0",  # sage
    "#ffc7a8",  # salmon
    "#b9d9f5",  # steel
    "#e3e3b0",  # olive
    "#d6d6d6",  # grey
)
"""Backgrounds of technique highlights, one per technique (cycled beyond sixteen)."""

# The techniques of SemEval-2020 Task 11 and SemEval-2023 Task 3, by normalised name, so that a
# technique keeps its colour across reports and pages.
_KNOWN = {
    "loaded-language": 0,
    "name-calling-labeling": 1,
    "name-calling": 1,
    "repetition": 2,
    "exaggeration-minimisation": 3,
    "exaggeration": 3,
    "doubt": 4,
    "appeal-to-fear-prejudice": 5,
    "flag-waving": 6,
    "causal-oversimplification": 7,
    "slogans": 8,
    "appeal-to-authority": 9,
    "black-and-white-fallacy": 10,
    "false-dilemma-no-choice": 10,
    "thought-terminating-cliches": 11,
    "conversation-killer": 11,
    "whataboutism-straw-men-red-herring": 12,
    "whataboutism": 12,
    "straw-man": 12,
    "red-herring": 12,
    "bandwagon-reductio-ad-hitlerum": 13,
    "appeal-to-popularity": 13,
    "guilt-by-association": 13,
    "appeal-to-values": 14,
    "questioning-the-reputation": 1,
    "appeal-to-hypocrisy": 12,
    "obfuscation-vagueness-confusion": 15,
    "consequential-oversimplification": 7,
    "appeal-to-time": 14,
}

HEAT_SCALE = ("#f4f7fb", "#d6e3f3", "#a9c4e6", "#6f9bd1", "#3b6fb6", "#1f4e8c")
"""Heat map cells from zero to the maximum."""

STANCE_SCALE = (
    "#b35806",  # strongly against
    "#f1a340",
    "#fee0b6",
    "#eeeeee",  # neutral
    "#d8daeb",
    "#998ec3",
    "#542788",  # strongly for
)
"""Stance cells from against (-1) to for (+1), a colour-blind-safe diverging scale."""

SOURCE_COLOURS = (
    "#1f5fa8",
    "#b5501c",
    "#2f7d32",
    "#8a2f8f",
    "#a8641b",
    "#0f7b83",
    "#a32b4a",
    "#5b5b9c",
    "#6b6b00",
    "#3d3d3d",
)
"""Dot colours of sources in charts (on white, each at least 4.5:1)."""

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def normalise_label(label: str) -> str:
    """``"Name_Calling,Labeling"`` -> ``"name-calling-labeling"``."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def technique_colour(label: str) -> str:
    """The background of a technique: fixed for known techniques, else stable by name."""
    key = normalise_label(label)
    index = _KNOWN.get(key)
    if index is None:
        index = zlib.crc32(key.encode()) % len(TECHNIQUE_COLOURS)
    return TECHNIQUE_COLOURS[index]


def technique_name(label: str) -> str:
    """A readable name: ``"Name_Calling,Labeling"`` -> ``"Name calling, labeling"``."""
    text = re.sub(r"_+", " ", label).replace(",", ", ").strip()
    text = re.sub(r"\s+", " ", text)
    return text[:1].upper() + text[1:].lower() if text else label


def source_colour(index: int) -> str:
    return SOURCE_COLOURS[index % len(SOURCE_COLOURS)]


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a ``#rrggbb`` colour."""
    if not _HEX.match(colour):
        raise ValueError(f"expected a colour like #1a2b3c, got {colour!r}")
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio (1 to 21); AA asks 4.5 for body text."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)


def readable_text(background: str) -> str:
    """:data:`TEXT` or white, whichever contrasts more with ``background``."""
    dark = contrast_ratio(TEXT, background)
    light = contrast_ratio("#ffffff", background)
    return TEXT if dark >= light else "#ffffff"


def heat_colour(value: float, maximum: float) -> str:
    """The heat-map background for ``value`` out of ``maximum`` (0 is the lightest step)."""
    if value <= 0 or maximum <= 0:
        return HEAT_SCALE[0]
    step = 1 + round((len(HEAT_SCALE) - 2) * min(value / maximum, 1.0))
    return HEAT_SCALE[step]


def stance_colour(value: float) -> str:
    """The stance background for ``value`` in -1 (against) .. +1 (for)."""
    value = max(-1.0, min(1.0, value))
    mid = len(STANCE_SCALE) // 2
    return STANCE_SCALE[mid + round(value * mid)]
