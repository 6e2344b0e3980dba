"""The candidate's attempt history as a CSV file, one row per attempt, for spreadsheets."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Iterable

from ..store.attempts import AttemptRow
from ..store.holds import Hold
from .atomic import atomic_output

COLUMNS = ("id", "answered_at", "deck", "item", "mode", "score", "verdict", "override", "hints",
           "duration_s", "seed", "criteria_met", "criteria_total", "prompt", "answer", "criteria_json")


def _row(attempt: AttemptRow) -> list[object]:
    met = sum(1 for criterion in attempt.criteria if criterion.get("met"))
    return [
        attempt.id,
        attempt.answered_at.isoformat(),
        attempt.deck_id,
        attempt.item_id,
        attempt.mode,
        "" if attempt.score is None else f"{attempt.score:.4f}",
        attempt.verdict or "",
        attempt.override or "",
        attempt.hints,
        "" if attempt.duration_ms is None else f"{attempt.duration_ms / 1000:.1f}",
        "" if attempt.seed is None else attempt.seed,
        met,
        len(attempt.criteria),
        attempt.prompt or "",
        attempt.answer,
        json.dumps(attempt.criteria, ensure_ascii=False),
    ]


def _write_rows(out: Path, header: Iterable[str], rows: Iterable[list]) -> int:
    """Write ``header`` then ``rows`` atomically; returns the number of rows."""
    count = 0
    with atomic_output(out) as temp:
        with temp.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                writer.writerow(row)
                count += 1
    return count


def write_attempts_csv(attempts: Iterable[AttemptRow], out: Path) -> int:
    """Write every attempt (oldest first) with a header row; returns the number of attempts."""
    return _write_rows(out, COLUMNS, (_row(attempt) for attempt in attempts))


HOLD_COLUMNS = ("deck", "item", "suspended_at", "buried_until")


def write_holds_csv(holds: Iterable[Hold], out: Path) -> int:
    """Write the suspended and buried cards with a header row; returns how many."""
    return _write_rows(out, HOLD_COLUMNS, (
        [hold.deck_id, hold.item_id,
         "" if hold.suspended_at is None else hold.suspended_at.isoformat(),
         "" if hold.buried_until is None else hold.buried_until.isoformat()]
        for hold in holds))
