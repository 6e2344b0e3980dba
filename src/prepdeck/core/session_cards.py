"""Turning a queued entry into the card a UI shows: prompt, faces, options, hints, location."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from .choice import TRUE_FALSE
from .generate.question import GeneratedQuestion
from .model import Calculation, Choice, Concept, Generated, Question
from .session_queue import Entry
from .session_types import Card, CardKind, FlashFaces, Mode

BLANK = "_____"


@dataclass(frozen=True)
class Presented:
    """A card plus what the session needs to grade it: hints and the correct option."""

    card: Card
    hints: tuple[str, ...] = ()
    correct_index: int | None = None  # pick-one cards


def concept_prompt(concept: Concept) -> str:
    """The free-text question for a concept, worded to read right for any term
    ("What is Linear scaling rule?" does not; a quoted term always does)."""
    return f"Define “{concept.term}” in your own words."


def mask_term(text: str, concept: Concept) -> str:
    """The definition with the term and its aliases blanked out, for definition→term cards."""
    names = sorted({concept.term, *concept.aliases}, key=len, reverse=True)
    pattern = r"\b(?:" + "|".join(re.escape(name) for name in names) + r")\w*"
    return re.sub(pattern, BLANK, text, flags=re.IGNORECASE)


def flash_faces(concept: Concept, rng: random.Random) -> FlashFaces:
    """A concept as a flashcard; the direction is drawn from the session's rng (half each way)."""
    names = concept.term + (f" (also: {', '.join(concept.aliases)})" if concept.aliases else "")
    extra = tuple(f"{label}: {text}" for label, text in (("example", concept.example), ("analogy", concept.analogy))
                  if text)
    if rng.random() < 0.5:
        return FlashFaces("term->definition", names, concept.definition, extra)
    return FlashFaces("definition->term", mask_term(concept.definition, concept), names, extra)


def _line(entry: Entry) -> int:
    loaded = entry.loaded
    if entry.own_follow_up:
        for section, index, item in loaded.deck.sections():
            if item.id == entry.item.id:
                return loaded.position_of(section, index, "follow_ups", entry.follow_index - 1)[0]
    return loaded.item_position(entry.item.id)[0]


def _kind(entry: Entry, mode: Mode) -> CardKind:
    item = entry.item
    if entry.follow_up is not None and (entry.own_follow_up or isinstance(item, (Question, Concept))):
        return "follow_up"
    if isinstance(item, Concept):
        return "flash" if mode in ("flash", "review") else "concept"
    if isinstance(item, Calculation):
        return "calculation"
    if isinstance(item, Generated):
        return "generated"
    if isinstance(item, Choice):
        return "choice"
    return "question"


def shuffled_options(options: tuple[str, ...], session_seed: int, item_id: str) -> tuple[str, ...]:
    """A multiple-choice item's options in the order shown: shuffled, so the answer's place in the
    file gives nothing away, and seeded by the session and item, so a replayed session shows the
    same order (its own rng, so the shuffle does not shift the session's other draws)."""
    order = list(options)
    random.Random(f"options:{session_seed}:{item_id}").shuffle(order)
    return tuple(order)


def present(entry: Entry, *, mode: Mode, rng: random.Random, drawn: GeneratedQuestion | None,
            position: int, planned: int, now: datetime, interview_budget: timedelta,
            session_seed: int = 0) -> Presented:
    """The card for ``entry``. ``drawn`` is the generated question for calculation/generated items.

    Multiple-choice options are shown in an order drawn from ``session_seed`` (true/false keeps
    its fixed true, false order; a trainer question's options keep their natural order, such as
    ascending learning rates, which the curves are read against)."""
    kind = _kind(entry, mode)
    item = entry.item
    hints: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    correct: int | None = None
    flash = None
    if kind == "follow_up":
        prompt = entry.follow_up.prompt
    elif kind == "flash":
        flash = flash_faces(item, rng)
        prompt = flash.front
    elif kind == "concept":
        prompt = concept_prompt(item)
        hints = (f"analogy: {item.analogy}",) if item.analogy else ()
    elif kind == "question":
        prompt = item.prompt
        hints = tuple(item.hints)
    elif kind == "choice":
        prompt = item.prompt
        options = shuffled_options(tuple(item.options), session_seed, item.id) if item.options else TRUE_FALSE
        correct = options.index(item.answer) if item.options else (0 if item.answer else 1)
    else:
        prompt = drawn.prompt if drawn.prompt else item.prompt_text
        if isinstance(item, Generated) and item.prompt and item.prompt not in prompt:
            prompt = f"{item.prompt}\n{prompt}"
        if drawn.options:
            options = tuple(drawn.options)
            correct = options.index(str(drawn.answer))
    if mode == "interview":
        hints = ()
    card = Card(
        kind=kind, deck_id=entry.loaded.deck.id, item_id=entry.item_id, prompt=prompt,
        path=entry.loaded.display_path, line=_line(entry), position=position, planned=planned,
        presented_at=now, tags=tuple(entry.parent.tags if entry.own_follow_up else item.tags),
        is_new=entry.is_new, flash=flash, generated=drawn, options=options, hints_available=len(hints),
        parent_id=entry.parent.id if entry.parent is not None else None,
        time_budget=interview_budget if mode == "interview" else None,
    )
    return Presented(card, hints, correct)
