"""Which gradable texts of a deck still rely on a derived rubric.

A derived rubric (built from the model answer or definition) is fine for a
user's own deck, but the decks that ship with prepdeck promise an authored
rubric for every concept, question and follow-up. ``check`` applies
``derived_rubrics`` to bundled decks only (see ``commands.check_extensions``),
so ``check --strict`` fails a bundled deck that still leans on one.

A follow-up whose model answer opens with a number is graded as a number and
needs no rubric; one that only points at another item (``ref``) is answered by
that item's rubric; one with neither model answer nor rubric is not graded.
"""

from __future__ import annotations

import re
from typing import Iterator

from .diagnostics import Diagnostic
from .loader import LoadedDeck

NUMERIC_MODEL_ANSWER = re.compile(r"^\s*[-+]?\d[\d,]*(?:\.\d+)?(?![\w.])")


def is_numeric_answer(text: str | None) -> bool:
    """True when a model answer opens with its number ("313: ceil(10,000 / 32) ...")."""
    return text is not None and NUMERIC_MODEL_ANSWER.match(text) is not None


def derived_rubrics(loaded: LoadedDeck) -> Iterator[Diagnostic]:
    """A warning for each concept, question and graded follow-up without an authored rubric."""
    def warn(path: tuple[object, ...], what: str) -> Diagnostic:
        line, col = loaded.source.locate(path)
        return Diagnostic(loaded.display_path, line, col, "warning", "derived-rubric",
                          f"{what}: a bundled deck relies on a derived rubric here; author a claim rubric")

    for index, concept in enumerate(loaded.deck.concepts):
        if not concept.rubric:
            yield warn(("concepts", index), f"concepts[{index}] ({concept.id})")
    for index, question in enumerate(loaded.deck.questions):
        if not question.rubric:
            yield warn(("questions", index), f"questions[{index}] ({question.id})")
        for f_index, follow_up in enumerate(question.follow_ups):
            graded = bool(follow_up.model_answer) and not is_numeric_answer(follow_up.model_answer)
            if graded and not follow_up.rubric:
                yield warn(("questions", index, "follow_ups", f_index),
                           f"questions[{index}].follow_ups[{f_index}] ({question.id})")
