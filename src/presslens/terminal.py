"""Text on its way to a terminal: control characters shown, never obeyed.

File names, titles and article text come from the inputs, and an input may carry escape sequences
(``ESC [``, or the one-character C1 ``CSI``) that a terminal would obey: recolour the screen, move
the cursor, rewrite what was printed before, set the window title. :func:`printable` shows each
control character as a visible escape (``\\x1b``) instead, keeping newlines and tabs where asked.
"""

from __future__ import annotations

import re

__all__ = ["printable", "printable_json"]

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides that can make
# a file name read backwards (Trojan Source).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_NO_NL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object, *, keep_newlines: bool = False) -> str:
    """``text`` with every control character shown as ``\\xNN`` (newlines and tabs kept when
    ``keep_newlines``), safe to print to a terminal."""
    pattern = _CONTROL if keep_newlines else _CONTROL_NO_NL
    return pattern.sub(_escape, str(text))


def printable_json(text: str) -> str:
    """JSON text (where ``json.dumps`` already escaped C0 controls) with the C1 controls and
    bidirectional overrides that ``ensure_ascii=False`` leaves raw escaped as ``\\uNNNN``."""
    return re.sub(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]", lambda m: f"\\u{ord(m.group()):04x}",
                  text)  # fmt: skip
