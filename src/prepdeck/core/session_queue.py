"""Which items a session serves, and in what order.

Order: items due (most overdue first), then new items up to what is left of
today's new-item limit (practice items, drawn with fresh numbers each time, are
not held back by it), then (outside review mode) items studied before but not
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
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable

from ..errors import UsageError
from .card_state import CardState
from .loader import DeckSet, LoadedDeck
from .model import AnyItem, FollowUp, Question
from .session_types import PRACTICE_KINDS, Mode, SessionConfig

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
    returns: int = 0  # how often it came back in this session after an Again

    @property
    def returning(self) -> bool:
        """Rated again earlier in the session: back for another go."""
        return self.returns > 0

    due_today: bool = False  # studied before and due today (set by the planner)

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
    """The queue, and the numbers behind it (to say what is served and why, or why nothing is)."""

    entries: list[Entry]
    matching: int  # items matching mode, decks and tags
    due: int
    new_available: int  # never-studied matching items
    new_allowance: int  # what is left of today's new-item limit
    held: int = 0  # matching items buried or suspended
    new_limit: int | None = None  # today's new-item limit, when known
    new_candidates: tuple[Entry, ...] = field(default=(), repr=False)  # every never-studied match, in order
    same_topic: int = 0  # entries left out because an earlier one teaches the same topic (``teaches``)

    @property
    def served_due(self) -> int:
        return sum(1 for entry in self.entries if not entry.is_new and entry.due_today)

    @property
    def served_new(self) -> int:
        """New items the queue serves under the daily limit."""
        return sum(1 for entry in self.entries if entry.is_new and entry.item.kind not in PRACTICE_KINDS)

    @property
    def served_practice(self) -> int:
        """New practice items (fresh numbers each draw), served whatever the limit."""
        return sum(1 for entry in self.entries if entry.is_new and entry.item.kind in PRACTICE_KINDS)

    @property
    def served_ahead(self) -> int:
        """Items studied before and not yet due, served ahead of time to fill a drill."""
        return sum(1 for entry in self.entries if not entry.is_new and not entry.due_today)

    @property
    def held_back(self) -> int:
        """Never-studied items the daily limit keeps out of the queue."""
        memory_new = sum(1 for entry in self.new_candidates if entry.item.kind not in PRACTICE_KINDS)
        return max(0, memory_new - self.new_allowance)



def describe(plan: Plan) -> str:
    """What the queue serves and why, in a line: "10 cards: 2 due · 5 new of today's 20 (13 left) ·
    3 practice (fresh numbers, outside the new-item limit)"."""
    parts = []
    if plan.served_due:
        parts.append(f"{plan.served_due} due")
    if plan.served_new or plan.held_back:
        left = "" if plan.new_limit is None else (
            f" of today's {plan.new_limit} ({plan.new_allowance - plan.served_new} left)")
        parts.append(f"{plan.served_new} new{left}")
    if plan.served_practice:
        parts.append(f"{plan.served_practice} practice (fresh numbers, outside the new-item limit)")
    if plan.served_ahead:
        parts.append(f"{plan.served_ahead} ahead of schedule")
    if plan.held:
        parts.append(f"{plan.held} buried or suspended")
    if plan.same_topic:
        parts.append(f"{plan.same_topic} left out as repeats of a topic")
    count = len(plan.entries)
    return f"{count} card{'s' if count != 1 else ''}" + (": " + " · ".join(parts) if parts else "")


def select_items(decks: DeckSet, config: SessionConfig) -> list[tuple[LoadedDeck, AnyItem]]:
    """The items matching the mode's kinds, the deck ids and the tags, in deck order."""
    return select_for_modes(decks, (config.mode,), deck_ids=config.deck_ids, tags=config.tags)[config.mode]


def select_for_modes(decks: DeckSet, modes: Iterable[Mode], *, deck_ids: tuple[str, ...] = (),
                     tags: tuple[str, ...] = ()) -> dict[Mode, list[tuple[LoadedDeck, AnyItem]]]:
    """``select_items`` for each of ``modes`` with the same decks and tags, reading the items once."""
    known = {loaded.deck.id for loaded in decks.decks}
    unknown = [deck_id for deck_id in deck_ids if deck_id not in known]
    if unknown:
        listing = ", ".join(sorted(known)) or "none"
        raise UsageError(f"unknown deck id {unknown[0]!r} (loaded decks: {listing})")
    modes = tuple(modes)
    kinds = frozenset().union(*(MODE_KINDS[mode] for mode in modes))
    wanted_tags = set(tags)
    matching = [
        (loaded, item) for loaded, item in decks.items()
        if item.kind in kinds
        and (not deck_ids or loaded.deck.id in deck_ids)
        and (not wanted_tags or not wanted_tags.isdisjoint(item.tags))
    ]
    if len(modes) == 1:
        return {modes[0]: matching}
    return {mode: [pair for pair in matching if pair[1].kind in MODE_KINDS[mode]] for mode in modes}


def interleave(entries: list[Entry], rng: random.Random) -> list[Entry]:
    """``entries`` mixed across (deck, kind) groups: round after round, one entry from
    each group still holding some, the groups in an order shuffled by ``rng`` each round.

    Within a group the order is kept, and two neighbours share a group only once
    every other group has run out.
    """
    groups: dict[tuple[str, str], deque[Entry]] = defaultdict(deque)
    for entry in entries:
        groups[(entry.loaded.deck.id, entry.item.kind)].append(entry)
    mixed: list[Entry] = []
    last = None
    while groups:
        keys = list(groups)  # insertion (deck) order, so the shuffle alone decides
        rng.shuffle(keys)
        if len(keys) > 1 and keys[0] == last:
            keys[0], keys[1] = keys[1], keys[0]  # the previous round ended with this group
        last = keys[-1]
        for key in keys:
            mixed.append(groups[key].popleft())
            if not groups[key]:
                del groups[key]
    return mixed


def _within_allowance(new: list[Entry], allowance: int) -> list[Entry]:
    """The new entries the limit lets through, in order: practice items always, others while it lasts."""
    kept = []
    for entry in new:
        if entry.item.kind in PRACTICE_KINDS:
            kept.append(entry)
        elif allowance > 0:
            kept.append(entry)
            allowance -= 1
    return kept


@dataclass(frozen=True)
class SortedCandidates:
    """Candidates sorted for a queue: what no mode, limit or allowance changes (``plan_from`` does the rest)."""

    matching: int  # every candidate, held ones included
    due: list[Entry]  # studied and due, most overdue first
    new: list[Entry]  # never studied, interleaved across decks and kinds
    ahead: list[Entry]  # studied and not yet due, soonest first
    held: int  # buried or suspended: left out


def sort_candidates(candidates: list[tuple[LoadedDeck, AnyItem]], cards: dict[tuple[str, str], CardState],
                    *, due_before: datetime, rng: random.Random,
                    held: frozenset[tuple[str, str]] = frozenset()) -> SortedCandidates:
    """Split the candidates into due, new and ahead (``rng`` mixes the new ones); held items are left out."""
    due, new, ahead = [], [], []
    held_count = 0
    for loaded, item in candidates:
        key = (loaded.deck.id, item.id)
        place = _place(key, cards, due_before, held)
        if place == "held":
            held_count += 1
        elif place == "new":
            new.append(Entry(loaded, item, is_new=True))
        elif place == "due":
            due.append((cards[key].due, Entry(loaded, item, is_new=False, due_today=True)))
        else:
            ahead.append((cards[key].due, Entry(loaded, item, is_new=False)))
    # sorted() is stable, so ties keep deck order and the queue is deterministic.
    return SortedCandidates(len(candidates), [entry for _, entry in sorted(due, key=lambda pair: pair[0])],
                  interleave(new, rng), [entry for _, entry in sorted(ahead, key=lambda pair: pair[0])], held_count)


@dataclass(frozen=True)
class Counts:
    """How many candidates match, and of those how many are due and never studied (as ``Plan`` counts them)."""

    matching: int = 0
    due: int = 0
    new: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.matching + other.matching, self.due + other.due, self.new + other.new)


def count_by_deck(candidates: list[tuple[LoadedDeck, AnyItem]], cards: dict[tuple[str, str], CardState],
                  *, due_before: datetime, held: frozenset[tuple[str, str]] = frozenset()) -> dict[str, Counts]:
    """``Plan``'s matching, due and new counts for each deck's candidates, without ordering a queue."""
    tallies: dict[str, list[int]] = {}
    for loaded, item in candidates:
        deck_id = loaded.deck.id
        tally = tallies.get(deck_id)
        if tally is None:
            tally = tallies[deck_id] = [0, 0, 0]
        tally[0] += 1
        place = _place((deck_id, item.id), cards, due_before, held)
        if place == "due":
            tally[1] += 1
        elif place == "new":
            tally[2] += 1
    return {deck_id: Counts(*tally) for deck_id, tally in tallies.items()}


def _place(key: tuple[str, str], cards: dict[tuple[str, str], CardState], due_before: datetime,
               held: frozenset[tuple[str, str]]) -> str:
    """Where the planner puts a candidate: "held", "new", "due" or "ahead" (the one rule for both)."""
    if key in held:
        return "held"
    card = cards.get(key)
    if card is None:
        return "new"
    return "due" if card.due <= due_before else "ahead"


def plan_from(candidates: SortedCandidates, *, new_allowance: int, config: SessionConfig,
              new_limit: int | None = None) -> Plan:
    """The queue of at most ``config.limit`` entries that ``plan`` makes from the sorted candidates."""
    allowance = max(0, new_allowance)
    due_entries = candidates.due
    ahead_entries = candidates.ahead if config.mode != "review" else []
    mixed = candidates.new
    # One card per topic, before the limit is applied, so how many are served does not depend on
    # which of two same-topic items the shuffle put first.
    kept, repeats = one_per_topic(due_entries + mixed + ahead_entries)
    kept_ids = {id(entry) for entry in kept}
    mixed = [entry for entry in mixed if id(entry) in kept_ids]
    entries = ([entry for entry in due_entries if id(entry) in kept_ids] + _within_allowance(mixed, allowance)
               + [entry for entry in ahead_entries if id(entry) in kept_ids])
    limit = config.limit
    # Within what is left, neighbours of the same topic are kept apart (a relearned card aside).
    entries = separate_topics(entries)
    return Plan(entries if limit is None else entries[:limit], candidates.matching, len(candidates.due),
                len(candidates.new), allowance, held=candidates.held, new_limit=new_limit,
                new_candidates=tuple(mixed), same_topic=repeats)


def plan(candidates: list[tuple[LoadedDeck, AnyItem]], cards: dict[tuple[str, str], CardState],
         *, due_before: datetime, new_allowance: int, config: SessionConfig, rng: random.Random,
         held: frozenset[tuple[str, str]] = frozenset(), new_limit: int | None = None) -> Plan:
    """Order the candidates into a queue of at most ``config.limit`` entries (``rng`` mixes the new ones).

    Items in ``held`` (buried or suspended) are left out.
    """
    return plan_from(sort_candidates(candidates, cards, due_before=due_before, rng=rng, held=held),
                     new_allowance=new_allowance, config=config, new_limit=new_limit)


def plan_modes(selected: dict[Mode, list[tuple[LoadedDeck, AnyItem]]], cards: dict[tuple[str, str], CardState],
               *, due_before: datetime, new_allowance: int, seed: int,
               held: frozenset[tuple[str, str]] = frozenset(), new_limit: int | None = None,
               deck_ids: tuple[str, ...] = (), tags: tuple[str, ...] = ()) -> dict[Mode, Plan]:
    """What ``plan`` with ``random.Random(seed)`` makes for each mode's candidates (``select_for_modes``
    with ``deck_ids`` and ``tags``), sharing the work between modes.

    Modes whose candidates are the same list (say quiz, review and interview over decks of questions
    only) share one sorting, the costly part on large decks, and one queue when their limits agree.
    """
    sorted_by_kinds: dict[frozenset[str], SortedCandidates] = {}
    queues: dict[tuple[frozenset[str], bool, int | None], Plan] = {}
    plans = {}
    for mode, candidates in selected.items():
        # A mode's candidates are every selected item of the kinds it finds, so two modes finding the
        # same kinds have the same candidates in the same order.
        kinds = frozenset({item.kind for _, item in candidates})
        if kinds not in sorted_by_kinds:
            sorted_by_kinds[kinds] = sort_candidates(candidates, cards, due_before=due_before,
                                                     rng=random.Random(seed), held=held)
        config = SessionConfig(mode=mode, deck_ids=deck_ids, tags=tags)
        # plan_from reads the mode only to leave out items ahead of schedule in review mode.
        same_queue = (kinds, mode == "review", config.limit)
        if same_queue not in queues:
            queues[same_queue] = plan_from(sorted_by_kinds[kinds], new_allowance=new_allowance, config=config,
                                           new_limit=new_limit)
        plans[mode] = queues[same_queue]
    return plans


def topic_of(entry: Entry) -> tuple[str, ...]:
    """What an entry teaches: its ``teaches`` key, or else the item itself."""
    teaches = getattr(entry.item, "teaches", None)
    return ("topic", teaches) if teaches else ("item", entry.loaded.deck.id, entry.item.id)


def one_per_topic(entries: list[Entry]) -> tuple[list[Entry], int]:
    """``entries`` with only the first of each topic (near-duplicates across decks count as one),
    and how many were left out."""
    seen: set[tuple[str, ...]] = set()
    kept = []
    for entry in entries:
        topic = topic_of(entry)
        if topic not in seen:
            seen.add(topic)
            kept.append(entry)
    return kept, len(entries) - len(kept)


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


def entry_to_dict(entry: Entry) -> dict[str, object]:
    """A queued entry as plain values, to keep an unfinished session's queue in the store."""
    return {"deck": entry.loaded.deck.id, "item": entry.item.id, "follow": entry.follow_index, "ref": entry.ref,
            "parent": entry.parent.id if entry.parent is not None else None, "returns": entry.returns}


def entry_from_dict(decks: DeckSet, data: object, cards: dict[tuple[str, str], CardState]) -> Entry | None:
    """The entry ``entry_to_dict`` wrote, from today's decks; None when its item (or follow-up) is gone."""
    if not isinstance(data, dict) or not isinstance(data.get("item"), str):
        return None
    try:
        loaded, item = decks.find(data["item"])
        follow = int(data.get("follow") or 0)
        is_new = (loaded.deck.id, item.id) not in cards
        if not follow:
            returns = data.get("returns")
            return Entry(loaded, item, is_new, returns=returns if isinstance(returns, int) and returns > 0 else 0)
        parent_id = data.get("parent")
        _, parent = decks.find(parent_id if isinstance(parent_id, str) else item.id)
    except (KeyError, TypeError, ValueError):
        return None
    if not isinstance(parent, Question) or not 1 <= follow <= len(parent.follow_ups):
        return None
    ref = bool(data.get("ref"))
    return Entry(loaded, item, is_new if ref else False, follow_up=parent.follow_ups[follow - 1],
                 follow_index=follow, parent=parent, ref=ref)
