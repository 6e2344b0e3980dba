"""Clauses: the pieces of an answer inside which a claim's parts must occur together.

Definition. An answer's words are cut into clauses at

- punctuation between two words: . , ; : ! ? brackets, a dash, a line break
  (never a comma or point between digits, as in "8,000" or "1.5");
- a contrasting, causal or concessive conjunction, which starts the next clause:
  but, however, although, though, whereas, while, yet, because, since, so, until,
  therefore, hence, thus, unless, versus, vs;
- "than", which starts the other side of a comparison ("large batches generalise
  worse | than small ones"), except in "rather than" and "other than", which
  belong to the clause they are in; "compared to/with" and "relative to" start
  the other side just as "than" does ("test accuracy drops | compared to small batches").

A clause opened by a condition ("if", "when", "whenever", "once") runs on
over its first comma into its consequence: "if it is too high, updates
overshoot" is one clause, since the condition is what the consequence is
said of.

The label also heads the sentence's later clauses ("small batches: many
updates, noisy gradients, low memory"), which go on about it.

A comma before "which", "who" or "whose" does not cut: "memory, which grows
with the batch" says something of the memory.

A colon after a short label (at most ``LABEL_WORDS`` words, one of them a
content word: "no:" is an interjection, not a label) does not cut
either: in "too high: the loss explodes" the label is what the rest is said of.

Clauses between sentence ends (. ! ? or a line break) form a sentence: a
claim's further ideas (``also``) may sit in another clause of its sentence
("raise it 8x, in proportion to the batch").

"and", "or" and relative words ("which", "that") do not cut: "one forward and
backward pass" is one idea, and cutting there would separate a claim from its
subject in "the learning rate is raised and warmed up".
"""

from __future__ import annotations

import re
from typing import NamedTuple, Sequence

from .lexicon import FUNCTION_WORDS
from .normalise import Token

CLAUSE_CONJUNCTIONS = frozenset("""
but however although though whereas while yet because since so therefore hence thus unless until versus vs
""".split())
_THAN_KEEPERS = frozenset({"rather", "other"})
COMPARERS = frozenset({"compared", "relative"})
CONDITIONALS = frozenset("if when whenever once".split())
RELATIVES = frozenset("which who whose".split())
# Conjunctions after which a clause goes on about the same subject ("..., so it trains
# faster"); after a contrasting one it may well be about another ("..., but small ones...").
CONSEQUENCES = frozenset("so therefore hence thus because since".split())
LABEL_WORDS = 4
_SENTENCE_END = re.compile(r"[.!?\n]")
# Words that may start a clause without punctuation before them (see ``starts_clause``).
_MAY_CUT = CLAUSE_CONJUNCTIONS | {"than"} | COMPARERS


class Clause(NamedTuple):
    first: int  # token index
    last: int  # token index, inclusive
    sentence: int  # clauses between the same sentence ends (. ! ? or a line break) share it
    headed_by: int = -1  # the clause whose short label ("small batches: ...") heads this one, or -1


def starts_clause(tokens: Sequence[Token], index: int) -> bool:
    """Whether a new clause starts at ``tokens[index]``."""
    if index == 0:
        return True
    token = tokens[index]
    if token.breaks or token.word in CLAUSE_CONJUNCTIONS:
        return True
    if token.word in COMPARERS and index + 1 < len(tokens) and tokens[index + 1].word in ("to", "with"):
        return True  # "compared to small batches" is the other side, as after "than"
    return token.word == "than" and tokens[index - 1].word not in _THAN_KEEPERS


def _gap(text: str, before: Token, after: Token) -> str:
    """The punctuation between two tokens, or "" when a conjunction starts the next clause anyway."""
    if not text or after.word in CLAUSE_CONJUNCTIONS:
        return ""
    return text[before.end:after.start].strip()


def ends_sentence(text: str, before: Token, after: Token) -> bool:
    """Whether a sentence ends between two tokens (not at a point between digits: "1.5")."""
    gap = text[before.end:after.start]
    if not _SENTENCE_END.search(gap):
        return False
    return not (gap == "." and before.word[-1:].isdigit() and after.word[:1].isdigit())


def split_clauses(tokens: Sequence[Token], text: str = "") -> tuple[list[Clause], list[int]]:
    """The clauses of ``tokens`` (words of ``text``) and, for each token, the index of its clause."""
    clauses: list[Clause] = []
    clause_of: list[int] = []
    first = 0
    sentence = 0
    conditional = bool(tokens) and tokens[0].word in CONDITIONALS
    label = -1  # the clause holding this sentence's label
    for index in range(len(tokens)):
        token = tokens[index]
        if index and not token.breaks and not conditional and token.word not in _MAY_CUT:
            clause_of.append(len(clauses))  # most words: nothing here can cut or label
            continue
        if index and tokens[index].word in RELATIVES and _gap(text, tokens[index - 1], tokens[index]) == ",":
            pass  # "memory, which grows with the batch": the relative clause is said of the noun before it
        elif index and conditional and _gap(text, tokens[index - 1], tokens[index]) == ",":
            conditional = False  # "if it is too high, updates overshoot": the condition's consequence
        elif index and index - first <= LABEL_WORDS and tokens[index].breaks \
                and _gap(text, tokens[index - 1], tokens[index]) == ":" \
                and any(token.word not in FUNCTION_WORDS for token in tokens[first:index]):
            label = len(clauses)  # "too high: it diverges": a short label heads the clause after it
        elif index and starts_clause(tokens, index):
            conditional = tokens[index].word in CONDITIONALS
            clauses.append(Clause(first, index - 1, sentence, label if label != len(clauses) else -1))
            if text and ends_sentence(text, tokens[index - 1], tokens[index]):
                sentence += 1
                label = -1
            first = index
        clause_of.append(len(clauses))
    if tokens:
        clauses.append(Clause(first, len(tokens) - 1, sentence, label if label != len(clauses) else -1))
    return clauses, clause_of
