"""Rubric feedback as text: criteria met or missed, and the evidence inside the candidate's answer.

Spans come from the grader (character offsets into the original answer), so the
highlight shows exactly what was matched: green for a hit that counted, struck
through in amber for a hit inside a negation (shown, but not counted), red for
a misconception that cost points.
"""

from __future__ import annotations

from textual.content import Content

from ...core.grading.result import CriterionResult, GradeResult
from ...core.plain_text import visible

HIT_STYLE = "bold $text-success on $success-muted"
NEGATED_STYLE = "strike $text-warning on $warning-muted"
PENALTY_STYLE = "bold $text-error on $error-muted"


def highlighted_answer(answer: str, result: GradeResult) -> Content:
    """The candidate's answer with every hit, negated hit and misconception marked in place."""
    shown = visible(answer)
    content = Content(shown)
    size = len(answer)
    at = _shown_offsets(answer) if len(shown) != size else None  # a control character became \xNN
    for criterion in result.criteria:
        for hit in criterion.hits:
            if 0 <= hit.start < hit.end <= size:
                start, end = (at[hit.start], at[hit.end]) if at else (hit.start, hit.end)
                content = content.stylize(NEGATED_STYLE if hit.negated else HIT_STYLE, start, end)
    for penalty in result.penalties:
        if 0 <= penalty.start < penalty.end <= size:
            start, end = (at[penalty.start], at[penalty.end]) if at else (penalty.start, penalty.end)
            content = content.stylize(PENALTY_STYLE, start, end)
    return content


def _shown_offsets(answer: str) -> list[int]:
    """For each offset into ``answer`` (and its end), the offset into ``visible(answer)``."""
    offsets, shown = [], 0
    for char in answer:
        offsets.append(shown)
        shown += len(visible(char))
    offsets.append(shown)
    return offsets


def legend(result: GradeResult) -> Content:
    """A key to the highlight colours actually used in this answer."""
    parts: list[Content] = [Content.styled("matched", HIT_STYLE)]
    if any(hit.negated for c in result.criteria for hit in c.hits):
        parts.append(Content.styled("negated: not counted", NEGATED_STYLE))
    if result.penalties:
        parts.append(Content.styled("misconception", PENALTY_STYLE))
    return Content("  ").join(parts)


def _quote(hit) -> str:
    close = hit.text.casefold() == hit.keyword.casefold()
    return f"“{visible(hit.text)}”" if close else f"“{visible(hit.text)}” ≈ {hit.keyword}"


def _criterion(criterion: CriterionResult) -> tuple[Content, Content]:
    """The mark (✓ or ✗) and ``description ×2  “evidence”, …``; negated hits follow, marked."""
    mark = Content.styled("✓", "bold $success") if criterion.met else Content.styled("✗", "bold $error")
    weight = f" ×{criterion.weight:g}" if criterion.weight != 1 else ""
    # A hit that is exactly the keyword the description already names adds nothing ("mentions “batch”").
    description = criterion.description.casefold()
    counted = [hit for hit in criterion.hits if not hit.negated
               and not (hit.text.casefold() == hit.keyword.casefold() and hit.keyword.casefold() in description)]
    negated = [hit for hit in criterion.hits if hit.negated]
    parts: list[Content | str | tuple[str, str]] = [criterion.description, (weight, "dim")]
    if counted:
        parts += ["  ", (", ".join(_quote(hit) for hit in counted), "$text-success")]
    if negated:
        parts += ["  ", ("not counted, negated: " + ", ".join(f"“{visible(hit.text)}”" for hit in negated),
                         "$text-warning")]
    return mark, Content.assemble(*parts)


def criteria_rows(result: GradeResult) -> list[tuple[Content, Content]]:
    """One (mark, text) row per criterion, ✓ or ✗, then one ``!`` row per misconception found."""
    rows = [_criterion(criterion) for criterion in result.criteria]
    for penalty in result.penalties:
        text = Content.styled(f"misconception “{visible(penalty.text)}”  −{penalty.penalty:.0%}", "bold $text-error")
        if penalty.explanation:
            text = Content.assemble(text, "\n", (penalty.explanation, "italic"))
        rows.append((Content.styled("!", "bold $text-error"), text))
    return rows


def missed_lines(result: GradeResult) -> Content | None:
    """What was missed: each unmet criterion with the keywords that would have met it."""
    lines = []
    for criterion in result.criteria:
        if criterion.met:
            continue
        lines.append(Content.assemble(("• ", "$text-error"), criterion.description))
        if criterion.missing:
            lines.append(Content.assemble("   say: ", (" · ".join(criterion.missing), "italic $text-error")))
    return Content("\n").join(lines) if lines else None
