"""Which words of an answer sit inside a negated clause.

A keyword found there ("batch size does *not* affect memory") is shown to the
candidate but does not count for a positive criterion, and a misconception
phrase found there ("it is not true that larger is always better") costs
nothing. The scope of a cue runs forward, NegEx-style, to the end of its
clause: punctuation, a contrasting or causal conjunction, or a few words on.
"""

from __future__ import annotations

from typing import Sequence

from .lexicon import NEGATION_CUES, PSEUDO_NEGATION_NEXT, SCOPE_TERMINATORS
from .normalise import Token

# How many words after a cue it can still negate: enough for "does not
# directly change the amount of memory", short enough to stop at the next idea.
SCOPE_WORDS = 8

# "without" negates the phrase it introduces, not the rest of the sentence:
# in "without a larger learning rate you make less progress" the progress is
# asserted. Its scope is short and ends where a new subject starts.
PHRASE_CUES = {"without": 4}
SUBJECT_PRONOUNS = frozenset("i you he she it we they".split())


def _is_cue(tokens: Sequence[Token], index: int) -> bool:
    if tokens[index].word not in NEGATION_CUES:
        return False
    following = index + 1
    if following < len(tokens) and not tokens[following].breaks \
            and tokens[following].word in PSEUDO_NEGATION_NEXT:
        return False  # "not only", "no matter", "no doubt"
    if index > 0 and tokens[index - 1].word == "or" and not tokens[index].breaks:
        return False  # "whether or not"
    return True


def negation_scopes(tokens: Sequence[Token]) -> list[int]:
    """For each token, the index of the cue whose scope covers it, or -1."""
    scopes = [-1] * len(tokens)
    count = len(tokens)
    for index, token in enumerate(tokens):
        if token.word not in NEGATION_CUES or not _is_cue(tokens, index):
            continue
        phrase_scope = PHRASE_CUES.get(token.word)
        last = min(count, index + 1 + (phrase_scope or SCOPE_WORDS))
        for inner in range(index + 1, last):
            token = tokens[inner]
            if token.breaks or token.word in SCOPE_TERMINATORS:
                break
            if phrase_scope and token.word in SUBJECT_PRONOUNS:
                break
            scopes[inner] = index
    return scopes


def is_negated(scopes: Sequence[int], first: int, last: int) -> bool:
    """True when a cue outside tokens ``first..last`` negates any of them.

    A cue inside the span belongs to the phrase itself ("does not affect"), so
    such a phrase is a positive match of a negative claim.
    """
    for index in range(first, last + 1):
        cue = scopes[index]
        if cue != -1 and not first <= cue <= last:
            return True
    return False
