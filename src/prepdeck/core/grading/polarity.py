"""Negation cues and their scopes, read with the lexicon's cue list.

A cue negates the words after it up to the end of its clause ("dropout is
*not* applied at inference"). A cue that says something of its own (not just
"not", "no" or "never") placed at the end of its clause (at most
``TRAILING_WORDS`` words after it) also negates what came before: "early
stopping is *a myth*", "warm-up *isn't needed*", "it is *unnecessary*";
"bigger is always better and *never* worse" keeps its "always better". "without", "rather than" and
"instead of" negate only the short phrase they introduce, up to
``PHRASE_SCOPE`` words and never past a new subject ("without warm-up you
diverge": the divergence is asserted). "not only", "no matter", "no doubt"
and "whether or not" are not negations.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

from .clauses import Clause
from .lexicon_index import PHRASE_CUES, Lexicon, cue_matches
from .normalise import Token

TRAILING_WORDS = 2
PHRASE_SCOPE = 4
PSEUDO_NEXT = frozenset("only just matter doubt least".split())
# Words of cues that only ever negate forward.
FORWARD_WORDS = frozenset("not no never nor neither nothing none nobody nowhere longer hardly barely".split())
SUBJECT_PRONOUNS = frozenset("i you he she it we they".split())


class Cue(NamedTuple):
    """A negation cue at tokens first..last, negating tokens scope_first..scope_last."""

    first: int
    last: int
    scope_first: int
    scope_last: int

    def covers(self, first: int, last: int) -> bool:
        """Whether the cue negates any of tokens first..last (a cue inside the span belongs to it,
        and the cue's own words are not negated by it)."""
        if first <= self.first and self.last <= last or self.first <= first and last <= self.last:
            return False
        return self.scope_first <= last and first <= self.scope_last


def _pseudo(tokens: Sequence[Token], first: int, last: int) -> bool:
    following = last + 1
    if following < len(tokens) and not tokens[following].breaks and tokens[following].word in PSEUDO_NEXT:
        return True
    return first > 0 and tokens[first - 1].word == "or" and tokens[first].word == "not"


def find_cues(tokens: Sequence[Token], clauses: Sequence[Clause], clause_of: Sequence[int],
              lexicon: Lexicon) -> list[Cue]:
    """Every negation cue of the answer with the tokens it negates."""
    words = [token.word for token in tokens]
    cues: list[Cue] = []
    for first, end, cue in cue_matches(words, lexicon.cues):
        last = end - 1
        if _pseudo(tokens, first, last):
            continue
        clause = clauses[clause_of[first]]
        if cue in PHRASE_CUES:
            scope_last = last
            for inner in range(last + 1, min(clause.last, last + PHRASE_SCOPE) + 1):
                if tokens[inner].word in SUBJECT_PRONOUNS:
                    break
                scope_last = inner
            cues.append(Cue(first, last, last + 1, scope_last))
            continue
        trailing = clause.last - last <= TRAILING_WORDS and not FORWARD_WORDS.issuperset(cue)
        scope_first = clause.first if trailing else last + 1
        cues.append(Cue(first, last, scope_first, clause.last))
    return cues


def token_scopes(count: int, cues: Sequence[Cue]) -> list[int]:
    """For each token, the first token of a cue negating it, or -1 (the keyword matcher's form)."""
    scopes = [-1] * count
    # Scopes running to the same clause end overlap in long runs ("not not not ..."): each
    # token past the earliest such scope is already covered, so it is painted once.
    painted_from: dict[int, int] = {}
    for cue in cues:
        last = min(cue.scope_last, painted_from.get(cue.scope_last, count) - 1)
        for index in range(cue.scope_first, last + 1):
            if not cue.first <= index <= cue.last and scopes[index] == -1:
                scopes[index] = cue.first
        if cue.scope_first < painted_from.get(cue.scope_last, count):
            painted_from[cue.scope_last] = cue.scope_first
    return scopes
