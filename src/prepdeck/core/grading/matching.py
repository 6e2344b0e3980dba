"""Find keyword phrases in an answer: one rapidfuzz ``cdist`` over all phrases and n-grams.

An answer's words (articles and "be" dropped) form n-grams; each n-gram is its
words' light stems joined without spaces, so "mini-batch", "mini batch" and
"minibatch" are the same string. Every phrase is compared with every n-gram in
one ``process.cdist`` call (optimal string alignment distance, so a swapped
pair of letters is one edit). Candidates within a phrase's edit budget are then
checked word by word:

- each word may differ by at most its own allowance: none up to 4 letters
  ("loss" is not "less"), a swap of two letters at 5 ("bacth"), one edit from
  6 letters, two from 9 (counted on the light stem: "coding" is "cod", so not
  "core"), and never in the first letter ("weight" is not "height");
- a word with a digit must be identical ("400" is not "4000");
- a word may instead share its Snowball stem exactly ("evaporated", "evaporation");
- an n-gram with a different number of words (a compound written apart or
  together) must spell the phrase exactly;
- a phrase of two or three words may have one extra word inside it, never a
  negation (see ``ngrams``); the extra word lowers the reported similarity.

Whole words are compared, never substrings, so "rate" is not found in "accurate".
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Sequence

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .negation import is_negated
from .ngrams import Grams, build
from .normalise import Token, content_tokens

# The largest edit budget of any phrase; also the cdist cut-off, which lets
# rapidfuzz stop early on pairs that cannot match.
MAX_EDITS = 2
# Edit distances fit in a byte. rapidfuzz 3.6 accepts only the scalar type at run time while
# its stubs ask for a dtype instance (later stubs take both), hence the ignore at each call.
INT8 = np.int8
# Phrases of up to this many words also match with one extra word inside
# ("number of training examples"); longer ones would multiply the n-grams.
MAX_GAPPED_WORDS = 3

# Above this many query-by-key pairs (about where the two cost the same on the sample answers), queries are compared only with keys of the same first
# letter (see ``PhraseSet._close_pairs``); below it one cdist call costs less than grouping.
BUCKET_ABOVE_PAIRS = 15_000


def _segment_length(grams: Grams, number: int) -> int:
    offset = grams.segments[number][0]
    end = grams.segments[number + 1][0] if number + 1 < len(grams.segments) else len(grams.keys)
    return end - offset


def allowance(word: str) -> int:
    """Edits tolerated in a keyword word whose light stem is ``word``."""
    size = len(word)
    if size <= 4 or not word.isalpha():
        return 0
    if size <= 8:
        return 1
    return MAX_EDITS


@dataclass(frozen=True)
class Phrase:
    """A keyword phrase ready for matching."""

    text: str
    norms: tuple[str, ...]
    roots: tuple[str, ...]
    allows: tuple[int, ...]
    swap_only: tuple[bool, ...]  # five-letter words tolerate only a swapped pair
    joined: str  # the norms without spaces, as compared with n-grams
    budget: int  # edits tolerated over the whole phrase

    @classmethod
    def parse(cls, text: str) -> "Phrase":
        tokens = content_tokens(text)
        allows = tuple(allowance(t.norm) for t in tokens)
        return cls(
            text=text,
            norms=tuple(t.norm for t in tokens),
            roots=tuple(t.root for t in tokens),
            allows=allows,
            swap_only=tuple(len(t.norm) == 5 for t in tokens),
            joined="".join(t.norm for t in tokens),
            budget=min(MAX_EDITS, sum(allows)),
        )


@dataclass(frozen=True)
class Found:
    """Where a phrase was found: token indices into the full token list."""

    first: int
    last: int
    similarity: float  # 0..100
    negated: bool


def _word_ok(phrase: Phrase, index: int, token: Token) -> bool:
    norm = phrase.norms[index]
    if norm == token.norm or phrase.roots[index] == token.root:
        return True
    allow = phrase.allows[index]
    if allow == 0 or not token.norm or norm[0] != token.norm[0] or not token.norm.isalpha():
        return False
    if phrase.swap_only[index]:
        return len(norm) == len(token.norm) and sorted(norm) == sorted(token.norm) \
            and OSA.distance(norm, token.norm) == 1
    return OSA.distance(norm, token.norm, score_cutoff=allow) <= allow


def _similarity(distance: int, left: int, right: int) -> float:
    """rapidfuzz-scale similarity of two strings of these lengths at this edit distance."""
    return round(100.0 * (1.0 - distance / max(left, right, 1)), 1)


class PhraseSet:
    """A fixed list of phrases, compiled once and matched against many answers."""

    def __init__(self, texts: Sequence[str]):
        self.phrases = [Phrase.parse(text) for text in texts]
        self.queries: list[str] = []
        self._query_phrases: list[list[int]] = []
        by_joined: dict[str, int] = {}
        self._by_first_root: dict[str, list[int]] = {}
        lengths: set[int] = set()
        gapped: set[int] = set()
        for index, phrase in enumerate(self.phrases):
            if not phrase.norms:
                continue  # only articles: nothing to look for
            slot = by_joined.setdefault(phrase.joined, len(self.queries))
            if slot == len(self.queries):
                self.queries.append(phrase.joined)
                self._query_phrases.append([])
            self._query_phrases[slot].append(index)
            self._by_first_root.setdefault(phrase.roots[0], []).append(index)
            size = len(phrase.norms)
            # Compounds written apart or together ("mini batch", "minibatch")
            # need n-grams one word longer or shorter; long phrases are not compounds.
            if size <= 2:
                lengths.update(n for n in (size - 1, size, size + 1) if n >= 1)
            else:
                lengths.update((size - 1, size) if size == 3 else (size,))
            if 2 <= size <= MAX_GAPPED_WORDS:
                gapped.add(size)
        rows_by_first: dict[int, list[int]] = {}
        for row, query in enumerate(self.queries):
            rows_by_first.setdefault(ord(query[0]), []).append(row)
        self._budgets = [max(self.phrases[i].budget for i in ids) for ids in self._query_phrases]
        # Each query's own budget, as a column: pairs within MAX_EDITS but over the budget
        # (two short words two letters apart) are dropped in numpy, not one by one in Python.
        self._budget_column = np.array(self._budgets, dtype=np.int8).reshape(-1, 1)
        # Per first letter: its queries, their rows and their budgets (see ``_close_pairs``).
        self._buckets = [(letter, [self.queries[r] for r in rows], np.array(rows, dtype=np.intp),
                          self._budget_column[rows]) for letter, rows in sorted(rows_by_first.items())]
        # Phrases by first root, then by word count and whole root run: a root match is one
        # lookup per answer position and length, not a comparison with every such phrase.
        by_roots: dict[str, dict[int, dict[tuple[str, ...], list[int]]]] = {}
        for root, indices in self._by_first_root.items():
            for index in indices:
                roots = self.phrases[index].roots
                by_roots.setdefault(root, {}).setdefault(len(roots), {}).setdefault(roots, []).append(index)
        self._by_roots = {root: sorted(runs.items()) for root, runs in by_roots.items()}
        self._lengths = sorted(lengths)
        self._gapped = sorted(gapped)

    def ngrams(self, tokens: Sequence[Token]) -> Grams:
        """The answer's n-grams (contiguous and gapped) of every shape some phrase may match."""
        return build(tokens, self._lengths, self._gapped)

    def find_all(self, tokens: Sequence[Token]) -> list[dict[tuple[int, int], float]]:
        """For each phrase, every occurrence: (first token, last token) -> similarity."""
        every: list[dict[tuple[int, int], float]] = [{} for _ in self.phrases]
        self.find(tokens, [-1] * len(tokens), every)
        return every

    def find(self, tokens: Sequence[Token], scopes: Sequence[int],
             every: list[dict[tuple[int, int], float]] | None = None) -> list[tuple[Found | None, Found | None]]:
        """For each phrase, its best plain occurrence and its best negated one (or None).

        With ``every``, each phrase's occurrences are also recorded there.
        """
        nothing: list[tuple[Found | None, Found | None]] = [(None, None)] * len(self.phrases)
        if not self.queries or not tokens:
            return nothing
        grams = self.ngrams(tokens)
        if not grams.keys:
            return nothing
        # Only the phrases found get a slot: most of a rubric's phrases are not in a given answer.
        best: dict[int, list[tuple | None]] = {}
        kept = grams.kept
        rows, cols, found_distances = self._close_pairs(grams)

        def consider(index: int, start: int, size: int, similarity: float) -> None:
            first, last = kept[start], kept[start + size - 1]
            if every is not None:
                seen = every[index]
                if seen.get((first, last), -1.0) < similarity:
                    seen[(first, last)] = similarity
            negated = is_negated(scopes, first, last)
            rank = (-similarity, first)
            slot = best.get(index)
            if slot is None:
                slot = best[index] = [None, None]
            current = slot[negated]
            if current is None or rank < current[0]:
                slot[negated] = (rank, Found(first, last, similarity, negated))

        for row, col, distance in zip(rows, cols, found_distances):
            key = grams.keys[col]
            start, shape = grams.position(col)
            for index in self._query_phrases[row]:
                phrase = self.phrases[index]
                words = len(phrase.norms)
                similarity = _similarity(distance, len(phrase.joined), len(key))
                if shape.gap:
                    if shape.size != words + 1:
                        continue
                    # The left-out word counts as text inserted into the phrase.
                    skipped = len(grams.norms[start + shape.gap])
                    similarity = _similarity(distance + skipped, len(phrase.joined) + skipped, len(key))
                if shape.gap or shape.size == words:
                    aligned = grams.words(start, shape)
                    if not all(_word_ok(phrase, k, tokens[kept[p]]) for k, p in enumerate(aligned)):
                        continue
                elif distance:
                    continue  # a compound split differently must be spelt exactly
                consider(index, start, shape.size, similarity)
        self._find_by_root(tokens, kept, best, consider, every is not None)
        for index, slot in best.items():
            nothing[index] = (slot[0][1] if slot[0] else None, slot[1][1] if slot[1] else None)
        return nothing

    def _close_pairs(self, grams: Grams) -> tuple[list[int], list[int], list[int]]:
        """(query row, key column, distance) of every pair within its query's budget, by row then column.

        A short answer is one ``cdist`` over all queries and keys. A long one is compared
        letter by letter: a key can only be accepted when its first letter is its query's
        (every word is checked with ``_word_ok``, which never lets the first letter differ, and a
        compound split differently must be spelt exactly), so each query meets only the keys
        sharing its first letter, which is a small fraction of the pairs of a pasted article.
        """
        keys = grams.keys
        if len(keys) * len(self.queries) <= BUCKET_ABOVE_PAIRS:
            distances = process.cdist(self.queries, keys, scorer=OSA.distance,
                                      score_cutoff=MAX_EDITS, dtype=INT8, workers=1)  # type: ignore[arg-type]
            rows, cols = np.nonzero(distances <= self._budget_column)
            return rows.tolist(), cols.tolist(), distances[rows, cols].tolist()
        # A key starts with the first letter of the word at its start (a gapped key too: its gap
        # is inside; a key blocked by a negation matches nothing, whatever bucket it is in).
        first_letters = [ord(norm[0]) for norm in grams.norms]
        present = set(first_letters)
        firsts = np.array(first_letters, dtype=np.int32)
        key_firsts = np.concatenate([firsts[:_segment_length(grams, k)] for k in range(len(grams.segments))])
        found_rows, found_cols, found_distances = [], [], []
        for letter, queries, query_rows, budgets in self._buckets:
            if letter not in present:
                continue
            columns = np.flatnonzero(key_firsts == letter)
            if not columns.size:
                continue
            picked = columns.tolist()
            choices = itemgetter(*picked)(keys) if len(picked) > 1 else [keys[picked[0]]]  # gathered in C
            distances = process.cdist(queries, choices,
                                      scorer=OSA.distance, score_cutoff=MAX_EDITS, dtype=INT8, workers=1)  # type: ignore[arg-type]
            rows, cols = np.nonzero(distances <= budgets)
            found_rows.append(query_rows[rows])
            found_cols.append(columns[cols])
            found_distances.append(distances[rows, cols])
        if not found_rows:
            return [], [], []
        all_rows, all_cols = np.concatenate(found_rows), np.concatenate(found_cols)
        order = np.lexsort((all_cols, all_rows))  # the order one cdist over everything would give
        return all_rows[order].tolist(), all_cols[order].tolist(), np.concatenate(found_distances)[order].tolist()

    def _find_by_root(self, tokens, kept, best, consider, every_occurrence: bool = False) -> None:
        """Occurrences whose Snowball stems equal a phrase's ("evaporation" for "evaporated")."""
        roots = [tokens[i].root for i in kept]
        by_roots = self._by_roots
        for start in [start for start, root in enumerate(roots) if root in by_roots]:
            for size, phrases_of in by_roots[roots[start]]:
                for index in phrases_of.get(tuple(roots[start:start + size]), ()):
                    found = best[index][0] if index in best else None
                    if found is not None and found[0][0] == -100.0 and not every_occurrence:
                        continue  # already found verbatim
                    phrase = self.phrases[index]
                    text = "".join(tokens[kept[k]].norm for k in range(start, start + size))
                    distance = OSA.distance(phrase.joined, text)
                    consider(index, start, size, _similarity(distance, len(phrase.joined), len(text)))
