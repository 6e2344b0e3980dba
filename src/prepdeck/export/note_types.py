"""The card layouts of exported notes, for Anki packages and text imports alike.

Each note type lists its fields and, per card, which fields show on the front
and which on the back. The Anki templates are generated from that description,
and the CSV export renders the same description in Python, so the two exports
cannot drift apart.

Model ids are fixed constants: Anki matches a re-imported note type by id, and
a new id on every export would create a new "prepdeck question-123abc" type
each time. Change a note type's fields and you must change its id too, because
Anki refuses to update notes whose type has a different field list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping


@dataclass(frozen=True)
class Block:
    """One field shown on a card side, in a styled box with an optional heading."""

    field: str
    css_class: str
    label: str = ""
    hint: bool = False  # shown collapsed, revealed on click


@dataclass(frozen=True)
class CardLayout:
    """One card of a note: blocks on the front, and the blocks added on the back."""

    name: str
    front: tuple[Block, ...]
    back: tuple[Block, ...]


@dataclass(frozen=True)
class NoteType:
    key: str
    name: str
    model_id: int
    fields: tuple[str, ...]
    cards: tuple[CardLayout, ...]


_SOURCE = Block("Source", "source", "Source")

CONCEPT = NoteType(
    key="concept",
    name="prepdeck concept (and reversed card)",
    model_id=1_694_201_101,
    fields=("Term", "Definition", "Extra", "Source"),
    cards=(
        CardLayout("Term → definition", (Block("Term", "term"),),
                   (Block("Definition", "definition"), Block("Extra", "extra"), _SOURCE)),
        CardLayout("Definition → term", (Block("Definition", "definition"),),
                   (Block("Term", "term"), Block("Extra", "extra"), _SOURCE)),
    ),
)

QUESTION = NoteType(
    key="question",
    name="prepdeck question",
    model_id=1_694_201_102,
    fields=("Prompt", "Hints", "ModelAnswer", "Rubric", "FollowUps", "Source"),
    cards=(
        CardLayout("Question", (Block("Prompt", "prompt"), Block("Hints", "hints", "Hint", hint=True)),
                   (Block("ModelAnswer", "answer", "Model answer"),
                    Block("Rubric", "rubric", "A strong answer covers"),
                    Block("FollowUps", "follow-ups", "Follow-up questions"), _SOURCE)),
    ),
)

CHOICE = NoteType(
    key="choice",
    name="prepdeck choice",
    model_id=1_694_201_103,
    fields=("Prompt", "Options", "Answer", "Explanation", "Source"),
    cards=(
        CardLayout("Choice", (Block("Prompt", "prompt"), Block("Options", "options")),
                   (Block("Answer", "answer", "Answer"), Block("Explanation", "explanation"), _SOURCE)),
    ),
)

WORKED = NoteType(
    key="worked",
    name="prepdeck worked problem",
    model_id=1_694_201_104,
    fields=("Prompt", "Options", "Answer", "Working", "Source"),
    cards=(
        CardLayout("Problem", (Block("Prompt", "prompt"), Block("Options", "options")),
                   (Block("Answer", "answer", "Answer"), Block("Working", "working", "Working"), _SOURCE)),
    ),
)

NOTE_TYPES: dict[str, NoteType] = {t.key: t for t in (CONCEPT, QUESTION, CHOICE, WORKED)}

CSS = """\
.card { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: 20px;
        text-align: left; color: #1d1d1f; background-color: #fff; max-width: 44em; margin: 0 auto; }
.nightMode.card, .night_mode .card { color: #e8e8e8; background-color: #2f2f31; }
.term { font-size: 1.3em; font-weight: 600; text-align: center; }
.label { font-size: 0.7em; font-weight: 600; text-transform: uppercase; letter-spacing: 0.05em;
         opacity: 0.65; margin-top: 0.8em; }
.answer { font-weight: 600; }
.extra, .source, .follow-ups, .rubric, .working, .explanation { margin-top: 0.6em; }
.source { font-size: 0.7em; opacity: 0.6; }
.options ol { padding-left: 1.6em; }
.misconception { opacity: 0.85; }
"""


def _block_template(block: Block) -> str:
    label = f'<div class="label">{block.label}</div>' if block.label and not block.hint else ""
    value = f"{{{{hint:{block.field}}}}}" if block.hint else f"{{{{{block.field}}}}}"
    return (f"{{{{#{block.field}}}}}<div class=\"{block.css_class}\">{label}{value}</div>"
            f"{{{{/{block.field}}}}}")


def anki_templates(note_type: NoteType) -> list[dict[str, str]]:
    """The note type's card templates in Anki's (and genanki's) format."""
    templates = []
    for card in note_type.cards:
        front = "\n".join(_block_template(b) for b in card.front)
        back = "\n".join(_block_template(b) for b in card.back)
        templates.append({"name": card.name, "qfmt": front,
                          "afmt": f"{{{{FrontSide}}}}\n\n<hr id=answer>\n\n{back}"})
    return templates


def _block_html(block: Block, fields: Mapping[str, str]) -> str:
    value = fields.get(block.field, "")
    if not value:
        return ""
    if block.hint:
        # A text import has no {{hint:}} filter; <details> gives the same click-to-reveal.
        return f'<details class="{block.css_class}"><summary>{block.label}</summary>{value}</details>'
    label = f'<div class="label">{block.label}</div>' if block.label else ""
    return f'<div class="{block.css_class}">{label}{value}</div>'


def render_card(card: CardLayout, fields: Mapping[str, str]) -> tuple[str, str]:
    """The front and back HTML of one card, as Anki would show them (back without the front)."""
    front = "".join(_block_html(b, fields) for b in card.front)
    back = "".join(_block_html(b, fields) for b in card.back)
    return front, back
