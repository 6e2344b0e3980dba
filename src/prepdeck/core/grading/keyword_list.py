"""Tell an explanation from a bare list of keywords.

In an interview "activations, memory, linear" is not an explanation, so such
an answer is capped below strong however many keywords it names. An answer is
a keyword list when every item of it (text between punctuation, a slash, a
plus or an ampersand) has at most ``MAX_ITEM_WORDS`` words, and there are at
least two items or a single word. The test does not look at which words they
are: "activations, all at once, linear growth" is a list although "at" is a
function word, and "memory doubles because activations are kept" is not. A
single short phrase ("a binary tree") is a short answer, not a list: on public
graded answers (benchmarks/asag.py) capping those lowered agreement with human
graders. Appending a keyword adds an item, so it can never turn an
explanation into a list.
"""

from __future__ import annotations

import re
from typing import Sequence

from .normalise import Token

MAX_ITEM_WORDS = 3
_ITEM_BREAK = re.compile(r"[/+&|]")


def is_keyword_list(tokens: Sequence[Token], text: str = "") -> bool:
    """True for items of at most ``MAX_ITEM_WORDS`` words: two or more, or a single word alone."""
    length = 0
    items = 1
    previous: Token | None = None
    for token in tokens:
        if token.breaks or (text and previous is not None
                            and _ITEM_BREAK.search(text, previous.end, token.start) is not None):
            length = 0
            items += 1
        length += 1
        if length > MAX_ITEM_WORDS:
            return False
        previous = token
    return items >= 2 or length <= 1
