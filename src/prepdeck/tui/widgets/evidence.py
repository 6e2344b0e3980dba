"""Rubric feedback as Textual content: the core's feedback rows and highlights, styled.

What each row says (✓ met with what counted, ✗ missed with what would meet it,
⚠ contradicted with the clause quoted beside its claim, ! misconception) is
decided once in ``core.grading.feedback``; this module only chooses styles.
Spans come from the grader (character offsets into the original answer), so
the highlight shows exactly what was matched.
"""

from __future__ import annotations

from textual.content import Content

from ...core.grading.feedback import FeedbackRow, feedback_rows, highlights
from ...core.grading.result import GradeResult
from ...core.plain_text import visible

HIT_STYLE = "bold $text-success on $success-muted"
NEGATED_STYLE = "strike $text-warning on $warning-muted"
PENALTY_STYLE = "bold $text-error on $error-muted"
CONTRADICTION_STYLE = "bold underline $text-error on $error-muted"
STYLES = {"hit": HIT_STYLE, "negated": NEGATED_STYLE, "misconception": PENALTY_STYLE,
          "contradiction": CONTRADICTION_STYLE}
LEGEND = {"hit": "matched", "negated": "negated: not counted", "contradiction": "contradicts a claim",
          "misconception": "misconception"}
MARK_STYLES = {"met": "bold $success", "missed": "bold $error", "contradicted": "bold $error",
               "misconception": "bold $text-error"}


def highlighted_answer(answer: str, result: GradeResult) -> Content:
    """The candidate's answer with every hit, negated hit, contradiction and misconception marked."""
    shown = visible(answer)  # a control character the candidate pasted shows as \xNN, never acts
    content = Content(shown)
    size = len(answer)
    at = _shown_offsets(answer) if len(shown) != size else None
    for start, end, kind in highlights(result):
        if 0 <= start < end <= size:
            content = content.stylize(STYLES[kind], *((at[start], at[end]) if at else (start, end)))
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
    used = {kind for _, _, kind in highlights(result)} | {"hit"}
    return Content("  ").join([Content.styled(LEGEND[kind], STYLES[kind]) for kind in STYLES if kind in used])


def _text(row: FeedbackRow) -> Content:
    weight = f" ×{row.weight:g}" if row.weight != 1 and row.status != "misconception" else ""
    if row.status == "misconception":
        quote = visible(row.quote.quoted) if row.quote else ""
        text = Content.styled(f"misconception {quote}  −{row.penalty:.0%}", "bold $text-error")
        return Content.assemble(text, "\n", (row.explanation, "italic")) if row.explanation else text
    parts: list[Content | str | tuple[str, str]] = [row.description, (weight, "dim")]
    if row.status == "contradicted":
        core = ", the core point" if row.core else ""
        parts += ["  ", (f"contradicted{core}  −{row.penalty:.0%}", "bold $text-error")]
        if row.claim:
            parts += ["\n", ("claim: ", "dim"), (row.claim, "italic")]
        if row.quote is not None:
            parts += ["\n", ("you said: ", "dim"), (visible(row.quote.quoted), CONTRADICTION_STYLE)]
        return Content.assemble(*parts)
    # A hit that is exactly the phrase the description already names adds nothing ("mentions “batch”").
    description = row.description.casefold()
    counted = [e for e in row.counted if e.matched or " ".join(e.text.casefold().split()) not in description]
    if counted:
        parts += ["  ", (visible(", ".join(e.quoted for e in counted)), "$text-success")]
    if row.credit < 1:
        parts += [(f"  {row.credit:.0%} of it", "dim")]
    if row.partly:
        parts += ["  ", ("found only " + visible(", ".join(e.quoted for e in row.partly)), "$text-muted")]
    if row.negated:
        parts += ["  ", ("not counted, negated: " + visible(", ".join(e.quoted for e in row.negated)),
                         "$text-warning")]
    return Content.assemble(*parts)


def criteria_rows(result: GradeResult) -> list[tuple[Content, Content]]:
    """One (mark, text) row per criterion, ✓ ✗ or ⚠, then one ``!`` row per misconception found."""
    return [(Content.styled(row.mark, MARK_STYLES[row.status]), _text(row)) for row in feedback_rows(result)]


def missed_lines(result: GradeResult) -> Content | None:
    """What was missed: each unmet criterion with the words that would have met it."""
    lines = []
    for row in feedback_rows(result):
        if row.status != "missed":
            continue
        lines.append(Content.assemble(("• ", "$text-error"), row.description))
        if row.missing:
            lines.append(Content.assemble("   say: ", (" · ".join(row.missing), "italic $text-error")))
    return Content("\n").join(lines) if lines else None
