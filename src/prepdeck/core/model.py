"""Deck content types: what an author may write in a deck YAML file.

A deck file is a mapping with deck metadata and one list per item kind::

    id: ml.batch-size
    title: Batch size and epochs
    concepts: [...]
    questions: [...]
    calculations: [...]
    choices: [...]
    generated: [...]

Every model forbids unknown fields, so a typo such as ``promtp:`` is an error
rather than a silently ignored key. The models are frozen: loaded content is
shared by the grader, the session and the TUI, and none of them may change it.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, ClassVar, Iterator, Literal, Union

from pydantic import (
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from .model_base import Formula, ID_PATTERN, ItemId, ItemKind, NonEmptyStr, Number, StrictModel, Tag, TopicKey
from .rubric_model import Criterion, Thresholds


# --------------------------------------------------------------------------- items


class Item(StrictModel):
    """Fields shared by every item kind."""

    kind: ClassVar[ItemKind]

    id: ItemId = Field(description="Stable id, unique across all loaded decks; progress is keyed by it.")
    tags: list[Tag] = Field(default_factory=list)
    source: NonEmptyStr = Field(description="The seed document or reference this item comes from.")
    notes: str | None = Field(None, description="Author notes, e.g. where and why a seed was corrected.")
    difficulty: Literal["easy", "medium", "hard"] = "medium"
    teaches: TopicKey | None = Field(
        None, description="Kebab-case topic key; items with the same key teach the same thing, "
                          "so a session serves only one of them (no repeats).")

    @property
    def prompt_text(self) -> str:
        """A one-line summary used by listings."""
        raise NotImplementedError


class Concept(Item):
    """A term and its definition; drilled as a flashcard both ways and as a short question."""

    kind: ClassVar[ItemKind] = "concept"
    term: NonEmptyStr
    aliases: list[NonEmptyStr] = Field(default_factory=list, description="Other names for the term.")
    definition: NonEmptyStr
    example: str | None = None
    analogy: str | None = None
    see_also: list[ItemId] = Field(default_factory=list, description="Ids of related items.")
    rubric: list[Criterion] = Field(
        default_factory=list,
        description="Optional rubric for the concept asked as a question; without one, a rubric is "
                    "derived from the whole definition.")

    @property
    def prompt_text(self) -> str:
        return self.term


class FollowUp(StrictModel):
    """A follow-up prompt; with a model answer or rubric it is a gradable question of its own."""

    prompt: NonEmptyStr
    model_answer: str | None = None
    rubric: list[Criterion] = Field(default_factory=list)
    ref: ItemId | None = Field(None, description="Id of another item that answers this follow-up.")


class Question(Item):
    """A free-text practice question with a model answer and a keyword rubric."""

    kind: ClassVar[ItemKind] = "question"
    prompt: NonEmptyStr
    model_answer: NonEmptyStr
    rubric: list[Criterion] = Field(default_factory=list)
    follow_ups: list[FollowUp] = Field(default_factory=list)
    hints: list[NonEmptyStr] = Field(default_factory=list)

    @field_validator("follow_ups", mode="before")
    @classmethod
    def _plain_prompts(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"prompt": entry} if isinstance(entry, str) else entry for entry in value]
        return value

    @property
    def prompt_text(self) -> str:
        return self.prompt


class Parameter(StrictModel):
    """A calculation parameter: drawn from ``choices``, or from ``[min, max]``.

    A range is sampled on a ``step`` grid (integers by default when both bounds
    are integers) or log-uniformly with ``log: true``.
    """

    choices: list[Number] | None = Field(None, min_length=1)
    min: Number | None = None
    max: Number | None = None
    step: Number | None = Field(None, gt=0)
    log: bool = Field(False, description="Draw log-uniformly (e.g. learning rates).")

    @model_validator(mode="after")
    def _one_kind_of_draw(self) -> "Parameter":
        has_range = self.min is not None or self.max is not None
        if self.choices is not None:
            if has_range or self.step is not None or self.log:
                raise ValueError("give either choices or min/max, not both")
            return self
        if self.min is None or self.max is None:
            raise ValueError("a parameter needs choices, or both min and max")
        if self.max < self.min:
            raise ValueError("max must not be below min")
        if self.log and self.min <= 0:
            raise ValueError("a log range needs min > 0")
        if self.log and self.step is not None:
            raise ValueError("a range is either log or stepped, not both")
        if self.step is not None:
            try:
                steps = (self.max - self.min) / self.step
            except OverflowError:
                steps = math.inf
            if not math.isfinite(steps):
                raise ValueError("the range has too many steps to count; use a larger step, or log: true")
        return self


class Tolerance(StrictModel):
    """How close a numeric answer must be. With nothing set, answers must match exactly."""

    abs: float | None = Field(None, ge=0)
    rel: float | None = Field(None, ge=0, le=1)
    sig_figs: int | None = Field(None, ge=1, le=15)


class WrongAnswer(StrictModel):
    """A known wrong answer, computed by a formula, with a diagnosis for the candidate."""

    formula: Formula
    diagnosis: NonEmptyStr


class FixedExample(StrictModel):
    """A worked example with a known answer; it doubles as a test of the formula."""

    params: dict[str, Number]
    answer: Number


class Calculation(Item):
    """A numeric problem template: fresh parameters each draw, answer by formula."""

    kind: ClassVar[ItemKind] = "calculation"
    prompt: NonEmptyStr = Field(description="Template; {name} or {name:,} inserts values.")
    params: dict[str, Parameter] = Field(default_factory=dict)
    derived: dict[str, Formula] = Field(
        default_factory=dict, description="Named intermediate values, in order."
    )
    constraints: list[Formula] = Field(
        default_factory=list, description="Formulas that must be true for a draw to be used."
    )
    answer: Formula
    integer: bool = Field(False, description="The answer is always a whole number.")
    tolerance: Tolerance = Field(default_factory=Tolerance)
    units: str | None = None
    explanation: str = Field("", description="Template showing the working.")
    wrong_answers: list[WrongAnswer] = Field(default_factory=list)
    fixed_examples: list[FixedExample] = Field(default_factory=list)

    @property
    def prompt_text(self) -> str:
        return self.prompt


class Choice(Item):
    """Multiple choice (``options`` plus the correct option's text) or true/false (no options)."""

    kind: ClassVar[ItemKind] = "choice"
    prompt: NonEmptyStr
    options: list[NonEmptyStr] = Field(default_factory=list)
    answer: Union[bool, NonEmptyStr]
    explanation: NonEmptyStr

    @model_validator(mode="after")
    def _answer_matches_options(self) -> "Choice":
        if not self.options:
            if not isinstance(self.answer, bool):
                raise ValueError("a true/false item (no options) needs answer: true or false")
            return self
        if isinstance(self.answer, bool):
            raise ValueError("with options, answer must be the text of the correct option")
        if len(self.options) < 2:
            raise ValueError("a multiple-choice item needs at least 2 options")
        if len(set(self.options)) != len(self.options):
            raise ValueError("options must be distinct")
        if self.answer not in self.options:
            raise ValueError(f"answer {self.answer!r} is not one of the options")
        return self

    @property
    def is_true_false(self) -> bool:
        return not self.options

    @property
    def prompt_text(self) -> str:
        return self.prompt


class Generated(Item):
    """A question family from the numpy mini-trainer, with family-specific parameters."""

    kind: ClassVar[ItemKind] = "generated"
    family: NonEmptyStr
    params: dict[str, Any] = Field(default_factory=dict)
    prompt: str | None = Field(None, description="Optional framing shown above the generated question.")

    @property
    def prompt_text(self) -> str:
        return self.prompt or f"[{self.family}] generated question"


AnyItem = Union[Concept, Question, Calculation, Choice, Generated]

# Deck field name for each kind, in the order items are listed.
SECTIONS: dict[str, type[Item]] = {
    "concepts": Concept,
    "questions": Question,
    "calculations": Calculation,
    "choices": Choice,
    "generated": Generated,
}


Word = Annotated[str, StringConstraints(min_length=1, max_length=60, strip_whitespace=True)]
DirectionPair = Annotated[list[Word], Field(min_length=2, max_length=2)]
SynonymGroup = Annotated[list[Word], Field(min_length=2)]


class LexiconEntries(StrictModel):
    """Words the grader reads meaning from: opposite directions, negation cues and synonyms.

    The shared lexicon is ``content/lexicon.yaml``; a deck may add entries of
    its own under ``lexicon:``.
    """

    directions: list[DirectionPair] = Field(
        default_factory=list, description="Pairs of opposites, e.g. [increase, decrease].")
    negations: list[Word] = Field(
        default_factory=list, description="Words and phrases that negate their clause, e.g. 'no need'.")
    synonyms: list[SynonymGroup] = Field(
        default_factory=list, description="Groups of interchangeable phrases, e.g. [lr, learning rate].")


class Deck(StrictModel):
    """One deck file."""

    id: ItemId
    title: NonEmptyStr
    description: str = ""
    thresholds: Thresholds = Field(default_factory=Thresholds)
    lexicon: LexiconEntries | None = Field(None, description="Lexicon entries added for this deck only.")
    concepts: list[Concept] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    calculations: list[Calculation] = Field(default_factory=list)
    choices: list[Choice] = Field(default_factory=list)
    generated: list[Generated] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> "Deck":
        if not any(getattr(self, section) for section in SECTIONS):
            raise ValueError(
                "deck has no items: add at least one of " + ", ".join(SECTIONS)
            )
        return self

    def items(self) -> Iterator[AnyItem]:
        """Every item, section by section, in file order."""
        for section in SECTIONS:
            yield from getattr(self, section)

    def sections(self) -> Iterator[tuple[str, int, AnyItem]]:
        """Every item with its section name and index, for locating it in the file."""
        for section in SECTIONS:
            for index, item in enumerate(getattr(self, section)):
                yield section, index, item


def is_valid_id(value: str) -> bool:
    """True when ``value`` may be used as a deck or item id."""
    return re.fullmatch(ID_PATTERN, value) is not None and len(value) <= 120
