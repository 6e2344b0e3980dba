"""The rating keys of a flipped flashcard, each with when it would bring the card back (as Anki shows)."""

from __future__ import annotations

from datetime import timedelta

from textual.content import Content

from ...core.formats import short_interval
from ...core.session_types import RATING_NAMES

RATING_STYLES = {1: "$text-error", 2: "$text-warning", 3: "$text-success", 4: "$text-accent"}


def rating_bar(intervals: dict[int, timedelta]) -> Content:
    """``1 again · 1m   2 hard · 6m   3 good · 10m   4 easy · 2d``, then what enter does."""
    keys = [Content.assemble((str(rating), f"bold {RATING_STYLES[rating]}"),
                             f" {RATING_NAMES[rating]} · {short_interval(intervals[rating])}")
            for rating in sorted(intervals)]
    return Content.assemble(Content("   ").join(keys), ("   enter: good", "dim"))
