"""The FSRS adapter: the grade → rating policy, and scheduling delegated to py-fsrs."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import fsrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prepdeck.core.scheduler import (
    EASY_SCORE, CardState, Rating, Scheduler, apply_hint_cap, apply_override, rating_for_result,
    verdict_for_rating,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("verdict, score, expected", [
    ("weak", 0.1, Rating.Again),
    ("partial", 0.5, Rating.Hard),
    ("strong", 0.8, Rating.Good),
    ("strong", EASY_SCORE - 0.01, Rating.Good),
    ("strong", EASY_SCORE, Rating.Easy),
    ("strong", 1.0, Rating.Easy),
])
def test_free_text_verdicts_map_to_ratings(verdict, score, expected):
    assert rating_for_result(verdict, score, "text") == expected


@pytest.mark.parametrize("kind", ["number", "choice"])
def test_right_numbers_and_choices_are_good_not_easy(kind):
    # Fresh numbers each time: one right answer shows the method, not mastery.
    assert rating_for_result("strong", 1.0, kind) == Rating.Good
    assert rating_for_result("weak", 0.0, kind) == Rating.Again


def test_unknown_verdict_is_refused():
    with pytest.raises(ValueError):
        rating_for_result("excellent", 1.0)


@given(st.sampled_from(list(Rating)), st.integers(min_value=0, max_value=5))
@settings(max_examples=50)
def test_a_hint_caps_the_rating_at_hard(rating, hints):
    capped = apply_hint_cap(rating, hints)
    assert capped == (rating if hints == 0 else min(rating, Rating.Hard))


@given(st.sampled_from(list(Rating)))
@settings(max_examples=20)
def test_overrides(rating):
    assert apply_override(rating, right=False) == Rating.Again
    assert apply_override(rating, right=True) >= Rating.Good
    assert apply_override(rating, right=True) >= rating


def test_flashcard_ratings_give_verdicts():
    assert [verdict_for_rating(n) for n in (1, 2, 3, 4)] == ["weak", "partial", "strong", "strong"]


def test_review_matches_py_fsrs_directly():
    scheduler = Scheduler()
    reference = fsrs.Scheduler(enable_fuzzing=False)
    card = None
    ref_card = fsrs.Card(card_id=1, due=NOW)
    moment = NOW
    for rating in (Rating.Good, Rating.Good, Rating.Again, Rating.Good, Rating.Easy):
        card = scheduler.review(card, rating, moment)
        ref_card, _ = reference.review_card(ref_card, rating, moment)
        assert card.due == ref_card.due
        assert card.stability == pytest.approx(ref_card.stability)
        assert card.difficulty == pytest.approx(ref_card.difficulty)
        assert card.state == int(ref_card.state)
        moment = card.due


def test_first_reviews_follow_the_default_learning_steps():
    scheduler = Scheduler()
    assert scheduler.review(None, Rating.Again, NOW).due - NOW == timedelta(minutes=1)
    assert scheduler.review(None, Rating.Good, NOW).due - NOW == timedelta(minutes=10)


def test_retrievability_is_ninety_percent_after_stability_days():
    # Stability is, by FSRS's definition, the interval at which recall drops to 90%.
    card = CardState(state=2, step=None, stability=10.0, difficulty=5.0, due=NOW, last_review=NOW)
    assert Scheduler().retrievability(card, NOW + timedelta(days=10)) == pytest.approx(0.9, abs=1e-6)
    assert Scheduler().retrievability(Scheduler().new_card(NOW), NOW) == 0


def test_card_state_round_trips_through_py_fsrs():
    card = Scheduler().review(None, Rating.Good, NOW)
    assert CardState.from_fsrs(card.to_fsrs()) == card
    assert card.state_name == "learning"
