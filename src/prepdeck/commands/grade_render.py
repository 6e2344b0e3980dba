"""How ``prepdeck grade`` shows a result: readable lines, or a JSON-ready dict."""

from __future__ import annotations

from typing import Any

from ..core.grading.result import GradeResult, NumericResult


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
    """Each criterion as ✓ or ✗ with its evidence, then penalties, notes, score and verdict."""
    lines: list[str] = []
    for criterion in result.criteria:
        mark = "✓" if criterion.met else "✗"
        lines.append(f"{mark} {criterion.description}  (weight {criterion.weight:g})")
        for hit in criterion.hits:
            where = f"at {hit.start}-{hit.end}, similarity {hit.similarity:.0f}%"
            if hit.negated:
                lines.append(f"    negated: “{_one_line(hit.text)}” for “{hit.keyword}” ({where}): "
                             "inside a negated clause, so it does not count")
            else:
                lines.append(f"    found: “{_one_line(hit.text)}” for “{hit.keyword}” ({where})")
        if criterion.missing and not criterion.met:
            lines.append("    missing: " + ", ".join(f"“{k}”" for k in criterion.missing))
    for penalty in result.penalties:
        lines.append(f"− misconception: “{_one_line(penalty.text)}” at {penalty.start}-{penalty.end} "
                     f"costs {penalty.penalty:.2f}")
        if penalty.explanation:
            lines.append(f"    {penalty.explanation}")
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
        data.update(criteria=body["criteria"], penalties=body["penalties"], notes=list(result.notes))
    elif isinstance(result, NumericResult):
        data.update(result.to_dict())
    else:
        data.update(score=result.score, verdict=result.verdict, **result.to_dict())
    return data
