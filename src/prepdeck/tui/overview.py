"""What the home screen shows: per-deck and per-mode counts, read from the engine.

The counts come from the session's own queue planner (``select_items`` and
``plan``, with the same new-item allowance and holds a session applies), so the
number on a mode is what a session started from the home screen will serve;
the last-7-days scores and the sitting to continue come from the store. This
module only assembles them for display.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from functools import reduce
from typing import TYPE_CHECKING

from ..core.clock import day_end, local_date
from ..core.loader import DeckSet
from ..core.new_items import Allowance, allowance
from ..core.session_queue import Plan, plan, select_items
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

    def planned(config: SessionConfig, new_allowance: int, candidates: list | None = None) -> Plan:
        # Only counted, never served: any fixed order of the new items will do.
        selected = select_items(decks, config) if candidates is None else candidates
        return plan(selected, cards, due_before=due_before, new_allowance=new_allowance,
                    config=config, rng=random.Random(0), held=held, new_limit=today.limit)

    recent = store.recent_scores(now - timedelta(days=RECENT_DAYS))
    loaded = [(d.deck.id, d.deck.title) for d in decks.decks]
    # "All decks" sums the loaded decks only: answers to decks not loaded now are not theirs.
    tallies = [recent.by_deck[d] for d, _ in loaded if d in recent.by_deck]
    total = reduce(lambda a, b: a + b, tallies) if tallies else None
    rows = []
    # One selection split by deck gives each deck's candidates (select_items per deck would read every
    # item once per deck: with 100,000 items that was most of the home screen's wait).
    everything = select_items(decks, SessionConfig(mode="review", tags=tags))
    by_deck: dict[str, list] = defaultdict(list)
    for pair in everything:
        by_deck[pair[0].deck.id].append(pair)
    for deck_id, title in [(None, "All decks")] + loaded:
        config = SessionConfig(mode="review", deck_ids=(deck_id,) if deck_id else (), tags=tags)
        counted = planned(config, 0, by_deck.get(deck_id, []) if deck_id else everything)
        tally = recent.by_deck.get(deck_id) if deck_id else total
        rows.append(DeckRow(deck_id, title, counted.matching, counted.due, counted.new_available,
                            tally.mean_score if tally else None))
    plans = {mode: planned(SessionConfig(mode=mode, deck_ids=deck_ids, tags=tags), today.left) for mode in MODES}
    return Overview(tuple(rows), plans, today, store.last_session())
