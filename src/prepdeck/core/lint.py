"""Author checks beyond validity: things that load fine but will teach or grade badly.

Each check is a function from a loaded deck to diagnostics, registered in
``CHECKS``. Other parts of the core (grading, generation) add their own checks
to ``lint_deck`` through ``extra_checks`` so that this module stays independent
of them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Container, Iterable, Iterator

from .diagnostics import Diagnostic
from .lexicon_source import LoadedLexicon, conflicts
from .diagnostics import ContentError
from .loader import (DeckSet, IdRegistry, LoadedDeck, discover, display_path, load_deck_file, load_lexicons,
                     unexpected_failure, with_lexicons)
from .model import Question

# The correct option is "much the longest" when it is this many times the longest distractor
# and at least LONGEST_MARGIN characters longer: test-wise candidates pick the longest option.
LONGEST_RATIO = 1.25
LONGEST_MARGIN = 10
# Absolute words that let a candidate answer "false" without knowing anything.
ABSOLUTES = re.compile(r"\b(always|never|every|everything|none|only|must|cannot|guaranteed|in all cases)\b",
                       re.IGNORECASE)

DeckCheck = Callable[[LoadedDeck], Iterable[Diagnostic]]


def _warning(loaded: LoadedDeck, path: tuple[object, ...], code: str, message: str) -> Diagnostic:
    line, col = loaded.source.locate(path)
    return Diagnostic(loaded.display_path, line, col, "warning", code, message)


def questions_without_rubric(loaded: LoadedDeck) -> Iterator[Diagnostic]:
    for index, question in enumerate(loaded.deck.questions):
        if not question.rubric:
            yield _warning(loaded, ("questions", index), "no-rubric",
                           f"questions[{index}] ({question.id}): no rubric; it will be graded by a weaker "
                           "rubric derived from the model answer")


def single_keyword_criteria(loaded: LoadedDeck) -> Iterator[Diagnostic]:
    for q_index, question in enumerate(loaded.deck.questions):
        for c_index, criterion in enumerate(question.rubric):
            if criterion.keywords is not None and len(criterion.keywords) == 1 and isinstance(criterion.keywords[0], str):
                yield _warning(
                    loaded, ("questions", q_index, "rubric", c_index, "keywords"), "weak-criterion",
                    f"questions[{q_index}].rubric[{c_index}] ({question.id}): a single keyword with no "
                    f"synonyms ({criterion.keywords[0]!r}); candidates who phrase it differently will miss it",
                )


def dangling_references(loaded: LoadedDeck, known_ids: Container[str]) -> Iterator[Diagnostic]:
    return (warning for ref, warning in unknown_references(loaded, known_ids))


def unknown_references(loaded: LoadedDeck, known_ids: Container[str]) -> Iterator[tuple[str, Diagnostic]]:
    """Each reference (``see_also``, a follow-up's ``ref``) to an id not in ``known_ids``, with its warning."""
    for section, index, item in loaded.deck.sections():
        for ref_index, ref in enumerate(getattr(item, "see_also", [])):
            if ref not in known_ids:
                yield ref, _warning(loaded, (section, index, "see_also", ref_index), "unknown-ref",
                                    f"{section}[{index}].see_also: no item has id {ref!r}")
        if isinstance(item, Question):
            for f_index, follow_up in enumerate(item.follow_ups):
                if follow_up.ref and follow_up.ref not in known_ids:
                    yield follow_up.ref, _warning(
                        loaded, (section, index, "follow_ups", f_index, "ref"), "unknown-ref",
                        f"{section}[{index}].follow_ups[{f_index}].ref: no item has id {follow_up.ref!r}")


def longest_option_is_correct(loaded: LoadedDeck) -> Iterator[Diagnostic]:
    for index, choice in enumerate(loaded.deck.choices):
        if not choice.options or not isinstance(choice.answer, str):
            continue
        longest_other = max(len(option) for option in choice.options if option != choice.answer)
        if len(choice.answer) >= LONGEST_RATIO * longest_other and \
                len(choice.answer) - longest_other >= LONGEST_MARGIN:
            yield _warning(loaded, ("choices", index, "answer"), "longest-option",
                           f"choices[{index}] ({choice.id}): the correct option is much the longest "
                           f"({len(choice.answer)} characters, the longest other {longest_other}); "
                           "candidates can pick it by length: shorten it or give the distractors "
                           "their reasons too")


def absolute_false_statement(loaded: LoadedDeck) -> Iterator[Diagnostic]:
    for index, choice in enumerate(loaded.deck.choices):
        if choice.options or choice.answer is not False:
            continue
        found = ABSOLUTES.search(choice.prompt)
        if found:
            yield _warning(loaded, ("choices", index, "prompt"), "absolute-false",
                           f"choices[{index}] ({choice.id}): a false statement with {found.group(0)!r} "
                           "can be answered by the rule \"absolute claims are false\"; ask when it holds "
                           "instead (multiple choice)")


CHECKS: tuple[DeckCheck, ...] = (questions_without_rubric, single_keyword_criteria, longest_option_is_correct,
                                 absolute_false_statement)


def lexicon_conflicts(decks: DeckSet) -> Iterator[Diagnostic]:
    """Conflicting lexicon entries: in the shared files, and in each deck's own ``lexicon:``."""
    yield from conflicts(decks.lexicons)
    for loaded in decks.decks:
        yield from own_lexicon_conflicts(loaded, decks.lexicons)


def own_lexicon_conflicts(loaded: LoadedDeck, shared: list[LoadedLexicon]) -> Iterator[Diagnostic]:
    """Conflicts of a deck's own ``lexicon:`` with itself and with the shared lexicon files."""
    if loaded.deck.lexicon is None:
        return
    own = LoadedLexicon(loaded.display_path, loaded.deck.lexicon, loaded.source, ("lexicon",))
    yield from (d for d in conflicts([*shared, own]) if d.path == loaded.display_path)


def check_one_deck_at_a_time(paths: Iterable[Path], extra_checks: Iterable[DeckCheck] = ()) -> list[Diagnostic]:
    """What ``load_decks`` reports followed by what ``lint`` finds in the decks it loads, reading the
    decks one at a time: each is checked and freed before the next is read, so a million items never
    sit in memory together. Across decks only ids travel (duplicates, references to later decks).
    """
    paths = list(paths)
    shared = DeckSet()  # the shared lexicons and the problems of files that do not load; never a deck
    load_lexicons(paths, shared)
    ids = IdRegistry(keep_decks=False)
    duplicates: list[Diagnostic] = []
    checks = (*CHECKS, *extra_checks)
    known_ids: set[str] = set()
    found: list[Diagnostic] = []
    own_conflicts: list[Diagnostic] = []
    forward: list[tuple[str, Diagnostic]] = []  # references to ids unknown so far: a later deck may have them
    for path in discover(paths):
        try:
            loaded = load_deck_file(path)
        except ContentError as error:
            shared.diagnostics.extend(error.diagnostics)
            continue
        except Exception as error:  # noqa: BLE001 - one bad file never blocks the valid decks
            shared.diagnostics.extend(unexpected_failure(display_path(path), error).diagnostics)
            continue
        reused = ids.add(loaded)
        duplicates.extend(reused)
        if reused:
            continue  # left out of the deck set, as load_decks does: not linted, its ids not known
        loaded = with_lexicons(DeckSet([loaded], lexicons=shared.lexicons)).decks[0]
        known_ids.update(item.id for item in loaded.deck.items())
        for check in checks:
            found.extend(check(loaded))
        # Kept in place among this deck's warnings (lint's order: checks, then references), and
        # dropped at the end if a later deck turns out to have the id.
        for ref, warning in unknown_references(loaded, known_ids):
            found.append(warning)
            forward.append((ref, warning))
        own_conflicts.extend(own_lexicon_conflicts(loaded, shared.lexicons))
        del loaded
    resolved = {id(warning) for ref, warning in forward if ref in known_ids}
    kept = [d for d in found if id(d) not in resolved]
    kept.extend(conflicts(shared.lexicons))
    kept.extend(own_conflicts)
    return shared.diagnostics + duplicates + sorted(kept, key=lambda d: (d.path, d.line, d.col))


def lint(decks: DeckSet, extra_checks: Iterable[DeckCheck] = ()) -> list[Diagnostic]:
    """Warnings (and check errors) for every loaded deck, in file order."""
    known_ids = {item.id for _, item in decks.items()}
    found: list[Diagnostic] = []
    checks = (*CHECKS, *extra_checks)
    for loaded in decks.decks:
        for check in checks:
            found.extend(check(loaded))
        found.extend(dangling_references(loaded, known_ids))
    found.extend(lexicon_conflicts(decks))
    return sorted(found, key=lambda d: (d.path, d.line, d.col))
