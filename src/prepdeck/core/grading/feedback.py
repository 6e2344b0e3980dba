"""What a graded answer's feedback says, decided once for every front end.

The TUI, ``quiz --plain`` and ``prepdeck grade`` only render these rows: which
criteria are ✓ (met: exactly what the score counted), ✗ (missed, with what
would have met it) or ⚠ (contradicted, quoting the clause beside its claim),
which misconceptions cost points, and which spans of the answer to highlight.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .result import CriterionResult, GradeResult, Hit

Status = Literal["met", "missed", "contradicted", "misconception"]
MARKS: dict[str, str] = {"met": "✓", "missed": "✗", "contradicted": "⚠", "misconception": "!"}
HighlightKind = Literal["hit", "negated", "contradiction", "misconception"]


@dataclass(frozen=True)
class Evidence:
    """Words of the answer shown as evidence: the text, and the rubric phrase when it reads differently."""

    text: str
    start: int
    end: int
    matched: str | None = None  # the rubric phrase it was credited as ("trainng" for "training")
    similarity: float = 100.0

    @property
    def quoted(self) -> str:
        shown = " ".join(self.text.split())
        return f"“{shown}”" + (f" ≈ {self.matched}" if self.matched else "")


@dataclass(frozen=True)
class FeedbackRow:
    status: Status
    description: str
    weight: float = 1.0
    counted: tuple[Evidence, ...] = ()  # what the score counted (✓ rows)
    negated: tuple[Evidence, ...] = ()  # found inside a negation, so not counted
    missing: tuple[str, ...] = ()  # what would have met it (✗ rows)
    partly: tuple[Evidence, ...] = ()  # found, but not enough to meet it (✗ rows)
    credit: float = 1.0  # share of the weight earned (✓ rows: less for a near spelling)
    quote: Evidence | None = None  # the contradicting clause, or the misconception found
    claim: str | None = None  # the claim contradicted, in a few words
    penalty: float = 0.0
    explanation: str = ""
    core: bool = False

    @property
    def mark(self) -> str:
        return MARKS[self.status]


def _evidence(hit: Hit) -> Evidence:
    same = " ".join(hit.text.casefold().split()) == hit.keyword.casefold()
    return Evidence(hit.text, hit.start, hit.end, None if same else hit.keyword, hit.similarity)


def _row(criterion: CriterionResult, result: GradeResult) -> FeedbackRow:
    if criterion.contradicted:
        found = next((c for c in result.contradictions if c.description == criterion.description), None)
        quote = Evidence(found.text, found.start, found.end) if found else None
        return FeedbackRow("contradicted", criterion.description, criterion.weight, quote=quote,
                           claim=criterion.claim, penalty=found.penalty if found else 0.0, core=criterion.core)
    counted = tuple(_evidence(hit) for hit in criterion.hits if not hit.negated) if criterion.met else ()
    negated = tuple(_evidence(hit) for hit in criterion.hits if hit.negated)
    if criterion.met:
        return FeedbackRow("met", criterion.description, criterion.weight, counted=counted, negated=negated,
                           claim=criterion.claim, core=criterion.core, credit=criterion.credit)
    partly = tuple(_evidence(hit) for hit in criterion.hits if not hit.negated)
    return FeedbackRow("missed", criterion.description, criterion.weight, negated=negated,
                       missing=criterion.missing, partly=partly, claim=criterion.claim, core=criterion.core)


def feedback_rows(result: GradeResult) -> list[FeedbackRow]:
    """One row per criterion, in rubric order, then one per misconception found."""
    rows = [_row(criterion, result) for criterion in result.criteria]
    for penalty in result.penalties:
        rows.append(FeedbackRow("misconception", penalty.phrase, quote=Evidence(penalty.text, penalty.start, penalty.end),
                                penalty=penalty.penalty, explanation=penalty.explanation))
    return rows


def highlights(result: GradeResult) -> list[tuple[int, int, HighlightKind]]:
    """Spans of the answer to mark, later ones drawn over earlier ones."""
    spans: list[tuple[int, int, HighlightKind]] = []
    for criterion in result.criteria:
        if criterion.contradicted:
            continue
        for hit in criterion.hits:
            if hit.negated:
                spans.append((hit.start, hit.end, "negated"))
            elif criterion.met:
                spans.append((hit.start, hit.end, "hit"))
    spans += [(c.start, c.end, "contradiction") for c in result.contradictions]
    spans += [(p.start, p.end, "misconception") for p in result.penalties]
    return spans
