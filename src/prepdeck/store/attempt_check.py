"""Which attempt rows can be read: the one rule, in SQL (to filter aggregates) and in Python (to name a row).

A row holding values prepdeck never writes (an answer time of 2^62 ms, a negative
duration, a score of 7, an unknown verdict, criteria that are not JSON) is named
once by ``damaged_attempts`` and never repaired: the file stays as it is. Each
reader leaves out the rows whose columns it reads are out of range: the tallies
(stats, the daily plot, recent scores) check the columns they count, and the
readers of whole rows (``attempts``, export) check every column.
"""

from __future__ import annotations

import json
import math
import sqlite3
from typing import Any

from .cards import MAX_MS

VERDICTS = ("strong", "partial", "weak")
OVERRIDES = ("right", "wrong")
MAX_DURATION_MS = 366 * 24 * 3600 * 1000  # an answer open for over a year was not timed by prepdeck
MAX_HINTS = 1000


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"({column} IS NULL OR {column} IN ({', '.join(repr(v) for v in values)}))"


_TALLIED = (
    f"(typeof(answered_ms) = 'integer' AND answered_ms BETWEEN 0 AND {MAX_MS})",
    "(score IS NULL OR (typeof(score) IN ('integer', 'real') AND score BETWEEN 0 AND 1))",
    _one_of("verdict", VERDICTS),
    _one_of("override", OVERRIDES),
)
_REST = (
    f"(duration_ms IS NULL OR (typeof(duration_ms) = 'integer' AND duration_ms BETWEEN 0 AND {MAX_DURATION_MS}))",
    f"(typeof(hints) = 'integer' AND hints BETWEEN 0 AND {MAX_HINTS})",
    # CASE, not AND: SQLite may evaluate json_type first, and it raises on malformed JSON.
    "CASE WHEN json_valid(criteria) THEN json_type(criteria) = 'array' ELSE 0 END",
    "CASE WHEN json_valid(details) THEN json_type(details) = 'object' ELSE 0 END",
)


def _all_of(conditions: tuple[str, ...]) -> str:
    return f"coalesce({' AND '.join(conditions)}, 0)"


TALLIED_ATTEMPT_SQL = _all_of(_TALLIED)
"""True when the columns a tally reads (time, score, verdict, override) are in range. Aggregates filter
with this alone: every one of those columns is in the covering indexes, so the answers are never read."""

VALID_ATTEMPT_SQL = _all_of(_TALLIED + _REST)
"""True for an attempt row whole readers (export, undo history) can use: every column in range."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _json_of(text: Any, kind: type) -> bool:
    try:
        return isinstance(json.loads(text), kind)
    except (TypeError, ValueError, RecursionError):
        return False


def attempt_problems(answered_ms: Any, score: Any, verdict: Any, override: Any, duration_ms: Any, hints: Any,
                     criteria: Any, details: Any) -> list[str]:
    """What is wrong with an attempt row's values, by the same rule as ``VALID_ATTEMPT_SQL`` (empty: none)."""
    problems = []
    if not (_is_int(answered_ms) and 0 <= answered_ms <= MAX_MS):
        problems.append(f"answer time {answered_ms!r} ms is out of range")
    if score is not None and not (isinstance(score, (int, float)) and math.isfinite(score) and 0 <= score <= 1):
        problems.append(f"score {score!r} is not between 0 and 1")
    if verdict is not None and verdict not in VERDICTS:
        problems.append(f"verdict {verdict!r} is not strong, partial or weak")
    if override is not None and override not in OVERRIDES:
        problems.append(f"override {override!r} is not right or wrong")
    if duration_ms is not None and not (_is_int(duration_ms) and 0 <= duration_ms <= MAX_DURATION_MS):
        problems.append(f"duration {duration_ms!r} ms is out of range")
    if not (_is_int(hints) and 0 <= hints <= MAX_HINTS):
        problems.append(f"hints {hints!r} is out of range")
    if not _json_of(criteria, list):
        problems.append("criteria are not a JSON list")
    if not _json_of(details, dict):
        problems.append("details are not a JSON object")
    return problems


def damaged_attempts(conn: sqlite3.Connection) -> list[str]:
    """Each attempt row that ``VALID_ATTEMPT_SQL`` leaves out, named with what is wrong with it."""
    rows = conn.execute("SELECT id, deck_id, item_id, answered_ms, score, verdict, override, duration_ms, hints, "
                        f"criteria, details FROM attempts WHERE NOT ({VALID_ATTEMPT_SQL}) ORDER BY id")
    named = []
    for row in rows:
        problems = attempt_problems(*row[3:]) or ["a value prepdeck never writes"]
        named.append(f"attempts row {row[0]} ({row[1]} / {row[2]}): {'; '.join(problems)}")
    return named
