"""Giving up: revealing the answer unanswered is recorded as not recalled, never as an empty answer."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from study_helpers import FakeClock, make

from prepdeck.commands.quiz_plain import PlainQuiz
from prepdeck.core.scheduler import Rating, Scheduler
from prepdeck.core.session_types import EmptyAnswer, SessionError
from prepdeck.store import Store



def test_giving_up_on_a_question_records_a_weak_give_up_and_shows_the_model_answer(decks, store):
    clock = FakeClock()
    session = make(decks, store, clock, tags=("memory",))
    card = session.next_card()
    clock.advance(seconds=20)
    feedback = session.give_up("activations, I think")
    question = decks.find("ex-batch-memory")[1]
    assert feedback.gave_up and feedback.model_answer == question.model_answer
    assert (feedback.verdict, feedback.score, feedback.rating) == ("weak", 0.0, Rating.Again)
    assert feedback.result is None and feedback.correct is False
    assert feedback.next_due == Scheduler().review(None, Rating.Again, clock.now, timedelta(seconds=20)).due
    assert feedback.follow_ups_queued == 2  # the chain goes on, as after an answer
    (row,) = store.attempts()
    assert (row.item_id, row.answer, row.verdict, row.score, row.prompt) == (
        "ex-batch-memory", "activations, I think", "weak", 0.0, card.prompt)
    assert row.details == {"gave_up": True} and row.criteria == []
    assert store.card("example", "ex-batch-memory").due == feedback.next_due


def test_an_empty_answer_is_neither_a_give_up_nor_a_failure(decks, store):
    session = make(decks, store, tags=("memory",))
    card = session.next_card()
    for blank in ("", "  \n\t "):
        with pytest.raises(EmptyAnswer):
            session.answer(blank)
    assert store.attempts() == [] and store.cards() == {}  # nothing recorded, nothing scheduled
    assert session.current == card  # still waiting for an answer
    feedback = session.answer("activations")
    assert not feedback.gave_up and "gave_up" not in store.attempts()[0].details


def test_giving_up_on_a_calculation_shows_the_number_and_its_working(decks, store):
    session = make(decks, store, mode="calc", seed=5)
    card = session.next_card()
    params = card.generated.params
    expected = -(-params["n"] // params["b"]) * params["e"]  # ceil(n / b) × e, worked out here
    feedback = session.give_up()
    assert feedback.model_answer == f"{expected:,} steps"
    assert f"{expected:,}" in feedback.explanation
    row = store.attempts()[0]
    assert row.seed == card.generated.seed and row.details["gave_up"] is True
    assert row.details["question"]["expected"] == expected


def test_giving_up_on_a_choice_reveals_the_right_option(decks, store):
    session = make(decks, store, tags=("misconception",))
    session.next_card()
    feedback = session.give_up()
    assert feedback.model_answer == "false" and feedback.explanation.startswith("Larger batches")
    assert feedback.rating == Rating.Again


def test_a_bare_follow_up_given_up_stays_ungraded(decks, store):
    session = make(decks, store, tags=("memory",))
    session.next_card()
    session.answer("activations")
    session.next_card()  # "What would you do when ...": no model answer, no rubric
    feedback = session.give_up()
    assert feedback.gave_up and feedback.verdict is None and feedback.rating is None
    assert store.attempts()[-1].details == {"gave_up": True}


def test_a_give_up_cannot_be_overridden_and_counts_in_the_summary(decks, store):
    session = make(decks, store, tags=("memory",))
    session.next_card()
    session.give_up()
    with pytest.raises(SessionError, match="gave up"):
        session.override(True)
    summary = session.summary()
    assert (summary.answered, summary.weak, summary.gave_up, summary.correct) == (1, 1, 1, 0)


def test_flashcards_are_revealed_not_given_up(decks, store):
    session = make(decks, store, mode="flash")
    session.next_card()
    with pytest.raises(SessionError):
        session.give_up()
    assert store.attempt_count() == 0


def test_plain_reveal_command(decks, store):
    session = make(decks, store, tags=("memory",))
    out = io.StringIO()
    PlainQuiz(session, io.StringIO("activations\n:reveal\n:skip\n:reveal\n"), out).run()
    text = out.getvalue()
    assert ":reveal" in text.splitlines()[1]  # listed with the other commands
    assert "revealed: recorded as not recalled · rating again" in text
    assert "model answer: Every example in a batch is processed at the same time" in text
    assert "gave up 2" in text
    rows = store.attempts()
    assert [(r.item_id, r.answer, r.details.get("gave_up")) for r in rows] == [
        ("ex-batch-memory", "activations", True), ("ex-batch-memory#follow-up-2", "", True)]


def test_plain_reveal_on_a_calculation_and_on_a_flashcard(decks, store, tmp_path):
    out = io.StringIO()
    PlainQuiz(make(decks, store, mode="calc", seed=5), io.StringIO(":reveal\n"), out).run()
    assert "the answer is " in out.getvalue() and "working: " in out.getvalue()
    with Store.open(tmp_path / "flash.sqlite3") as other:
        out = io.StringIO()
        PlainQuiz(make(decks, other, mode="flash"), io.StringIO(":reveal\n\n3\n"), out).run()
        assert "? flashcards: a blank line reveals the card" in out.getvalue()
        assert [r.details.get("gave_up") for r in other.attempts()] == [None]  # rated 3, as usual
