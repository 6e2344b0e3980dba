"""What the home screen shows: per-deck and per-mode counts, read from the engine.

The counts come from the session's own queue planner (``select_items`` and
``plan``), so "due" and "new" here mean exactly what a session started from
the home screen will serve; the last-7-days scores and the sitting to continue
come from the store. This module only assembles them for display.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from ..core.clock import day_end, day_start, local_date
from ..core.loader import DeckSet
from ..core.session_queue import MODE_KINDS, plan_counts, select_items
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
        candidates = by_deck.get(deck_id, []) if deck_id else everything
        items, due, new = plan_counts(candidates, cards, due_before=due_before)
        tally = recent.by_deck.get(deck_id) if deck_id else recent.total
        rows.append(DeckRow(deck_id, title, items, due, new, tally.mean_score if tally else None))
    # What each mode would draw from: select_items' filter, counted by kind in one pass.
    chosen = set(deck_ids)
    kinds: Counter[str] = Counter(item.kind for loaded, item in decks.items()
                    if (not chosen or loaded.deck.id in chosen) and (not tags or set(tags) & set(item.tags)))
    modes = {mode: sum(kinds[kind] for kind in MODE_KINDS[mode]) for mode in MODES}
    # The review queue's size, as a session started now would plan it (``Session`` and ``plan``:
    # the due items, then new ones up to today's allowance, within the count limit), counted
    # without building the queue: with 100,000 new items that took most of a second.
    config = SessionConfig(mode="review", deck_ids=deck_ids, tags=tags)
    damaged = store.damaged_cards()
    selected = everything if not deck_ids else select_items(decks, config)  # the same filter, when no deck is chosen
    candidates = [(loaded, item) for loaded, item in selected if (loaded.deck.id, item.id) not in damaged]
    _, due, new = plan_counts(candidates, cards, due_before=due_before)
    allowance = max(0, config.new_per_day - store.new_cards_since(day_start(local_date(now, tz), tz)))
    queued = due + min(new, allowance)
    if config.limit is not None:
        queued = min(queued, config.limit)
    return Overview(tuple(rows), modes, due, queued - due, store.last_session())

