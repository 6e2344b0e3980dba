"""Which items a session serves, and in what order.

Order: items due (most overdue first), then new items up to what is left of
today's new-item limit, then (outside review mode) items studied before but not
yet due, soonest first, so a drill of a chosen deck never comes up empty just
because everything is scheduled for later.

New items are interleaved across decks and kinds (a concept, a question, a
choice, ...) in an order drawn from the session's seed, so a session does not
open with every concept of the first deck; within one deck and kind they keep
the author's order, which often builds up from the basics.
"""

from __future__ import annotations

import random
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import datetime

from ..errors import UsageError
from .card_state import CardState
from .loader import DeckSet, LoadedDeck
from .model import AnyItem, FollowUp, Question
from .session_types import SessionConfig

MODE_KINDS: dict[str, frozenset[str]] = {
    "quiz": frozenset({"question", "concept", "choice"}),
    "flash": frozenset({"concept"}),
    "calc": frozenset({"calculation"}),
    "trainer": frozenset({"generated"}),
    "review": frozenset({"question", "concept", "choice", "calculation", "generated"}),
    "interview": frozenset({"question"}),
}


@dataclass(frozen=True)
class Entry:
    """One queued card: an item, or a follow-up of a question."""

    loaded: LoadedDeck
    item: AnyItem
    is_new: bool
    follow_up: FollowUp | None = None  # set for follow-ups
    follow_index: int = 0  # 1-based position among the parent's follow-ups; 0 for top-level cards
    parent: Question | None = None
    ref: bool = False  # a follow-up answered by the item it points at (``item``)

    @property
    def own_follow_up(self) -> bool:
        """A follow-up graded on its own (its ``item`` is the parent question)."""
        return self.follow_up is not None and not self.ref

    @property
    def item_id(self) -> str:
        """The id progress is kept under."""
        if self.own_follow_up:
            return f"{self.item.id}#follow-up-{self.follow_index}"
        return self.item.id


@dataclass(frozen=True)
class Plan:
    """The queue, and the numbers behind it (to explain an empty queue)."""

    entries: list[Entry]
    matching: int  # items matching mode, decks and tags
    due: int
    new_available: int  # never-studied matching items
    new_allowance: int  # what is left of today's new-item limit


def select_items(decks: DeckSet, config: SessionConfig) -> list[tuple[LoadedDeck, AnyItem]]:
    """The items matching the mode's kinds, the deck ids and the tags, in deck order."""
    known = {loaded.deck.id for loaded in decks.decks}
    unknown = [deck_id for deck_id in config.deck_ids if deck_id not in known]
    if unknown:
        listing = ", ".join(sorted(known)) or "none"
        raise UsageError(f"unknown deck id {unknown[0]!r} (loaded decks: {listing})")
    kinds = MODE_KINDS[config.mode]
    return [
        (loaded, item) for loaded, item in decks.items()
        if item.kind in kinds
        and (not config.deck_ids or loaded.deck.id in config.deck_ids)
        and (not config.tags or set(config.tags) & set(item.tags))
    ]


def interleave(entries: list[Entry], rng: random.Random, limit: int | None = None) -> list[Entry]:
    """``entries`` mixed across (deck, kind) groups: round after round, one entry from
    each group still holding some, the groups in an order shuffled by ``rng`` each round.

    Within a group the order is kept, and two neighbours share a group only once
    every other group has run out. With ``limit``, only the first ``limit`` entries are
    made (the same ones, since the rounds run in order): a day's few new items out of
    100,000 cost a few rounds, not 100,000.
    """
    groups: dict[tuple[str, str], deque[Entry]] = defaultdict(deque)
    for entry in entries:
        groups[(entry.loaded.deck.id, entry.item.kind)].append(entry)
    mixed: list[Entry] = []
    last = None
    while groups and (limit is None or len(mixed) < limit):
        keys = list(groups)  # insertion (deck) order, so the shuffle alone decides
        rng.shuffle(keys)
        if len(keys) > 1 and keys[0] == last:
            keys[0], keys[1] = keys[1], keys[0]  # the previous round ended with this group
        last = keys[-1]
        for key in keys:
            mixed.append(groups[key].popleft())
            if not groups[key]:
                del groups[key]
    return mixed if limit is None else mixed[:limit]


def plan(candidates: list[tuple[LoadedDeck, AnyItem]], cards: dict[tuple[str, str], CardState],
         *, due_before: datetime, new_allowance: int, config: SessionConfig, rng: random.Random) -> Plan:
    """Order the candidates into a queue of at most ``config.limit`` entries (``rng`` mixes the new ones)."""
    due, new, ahead = [], [], []
    for loaded, item in candidates:
        card = cards.get((loaded.deck.id, item.id))
        if card is None:
            new.append(Entry(loaded, item, is_new=True))
        elif card.due <= due_before:
            due.append((card.due, Entry(loaded, item, is_new=False)))
        else:
            ahead.append((card.due, Entry(loaded, item, is_new=False)))
    allowance = max(0, new_allowance)
    # sorted() is stable, so ties keep deck order and the queue is deterministic.
    entries = [entry for _, entry in sorted(due, key=lambda pair: pair[0])] + interleave(new, rng, allowance)
    if config.mode != "review":
        entries += [entry for _, entry in sorted(ahead, key=lambda pair: pair[0])]
    limit = config.limit
    entries = separate_topics(entries)
    return Plan(entries if limit is None else entries[:limit], len(candidates), len(due), len(new), allowance)


def plan_counts(candidates: list[tuple[LoadedDeck, AnyItem]], cards: dict[tuple[str, str], CardState],
                *, due_before: datetime) -> tuple[int, int, int]:
    """``plan``'s ``(matching, due, new_available)`` for these candidates, without building a queue.

    For screens that only show the numbers: one pass, no entries, no shuffling.
    """
    due = new = 0
    for loaded, item in candidates:
        card = cards.get((loaded.deck.id, item.id))
        if card is None:
            new += 1
        elif card.due <= due_before:
            due += 1
    return len(candidates), due, new


def separate_topics(entries: list[Entry]) -> list[Entry]:
    """``entries`` with no two neighbours teaching the same topic (``teaches``), as far as one pass can.

    An entry that would follow one with its topic swaps places with the nearest later entry that
    teaches something else, so near-duplicates from different decks are never served back to back
    and the order otherwise stays as planned.
    """
    ordered = list(entries)

    def topic(position: int) -> str | None:
        return ordered[position].item.teaches if 0 <= position < len(ordered) else None

    for index in range(1, len(ordered)):
        current = topic(index)
        if current is None or current != topic(index - 1):
            continue
        later = next((j for j in range(index + 1, len(ordered)) if topic(j) != current), None)
        if later is not None:
            ordered.insert(index, ordered.pop(later))
            continue
        # Nothing later teaches anything else: slot this entry into the latest earlier gap
        # whose neighbours both teach something else.
        gap = next((g for g in range(index - 1, 0, -1) if current not in (topic(g - 1), topic(g))), None)
        if gap is None and topic(0) != current:
            gap = 0
        if gap is not None:
            ordered.insert(gap, ordered.pop(index))
    return ordered


def follow_up_entries(decks: DeckSet, loaded: LoadedDeck, question: Question,
                      cards: dict[tuple[str, str], CardState]) -> list[Entry]:
    """The question's follow-ups, in order, to be served right after it.

    A follow-up that only points at another item (``ref``) serves that item; one
    with its own model answer or rubric is graded on its own; a bare prompt is
    asked and recorded without a grade.
    """
    entries = []
    for index, follow_up in enumerate(question.follow_ups, 1):
        if follow_up.ref and not (follow_up.model_answer or follow_up.rubric):
            try:
                ref_loaded, ref_item = decks.find(follow_up.ref)
            except KeyError:
                pass
            else:
                is_new = (ref_loaded.deck.id, ref_item.id) not in cards
                entries.append(Entry(ref_loaded, ref_item, is_new, follow_up=follow_up, follow_index=index,
                                     parent=question, ref=True))
                continue
        entries.append(Entry(loaded, question, False, follow_up=follow_up, follow_index=index, parent=question))
    return entries
