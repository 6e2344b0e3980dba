"""Loss curves as text, for ``quiz --plain``: one sparkline row per run and series.

The TUI plots a trainer question's runs; a piped session shows the same curves
as rows of block characters on one shared scale, with the first and last loss,
and marks the epoch where a run diverged with an arrow.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from ..core.generate.question import GeneratedQuestion

BARS = "▁▂▃▄▅▆▇█"
SERIES = (("train_loss", "train"), ("val_loss", "val"))


def _scale(question: GeneratedQuestion) -> tuple[float, float]:
    """The lowest and highest loss shown, leaving out the blow-up epoch of diverged runs."""
    values = []
    for label, series in (question.curves or {}).items():
        blow_up = question.diverged.get(label)
        for name, _ in SERIES:
            values += [v for epoch, v in enumerate(series.get(name) or [], 1)
                       if v is not None and epoch != blow_up]
    if not values:
        return 0.0, 1.0
    return min(values), max(values)


def sparkline(values: Sequence[float | None], low: float, high: float, blow_up: int | None = None) -> str:
    """One character per epoch: a bar on the shared scale, ↑ where the run diverged, blank after."""
    span = high - low or 1.0
    chars = []
    for epoch, value in enumerate(values, 1):
        if epoch == blow_up:
            chars.append("↑")
        elif value is None:
            chars.append(" ")
        else:
            level = (min(max(value, low), high) - low) / span
            chars.append(BARS[round(level * (len(BARS) - 1))])
    return "".join(chars).rstrip()


def _ends(values: Sequence[float | None], blow_up: int | None) -> str:
    shown = [v for epoch, v in enumerate(values, 1) if v is not None and epoch != blow_up]
    parts = [f"{shown[0]:.3f} → {shown[-1]:.3f}" if len(shown) > 1 else f"{shown[0]:.3f}"] if shown else []
    if blow_up:
        parts.append(f"diverged in epoch {blow_up}")
    return ", ".join(parts)


def curve_lines(question: GeneratedQuestion, series: Mapping[str, str] | None = None) -> list[str]:
    """The question's runs as text rows (empty when it has no curves)."""
    curves = question.curves or {}
    if not curves:
        return []
    low, high = _scale(question)
    width = max(len(label) for label in curves)
    lines = [f"loss per epoch (▁ {low:.3f} … █ {high:.3f}; ↑ diverged):"]
    for label, runs in curves.items():
        blow_up = question.diverged.get(label)
        for name, short in SERIES:
            values = runs.get(name) or []
            if not any(v is not None for v in values):
                continue
            line = f"  {label:<{width}}  {short:<5} {sparkline(values, low, high, blow_up)}"
            lines.append(f"{line}  {_ends(values, blow_up)}".rstrip())
    return lines
