"""Progress over time as SQL aggregates: per local day, and per deck over a recent window.

The candidate's days are local (``tz``), and a day is not always 24 hours
(daylight saving), so the day boundaries are worked out in Python and handed to
one query that counts each day's attempts through the index on ``answered_ms``.
Right and wrong are counted by the same rule as ``prepdeck stats`` (``tally``).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from ..core.clock import day_start, to_ms
from .attempt_check import TALLIED_ATTEMPT_SQL
from .tally import TALLY_SQL, Tally


@dataclass(frozen=True)
class DayPoint:
    """One local day: its attempts, how many were graded and right, and their scores."""

    day: date
    tally: Tally


@dataclass(frozen=True)
class RecentScores:
    """Attempts since ``since``, per deck id and over all decks (mean score: ``tally.mean_score``)."""

    since: datetime
    by_deck: dict[str, Tally]
    total: Tally


_DAILY = f"""
    WITH days (n, lo, hi) AS (
        SELECT key, json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))
    SELECT days.n, {TALLY_SQL} FROM days
    JOIN attempts ON attempts.answered_ms >= days.lo AND attempts.answered_ms < days.hi
    WHERE {TALLIED_ATTEMPT_SQL}
    GROUP BY days.n"""


def daily(conn: sqlite3.Connection, first: date, last: date, tz: tzinfo | None = None) -> list[DayPoint]:
    """One point per local day from ``first`` to ``last`` inclusive; days without attempts are empty."""
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    if not days:
        return []
    starts = [to_ms(day_start(day, tz)) for day in [*days, last + timedelta(days=1)]]
    bounds = json.dumps([[starts[n], starts[n + 1]] for n in range(len(days))])
    tallies = {row[0]: Tally.from_row(row[1:]) for row in conn.execute(_DAILY, (bounds,))}
    return [DayPoint(day, tallies.get(n, Tally())) for n, day in enumerate(days)]


# "+deck_id": grouping must not use the per-item index (a full scan); the time index reads only the window.
_RECENT = f"SELECT deck_id, {TALLY_SQL} FROM attempts WHERE answered_ms >= ? AND {TALLIED_ATTEMPT_SQL} GROUP BY +deck_id"


def recent_scores(conn: sqlite3.Connection, since: datetime) -> RecentScores:
    """The attempts since ``since``, tallied per deck and in total."""
    by_deck = {row[0]: Tally.from_row(row[1:]) for row in sorted(conn.execute(_RECENT, (to_ms(since),)))}
    total = Tally()
    for tally in by_deck.values():
        total += tally
    return RecentScores(since, by_deck, total)
