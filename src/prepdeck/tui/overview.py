"""What the home screen shows: per-deck and per-mode counts, read from the engine.

The counts come from the session's own queue planner (``select_items`` and
``plan``), so "due" and "new" here mean exactly what a session started from
the home screen will serve; the last-7-days scores and the sitting to continue
come from the store. This module only assembles them for display.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from ..core.clock import day_end, local_date
from ..core.loader import DeckSet
from ..core.session_queue import plan, select_items
from ..core.session_types import MODES, Mode, SessionConfig

if TYPE_CHECKING:
    from ..store.sessions import LastSession
    from ..store.store import Store

RECENT_DAYS = 7


@dataclass(frozen=True)
class DeckRow:
    """One line of the deck table; ``deck_id`` None is the "all decks" line."""

    deck_id: str | None
    title: str
    items: int
    due: int
    new: int
    recent_score: float | None  # mean score over the last RECENT_DAYS days; None: no attempts


@dataclass(frozen=True)
class Overview:
    decks: tuple[DeckRow, ...]
    modes: dict[Mode, int]  # items each mode would draw from, with the current deck and tag filter
    due: int  # due today, with the current filter
    review_new: int  # new items a review session would add today (within the new-item limit)
    resume: "LastSession | None"  # the last sitting that recorded an answer, for "continue"


def tag_counts(decks: DeckSet) -> list[tuple[str, int]]:
    """Every tag of the loaded items with how many items carry it, most used first."""
    counts = Counter(tag for _, item in decks.items() for tag in item.tags)
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def _counts(candidates: list, cards: dict, config: SessionConfig, due_before: datetime) -> tuple[int, int, int]:
    # Only counted, never served: any fixed order will do.
    queue = plan(candidates, cards, due_before=due_before, new_allowance=0, config=config, rng=random.Random(0))
    return queue.matching, queue.due, queue.new_available


def overview(decks: DeckSet, store: "Store", now: datetime, *, deck_ids: tuple[str, ...] = (),
             tags: tuple[str, ...] = (), tz: tzinfo | None = None) -> Overview:
    """Counts for the home screen at ``now``, with the chosen decks and tags."""
    cards = store.cards()
    due_before = day_end(local_date(now, tz), tz)
    recent = store.recent_scores(now - timedelta(days=RECENT_DAYS))
    rows = []
    # One selection, split by deck: selecting per deck would read every item once per deck.
    everything = select_items(decks, SessionConfig(mode="review", tags=tags))
    by_deck: dict[str, list] = defaultdict(list)
    for loaded, item in everything:
        by_deck[loaded.deck.id].append((loaded, item))
    for deck_id, title in [(None, "All decks")] + [(d.deck.id, d.deck.title) for d in decks.decks]:
        config = SessionConfig(mode="review", deck_ids=(deck_id,) if deck_id else (), tags=tags)
        candidates = by_deck.get(deck_id, []) if deck_id else everything
        items, due, new = _counts(candidates, cards, config, due_before)
        tally = recent.by_deck.get(deck_id) if deck_id else recent.total
        rows.append(DeckRow(deck_id, title, items, due, new, tally.mean_score if tally else None))
    modes = {}
    for mode in MODES:
        config = SessionConfig(mode=mode, deck_ids=deck_ids, tags=tags)
        modes[mode] = _counts(select_items(decks, config), cards, config, due_before)[0]
    # The review queue itself comes from a (not yet started) session, so the new-item limit
    # is applied exactly as the session applies it; nothing is written until an answer.
    from ..core.session import Session

    review = Session(decks, store, clock=lambda: now, seed=0, tz=tz,
                     config=SessionConfig(mode="review", deck_ids=deck_ids, tags=tags)).plan
    return Overview(tuple(rows), modes, review.due, len(review.entries) - review.due, store.last_session())

