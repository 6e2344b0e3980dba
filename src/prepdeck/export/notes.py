"""Turn deck items into export notes: HTML fields per note type, tags and stable keys.

This is the format-neutral half of the exports; ``anki`` writes these notes as
an .apkg and ``anki_csv`` as a text-import file. All text is HTML-escaped here,
since both targets treat fields as HTML.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from ..core.generate.errors import GenerationError
from ..core.generate.question import GeneratedQuestion
from ..core.loader import LoadedDeck
from ..core.model import AnyItem, Calculation, Choice, Concept, Generated, Question
from .note_types import CHOICE, CONCEPT, QUESTION, WORKED, NoteType

# The instances to export for a calculation or trainer item, each with a variant
# key that stays the same across exports (it becomes part of the note GUID).
InstanceSource = Callable[[Calculation | Generated], Sequence[tuple[str, GeneratedQuestion]]]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class NoteSpec:
    """One note to export: its type, HTML fields, tags, and the key of its stable ids."""

    note_type: NoteType
    deck_id: str
    item_id: str
    variant: str
    fields: dict[str, str]
    tags: tuple[str, ...]


@dataclass
class DeckExport:
    deck_id: str
    title: str
    description: str
    notes: list[NoteSpec] = field(default_factory=list)


@dataclass(frozen=True)
class SkippedItem:
    item_id: str
    kind: str
    reason: str


@dataclass
class ExportPlan:
    """Every note to write, grouped by deck, and the items left out with the reason."""

    decks: list[DeckExport] = field(default_factory=list)
    skipped: list[SkippedItem] = field(default_factory=list)

    @property
    def note_count(self) -> int:
        return sum(len(deck.notes) for deck in self.decks)


# --------------------------------------------------------------------------- HTML helpers


def text(value: str | None) -> str:
    """Plain text as HTML: escaped, with line breaks kept."""
    if not value:
        return ""
    # quote=False: text only ever lands in element content, and Anki's editor shows fields raw.
    return html.escape(value.strip(), quote=False).replace("\n", "<br>")


def bullets(values: Iterable[str], ordered: bool = False, list_type: str = "") -> str:
    """Already-HTML entries as a list; empty when there are none."""
    items = "".join(f"<li>{value}</li>" for value in values)
    if not items:
        return ""
    tag = "ol" if ordered else "ul"
    type_attr = f' type="{list_type}"' if list_type else ""
    return f"<{tag}{type_attr}>{items}</{tag}>"


def format_number(value: float | int) -> str:
    """A number as a candidate would write it: 8,000 rather than 8000.0."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.6g}"


def anki_tag(tag: str) -> str:
    """An Anki tag: no whitespace allowed, so runs of it become underscores."""
    return re.sub(r"\s+", "_", tag.strip())


# --------------------------------------------------------------------------- per kind


def _source(item: AnyItem) -> str:
    parts = [text(item.source)]
    if item.notes:
        parts.append(text(item.notes))
    return "<br>".join(parts)


def _tags(item: AnyItem) -> tuple[str, ...]:
    tags = [anki_tag(t) for t in item.tags]
    tags += [f"prepdeck::{item.kind}", f"prepdeck::{item.difficulty}"]
    return tuple(dict.fromkeys(t for t in tags if t))


def reference_title(item: AnyItem, limit: int = 80) -> str:
    """How a see-also link names an item: a concept's term, or a short form of the prompt.

    Template placeholders read as their names ("a dataset has n samples"),
    since a reference has no drawn numbers to show.
    """
    title = item.term if isinstance(item, Concept) else item.prompt_text
    title = " ".join(re.sub(r"\{(\w+)[^{}]*\}", r"\1", title).split())
    return title if len(title) <= limit else title[: limit - 1] + "…"


def _concept_fields(concept: Concept, titles: dict[str, str]) -> dict[str, str]:
    extra = []
    if concept.aliases:
        extra.append("Also called: " + text(", ".join(concept.aliases)))
    if concept.example:
        extra.append("Example: " + text(concept.example))
    if concept.analogy:
        extra.append("Analogy: " + text(concept.analogy))
    if concept.see_also:
        extra.append("See also: " + text(", ".join(titles.get(ref, ref) for ref in concept.see_also)))
    return {"Term": text(concept.term), "Definition": text(concept.definition),
            "Extra": "<br>".join(extra), "Source": _source(concept)}


def _rubric_html(question: Question) -> str:
    lines = []
    for criterion in question.rubric:
        weight = f" <small>(weight {format_number(criterion.weight)})</small>" if criterion.weight != 1 else ""
        lines.append(text(criterion.description) + weight)
        for misconception in criterion.misconceptions:
            phrases = misconception.phrases or ([misconception.claim.gist()] if misconception.claim else [])
            wrong = " / ".join(f"“{text(p)}”" for p in phrases)
            why = f" — {text(misconception.explanation)}" if misconception.explanation else ""
            lines.append(f'<span class="misconception">Not: {wrong}{why}</span>')
    return bullets(lines)


def _question_fields(question: Question) -> dict[str, str]:
    follow_ups = []
    for follow_up in question.follow_ups:
        entry = text(follow_up.prompt)
        if follow_up.model_answer:
            entry += f"<br><small>{text(follow_up.model_answer)}</small>"
        follow_ups.append(entry)
    return {"Prompt": text(question.prompt), "Hints": bullets(text(h) for h in question.hints),
            "ModelAnswer": text(question.model_answer), "Rubric": _rubric_html(question),
            "FollowUps": bullets(follow_ups, ordered=True), "Source": _source(question)}


def _choice_fields(choice: Choice) -> dict[str, str]:
    if choice.is_true_false:
        options, answer = "", "True" if choice.answer else "False"
    else:
        options = bullets((text(o) for o in choice.options), ordered=True, list_type="A")
        letter = chr(ord("A") + choice.options.index(str(choice.answer)))
        answer = f"{letter}. {text(str(choice.answer))}"
    return {"Prompt": text(choice.prompt), "Options": options, "Answer": answer,
            "Explanation": text(choice.explanation), "Source": _source(choice)}


def _worked_fields(item: Calculation | Generated, question: GeneratedQuestion) -> dict[str, str]:
    if isinstance(question.answer, str):
        answer = text(question.answer)
    else:
        answer = text(format_number(question.answer) + (f" {question.units}" if question.units else ""))
    working = [f"<div>{text(question.explanation)}</div>"] if question.explanation else []
    if question.wrong_answers:
        wrong = (f"{text(format_number(w.value))}: {text(w.diagnosis)}" for w in question.wrong_answers)
        working.append("<div>Common wrong answers:" + bullets(wrong) + "</div>")
    return {"Prompt": text(question.prompt),
            "Options": bullets((text(o) for o in question.options), ordered=True, list_type="A"),
            "Answer": answer, "Working": "".join(working), "Source": _source(item)}


# --------------------------------------------------------------------------- plan


def _item_notes(deck_id: str, item: AnyItem, titles: dict[str, str],
                instances: InstanceSource | None) -> list[NoteSpec]:
    def spec(note_type: NoteType, fields: dict[str, str], variant: str = "") -> NoteSpec:
        return NoteSpec(note_type, deck_id, item.id, variant, fields, _tags(item))

    if isinstance(item, Concept):
        return [spec(CONCEPT, _concept_fields(item, titles))]
    if isinstance(item, Question):
        return [spec(QUESTION, _question_fields(item))]
    if isinstance(item, Choice):
        return [spec(CHOICE, _choice_fields(item))]
    if instances is None:
        return []
    return [spec(WORKED, _worked_fields(item, question), variant) for variant, question in instances(item)]


def build_plan(decks: Sequence[LoadedDeck], *, calculations: InstanceSource | None,
               trainer: InstanceSource | None, progress: Progress | None = None) -> ExportPlan:
    """The notes for every item of ``decks``.

    ``calculations`` and ``trainer`` give the worked instances of calculation
    and generated items; ``None`` leaves those items out. Items left out, or
    whose instances could not be drawn (``GenerationError``), are listed in
    ``ExportPlan.skipped`` with the reason.
    """
    titles = {item.id: reference_title(item) for loaded in decks for item in loaded.deck.items()}
    total = len(titles)
    plan, done = ExportPlan(), 0
    for loaded in decks:
        deck = loaded.deck
        export = DeckExport(deck.id, deck.title, text(deck.description))  # Anki shows it as HTML
        for item in deck.items():
            source = trainer if isinstance(item, Generated) else calculations
            if isinstance(item, (Calculation, Generated)) and source is None:
                plan.skipped.append(SkippedItem(item.id, item.kind, "left out"))
            else:
                try:
                    notes = _item_notes(deck.id, item, titles, source)
                except GenerationError as error:
                    notes = []
                    plan.skipped.append(SkippedItem(item.id, item.kind, str(error)))
                export.notes.extend(notes)
            done += 1
            if progress:
                progress(done, total)
        plan.decks.append(export)
    return plan
