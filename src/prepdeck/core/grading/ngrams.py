"""An answer's word n-grams, as the strings the matcher compares with keyword phrases.

Each n-gram is the light stems of its words joined without spaces, so
"mini batch" and "minibatch" give the same string. Besides contiguous
n-grams there are gapped ones: a window one word longer than a phrase with
one interior word left out, so "number of *training* examples" still meets
"number of examples". A negation is never left out: "is *not* always better"
must not meet "is always better".
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Iterable, NamedTuple, Sequence

from .lexicon import SKIP_WORDS
from .normalise import Token

# Stems of negation cues (see lexicon.NEGATION_CUES).
_CUE_NORMS = frozenset({"not", "nothing", "none", "nobody", "nowhere"})
_BLOCKED = "\x00"  # stands in for a gapped n-gram whose left-out word is a negation; matches nothing


class Shape(NamedTuple):
    size: int  # words in the window
    gap: int  # index of the left-out word in the window, or 0 for a contiguous n-gram


_LAST = Shape(1 << 30, 0)  # sorts after every shape at the same offset


class Grams(NamedTuple):
    """Kept token indices, their stems, and every n-gram string of every shape, flattened.

    ``keys`` holds the n-gram strings of each shape in turn (repeats included:
    hashing them to drop repeats costs more than comparing them); ``segments``
    says where each shape's run starts in ``keys``.
    """

    kept: list[int]
    norms: list[str]
    keys: list[str]
    segments: list[tuple[int, Shape]]  # (offset in keys, shape), by increasing offset

    def position(self, index: int) -> tuple[int, Shape]:
        """The (start, shape) of ``keys[index]``."""
        offset, shape = self.segments[bisect_right(self.segments, (index, _LAST)) - 1]
        return index - offset, shape

    def words(self, start: int, shape: Shape) -> list[int]:
        """Positions (in ``kept``) of the words an occurrence aligns with a phrase."""
        return [start + k for k in range(shape.size) if not shape.gap or k != shape.gap]


def build(tokens: Sequence[Token], sizes: Iterable[int], gapped: Iterable[int]) -> Grams:
    """N-grams of ``sizes`` words, and gapped windows for phrases of ``gapped`` words."""
    kept = [i for i, t in enumerate(tokens) if t.word not in SKIP_WORDS]
    norms = [tokens[i].norm for i in kept]
    contiguous: dict[int, list[str]] = {1: norms}

    def grams(size: int) -> list[str]:
        # Each size extends the one below by a word: string concatenation in C, not joins.
        if size not in contiguous:
            contiguous[size] = list(map(str.__add__, grams(size - 1), norms[size - 1:]))
        return contiguous[size]

    keys: list[str] = []
    segments: list[tuple[int, Shape]] = []
    for size in sizes:
        if size <= len(norms):
            segments.append((len(keys), Shape(size, 0)))
            keys.extend(grams(size))
    cues = [position for position, norm in enumerate(norms) if norm in _CUE_NORMS]
    for words in gapped:
        window = words + 1
        if window > len(norms):
            continue
        for gap in range(1, words):
            run = list(map(str.__add__, grams(gap), grams(window - gap - 1)[gap + 1:]))
            for position in cues:
                if 0 <= position - gap < len(run):
                    run[position - gap] = _BLOCKED
            segments.append((len(keys), Shape(window, gap)))
            keys.extend(run)
    return Grams(kept, norms, keys, segments)
