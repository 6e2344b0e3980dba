"""The session's review loop, as in Anki: practice outside the new-item limit, relearning within
the sitting, undo, intervals on the ratings, unreadable answers asked again, bury and suspend,
drafts, and resuming an interrupted sitting."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from study_helpers import FakeClock, make

from prepdeck.core.new_items import RAISE_STEP, raise_today
from prepdeck.core.scheduler import Rating, Scheduler
from prepdeck.core.session import MAX_RETURNS, RELEARN_GAP, Session
from prepdeck.core.session_queue import describe
from prepdeck.core.session_types import SessionConfig, SessionError, UnreadableNumber


def _expected_steps(card) -> int:
    params = card.generated.params
    return -(-params["n"] // params["b"]) * params["e"]  # ceil(n / b) × e, worked out here


def test_a_fresh_database_drills_30_calculations_and_20_trainer_cards_on_day_one(decks, store):
    clock = FakeClock()
    # A day's new-item limit used up first, by the memory items.
    quiz = make(decks, store, clock, mode="quiz", new_per_day=0)
    assert quiz.plan.entries == [] and quiz.plan.held_back == 4
    for mode, wanted in (("calc", 30), ("trainer", 20)):
        served = 0
        for round_ in range(wanted):
            session = make(decks, store, clock, mode=mode, new_per_day=0, seed=round_)
            card = session.next_card()
            assert card is not None, f"{mode}: nothing served on round {round_}"
            session.give_up() if mode == "trainer" else session.answer(str(_expected_steps(card)))
            served += 1
            clock.advance(seconds=30)
        assert served == wanted
    kinds = {a.item_id for a in store.attempts()}
    assert kinds == {"ex-steps", "ex-steps-run"}


def test_practice_items_are_served_past_the_limit_and_say_so(decks, store):
    session = make(decks, store, mode="review", new_per_day=1, seed=3)
    assert session.plan.served_new == 1 and session.plan.served_practice == 2
    assert session.plan.held_back == 3  # the four memory items, one let in
    line = describe(session.plan)
    assert line.startswith("3 cards: ") and "1 new of today's 1 (0 left)" in line
    assert "2 practice (fresh numbers, outside the new-item limit)" in line


def test_raising_todays_limit_lets_more_new_items_in(decks, store):
    first = make(decks, store, mode="quiz")
    assert first.allowance.limit == 20 and first.allowance.used == 0
    store.set_setting("new_per_day", "1")
    assert len(make(decks, store, mode="quiz").plan.entries) == 1
    assert raise_today(store, FakeClock()().date()) == 1 + RAISE_STEP
    assert len(make(decks, store, mode="quiz").plan.entries) == 4


def test_a_card_rated_again_returns_after_a_few_others_and_the_header_counts_it(decks, store):
    session = make(decks, store, mode="quiz", seed=2)
    first = session.next_card()
    planned = first.planned
    feedback = session.give_up()
    assert feedback.rating == Rating.Again and feedback.returns
    served = []
    while (card := session.next_card()) is not None:
        served.append(card)
        if card.returning:
            break
        session.skip()
    back = served[-1]
    assert back.item_id == first.item_id and back.returning and not back.is_new
    # It came after RELEARN_GAP other cards (follow-ups of a question come first, on top).
    assert len(served) - 1 == min(RELEARN_GAP, planned - 1) + (first.kind == "question") * 2
    assert back.planned == planned + 1 + (first.kind == "question") * 2
    session.answer(feedback.model_answer or "1")
    assert session.summary().relearned == 1


def test_a_card_comes_back_at_most_max_returns_times(decks, store):
    session = make(decks, store, mode="quiz", tags=("training-loop",))  # the concept alone
    shown = 0
    while session.next_card() is not None:
        shown += 1
        session.give_up()
    assert shown == 1 + MAX_RETURNS
    assert len(store.attempts()) == 1 + MAX_RETURNS


def test_undo_after_an_override_restores_card_attempts_and_queue(decks, store):
    clock = FakeClock()
    session = make(decks, store, clock, mode="quiz", tags=("training-loop",))
    card = session.next_card()
    session.answer("one pass over the whole dataset")
    overridden = session.override(right=False)
    assert overridden.rating == Rating.Again and overridden.returns
    assert session.remaining == 1  # coming back
    clock.advance(seconds=5)
    back = session.undo()
    assert back.item_id == card.item_id and session.current == back
    assert session.remaining == 0  # the return left with the answer
    assert store.attempts() == [] and store.card("example", "ex-epoch") is None  # new again
    undone = store.undo_count()
    assert undone == 1
    # The answer typed is kept as the card's draft, ready to edit.
    assert session.draft() == "one pass over the whole dataset"
    feedback = session.answer("One complete pass of the entire training dataset through the learning algorithm.")
    assert feedback.verdict == "strong" and not feedback.returns
    assert [a.answer[:3] for a in store.attempts()] == ["One"]
    assert session.summary().undone == 1


def test_undo_after_a_follow_up_brings_the_follow_up_back_then_the_question(decks, store):
    session = make(decks, store, mode="quiz", tags=("memory",))
    question = session.next_card()
    session.answer(decks.find("ex-batch-memory")[1].model_answer)
    follow_up = session.next_card()
    assert follow_up.parent_id == question.item_id
    session.answer("a smaller batch")
    second = session.next_card()
    assert second.item_id.endswith("follow-up-2")
    assert session.undo().item_id == follow_up.item_id  # the follow-up is current again
    assert [a.item_id for a in store.attempts()] == [question.item_id]
    assert session.remaining == 1  # the second follow-up, still queued
    assert session.undo().item_id == question.item_id
    assert store.attempts() == [] and store.card("example", question.item_id) is None
    assert session.remaining == 0  # its follow-ups left the queue with the answer
    with pytest.raises(SessionError):
        session.undo()


def test_intervals_preview_each_rating_with_the_scheduler(decks, store):
    clock = FakeClock()
    session = make(decks, store, clock, mode="flash", seed=4)
    session.next_card()
    intervals = session.intervals()
    expected = {r: Scheduler().review(None, r, clock.now).due - clock.now for r in (1, 2, 3, 4)}
    assert intervals == expected and intervals[1] == timedelta(minutes=1) and intervals[4] > intervals[3]


def test_an_unreadable_number_is_asked_again_with_the_reason(decks, store):
    session = make(decks, store, mode="calc", seed=5)
    card = session.next_card()
    with pytest.raises(UnreadableNumber, match="letter O among its digits .*did you mean 0"):
        session.answer("1O1")
    with pytest.raises(UnreadableNumber, match="no number could be read"):
        session.answer("lots")
    assert store.attempts() == [] and session.current == card
    assert session.answer(f"{_expected_steps(card):,}").verdict == "strong"


def test_bury_and_suspend_keep_a_card_out_until_tomorrow_or_until_lifted(decks, store):
    clock = FakeClock()
    session = make(decks, store, clock, mode="quiz", seed=1)
    buried = session.next_card()
    session.bury()
    suspended = session.next_card()
    session.suspend()
    assert session.summary().buried == 1 and session.summary().suspended == 1
    served_later = {e.item.id for e in make(decks, store, clock, mode="quiz").plan.entries}
    assert buried.item_id not in served_later and suspended.item_id not in served_later
    clock.advance(days=1)
    served_tomorrow = {e.item.id for e in make(decks, store, clock, mode="quiz").plan.entries}
    assert buried.item_id in served_tomorrow and suspended.item_id not in served_tomorrow
    store.suspend("example", suspended.item_id, None)
    assert suspended.item_id in {e.item.id for e in make(decks, store, clock, mode="quiz").plan.entries}


def test_an_interrupted_session_resumes_with_its_queue_pending_follow_ups_and_draft(decks, store):
    clock = FakeClock()
    session = make(decks, store, clock, mode="quiz", seed=3)
    while (card := session.next_card()).item_id != "ex-batch-memory":
        session.answer("1" if card.options else "no idea")
    session.answer(decks.find("ex-batch-memory")[1].model_answer)
    pending = session.next_card()
    assert pending.item_id == "ex-batch-memory#follow-up-1"
    session.save_draft("accumulate grad")
    expected = [pending.item_id] + [e.item_id for e in session._queue]
    # The sitting is interrupted (ctrl+q, a crash): the store knows where it was.
    last = store.last_session()
    assert last.resumable
    resumed = Session(decks, store, clock=clock, seed=last.seed, tz=session._tz, resume=last.state,
                      session_id=last.id, config=SessionConfig(mode=last.mode))
    served = []
    while (card := resumed.next_card()) is not None:
        if not served:
            assert card.item_id == pending.item_id and resumed.draft() == "accumulate grad"
        served.append(card.item_id)
        resumed.skip()
    assert served == expected
    assert not store.last_session().resumable  # out of cards: ended


def test_items_teaching_the_same_topic_are_served_once_per_session(decks, store):
    from prepdeck.core.loader import DeckSet

    # Two items of the example deck made to teach one topic, as near-duplicates across decks would.
    loaded = decks.decks[0]
    concept = loaded.deck.concepts[0].model_copy(update={"teaches": "epoch-definition"})
    choice = loaded.deck.choices[0].model_copy(update={"teaches": "epoch-definition"})
    deck = loaded.deck.model_copy(update={"concepts": [concept], "choices": [choice, *loaded.deck.choices[1:]]})
    same = DeckSet(decks=[replace(loaded, deck=deck)], diagnostics=[])
    session = make(same, store, mode="quiz", seed=1)
    served = [e.item.id for e in session.plan.entries]
    assert len([i for i in served if i in (concept.id, choice.id)]) == 1
    assert session.plan.same_topic == 1 and "1 left out as repeats of a topic" in describe(session.plan)
    assert len(served) == len(set(served))


def test_the_home_screens_counts_are_what_each_session_serves(decks, store):
    from prepdeck.core.loader import DeckSet
    from prepdeck.core.session_types import MODES
    from prepdeck.tui.overview import overview

    # Same-topic items and a tight limit: the cases where a count could depend on the shuffle.
    loaded = decks.decks[0]
    concept = loaded.deck.concepts[0].model_copy(update={"teaches": "t"})
    choice = loaded.deck.choices[0].model_copy(update={"teaches": "t"})
    deck = loaded.deck.model_copy(update={"concepts": [concept], "choices": [choice, *loaded.deck.choices[1:]]})
    same = DeckSet(decks=[replace(loaded, deck=deck)], diagnostics=[])
    clock = FakeClock()
    store.set_setting("new_per_day", "2")
    counts = overview(same, store, clock(), tz=None).plans
    for mode in MODES:
        for seed in range(12):
            served = Session(same, store, clock=clock, seed=seed, config=SessionConfig(mode=mode)).plan.entries
            assert len(served) == len(counts[mode].entries), (mode, seed)
