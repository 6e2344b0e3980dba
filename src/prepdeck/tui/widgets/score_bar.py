"""A score as a bar with its verdict: the first thing a candidate reads after answering."""

from __future__ import annotations

from textual.content import Content

VERDICT_STYLES = {"strong": "$success", "partial": "$warning", "weak": "$error"}
BAR_WIDTH = 24


def verdict_style(verdict: str | None) -> str:
    return VERDICT_STYLES.get(verdict or "", "$foreground-muted")


def score_bar(score: float | None, verdict: str | None, width: int = BAR_WIDTH, *,
              label: str | None = None) -> Content:
    """``██████░░░░  62%  PARTIAL`` coloured by verdict; just the verdict when there is no score."""
    style = verdict_style(verdict) if verdict or label is None else "$accent"
    label = Content.styled(f" {(label or verdict or 'not graded').upper()} ", f"bold reverse {style}")
    if score is None:
        return label
    clamped = min(1.0, max(0.0, score))
    filled = round(clamped * width)
    return Content.assemble(
        ("█" * filled, style), ("░" * (width - filled), "$foreground-muted"),
        (f" {clamped:>4.0%} ", "bold"), label,
    )
