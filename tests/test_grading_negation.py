"""Negated clauses and misconception penalties."""

from __future__ import annotations

from pathlib import Path

import pytest

from prepdeck.core.grading import grade_item, grade_text
from prepdeck.core.loader import load_decks
from prepdeck.core.rubric_model import Criterion, Misconception

FIXTURE = Path(__file__).parent / "fixtures" / "example_deck.yaml"
MEMORY = [Criterion(description="memory grows with batch", keywords=[["memory", "vram"]])]


@pytest.fixture(scope="module")
def question():
    return load_decks([FIXTURE]).find("ex-batch-memory")[1]


def only_hit(answer: str, rubric=MEMORY):
    result = grade_text(answer, rubric=rubric)
    (criterion,) = result.criteria
    return criterion, (criterion.hits[0] if criterion.hits else None)


@pytest.mark.parametrize("answer", [
    "Batch size does not affect memory.",
    "Batch size doesn't affect memory at all.",
    "The batch size never changes the memory needed.",
    "It has no effect on memory.",
    "Batch size cannot change GPU memory use.",
    "A larger batch runs without needing more memory.",
])
def test_a_keyword_in_a_negated_clause_is_shown_but_not_counted(answer):
    criterion, hit = only_hit(answer)
    assert not criterion.met
    assert hit is not None and hit.negated
    assert answer[hit.start:hit.end] == hit.text


@pytest.mark.parametrize("answer", [
    "It is not slow, and a larger batch needs more memory.",  # the clause ends at the comma
    "Not only speed but also memory grows with the batch.",  # "not only" is not a negation
    "It does not matter much; memory is what limits the batch.",  # the semicolon ends the scope
    "Speed is not the issue but memory is.",  # "but" ends the scope
    "Memory grows with the batch size, which is not surprising.",  # the keyword comes before the cue
    "Without gradient checkpointing you need more memory.",  # "without" negates only its phrase
    "Without care it uses far more memory per step.",  # ... which also ends where a subject starts
])
def test_a_keyword_outside_the_negated_clause_counts(answer):
    criterion, hit = only_hit(answer)
    assert criterion.met and not hit.negated


def test_a_plain_occurrence_beats_a_negated_one():
    criterion, hit = only_hit("It does not save memory. In fact memory grows with it.")
    assert criterion.met and not hit.negated and hit.start > 20


def test_a_keyword_that_includes_the_cue_matches_positively():
    rubric = [Criterion(description="epochs unchanged", keywords=[["does not change", "independent of"]])]
    criterion, hit = only_hit("Batch size doesn't change the number of epochs.", rubric)
    assert criterion.met and not hit.negated and hit.text == "doesn't change"


def test_each_misconception_found_costs_its_penalty_once(question):
    clean = grade_item(question, "Activations of every example are held at once, so memory doubles.")
    wrong = grade_item(question, "Activations of every example are held at once, so memory doubles. "
                                 "But batch size does not affect memory. Batch size does not affect memory.")
    assert clean.score == pytest.approx(1.0)
    assert wrong.score == pytest.approx(1.0 - 0.3)
    (penalty,) = wrong.penalties
    assert penalty.penalty == 0.3 and "Activation memory" in penalty.explanation
    assert wrong.penalties[0].text == "batch size does not affect memory"


def test_a_denied_misconception_costs_nothing():
    rubric = [Criterion(description="x", keywords=["gradient"], misconceptions=[
        Misconception(phrases=["larger batch is always better"], penalty=0.5)])]
    assert grade_text("The gradient matters. A larger batch is always better.", rubric=rubric).score == 0.5
    assert grade_text("The gradient matters. It is not true that a larger batch is always better.",
                      rubric=rubric).score == 1.0


def test_misconception_phrasing_tolerates_inflection_and_articles():
    rubric = [Criterion(description="x", keywords=["gradient"], misconceptions=[
        Misconception(phrases=["larger batch is always better"], penalty=0.25)])]
    result = grade_text("The gradient matters, and larger batches are always better.", rubric=rubric)
    assert [p.text for p in result.penalties] == ["larger batches are always better"]


def test_penalties_cannot_push_the_score_below_zero():
    rubric = [Criterion(description="x", keywords=["gradient"], misconceptions=[
        Misconception(phrases=["always better"], penalty=0.9), Misconception(phrases=["never worse"], penalty=0.9)])]
    result = grade_text("Bigger is always better and never worse.", rubric=rubric)
    assert result.score == 0.0 and result.verdict == "weak" and len(result.penalties) == 2
