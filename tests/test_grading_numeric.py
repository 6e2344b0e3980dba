"""Numeric answers: reading numbers as candidates write them, tolerances, foreseen wrong answers."""

from __future__ import annotations

import pytest

from prepdeck.core.generate.question import WrongAnswerValue
from prepdeck.core.grading import grade_number, parse_number
from prepdeck.core.model import Tolerance

EXACT = Tolerance()


@pytest.mark.parametrize("text", [
    "8000", "8,000", "8 000", "8\u202f000", "8k", "8K", "8e3", "8E+3", "8000 steps", "~8000", "≈ 8000",
    "about 8,000 updates", "8.0e3", "8 thousand", "8 × 10^3", "8x10^3", "8000.", "It is 8000.",
    "50000 / 125 × 20 = 8000", "50,000/125 = 400 per epoch, × 20 = 8,000 steps",
])
def test_ways_of_writing_eight_thousand(text):
    assert parse_number(text) == 8000


@pytest.mark.parametrize("text, expected", [
    ("0.5", 0.5), (".5", 0.5), ("-3", -3), ("−2.5", -2.5), ("1e-3", 0.001), ("3e-4", 3e-4),
    ("1.5M", 1.5e6), ("2 million", 2e6), ("1.2B", 1.2e9), ("2,5", 2.5), ("1/8", 0.125),
    ("2^10", 1024), ("1,234,567.5", 1234567.5), ("50%", 50),
])
def test_other_numbers(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "no idea", "a lot", "v2", "1/0", "1e999", "10^999"])
def test_no_number(text):
    assert parse_number(text) is None


def test_a_unit_letter_inside_a_word_is_not_a_multiplier():
    assert parse_number("8 models") == 8
    assert parse_number("8 mini-batches") == 8
    assert parse_number("8ms") == 8


def test_exact_by_default_up_to_float_rounding():
    assert grade_number("8000", 8000, EXACT).correct
    assert grade_number("0.3", 0.1 + 0.2, EXACT).correct
    assert not grade_number("8001", 8000, EXACT).correct


@pytest.mark.parametrize("answer, tolerance, correct", [
    ("8050", Tolerance(abs=50), True), ("8051", Tolerance(abs=50), False),
    ("8400", Tolerance(rel=0.05), True), ("8401", Tolerance(rel=0.05), False),
    ("0.0123", Tolerance(sig_figs=3), True),  # expected 0.012345 to 3 s.f.
    ("0.012345678", Tolerance(sig_figs=3), True),
    ("0.0124", Tolerance(sig_figs=3), False),
])
def test_tolerances(answer, tolerance, correct):
    expected = 0.012345 if tolerance.sig_figs else 8000
    assert grade_number(answer, expected, tolerance).correct is correct


def test_any_set_tolerance_suffices():
    both = Tolerance(abs=1, rel=0.1)
    assert grade_number("8700", 8000, both).correct
    assert grade_number("0.5", 0.0, both).correct


def test_a_foreseen_wrong_answer_gets_its_diagnosis():
    wrong = [WrongAnswerValue(400, "That is steps per epoch; multiply by the number of epochs.")]
    result = grade_number("400 steps", 8000, EXACT, wrong)
    assert not result.correct and result.parsed == 400
    assert result.diagnosis == "That is steps per epoch; multiply by the number of epochs."
    assert result.verdict == "weak" and result.score == 0


def test_the_right_answer_wins_over_a_coinciding_wrong_one():
    result = grade_number("400", 400, EXACT, [WrongAnswerValue(400, "coincidence")])
    assert result.correct and result.diagnosis is None and result.verdict == "strong"


def test_unparseable_and_unforeseen_answers():
    nothing = grade_number("no idea", 8000, EXACT)
    assert nothing.parsed is None and not nothing.correct and nothing.notes
    wrong = grade_number("800", 8000, EXACT)
    assert wrong.diagnosis is None and any("factor of 10" in note for note in wrong.notes)


def test_a_percentage_may_mean_a_fraction():
    assert grade_number("25%", 0.25, EXACT).correct
    assert grade_number("25%", 25, EXACT).correct


@pytest.mark.parametrize("text, expected", [
    ("60000/128 = 468.75, so ~469", 469),  # the final stated value, not the first after "="
    ("that's 468.75 ≈ 469", 469),
    ("each epoch has 468 full batches and then one more, 469", 469),  # last number of the last sentence
    ("313 updates (312 if you set drop_last)", 313),  # a short opening statement, then an explanation
    ("10. ceil(1000/4096) = 1 batch per epoch, times 10 epochs", 10),
    ("50,000/125 = 400 per epoch, × 20 = 8,000 steps", 8000),  # a computation that goes on
])
def test_the_final_stated_value_counts(text, expected):
    assert parse_number(text) == pytest.approx(expected)


def test_two_different_final_values_get_a_message_not_a_silent_grade():
    result = grade_number("it's 312 or 313", 313, EXACT)
    assert not result.correct and result.parsed is None
    assert result.notes == ("the answer states two different final values (312 and 313): give one answer",)
    assert parse_number("312 or 313") is None
    assert grade_number("313 or so", 313, EXACT).correct  # one value, however hedged


def test_a_follow_up_asking_for_a_number_is_graded_as_a_number():
    from prepdeck.core.grading import grade_item
    from prepdeck.core.grading.result import NumericResult
    from prepdeck.core.model import FollowUp

    follow_up = FollowUp(prompt="How many updates does one epoch take with 10,000 examples and batch size 32?",
                         model_answer="ceil(10,000 / 32) = 313: 312 full batches and a last one of 16.")
    right, wrong = grade_item(follow_up, "313"), grade_item(follow_up, "10000/32 = 312.5, so 312")
    assert isinstance(right, NumericResult) and right.correct and right.expected == 313
    assert isinstance(wrong, NumericResult) and not wrong.correct and wrong.parsed == 312
    prose = FollowUp(prompt="How much does the noise fall?", model_answer="The variance of the gradient "
                     "scales as 1 / B, so it falls by a factor of 4.")
    assert not isinstance(grade_item(prose, "by a factor of 4"), NumericResult)  # a sentence, not a number
