"""How numbers and time spans are written to the candidate, in both front ends (defined once)."""

from __future__ import annotations

from datetime import timedelta


def format_number(value: float, units: str | None = None) -> str:
    """``8,000 steps``; non-integers to six significant figures."""
    text = f"{int(value):,}" if float(value).is_integer() and abs(value) < 1e15 else f"{value:.6g}"
    return f"{text} {units}" if units else text


def humanize(delta: timedelta) -> str:
    """``in 10 min``, ``in 3 days``: when an item comes back, at a glance."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "in under a minute"
    if seconds < 3600:
        return f"in {round(seconds / 60)} min"
    if seconds < 86400:
        return f"in {round(seconds / 3600)} h"
    days = round(seconds / 86400)
    return f"in {days} day{'s' if days != 1 else ''}"


def due_again_text(delta: timedelta) -> str:
    """``due again in 10 min``: how both front ends say when a card comes back (worded once, here)."""
    return f"due again {humanize(delta)}"


def short_interval(delta: timedelta) -> str:
    """``1m``, ``10m``, ``5h``, ``2d``, ``3mo``, ``1.2y``: an interval on a rating key, as Anki shows it."""
    seconds = max(0.0, delta.total_seconds())
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{round(days / 30)}mo"
    return f"{days / 365:.1f}y"


def duration_text(span: timedelta) -> str:
    """A short human duration: 45s, 3m 05s, 2h 10m."""
    seconds = int(round(span.total_seconds()))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m {seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"
