"""Progress statistics: accuracy, weakest items, what is due, streaks and predicted recall.

Aggregation over attempts happens in SQL (one pass, grouped per item); the
per-item rows are few, so tags, orphans and forecasts are worked out in Python.
A ``Catalog`` of the currently loaded items supplies today's tags and tells
which stored items have left their decks (orphans: reported, never deleted).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from ..core.card_state import CardState
from ..core.clock import day_end, day_start, from_ms, local_date, to_ms
from .attempt_check import TALLIED_ATTEMPT_SQL
from .cards import all_cards
from .tally import TALLY_SQL, Tally, round_or_none

if TYPE_CHECKING:
    from ..core.scheduler import Scheduler

FORECAST_DAYS = 7

Key = tuple[str, str]


def parent_key(key: Key) -> Key:
    """Follow-ups are stored as ``<question id>#follow-up-<n>``; they belong to the question."""
    return key[0], key[1].split("#", 1)[0]


@dataclass(frozen=True)
class Catalog:
    """The items currently loaded: their tags by (deck id, item id), and the deck ids."""

    tags: Mapping[Key, tuple[str, ...]]
    deck_ids: frozenset[str]

    @classmethod
    def from_entries(cls, entries: Iterable[tuple[str, str, Iterable[str]]]) -> "Catalog":
        tags = {(deck_id, item_id): tuple(item_tags) for deck_id, item_id, item_tags in entries}
        return cls(tags, frozenset(deck for deck, _ in tags))


@dataclass(frozen=True)
class ItemStats:
    deck_id: str
    item_id: str
    tally: Tally
    last_attempt: datetime
    retrievability: float | None = None  # FSRS, at day granularity: 1.0 until a day has passed
    due: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"deck": self.deck_id, "item": self.item_id, **self.tally.to_dict(),
                "last_attempt": self.last_attempt.isoformat(), "retrievability": round_or_none(self.retrievability),
                "due": self.due.isoformat() if self.due else None}


@dataclass(frozen=True)
class Recall:
    """Predicted recall (FSRS retrievability) at midday on ``on``."""

    on: date
    studied: int
    mean_studied: float | None
    items: int | None  # items loaded; None without a catalog
    mean_all: float | None  # unstudied items count as 0: readiness for the whole material
    by_deck: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["on"] = self.on.isoformat()
        data["mean_studied"], data["mean_all"] = round_or_none(self.mean_studied), round_or_none(self.mean_all)
        return data


@dataclass(frozen=True)
class Orphan:
    deck_id: str
    item_id: str
    kind: str | None
    attempts: int
    last_seen: datetime

    def to_dict(self) -> dict[str, Any]:
        return {"deck": self.deck_id, "item": self.item_id, "kind": self.kind, "attempts": self.attempts,
                "last_seen": self.last_seen.isoformat()}


@dataclass(frozen=True)
class Stats:
    total: Tally
    by_deck: dict[str, Tally]
    by_tag: dict[str, Tally]
    weakest: list[ItemStats]
    due_today: int
    forecast: list[tuple[date, int]]
    streak: int
    recall: Recall | None
    orphans: list[Orphan]
    unloaded_decks: dict[str, int]

    @classmethod
    def empty(cls, today: date) -> "Stats":
        """The statistics of a database with no history (or no database yet)."""
        return cls(Tally(), {}, {}, [], 0, [(today + timedelta(days=n), 0) for n in range(FORECAST_DAYS)],
                   0, None, [], {})

    def to_dict(self) -> dict[str, Any]:
        return {
            "attempts": self.total.attempts, **{k: v for k, v in self.total.to_dict().items() if k != "attempts"},
            "by_deck": {deck: tally.to_dict() for deck, tally in self.by_deck.items()},
            "by_tag": {tag: tally.to_dict() for tag, tally in self.by_tag.items()},
            "weakest": [item.to_dict() for item in self.weakest],
            "due_today": self.due_today,
            "forecast": [{"date": day.isoformat(), "due": count} for day, count in self.forecast],
            "streak": self.streak,
            "recall": self.recall.to_dict() if self.recall else None,
            "orphans": [orphan.to_dict() for orphan in self.orphans],
            "unloaded_decks": self.unloaded_decks,
        }


_PER_ITEM = (f"SELECT deck_id, item_id, {TALLY_SQL}, max(answered_ms) FROM attempts WHERE {TALLIED_ATTEMPT_SQL} "
             "GROUP BY deck_id, item_id")


def _per_item(conn: sqlite3.Connection) -> dict[Key, tuple[Tally, int]]:
    return {(row[0], row[1]): (Tally.from_row(row[2:7]), row[7]) for row in conn.execute(_PER_ITEM)}


def _streak(conn: sqlite3.Connection, today: date, tz: tzinfo | None) -> int:
    """Consecutive days with an attempt, ending today (or yesterday, if today has none yet).

    One indexed range probe per day of the streak, rather than reading every attempt.
    """
    def active(day: date) -> bool:
        bounds = (to_ms(day_start(day, tz)), to_ms(day_end(day, tz)))
        return conn.execute("SELECT 1 FROM attempts WHERE answered_ms >= ? AND answered_ms < ? "
                            f"AND {TALLIED_ATTEMPT_SQL} LIMIT 1",
                            bounds).fetchone() is not None

    day = today if active(today) else today - timedelta(days=1)
    streak = 0
    while active(day):
        streak += 1
        day -= timedelta(days=1)
    return streak


def compute_stats(conn: sqlite3.Connection, *, now: datetime, scheduler: Scheduler, tz: tzinfo | None = None,
                  catalog: Catalog | None = None, on: date | None = None, weakest: int = 10) -> Stats:
    """Everything ``prepdeck stats`` shows, computed at ``now`` in time zone ``tz``."""
    per_item = _per_item(conn)
    registry = {(row[0], row[1]): (row[2], tuple(json.loads(row[3])), row[4])
                for row in conn.execute("SELECT deck_id, item_id, kind, tags, last_seen_ms FROM items")}
    cards = all_cards(conn)

    def status(key: Key) -> str:
        if catalog is None:
            return "known"
        if key[0] not in catalog.deck_ids:
            return "unloaded"
        return "known" if parent_key(key) in catalog.tags else "orphan"

    def tags_of(key: Key) -> tuple[str, ...]:
        if catalog is not None and parent_key(key) in catalog.tags:
            return catalog.tags[parent_key(key)]
        return registry.get(key, (None, (), 0))[1]

    total, by_deck, by_tag = Tally(), {}, {}
    for key, (tally, _) in per_item.items():
        total += tally
        by_deck[key[0]] = by_deck.get(key[0], Tally()) + tally
        for tag in tags_of(key):
            by_tag[tag] = by_tag.get(tag, Tally()) + tally

    live_cards = {key: card for key, card in cards.items() if status(key) == "known"}
    # Weakest: items the candidate can drill (follow-ups are only asked with their question).
    ranked = [ItemStats(key[0], key[1], tally, from_ms(last_ms),
                        scheduler.retrievability(live_cards[key], now) if key in live_cards else None,
                        live_cards[key].due if key in live_cards else None)
              for key, (tally, last_ms) in per_item.items()
              if tally.graded and status(key) == "known" and parent_key(key) == key]
    ranked.sort(key=lambda s: (s.tally.accuracy, s.tally.mean_score or 0.0, -s.tally.graded, s.deck_id, s.item_id))

    today = local_date(now, tz)
    bounds = [day_end(today + timedelta(days=offset), tz) for offset in range(FORECAST_DAYS)]
    forecast = [0] * FORECAST_DAYS
    for card in live_cards.values():
        for offset, end in enumerate(bounds):
            if card.due < end:
                forecast[offset] += 1
                break

    stored = set(per_item) | set(registry) | set(cards)
    orphans, unloaded = [], {}
    for key in sorted(stored):
        state = status(key)
        if state == "unloaded":
            unloaded[key[0]] = unloaded.get(key[0], 0) + 1
        elif state == "orphan":
            tally, last_ms = per_item.get(key, (Tally(), 0))
            kind, _, seen_ms = registry.get(key, (None, (), 0))
            orphans.append(Orphan(key[0], key[1], kind, tally.attempts, from_ms(max(last_ms, seen_ms))))

    return Stats(
        total=total, by_deck=dict(sorted(by_deck.items())), by_tag=dict(sorted(by_tag.items())),
        weakest=ranked[:weakest], due_today=forecast[0],
        forecast=[(today + timedelta(days=offset), count) for offset, count in enumerate(forecast)],
        streak=_streak(conn, today, tz),
        recall=None if on is None else _recall(live_cards, scheduler, on, tz, catalog),
        orphans=orphans, unloaded_decks=unloaded,
    )


def _recall(cards: dict[Key, CardState], scheduler: Scheduler, on: date, tz: tzinfo | None,
            catalog: Catalog | None) -> Recall:
    at = day_start(on, tz) + timedelta(hours=12)
    values = {key: scheduler.retrievability(card, at) for key, card in cards.items() if card.last_review}
    decks: dict[str, list[float]] = {}
    for (deck, _), value in values.items():
        decks.setdefault(deck, []).append(value)
    sizes: dict[str, int] = {}
    if catalog is not None:
        for deck, _ in catalog.tags:
            sizes[deck] = sizes.get(deck, 0) + 1
    by_deck = {}
    for deck in sorted(set(decks) | set(sizes)):
        got = decks.get(deck, [])
        by_deck[deck] = {"studied": len(got), "mean_studied": round_or_none(sum(got) / len(got)) if got else None,
                         "items": sizes.get(deck),
                         "mean_all": round_or_none(sum(got) / sizes[deck]) if sizes.get(deck) else None}
    items = len(catalog.tags) if catalog is not None else None
    return Recall(on=on, studied=len(values),
                  mean_studied=sum(values.values()) / len(values) if values else None,
                  items=items, mean_all=sum(values.values()) / items if items else None, by_deck=by_deck)

