"""Author checks beyond validity: things that load fine but will teach or grade badly.

Each check is a function from a loaded deck to diagnostics, registered in
``CHECKS``. Other parts of the core (grading, generation) add their own checks
to ``lint_deck`` through ``extra_checks`` so that this module stays independent
of them.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator

from .diagnostics import Diagnostic
from .lexicon_source import LoadedLexicon, conflicts
from .loader import DeckSet, LoadedDeck
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


def dangling_references(loaded: LoadedDeck, known_ids: set[str]) -> Iterator[Diagnostic]:
    for section, index, item in loaded.deck.sections():
        for ref_index, ref in enumerate(getattr(item, "see_also", [])):
            if ref not in known_ids:
                yield _warning(loaded, (section, index, "see_also", ref_index), "unknown-ref",
                               f"{section}[{index}].see_also: no item has id {ref!r}")
        if isinstance(item, Question):
            for f_index, follow_up in enumerate(item.follow_ups):
                if follow_up.ref and follow_up.ref not in known_ids:
                    yield _warning(loaded, (section, index, "follow_ups", f_index, "ref"), "unknown-ref",
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
        if loaded.deck.lexicon is None:
            continue
        own = LoadedLexicon(loaded.display_path, loaded.deck.lexicon, loaded.source, ("lexicon",))
        yield from (d for d in conflicts([*decks.lexicons, own]) if d.path == loaded.display_path)


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
