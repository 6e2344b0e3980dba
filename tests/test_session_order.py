"""The order a session serves items in: due first, then new items mixed across decks and kinds."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest
from study_helpers import EXAMPLE, FakeClock

from prepdeck.core.loader import load_decks
from prepdeck.core.session import Session
from prepdeck.core.card_state import CardState
from prepdeck.core.session_queue import (count_by_deck, interleave, plan, plan_modes, select_for_modes,
                                         select_items)
from prepdeck.core.session_types import MODES, SessionConfig
from prepdeck.store import Store

# Two decks; each holds several items of each kind, in a known author order.
SIZES = {"alpha": {"concept": 5, "question": 3, "choice": 2}, "beta": {"concept": 4, "question": 2, "choice": 1}}


def _deck_yaml(deck: str, sizes: dict[str, int]) -> str:
    lines = [f"id: {deck}", f"title: Deck {deck}", "concepts:"]
    for n in range(sizes["concept"]):
        lines += [f"  - id: {deck}-concept-{n}", f"    term: Term {deck} {n}",
                  f"    definition: The meaning of term {n} in deck {deck}, in a sentence.", "    source: test"]
    lines.append("questions:")
    for n in range(sizes["question"]):
        lines += [f"  - id: {deck}-question-{n}", f"    prompt: Why does thing {n} happen in {deck}?",
                  f"    model_answer: Because of reason number {n} and its consequences.", "    source: test"]
    lines.append("choices:")
    for n in range(sizes["choice"]):
        lines += [f"  - id: {deck}-choice-{n}", f"    prompt: 'True or false: statement {n}.'",
                  "    answer: true", "    explanation: Because it is.", "    source: test"]
    return "\n".join(lines) + "\n"


@pytest.fixture
def decks(tmp_path):
    folder = tmp_path / "decks"
    folder.mkdir()
    for deck, sizes in SIZES.items():
        (folder / f"{deck}.yaml").write_text(_deck_yaml(deck, sizes))
    loaded = load_decks([folder])
    assert not loaded.diagnostics, loaded.diagnostics
    return loaded


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "progress.sqlite3") as opened:
        yield opened


def group(item_id: str) -> tuple[str, str]:
    deck, kind, _ = item_id.split("-")
    return deck, kind


def session(decks, store, seed, clock=None, **config):
    config.setdefault("count", 100)
    return Session(decks, store, clock=clock or FakeClock(), seed=seed, tz=timezone.utc,
                   config=SessionConfig(**config))


def test_new_items_open_with_one_of_each_deck_and_kind_and_keep_the_authors_order_within_each(decks, store):
    order = [e.item.id for e in session(decks, store, seed=3).plan.entries]
    assert sorted(order) == sorted(item.id for _, item in decks.items())
    groups = {group(item_id) for item_id in order}
    assert len(groups) == 6
    # The first round takes one item from every (deck, kind): nobody starts with all the concepts.
    assert {group(item_id) for item_id in order[:len(groups)]} == groups
    # Within a group the author's order stands (concepts 0, 1, 2, ... of a deck).
    for key in groups:
        numbers = [int(item_id.rsplit("-", 1)[1]) for item_id in order if group(item_id) == key]
        assert numbers == sorted(numbers)
    # Neighbours never share a group, except in the tail once only one group has items left.
    for index, (current, following) in enumerate(zip(order, order[1:])):
        if group(current) == group(following):
            assert {group(item_id) for item_id in order[index:]} == {group(current)}, order


def test_the_order_is_drawn_from_the_seed(decks, store):
    orders = {seed: [e.item.id for e in session(decks, store, seed=seed).plan.entries] for seed in range(8)}
    assert orders[5] == [e.item.id for e in session(decks, store, seed=5).plan.entries]  # replayable
    assert len({tuple(order) for order in orders.values()}) > 1  # but not one fixed order for everyone
    assert len({order[0] for order in orders.values()}) > 1  # nor always the same first card


def test_the_new_item_limit_takes_a_mixed_selection(decks, store):
    chosen = [e.item.id for e in session(decks, store, seed=4, new_per_day=6).plan.entries]
    assert len(chosen) == 6 and len({group(item_id) for item_id in chosen}) == 6


def test_due_items_still_come_first(decks, store):
    clock = FakeClock()
    first = session(decks, store, seed=1, clock=clock, count=3)
    answered = []
    while (card := first.next_card()) is not None:
        if card.returning:  # back after the Again below: leave it for this test
            first.skip()
            continue
        answered.append(card.item_id)
        first.give_up()  # rated again: due within minutes
        clock.advance(minutes=1)  # distinct due times, so "most overdue first" decides the order
    clock.advance(hours=1)
    entries = session(decks, store, seed=2, clock=clock).plan.entries
    assert [e.item.id for e in entries[:3]] == sorted(answered, key=lambda i: store.card(*_key(decks, i)).due)
    assert not any(e.is_new for e in entries[:3]) and all(e.is_new for e in entries[3:])


def _key(decks, item_id):
    loaded, item = decks.find(item_id)
    return loaded.deck.id, item.id


def test_interleave_alone_is_a_deterministic_permutation(decks):
    candidates = select_items(decks, SessionConfig(mode="quiz"))
    entries = plan(candidates, {}, due_before=FakeClock()(), new_allowance=100,
                   config=SessionConfig(mode="quiz", count=100), rng=random.Random(0)).entries
    again = interleave(entries, random.Random(9))
    assert interleave(entries, random.Random(9)) == again
    assert sorted(e.item.id for e in again) == sorted(e.item.id for e in entries)
    assert interleave([], random.Random(1)) == []


def test_items_teaching_the_same_topic_are_never_neighbours():
    from dataclasses import dataclass

    from prepdeck.core.session_queue import separate_topics

    @dataclass
    class _Item:
        id: str
        teaches: str | None

    @dataclass
    class _Entry:
        item: _Item

    entries = [_Entry(_Item(name, topic)) for name, topic in
               [("a1", "a"), ("a2", "a"), ("a3", "a"), ("b1", "b"), ("x", None), ("c1", "c"), ("c2", "c")]]
    ordered = separate_topics(entries)  # type: ignore[arg-type]
    assert sorted(e.item.id for e in ordered) == sorted(e.item.id for e in entries)
    topics = [e.item.teaches for e in ordered]
    assert all(t is None or t != u for t, u in zip(topics, topics[1:])), topics
    assert [e.item.id for e in ordered][:3] == ["a1", "b1", "a2"]  # the nearest other topic moves up


def test_separation_keeps_the_order_when_nothing_else_is_left():
    from dataclasses import dataclass

    from prepdeck.core.session_queue import separate_topics

    @dataclass
    class _Item:
        id: str
        teaches: str | None

    @dataclass
    class _Entry:
        item: _Item

    entries = [_Entry(_Item(name, "a")) for name in ("a1", "a2")]
    assert [e.item.id for e in separate_topics(entries)] == ["a1", "a2"]  # type: ignore[arg-type]


def _cards_in_every_state(decks):
    """Every fourth item new, due, ahead of schedule or held (buried), the rest of each kind new."""
    cards, held = {}, set()
    now = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    for index, (loaded, item) in enumerate(decks.items()):
        key = (loaded.deck.id, item.id)
        if index % 4 == 1:
            cards[key] = CardState(2, None, 3.0, 5.0, now - timedelta(days=index), now - timedelta(days=9))
        elif index % 4 == 2:
            cards[key] = CardState(2, None, 3.0, 5.0, now + timedelta(days=index), now - timedelta(days=1))
        elif index % 4 == 3:
            held.add(key)
    return cards, frozenset(held), now


def _seen(queue):
    return ([(e.loaded.deck.id, e.item.id, e.is_new, e.due_today) for e in queue.entries],
            queue.matching, queue.due, queue.new_available, queue.new_allowance, queue.held, queue.new_limit,
            queue.same_topic, queue.held_back)


@pytest.mark.parametrize("deck_ids, tags", [((), ()), (("alpha",), ()), (("beta", "example"), ()), ((), ("memory", "steps"))])
@pytest.mark.parametrize("allowance", [0, 3, 50])
def test_plans_for_every_mode_at_once_are_the_plans_made_one_by_one(deck_ids, tags, allowance, tmp_path):
    folder = tmp_path / "decks"
    folder.mkdir()
    for deck, sizes in SIZES.items():
        (folder / f"{deck}.yaml").write_text(_deck_yaml(deck, sizes))
    decks = load_decks([folder, EXAMPLE])  # two decks of three kinds, and one of every kind
    assert not decks.diagnostics
    cards, held, now = _cards_in_every_state(decks)
    at_once = plan_modes(select_for_modes(decks, MODES, deck_ids=deck_ids, tags=tags), cards, due_before=now,
                         new_allowance=allowance, seed=0, held=held, new_limit=20, deck_ids=deck_ids, tags=tags)
    assert list(at_once) == list(MODES)
    for mode in MODES:
        config = SessionConfig(mode=mode, deck_ids=deck_ids, tags=tags)
        one = plan(select_items(decks, config), cards, due_before=now, new_allowance=allowance, config=config,
                   rng=random.Random(0), held=held, new_limit=20)
        assert _seen(at_once[mode]) == _seen(one), mode
    assert any(at_once[mode].entries for mode in MODES)


def test_counts_by_deck_are_what_a_plan_of_each_deck_counts(decks):
    cards, held, now = _cards_in_every_state(decks)
    counts = count_by_deck(select_items(decks, SessionConfig(mode="review")), cards, due_before=now, held=held)
    assert set(counts) == {"alpha", "beta"}
    for deck_id, counted in counts.items():
        config = SessionConfig(mode="review", deck_ids=(deck_id,))
        one = plan(select_items(decks, config), cards, due_before=now, new_allowance=0, config=config,
                   rng=random.Random(0), held=held)
        assert (counted.matching, counted.due, counted.new) == (one.matching, one.due, one.new_available)
        assert 0 < counted.due < counted.matching and 0 < counted.new < counted.matching
