"""Plain-text rendering of session cards, feedback and summaries for ``quiz --plain``.

Pure functions from session values to lines. Nothing printed depends on the
wall clock outside interview mode, so a piped session replays byte for byte.
"""

from __future__ import annotations

from datetime import timedelta

from ..core.grading.feedback import FeedbackRow, feedback_rows
from ..core.grading.result import GradeResult, NumericResult
from ..core.scheduler import rating_name
from ..core.formats import due_again_text, duration_text, format_number, short_interval
from ..core.session_types import KIND_LABELS, RATING_NAMES, Card, ChoiceResult, Feedback, FlashFaces, Summary
from .curve_text import curve_lines

COMMANDS_HELP = ("answer, then a blank line · commands: :hint :skip :reveal :override right|wrong :undo :bury "
                 ":suspend :quit")
RATE_HELP = "rate it: 1 again · 2 hard · 3 good · 4 easy"

__all__ = ["duration_text", "card_lines", "reveal_lines", "feedback_lines", "summary_lines"]


def card_lines(card: Card) -> list[str]:
    label = KIND_LABELS[card.kind]
    if card.parent_id:
        label = f"follow-up to {card.parent_id}"
    if card.flash is not None:
        label += " · " + card.flash.direction.replace("->", " → ")
    head = f"[{card.position}/{card.planned}] {label} · {card.deck_id} · {card.item_id} · {card.path}:{card.line}"
    if card.is_new:
        head += " · new"
    if card.returning:
        head += " · again: back for another go"
    lines = ["", head, card.prompt]
    if card.generated is not None:
        lines.extend(curve_lines(card.generated))  # the curves a trainer question asks you to read
    if card.options:
        if card.options == ("true", "false"):
            lines.append("(true or false)")
        else:
            lines.extend(f"  {number}) {option}" for number, option in enumerate(card.options, 1))
    elif card.units:
        lines.append(f"(answer in {card.units})")
    if card.flash is not None:
        lines.append("(recall it, then a blank line to reveal)")
    if card.hints_available:
        lines.append(f"({card.hints_available} hint(s): :hint)")
    if card.time_budget is not None:
        lines.append(f"(interview: no hints; budget {duration_text(card.time_budget)})")
    return lines


def rate_help(intervals: dict[int, timedelta] | None = None) -> str:
    """``rate it: 1 again · 1m   2 hard · 6m ...``: the keys, with when each brings the card back."""
    if not intervals:
        return RATE_HELP
    return "rate it: " + "   ".join(f"{rating} {RATING_NAMES[rating]} · {short_interval(intervals[rating])}"
                                    for rating in sorted(intervals))


def reveal_lines(faces: FlashFaces, intervals: dict[int, timedelta] | None = None) -> list[str]:
    return [f"— {faces.back}", *(f"  {line}" for line in faces.extra), rate_help(intervals)]


def _schedule(feedback: Feedback) -> str:
    parts = []
    if feedback.rating is not None:
        parts.append(f"rating {rating_name(feedback.rating)}")
    if feedback.returns:
        parts.append("back later in this session")
    elif feedback.next_due is not None:
        parts.append(due_again_text(feedback.next_due - feedback.answered_at))
    return " · ".join(parts)


def row_lines(row: FeedbackRow, indent: str = "  ") -> list[str]:
    """One feedback row as plain text (shared by ``quiz --plain`` and ``grade``)."""
    if row.status == "met":
        found = ", ".join(e.quoted for e in row.counted)
        share = f" ({row.credit:.0%} of it)" if row.credit < 1 else ""
        return [f"{indent}✓ {row.description}" + (f" — {found}" if found else "") + share]
    if row.status == "contradicted":
        claim = f" (claim: {row.claim})" if row.claim else ""
        cost = f" (−{row.penalty:.2f}{', core' if row.core else ''})"
        lines = [f"{indent}⚠ {row.description}{claim} — contradicted{cost}"]
        if row.quote is not None:
            lines.append(f"{indent}    you said: {row.quote.quoted}")
        return lines
    if row.status == "misconception":
        quote = row.quote.quoted if row.quote else ""
        text = f"{indent}! misconception {quote} (−{row.penalty:.2f})"
        return [text + (f": {row.explanation}" if row.explanation else "")]
    lines = [f"{indent}✗ {row.description}" + (f" — missing: {', '.join(row.missing)}" if row.missing else "")]
    if row.partly:
        lines.append(f"{indent}    found only: " + ", ".join(e.quoted for e in row.partly))
    if row.negated:
        lines.append(f"{indent}    not counted, negated: " + ", ".join(e.quoted for e in row.negated))
    return lines


def _grade_lines(result: GradeResult) -> list[str]:
    lines = [line for row in feedback_rows(result) for line in row_lines(row)]
    lines.extend(f"  note: {note}" for note in result.notes)
    return lines


def feedback_lines(feedback: Feedback) -> list[str]:
    """Score, verdict, each criterion ✓/✗, and the model answer."""
    result, schedule = feedback.result, _schedule(feedback)
    lines: list[str] = []
    if isinstance(result, GradeResult):
        lines.append(" · ".join(filter(None, [f"score {result.score:.2f}", result.verdict, schedule])))
        lines.extend(_grade_lines(result))
    elif isinstance(result, NumericResult):
        expected = feedback.model_answer or format_number(result.expected)
        if result.correct:
            lines.append(" · ".join(filter(None, [f"✓ correct: {expected}", schedule])))
        else:
            given = "no number found" if result.parsed is None else f"{format_number(result.parsed)} is wrong"
            lines.append(" · ".join(filter(None, [f"✗ {given}; the answer is {expected}", schedule])))
        if result.diagnosis:
            lines.append(f"  diagnosis: {result.diagnosis}")
        lines.extend(f"  note: {note}" for note in result.notes)
    elif isinstance(result, ChoiceResult):
        head = f"✓ correct: {result.expected}" if result.correct else (
            f"✗ you chose \"{result.chosen}\"; the answer is \"{result.expected}\"")
        lines.append(" · ".join(filter(None, [head, schedule])))
    elif feedback.gave_up:
        lines.append(" · ".join(filter(None, ["revealed: recorded as not recalled", schedule])))
        if feedback.model_answer and (feedback.card.generated is not None or feedback.card.options):
            lines.append(f"the answer is {feedback.model_answer}")
    elif feedback.card.kind == "flash":
        lines.append(" · ".join(filter(None, ["recorded", schedule])))
    else:
        lines.append(" · ".join(filter(None, ["recorded, not graded", schedule])))
    lines.extend(f"  {note}" for note in feedback.notes)
    if feedback.override:
        lines.append(f"override: you were {feedback.override}")
    exact = feedback.card.generated is not None or bool(feedback.card.options)  # a number or an option
    shown = isinstance(result, (NumericResult, ChoiceResult)) or (feedback.gave_up and exact)
    if feedback.card.kind != "flash" and feedback.model_answer and not shown:
        lines.append(f"model answer: {feedback.model_answer}")
    if feedback.explanation:
        working = isinstance(result, NumericResult) or (feedback.gave_up and feedback.card.generated is not None)
        lines.append(f"working: {feedback.explanation}" if working else f"explanation: {feedback.explanation}")
    if feedback.card.time_budget is not None:
        budget = duration_text(feedback.card.time_budget)
        lines.append(f"time {duration_text(feedback.elapsed)} (budget {budget})"
                     + (" · over budget" if feedback.over_time else ""))
    if feedback.follow_ups_queued:
        lines.append(f"{feedback.follow_ups_queued} follow-up(s) next")
    return lines


def override_lines(feedback: Feedback) -> list[str]:
    schedule = _schedule(feedback)
    return [f"override recorded: you were {feedback.override}" + (f" · {schedule}" if schedule else "")]


def summary_lines(summary: Summary, notes: list[str]) -> list[str]:
    counts = [f"answered {summary.answered}", f"skipped {summary.skipped}", f"strong {summary.strong}",
              f"partial {summary.partial}", f"weak {summary.weak}"]
    if summary.gave_up:
        counts.append(f"gave up {summary.gave_up}")
    if summary.ungraded:
        counts.append(f"ungraded {summary.ungraded}")
    graded = summary.answered - summary.ungraded
    if graded:
        counts.append(f"right {summary.correct}/{graded}")
    if summary.mean_score is not None:
        counts.append(f"mean score {summary.mean_score:.2f}")
    if summary.overrides:
        counts.append(f"overrides {summary.overrides}")
    for value, label in ((summary.relearned, "relearned"), (summary.undone, "undone"),
                         (summary.buried, "buried"), (summary.suspended, "suspended")):
        if value:
            counts.append(f"{label} {value}")
    lines = ["", "— summary —", " · ".join(counts)]
    if summary.mode == "interview":
        lines.append(f"time {duration_text(summary.elapsed)}")
    if summary.remaining:
        lines.append(f"{summary.remaining} card(s) left for next time")
    lines.extend(f"note: {note}" for note in notes)
    lines.append(f"replay with --seed {summary.seed}")
    return lines
