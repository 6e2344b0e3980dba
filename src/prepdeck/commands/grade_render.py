"""How ``prepdeck grade`` shows a result: readable lines, or a JSON-ready dict."""

from __future__ import annotations

from typing import Any

from ..core.grading.feedback import feedback_rows
from ..core.grading.result import GradeResult, NumericResult
from .quiz_render import row_lines


def _one_line(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: float | None) -> str:
    if value is None:
        return "nothing"
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:.6g}"


def text_lines(result: GradeResult) -> list[str]:
    """Each criterion as ✓, ✗ or ⚠ with its evidence and where it is, then penalties, notes, score, verdict."""
    lines: list[str] = []
    for row in feedback_rows(result):
        rendered = row_lines(row, indent="")
        if row.status in ("met", "missed", "contradicted"):
            rendered[0] += f"  (weight {row.weight:g})"
        lines.extend(rendered)
        shown = row.counted + row.partly + row.negated + ((row.quote,) if row.quote else ())
        if shown:
            lines.append("    at " + ", ".join(f"{e.start}-{e.end}" + (f" ({e.similarity:.0f}%)" if e.matched else "")
                                           for e in shown))
    lines.extend(f"note: {note}" for note in result.notes)
    lines.append(f"score {result.score:.2f} · {result.verdict}")
    return lines


def numeric_lines(result: NumericResult, units: str | None) -> list[str]:
    """Whether the number is right, what was read, and the diagnosis of a foreseen mistake."""
    expected = _number(result.expected) + (f" {units}" if units else "")
    if result.correct:
        lines = [f"✓ correct: read {_number(result.parsed)}, expected {expected}"]
    else:
        lines = [f"✗ incorrect: read {_number(result.parsed)}, expected {expected}"]
    if result.diagnosis:
        lines.append(f"    {result.diagnosis}")
    lines.extend(f"note: {note}" for note in result.notes)
    lines.append(f"score {result.score:.2f} · {result.verdict}")
    return lines


def choice_lines(result: Any) -> list[str]:
    mark = "✓ correct" if result.correct else "✗ incorrect"
    lines = [f"{mark}: you chose “{result.chosen}”"]
    if not result.correct:
        lines.append(f"    the answer is “{result.expected}”")
    lines.append(f"score {result.score:.2f} · {result.verdict}")
    return lines


def result_dict(result: Any, **context: Any) -> dict[str, Any]:
    """The JSON object of any result: ``context`` (item, kind, seed...) first, then the result."""
    data: dict[str, Any] = dict(context)
    if isinstance(result, GradeResult):
        data.update(score=result.score, verdict=result.verdict, derived=result.derived)
        body = result.to_dict()
        data.update(criteria=body["criteria"], penalties=body["penalties"],
                    contradictions=body["contradictions"], notes=list(result.notes))
    elif isinstance(result, NumericResult):
        data.update(result.to_dict())
    else:
        data.update(score=result.score, verdict=result.verdict, **result.to_dict())
    return data
