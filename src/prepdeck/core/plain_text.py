"""Deck and user text made safe to show: control characters become visible escapes.

A deck (or a file name, or an answer) may hold ``\\x1b[2J`` or other control
characters; written to a terminal they would clear it, move the cursor, retitle
the window or worse. Both front ends show such text through ``visible``, so the
candidate sees ``\\x1b[2J`` instead of its effect. Line breaks and tabs stay.
"""

from __future__ import annotations

_KEPT = {"\n", "\t"}
_ESCAPES = {code: f"\\x{code:02x}" for code in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))
            if chr(code) not in _KEPT}


def visible(text: str) -> str:
    """``text`` with every control character (but newline and tab) written as ``\\xNN``."""
    return text.translate(_ESCAPES)
