"""Progress over time, for the stats plot and the home screen's last-7-days score.

``Store.stats`` has no time series yet, so these are built here from the stored
attempts, counting "graded" and "correct" exactly as ``store.stats`` does (an
override wins over the grader's verdict). They run in a worker thread, never
on the UI thread. They belong in the store as SQL aggregates; see the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Iterable

from ..core.clock import local_date
from ..store.attempts import AttemptRow
from ..store.stats import Tally


def attempt_tally(row: AttemptRow) -> Tally:
    """One attempt as a ``Tally``, with store.stats' rules for graded and correct."""
    graded = row.verdict is not None or row.override is not None
    if row.override is not None:
        correct = row.override == "right"
    else:
        correct = row.verdict == "strong"
    scored = row.score is not None
    return Tally(1, int(graded), int(graded and correct), row.score if scored else 0.0, int(scored))


@dataclass(frozen=True)
class DayPoint:
    day: date
    tally: Tally


def daily(rows: Iterable[AttemptRow], *, today: date, days: int, tz: tzinfo | None = None) -> list[DayPoint]:
    """One point per local day for the last ``days`` days up to ``today`` (empty days included)."""
    first = today - timedelta(days=days - 1)
    tallies = {first + timedelta(days=n): Tally() for n in range(days)}
    for row in rows:
        day = local_date(row.answered_at, tz)
        if day in tallies:
            tallies[day] = tallies[day] + attempt_tally(row)
    return [DayPoint(day, tally) for day, tally in tallies.items()]


def recent_scores(rows: Iterable[AttemptRow], since: datetime) -> tuple[dict[str, float], float | None]:
    """Mean score per deck of the attempts since ``since``, and over all decks."""
    per_deck: dict[str, Tally] = {}
    total = Tally()
    for row in rows:
        if row.answered_at >= since:
            tally = attempt_tally(row)
            per_deck[row.deck_id] = per_deck.get(row.deck_id, Tally()) + tally
            total = total + tally
    means = {deck: tally.mean_score for deck, tally in per_deck.items() if tally.mean_score is not None}
    return means, total.mean_score
