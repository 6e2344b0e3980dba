"""Lexicon files: reading ``lexicon.yaml`` with located errors, merging entries, finding conflicts.

The shared lexicon ships as ``content/lexicon.yaml``; a folder of decks may
hold its own ``lexicon.yaml`` (merged on top of the shared one) and a deck may
add entries under ``lexicon:``. A lexicon file is never a deck: deck discovery
skips these names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .diagnostics import Diagnostic
from .model import LexiconEntries
from .yaml_document import validate_document
from .yaml_source import SourceMap

LEXICON_FILENAMES = ("lexicon.yaml", "lexicon.yml")


def is_lexicon_file(path: Path) -> bool:
    return path.name in LEXICON_FILENAMES


@dataclass(frozen=True)
class LoadedLexicon:
    """A validated lexicon file (or a deck's ``lexicon:``) and where each entry is in its file."""

    display_path: str
    entries: LexiconEntries
    source: SourceMap = field(repr=False, compare=False)
    prefix: tuple[object, ...] = ()  # data path of the entries inside their file (("lexicon",) in a deck)

    def locate(self, *path: object) -> tuple[int, int]:
        return self.source.locate((*self.prefix, *path))


def parse_lexicon(text: str, display: str) -> LoadedLexicon:
    """Validate lexicon text; raises ``ContentError`` with every problem, located."""
    entries, source = validate_document(text, display, LexiconEntries,
                                        "a mapping with directions, negations and synonyms")
    return LoadedLexicon(display, entries, source)


def load_lexicon_file(path: Path, display: str) -> LoadedLexicon:
    from .loader import read_deck_text

    return parse_lexicon(read_deck_text(path, display), display)


def merge(entries: Iterable[LexiconEntries]) -> LexiconEntries:
    """One lexicon holding every entry of ``entries``, in order, without repeats."""
    directions: list[list[str]] = []
    negations: list[str] = []
    synonyms: list[list[str]] = []
    for part in entries:
        directions += [pair for pair in part.directions if pair not in directions]
        negations += [cue for cue in part.negations if cue not in negations]
        synonyms += [group for group in part.synonyms if group not in synonyms]
    return LexiconEntries(directions=directions, negations=negations, synonyms=synonyms)


def _key(phrase: str) -> str:
    return " ".join(phrase.casefold().split())


def conflicts(lexicons: list[LoadedLexicon]) -> Iterator[Diagnostic]:
    """Entries that make the merged lexicon ambiguous, each located where it is written.

    - a word in two direction pairs (which is its opposite?);
    - a direction pair whose two words are synonyms (a word its own opposite);
    - a word that is both a negation cue and a direction word (does it flip once or twice?);
    - a word in two synonym groups (the groups would silently merge).
    """
    pair_of: dict[str, tuple[int, int]] = {}
    group_of: dict[str, tuple[int, int]] = {}
    for l_index, lexicon in enumerate(lexicons):
        for g_index, group in enumerate(lexicon.entries.synonyms):
            for word in group:
                first = group_of.setdefault(_key(word), (l_index, g_index))
                if first != (l_index, g_index) and _synonyms(lexicons, first) != group:
                    yield _conflict(lexicon, ("synonyms", g_index), f"synonyms[{g_index}]: “{word}” is also in "
                                    f"synonyms[{first[1]}] of {lexicons[first[0]].display_path}; a word belongs "
                                    "to one synonym group")
    cues = {_key(cue) for lexicon in lexicons for cue in lexicon.entries.negations}
    for l_index, lexicon in enumerate(lexicons):
        for p_index, pair in enumerate(lexicon.entries.directions):
            left, right = (_key(word) for word in pair)
            if left == right or (left in group_of and group_of.get(left) == group_of.get(right)):
                yield _conflict(lexicon, ("directions", p_index),
                                f"directions[{p_index}]: “{pair[0]}” and “{pair[1]}” are synonyms, "
                                "so they cannot be opposites")
            for word in (left, right):
                if word in cues:
                    yield _conflict(lexicon, ("directions", p_index),
                                    f"directions[{p_index}]: “{word}” is also a negation cue; it would flip twice")
                first = pair_of.setdefault(word, (l_index, p_index))
                if first != (l_index, p_index) and lexicons[first[0]].entries.directions[first[1]] != pair:
                    yield _conflict(lexicon, ("directions", p_index),
                                    f"directions[{p_index}]: “{word}” is also in directions[{first[1]}] of "
                                    f"{lexicons[first[0]].display_path}; a word has one opposite (give its other "
                                    "spellings as synonyms)")


def _synonyms(lexicons: list[LoadedLexicon], where: tuple[int, int]) -> list[str]:
    return lexicons[where[0]].entries.synonyms[where[1]]


def _conflict(lexicon: LoadedLexicon, path: tuple[object, ...], message: str) -> Diagnostic:
    line, col = lexicon.locate(*path)
    prefix = "lexicon." if lexicon.prefix else ""
    return Diagnostic(lexicon.display_path, line, col, "warning", "lexicon-conflict", prefix + message)
