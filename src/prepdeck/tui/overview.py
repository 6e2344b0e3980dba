"""What the home screen shows: per-deck and per-mode counts, read from the engine.

The counts come from the session's own queue planner (``select_for_modes`` and
``plan_modes``, which make ``plan``'s queues for every mode at once, with the
same new-item allowance and holds a session applies; ``count_by_deck`` counts
by the planner's rule), so the number on a mode is what a session started from
the home screen will serve;
the last-7-days scores and the sitting to continue come from the store. This
module only assembles them for display.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from functools import reduce
from typing import TYPE_CHECKING

from ..core.clock import day_end, local_date
from ..core.loader import DeckSet
from ..core.new_items import Allowance, allowance
from ..core.session_queue import Counts, Plan, count_by_deck, plan_modes, select_for_modes
from ..core.session_types import MODES, Mode

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
    plans: dict[Mode, Plan]  # what each mode would serve, with the current deck and tag filter
    allowance: Allowance  # today's new-item limit and how much of it is used
    resume: "LastSession | None"  # the last sitting that recorded an answer, for "continue"

    @property
    def modes(self) -> dict[Mode, int]:
        """Items each mode draws from (matching mode, decks and tags)."""
        return {mode: queue.matching for mode, queue in self.plans.items()}

    @property
    def due(self) -> int:
        return self.plans["review"].due


def tag_counts(decks: DeckSet) -> list[tuple[str, int]]:
    """Every tag of the loaded items with how many items carry it, most used first."""
    counts = Counter(tag for _, item in decks.items() for tag in item.tags)
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def overview(decks: DeckSet, store: "Store", now: datetime, *, deck_ids: tuple[str, ...] = (),
             tags: tuple[str, ...] = (), tz: tzinfo | None = None) -> Overview:
    """Counts for the home screen at ``now``, with the chosen decks and tags."""
    cards = store.cards()
    held = store.held(now)
    due_before = day_end(local_date(now, tz), tz)
    today = allowance(store, local_date(now, tz), tz)

    recent = store.recent_scores(now - timedelta(days=RECENT_DAYS))
    loaded = [(d.deck.id, d.deck.title) for d in decks.decks]
    # "All decks" sums the loaded decks only: answers to decks not loaded now are not theirs.
    tallies = [recent.by_deck[d] for d, _ in loaded if d in recent.by_deck]
    total = reduce(lambda a, b: a + b, tallies) if tallies else None
    rows = []
    # Deck rows need only counts: one selection, and each item sorted by the planner's rule in one
    # pass (a plan per deck would interleave every deck's new items once more just to count them).
    selected = select_for_modes(decks, MODES, tags=tags)
    counts = count_by_deck(selected["review"], cards, due_before=due_before, held=held)
    for deck_id, title in [(None, "All decks")] + loaded:
        counted = counts.get(deck_id, Counts()) if deck_id else sum(counts.values(), Counts())
        tally = recent.by_deck.get(deck_id) if deck_id else total
        rows.append(DeckRow(deck_id, title, counted.matching, counted.due, counted.new,
                            tally.mean_score if tally else None))
    # Only counted, never served: any fixed order of the new items will do (seed 0).
    if deck_ids:
        selected = select_for_modes(decks, MODES, deck_ids=deck_ids, tags=tags)
    plans = plan_modes(selected, cards, deck_ids=deck_ids, tags=tags, due_before=due_before,
                       new_allowance=today.left, seed=0, held=held, new_limit=today.limit)
    return Overview(tuple(rows), plans, today, store.last_session())
