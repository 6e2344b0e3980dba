"""Answers that cannot be graded at all, caught before grading so they are asked again, not failed.

An empty answer is not a wrong one, and "1O1" (the letter O among digits) is a typo,
not the number 1: both front ends ask again with the reason this module gives.
"""

from __future__ import annotations

import re

# Letters that look like digits (O for 0, l and I for 1), next to a digit.
_LOOKALIKE = re.compile(r"(?<=\d)[OoIl]|[OoIl](?=\d)")
_TOKEN = re.compile(r"[\w.,]+")


def number_problem(text: str) -> str | None:
    """Why no number can be read from ``text`` (a numeric answer), or None when one can."""
    for token in _TOKEN.findall(text[:2000]):
        if any(ch.isdigit() for ch in token):
            lookalike = _LOOKALIKE.search(token)
            if lookalike:
                letter = lookalike.group()
                digit = "0" if letter in "Oo" else "1"
                return (f"“{token}” has the letter {letter} among its digits (did you mean {digit}?); "
                        "type the number with digits only")
    from .grading.numeric import parse_number

    if parse_number(text) is None:
        shown = text.strip() if len(text.strip()) <= 40 else text.strip()[:39] + "…"
        return f"no number could be read from “{shown}”; type one such as 8000, 8,000, 8k or 8e3"
    return None
