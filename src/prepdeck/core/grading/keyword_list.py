"""Tell an explanation from a bare list of keywords.

In an interview "activations, memory, linear" is not an explanation, so such
an answer is capped at partial however many keywords it names. An answer
counts as written in sentences when some clause of it (text between
punctuation) has at least three words and one word that only appears in
running text: a verb like "is" or "can", a pronoun, a preposition, a
subordinator. Articles, "of" and "and" do not count: "gradient of the loss"
is still a noun phrase. The test only ever turns from list to sentences as
text is appended, so appending a keyword can never trigger the cap.
"""

from __future__ import annotations

from typing import Sequence

from .lexicon import FUNCTION_WORDS
from .normalise import Token

MIN_CLAUSE_WORDS = 3

_NOT_SYNTAX = frozenset("""
a an the of and or nor etc vs also more most less very much many some all each both other
others own same such only per several any every either
""".split())
CLAUSE_WORDS = FUNCTION_WORDS - _NOT_SYNTAX


def is_keyword_list(tokens: Sequence[Token]) -> bool:
    """True when no clause of the answer reads as running text."""
    length = 0
    has_clause_word = False
    for token in tokens:
        if token.breaks:
            length, has_clause_word = 0, False
        length += 1
        has_clause_word = has_clause_word or token.word in CLAUSE_WORDS
        if has_clause_word and length >= MIN_CLAUSE_WORDS:
            return False
    return True
