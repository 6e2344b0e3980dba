"""Rubric content types: criteria with keywords or claims, misconceptions, and the verdict bands."""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Field, field_validator, model_validator

from .model_base import NonEmptyStr, StrictModel


# --------------------------------------------------------------------------- rubric


PhraseList = Annotated[list[NonEmptyStr], Field(min_length=1)]
# A kebab-case topic key: items with the same key teach the same thing.


def _listed(value: Any) -> Any:
    """A single phrase written without brackets, as a one-phrase list."""
    return [value] if isinstance(value, str) else value


class Claim(StrictModel):
    """A small proposition: something (``subject``) said of something (``predicate``).

    It is met when a subject phrase and a predicate phrase, and every ``also``
    idea, occur in the same clause of the answer with positive polarity.
    Negation in the clause, or a direction word turned to its opposite on the
    subject or the predicate, flips the polarity; two flips cancel.
    """

    subject: PhraseList = Field(description="What the claim is about: any one of these phrases.")
    predicate: PhraseList = Field(description="What is said of it: any one of these phrases.")
    also: list[Union[NonEmptyStr, PhraseList]] = Field(
        default_factory=list,
        description="Further required ideas, each a phrase or a list of alternatives, in the same clause.",
    )
    negated: bool = Field(False, description="True when the claim itself asserts a negation "
                                             "(\"dropout is not applied at inference\").")

    @field_validator("subject", "predicate", mode="before")
    @classmethod
    def _one_phrase(cls, value: Any) -> Any:
        return _listed(value)

    def also_groups(self) -> list[list[str]]:
        """Each further idea as a list of its alternative phrasings."""
        return [entry if isinstance(entry, list) else [entry] for entry in self.also]

    def gist(self) -> str:
        """The claim in a few words, from the first phrasing of each part: "lr not increase linear"."""
        parts = [self.subject[0], *(["not"] if self.negated else []), self.predicate[0],
                 *(group[0] for group in self.also_groups())]
        return " ".join(parts)


class Misconception(StrictModel):
    """A wrong belief whose presence in an answer costs points: phrases, or a claim."""

    phrases: list[NonEmptyStr] = Field(
        default_factory=list,
        description="Phrasings of the wrong claim, e.g. 'larger batch is always better'.",
    )
    claim: Claim | None = Field(None, description="The wrong belief as a claim (instead of phrases).")
    penalty: float = Field(0.25, gt=0, le=1, description="Score subtracted when found.")
    explanation: str = Field("", description="Why the claim is wrong, shown to the candidate.")

    @field_validator("phrases", mode="before")
    @classmethod
    def _one_phrase(cls, value: Any) -> Any:
        return _listed(value)

    @model_validator(mode="after")
    def _phrases_or_claim(self) -> "Misconception":
        if bool(self.phrases) == (self.claim is not None):
            raise ValueError("a misconception gives either phrases or a claim (exactly one)")
        return self


class Criterion(StrictModel):
    """One rubric line: a description for humans, and ``keywords`` or a ``claim`` for the scorer.

    Old style: each entry of ``keywords`` is one idea, a phrase or a list of
    alternative phrasings (synonyms) of which any one counts as a hit. New
    style: a ``claim`` (subject, predicate, further ideas) met only in one
    clause with the right polarity. A criterion has exactly one of the two.
    """

    description: NonEmptyStr
    keywords: list[Union[NonEmptyStr, list[NonEmptyStr]]] | None = Field(
        None,
        min_length=1,
        description="Ideas to look for; each is a phrase or a list of synonymous phrases.",
    )
    claim: Claim | None = Field(None, description="What must be said, about what (instead of keywords).")
    min_hits: int = Field(1, ge=1, description="How many distinct keywords meet the criterion.")
    weight: float = Field(1.0, gt=0, le=100)
    core: bool = Field(False, description="Contradicting a core criterion makes the answer weak. "
                                          "If no criterion is marked, the heaviest one is core.")
    misconceptions: list[Misconception] = Field(default_factory=list)

    @field_validator("keywords")
    @classmethod
    def _no_empty_synonym_lists(cls, value: list[Any] | None) -> list[Any] | None:
        for entry in value or ():
            if isinstance(entry, list) and not entry:
                raise ValueError("a synonym list must not be empty")
        return value

    @model_validator(mode="after")
    def _keywords_or_claim(self) -> "Criterion":
        if (self.keywords is None) == (self.claim is None):
            raise ValueError("a criterion gives either keywords or a claim (exactly one)")
        if self.claim is not None and self.min_hits != 1:
            raise ValueError("min_hits applies to keywords; a claim is met as a whole")
        if self.keywords is not None and self.min_hits > len(self.keywords):
            raise ValueError(
                f"min_hits is {self.min_hits} but only {len(self.keywords)} keyword(s) are listed"
            )
        return self

    def keyword_groups(self) -> list[list[str]]:
        """Each keyword as a list of its alternative phrasings (none for a claim)."""
        return [entry if isinstance(entry, list) else [entry] for entry in self.keywords or ()]


def core_indices(rubric: "list[Criterion] | tuple[Criterion, ...]") -> set[int]:
    """The criteria marked ``core``; when none is marked, the heaviest (the first of a tie)."""
    marked = {index for index, criterion in enumerate(rubric) if criterion.core}
    if marked or not rubric:
        return marked
    heaviest = max(range(len(rubric)), key=lambda index: (rubric[index].weight, -index))
    return {heaviest}


class Thresholds(StrictModel):
    """Score bands for verdicts: at least ``strong`` is strong, at least ``partial`` partial."""

    strong: float = Field(0.75, gt=0, le=1)
    partial: float = Field(0.3, ge=0, lt=1)

    @model_validator(mode="after")
    def _ordered(self) -> "Thresholds":
        if self.partial >= self.strong:
            raise ValueError("partial must be below strong")
        return self
