"""The UI-free session on the example deck, with a fake clock and fixed seeds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from study_helpers import FakeClock, make, rows

from prepdeck.core.choice import pick
from prepdeck.core.grading.result import GradeResult, NumericResult
from prepdeck.core.model import Concept
from prepdeck.core.scheduler import Rating, Scheduler
from prepdeck.core.session_cards import BLANK, mask_term
from prepdeck.core.session_types import ChoiceResult, InvalidAnswer, SessionConfig, SessionError
from prepdeck.errors import UsageError
from prepdeck.store import Store

# The rating policy, written out independently of the implementation.
POLICY = {"weak": Rating.Again, "partial": Rating.Hard}


def expected_text_rating(verdict: str, score: float) -> Rating:
    if verdict in POLICY:
        return POLICY[verdict]
    return Rating.Easy if score >= 0.95 else Rating.Good



def model_answer(decks, item_id):
    return decks.find(item_id)[1].model_answer


def right_answer(decks, card) -> str:
    """A strong answer to ``card``, worked out from the deck (so nothing comes back for relearning)."""
    if card.parent_id is not None:
        follow_up = decks.find(card.parent_id)[1].follow_ups[int(card.item_id.rsplit("-", 1)[1]) - 1]
        return follow_up.model_answer or "anything: this follow-up is not graded"
    item = decks.find(card.item_id)[1]
    if card.options:
        return str(item.answer).lower() if isinstance(item.answer, bool) else item.answer
    return item.definition if isinstance(item, Concept) else item.model_answer


def test_quiz_serves_its_plan_with_follow_ups_right_after_their_question(decks, store):
    session = make(decks, store)
    planned = [e.item.id for e in session.plan.entries]
    assert sorted(planned) == ["ex-batch-memory", "ex-bigger-always-better", "ex-epoch", "ex-memory-choice"]
    # Worked out from the plan: the question's two follow-ups are inserted right after it.
    expected_ids = []
    for item_id in planned:
        expected_ids.append(item_id)
        if item_id == "ex-batch-memory":
            expected_ids += ["ex-batch-memory#follow-up-1", "ex-batch-memory#follow-up-2"]
    served = []
    while (card := session.next_card()) is not None:
        served.append((card.item_id, card.position, card.planned))
        feedback = session.answer(right_answer(decks, card))
        assert not feedback.returns
        if card.item_id == "ex-batch-memory":
            assert feedback.follow_ups_queued == 2
    assert [item for item, _, _ in served] == expected_ids
    assert [position for _, position, _ in served] == list(range(1, 7))
    question_at = planned.index("ex-batch-memory")
    # "planned" grows by the two follow-ups once the question has been answered.
    assert [total for _, _, total in served] == [4] * (question_at + 1) + [6] * (5 - question_at)
    stored = store.attempts()
    assert [a.item_id for a in stored] == [item for item, _, _ in served]
    assert len({a.session_id for a in stored}) == 1 and stored[0].session_id is not None
    # Follow-ups are recorded but not scheduled on their own.
    assert set(store.cards()) == {("example", i) for i in
                                  ("ex-epoch", "ex-batch-memory", "ex-bigger-always-better", "ex-memory-choice")}


def test_a_bare_follow_up_is_recorded_ungraded_and_a_follow_up_with_a_model_answer_is_graded(decks, store):
    session = make(decks, store, tags=("memory",))  # the question alone, then its follow-ups
    session.next_card()
    session.answer("whatever")
    card = session.next_card()
    assert card.prompt.startswith("What would you do when a batch does not fit")
    bare = session.answer("gradient accumulation or a smaller batch")
    assert bare.result is None and bare.verdict is None and bare.rating is None
    assert card.parent_id == "ex-batch-memory" and card.line > 0
    card = session.next_card()
    graded = session.answer(decks.find("ex-batch-memory")[1].follow_ups[1].model_answer)
    assert isinstance(graded.result, GradeResult) and graded.verdict == "strong"
    assert graded.model_answer.startswith("Summing gradients")
    assert graded.rating is None  # no card of its own
    assert [a.verdict for a in store.attempts()] == ["weak", None, "strong"]


def test_answers_are_graded_rated_and_committed_before_feedback(decks, store):
    clock = FakeClock()
    session = make(decks, store, clock, tags=("memory",))
    card = session.next_card()
    assert card.item_id == "ex-batch-memory" and card.is_new
    clock.advance(seconds=42)
    feedback = session.answer(model_answer(decks, "ex-batch-memory"))
    assert rows(store.path, "SELECT item_id, answer FROM attempts WHERE id = ?", (feedback.attempt_id,)) == [
        ("ex-batch-memory", model_answer(decks, "ex-batch-memory"))]
    assert feedback.verdict == "strong"
    assert feedback.rating == expected_text_rating(feedback.verdict, feedback.score)
    assert feedback.elapsed == timedelta(seconds=42)
    assert feedback.next_due == Scheduler().review(None, feedback.rating, clock.now, timedelta(seconds=42)).due
    assert feedback.model_answer == model_answer(decks, "ex-batch-memory")
    stored = store.attempts()[-1]
    assert stored.duration_ms == 42_000 and stored.prompt == card.prompt
    assert [c["description"] for c in stored.criteria] == [c.description for c in feedback.result.criteria]


def test_a_weak_answer_comes_back_in_a_minute(decks, store):
    clock = FakeClock()
    session = make(decks, store, clock, tags=("training-loop",))  # the concept ex-epoch alone
    session.next_card()
    feedback = session.answer("no idea")
    assert feedback.verdict == "weak" and feedback.rating == Rating.Again
    assert feedback.next_due - clock.now == timedelta(minutes=1)  # FSRS's first learning step


def test_a_hint_caps_the_rating_and_is_recorded(decks, store):
    session = make(decks, store, tags=("memory",))
    card = session.next_card()
    assert card.hints_available == 1
    assert session.hint() == "Think about what the backward pass needs from the forward pass."
    assert session.hint() is None
    feedback = session.answer(model_answer(decks, "ex-batch-memory"))
    assert feedback.verdict == "strong" and feedback.rating == Rating.Hard and feedback.hints_used == 1
    assert store.attempts()[-1].hints == 1


def test_override_is_recorded_and_feeds_the_rating(decks, store):
    clock = FakeClock()
    session = make(decks, store, clock, tags=("memory",))  # the question, then its follow-ups
    session.next_card()
    weak = session.answer("no idea")
    assert weak.rating == Rating.Again
    right = session.override(True)
    assert right.override == "right" and right.rating == Rating.Good and right.correct is True
    assert right.next_due == Scheduler().review(None, Rating.Good, clock.now, timedelta(0)).due
    assert store.card("example", "ex-batch-memory").due == right.next_due
    assert rows(store.path, "SELECT override FROM attempts") == [("right",)]
    assert rows(store.path, "SELECT rating FROM review_logs") == [(3,)]
    wrong = session.override(False)
    assert wrong.rating == Rating.Again and wrong.correct is False
    assert rows(store.path, "SELECT override FROM attempts") == [("wrong",)]
    # The override works after the next card is shown too (the plain protocol relies on it).
    assert session.next_card().kind == "follow_up"
    assert session.override(True).override == "right"
    summary = session.summary()
    assert summary.overrides == 1 and summary.correct == 1


def test_flashcards_reveal_then_self_rate(decks, store):
    clock = FakeClock()
    session = make(decks, store, clock, mode="flash")
    card = session.next_card()
    assert card.kind == "flash" and card.flash is not None
    with pytest.raises(SessionError):
        session.answer("text")
    faces = session.reveal("one pass over the data")
    assert {faces.front, faces.back} == {"Epoch (also: training epoch)", decks.find("ex-epoch")[1].definition}
    feedback = session.rate(4)
    assert feedback.rating == Rating.Easy and feedback.verdict == "strong" and feedback.score is None
    assert feedback.next_due == Scheduler().review(None, Rating.Easy, clock.now, timedelta(0)).due
    stored = store.attempts()[-1]
    assert stored.answer == "one pass over the data" and stored.mode == "flash"
    assert stored.details["self_rating"] == 4
    with pytest.raises(SessionError):
        session.override(True)


def test_flashcards_play_both_directions(decks, store):
    directions = {make(decks, store, seed=seed, mode="flash").next_card().flash.direction for seed in range(12)}
    assert directions == {"term->definition", "definition->term"}


def test_rating_a_flashcard_outside_1_to_4_is_refused(decks, store):
    session = make(decks, store, mode="flash")
    session.next_card()
    with pytest.raises(SessionError):
        session.rate(5)
    assert store.attempt_count() == 0


def test_definition_to_term_masks_the_term():
    concept = Concept(id="c", term="Epoch", aliases=["training epoch"], source="s",
                      definition="An epoch is one pass; epochs repeat. Training epoch counts vary.")
    assert mask_term(concept.definition, concept) == f"An {BLANK} is one pass; {BLANK} repeat. {BLANK} counts vary."


def test_calculations_draw_fresh_numbers_from_the_session_seed(decks, store, tmp_path):
    session = make(decks, store, mode="calc", seed=5)
    card = session.next_card()
    assert card.kind == "calculation" and card.generated is not None and card.units == "steps"
    params = card.generated.params
    expected = -(-params["n"] // params["b"]) * params["e"]  # ceil(n / b) × e, worked out here
    assert card.generated.answer == expected
    feedback = session.answer(f"{expected:,} steps")
    assert isinstance(feedback.result, NumericResult) and feedback.result.correct
    assert feedback.rating == Rating.Good
    assert store.attempts()[-1].seed == card.generated.seed
    # Same seed, fresh database: the same question. Other seeds: other numbers.
    with Store.open(tmp_path / "other.sqlite3") as other:
        assert make(decks, other, mode="calc", seed=5).next_card().prompt == card.prompt
        prompts = {make(decks, other, mode="calc", seed=seed).next_card().prompt for seed in range(8)}
    assert len(prompts) > 1


def test_a_known_wrong_number_gets_its_diagnosis(decks, store):
    session = make(decks, store, mode="calc", seed=5)
    card = session.next_card()
    per_epoch = -(-card.generated.params["n"] // card.generated.params["b"])
    feedback = session.answer(str(per_epoch))
    assert feedback.verdict == "weak" and feedback.rating == Rating.Again
    assert feedback.diagnosis == "That is steps per epoch; multiply by the number of epochs."


def test_trainer_items_are_generated_questions(decks, store):
    session = make(decks, store, mode="trainer", seed=2)
    card = session.next_card()
    assert card.kind == "generated" and card.generated is not None and card.generated.seed is not None
    answer = card.generated.answer
    feedback = session.answer(str(answer) if isinstance(answer, str) else f"{answer:g}")
    assert feedback.correct is True
    assert store.attempts()[-1].seed == card.generated.seed


def test_choices_accept_numbers_letters_and_text_and_refuse_nonsense(decks, store):
    session = make(decks, store, tags=("misconception",))
    card = session.next_card()
    assert card.options == ("true", "false")
    with pytest.raises(InvalidAnswer):
        session.answer("maybe")
    assert store.attempt_count() == 0 and session.current is card
    feedback = session.answer("false")
    assert isinstance(feedback.result, ChoiceResult) and feedback.correct
    assert feedback.explanation.startswith("Larger batches")
    options = ("goes up", "goes down", "stays the same")
    assert [pick(options, text) for text in ("1", "b", "C)", "Goes Up", "stays")] == [0, 1, 2, 0, 2]
    with pytest.raises(InvalidAnswer):
        pick(options, "goes")  # two options start that way


def test_interview_has_no_hints_chains_follow_ups_and_is_timed(decks, store):
    clock = FakeClock()
    session = make(decks, store, clock, mode="interview")
    card = session.next_card()
    assert card.item_id == "ex-batch-memory" and card.hints_available == 0
    assert session.hint() is None
    clock.advance(minutes=4)
    feedback = session.answer(model_answer(decks, "ex-batch-memory"))
    assert feedback.elapsed == timedelta(minutes=4) and feedback.over_time
    follow = session.next_card()
    assert follow.kind == "follow_up" and follow.time_budget == card.time_budget
    clock.advance(seconds=30)
    assert not session.answer("accumulate gradients").over_time
    assert session.next_card().item_id == "ex-batch-memory#follow-up-2"


def test_review_serves_what_is_due_across_kinds_within_the_new_item_limit(decks, store):
    clock = FakeClock()
    first = make(decks, store, clock, mode="review", new_per_day=2, seed=5)
    # The calculation and the trainer item are practice (fresh numbers): outside the limit.
    practice = ["ex-steps", "ex-steps-run"]
    studied = [e.item.id for e in first.plan.entries if e.item.id not in practice]
    assert len(studied) == 2 and all(e.is_new for e in first.plan.entries)
    assert sorted(e.item.id for e in first.plan.entries if e.item.id in practice) == practice
    assert first.plan.served_new == 2 and first.plan.served_practice == 2
    while (card := first.next_card()) is not None:
        if card.returning or card.item_id in practice:
            first.skip()
            continue
        if card.kind == "flash":  # concepts are flashcards in review
            first.reveal()
            first.rate(3)
        elif card.parent_id is None:
            first.give_up()
        else:
            first.skip()
        clock.advance(seconds=10)
    # Same day: those two are due again later today, and no new items are left.
    again = make(decks, store, clock, mode="review", new_per_day=2)
    dues = {item: store.card("example", item).due for item in studied}
    memory = [e.item.id for e in again.plan.entries if e.item.id not in practice]
    assert memory == sorted(studied, key=dues.get)  # most overdue first
    # Next day: the limit resets.
    clock.advance(days=1)
    later = make(decks, store, clock, mode="review", new_per_day=2)
    entries = [e for e in later.plan.entries if e.item.id not in practice]
    assert sorted(e.item.id for e in entries[:2]) == sorted(studied)
    assert len(entries) == 4 and all(e.is_new for e in entries[2:])


def test_drill_modes_practise_ahead_when_nothing_is_due(decks, store):
    clock = FakeClock()
    session = make(decks, store, clock, mode="calc")
    session.next_card()
    session.answer("1")
    clock.advance(minutes=5)  # answered "again": due in 1 minute, so due now
    assert [e.is_new for e in make(decks, store, clock, mode="calc").plan.entries] == [False]
    assert make(decks, store, clock, mode="review", new_per_day=0).plan.entries[0].item.id == "ex-steps"


def test_filters_by_deck_tag_and_count(decks, store):
    assert sorted(e.item.id for e in make(decks, store, tags=("batch-size",)).plan.entries) == [
        "ex-batch-memory", "ex-bigger-always-better"]
    assert len(make(decks, store, count=1).plan.entries) == 1
    assert make(decks, store, deck_ids=("example",)).plan.matching == 4
    with pytest.raises(UsageError, match="unknown deck id 'nope'"):
        make(decks, store, deck_ids=("nope",))


def test_skips_are_not_recorded_and_summary_counts(decks, store):
    session = make(decks, store, tags=("memory", "training-loop"))  # the question and the concept
    while session.next_card().item_id != "ex-batch-memory":
        session.skip()
    skipped = session.summary().skipped
    session.answer(model_answer(decks, "ex-batch-memory"))
    session.next_card()
    session.answer("nothing")  # the bare follow-up: recorded, not graded
    session.next_card()
    session.skip()
    summary = session.summary()
    assert (summary.answered, summary.strong, summary.weak, summary.ungraded) == (2, 1, 0, 1)
    assert summary.skipped == skipped + 1
    assert summary.remaining == 1 - skipped  # the concept, unless it came first and was skipped
    assert store.attempt_count() == 2


def test_calls_out_of_order_are_refused(decks, store):
    session = make(decks, store)
    with pytest.raises(SessionError):
        session.answer("too early")
    with pytest.raises(SessionError):
        session.override(True)
    session.next_card()
    with pytest.raises(SessionError):
        session.next_card()
    with pytest.raises(SessionError):
        session.reveal()


def test_invalid_configuration_is_refused():
    with pytest.raises(SessionError):
        SessionConfig(mode="cram")
    with pytest.raises(SessionError):
        SessionConfig(count=0)
