"""The lexicon compiled for grading: opposite directions, negation cues and synonym groups.

Lookups are by the light stems of a phrase's words, so "increases", "increased"
and "increase" all find the same entry. A synonym group and its opposite group
(from a direction pair) are what a rubric phrase expands into: the same
meaning in other words (no flip), and the opposite direction (one flip).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from threading import Lock
from typing import Iterable, Sequence

from ..model import LexiconEntries
from .normalise import tokenize

Words = tuple[str, ...]
# Cues that negate only the short phrase they introduce ("without warm-up", "rather than
# decrease it"), not the rest of the clause.
PHRASE_CUES = frozenset({("without",), ("rather", "than"), ("instead", "of")})
# How many variants one rubric phrase may expand into: enough for two substituted
# words with a few synonyms each, few enough to keep the matcher's cdist small.
MAX_VARIANTS = 40


def words_of(text: str) -> Words:
    """The folded words of ``text``, contractions undone ("n't" is "not")."""
    if text.strip() in ("n't", "n’t"):
        return ("not",)
    return tuple(token.word for token in tokenize(text))


def stems_of(text: str) -> Words:
    """The light stems of ``text``'s words: the lexicon's lookup key."""
    if text.strip() in ("n't", "n’t"):
        return ("not",)
    return tuple(token.norm for token in tokenize(text))


@dataclass(frozen=True)
class Lexicon:
    """Compiled lexicon entries; build with ``compile_lexicon``."""

    groups: tuple[tuple[str, ...], ...]  # surface phrasings of each meaning
    group_of: dict[Words, int]  # stem key -> index in groups
    opposite: dict[int, int]  # group -> its opposite group
    cues: tuple[Words, ...]  # negation cues as folded words, longest first
    longest: int  # words in the longest group key

    def variants(self, phrase: str) -> list[tuple[str, int]]:
        """``phrase`` in other words: (text, flips), flips 1 when a direction was turned over.

        Every run of words that is a lexicon entry may be replaced by a synonym
        (no flip) or by a phrasing of its opposite (one flip). At most one run is
        turned over, so a variant is either the phrase's meaning or its opposite.
        """
        words = list(words_of(phrase))
        stems = list(stems_of(phrase))
        if len(words) != len(stems) or not words:
            return [(phrase, 0)]
        spans: list[tuple[int, int, int]] = []  # (start, end, group)
        index = 0
        while index < len(stems):
            for size in range(min(self.longest, len(stems) - index), 0, -1):
                group = self.group_of.get(tuple(stems[index:index + size]))
                if group is not None:
                    spans.append((index, index + size, group))
                    index += size
                    break
            else:
                index += 1
        found: dict[str, int] = {phrase: 0}
        partial: list[tuple[list[str], int, int]] = [([], 0, 0)]  # (words so far, next index, flips)
        for start, end, group in spans:
            grown = []
            for done, position, flips in partial:
                head = done + words[position:start]
                options = [(alternative, flips) for alternative in self.groups[group]]
                if flips == 0 and group in self.opposite:
                    options += [(alternative, 1) for alternative in self.groups[self.opposite[group]]]
                for alternative, new_flips in options:
                    grown.append((head + alternative.split(), end, new_flips))
            partial = grown[:MAX_VARIANTS * 4]
        for done, position, flips in partial:
            text = " ".join(done + words[position:])
            if text not in found or found[text] > flips:
                found[text] = flips
            if len(found) >= MAX_VARIANTS:
                break
        return list(found.items())


# Compiled lexicons by the identity of their (frozen) entries: freezing the entries into
# a hashable key costs more than grading a short answer, and a deck's entries are one
# object for the life of the deck. Each value keeps its entries alive, so an identity
# cannot be reused while it is a key.
_by_identity: dict[int, tuple[LexiconEntries, "Lexicon"]] = {}
IDENTITY_CACHE_SIZE = 64
_identity_lock = Lock()


def compile_lexicon(entries: LexiconEntries) -> Lexicon:
    known = _by_identity.get(id(entries))
    if known is not None and known[0] is entries:
        return known[1]
    lexicon = _compile(_frozen(entries))
    with _identity_lock:  # graders may run in worker threads
        if len(_by_identity) >= IDENTITY_CACHE_SIZE:
            _by_identity.pop(next(iter(_by_identity)), None)
        _by_identity[id(entries)] = (entries, lexicon)
    return lexicon


def _frozen(entries: LexiconEntries) -> tuple:
    return (tuple(tuple(pair) for pair in entries.directions), tuple(entries.negations),
            tuple(tuple(group) for group in entries.synonyms))


@lru_cache(maxsize=64)
def _compile(frozen: tuple) -> Lexicon:
    directions, negations, synonyms = frozen
    groups: list[list[str]] = []
    group_of: dict[Words, int] = {}

    def group_for(text: str) -> int:
        key = stems_of(text)
        if key not in group_of:
            group_of[key] = len(groups)
            groups.append([" ".join(words_of(text))])
        return group_of[key]

    for group in synonyms:
        known = [group_of[stems_of(text)] for text in group if stems_of(text) in group_of]
        target = known[0] if known else None
        for text in group:
            key = stems_of(text)
            if not key:
                continue
            if target is None:
                target = group_for(text)
            elif key not in group_of:
                group_of[key] = target
                groups[target].append(" ".join(words_of(text)))
    opposite: dict[int, int] = {}
    for left, right in directions:
        a, b = group_for(left), group_for(right)
        if a != b:
            opposite.setdefault(a, b)
            opposite.setdefault(b, a)
    cues = sorted({words_of(cue) for cue in negations if words_of(cue)}, key=len, reverse=True)
    return Lexicon(tuple(tuple(g) for g in groups), group_of, opposite, tuple(cues),
                   max((len(key) for key in group_of), default=1))


@lru_cache(maxsize=1)
def default_entries() -> LexiconEntries:
    """The bundled shared lexicon (``content/lexicon.yaml``), for grading outside any deck."""
    from ...paths import bundled_content_dir
    from ..lexicon_source import load_lexicon_file

    path = bundled_content_dir() / "lexicon.yaml"
    if not path.is_file():
        return LexiconEntries()
    return load_lexicon_file(path, str(path)).entries


def lexicon_for(entries: LexiconEntries | None) -> Lexicon:
    """The compiled lexicon for ``entries``, or for the bundled one when None."""
    return compile_lexicon(entries if entries is not None else default_entries())


def merged(parts: Iterable[LexiconEntries]) -> LexiconEntries:
    from ..lexicon_source import merge

    return merge(parts)


def cue_matches(words: Sequence[str], cues: Sequence[Words]) -> list[tuple[int, int, Words]]:
    """Every negation cue in ``words``: (first index, index after it, the cue), longest cue first."""
    by_first = _by_first(tuple(cues))
    found = []
    index = 0
    count = len(words)
    while index < count:
        for cue in by_first.get(words[index], ()):
            size = len(cue)
            if size == 1 or tuple(words[index:index + size]) == cue:
                found.append((index, index + size, cue))
                index += size - 1
                break
        index += 1
    return found


@lru_cache(maxsize=64)
def _by_first(cues: tuple[Words, ...]) -> dict[str, tuple[Words, ...]]:
    table: dict[str, list[Words]] = {}
    for cue in cues:  # already longest first
        table.setdefault(cue[0], []).append(cue)
    return {first: tuple(group) for first, group in table.items()}
