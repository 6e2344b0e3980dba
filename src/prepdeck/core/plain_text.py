"""Deck and user text made safe to show: control characters become visible escapes.

A deck (or a file name, or an answer) may hold ``\\x1b[2J`` or other control
characters; written to a terminal they would clear it, move the cursor, retitle
the window or worse. Both front ends show such text through ``visible``, so the
candidate sees ``\\x1b[2J`` instead of its effect. Line breaks and tabs stay.
"""

from __future__ import annotations

_KEPT = {"\n", "\t"}
# C0 controls as \xNN; DEL and the C1 controls as \u00NN, which is also a valid escape inside JSON
# text (the only controls JSON output may hold raw), so JSON stays JSON when it passes through here.
_ESCAPES = {code: f"\\x{code:02x}" for code in range(0x00, 0x20) if chr(code) not in _KEPT}
_ESCAPES.update({code: f"\\u{code:04x}" for code in (0x7F, *range(0x80, 0xA0))})


def visible(text: str) -> str:
    """``text`` with every control character (but newline and tab) written out: ``\\x1b``, ``\\u009b``."""
    return text.translate(_ESCAPES)
