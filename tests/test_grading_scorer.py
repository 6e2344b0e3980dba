"""The score, the verdict and the notes: weights, keyword lists, truncation, derived rubrics, items."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from prepdeck.core.grading import derive_rubric, grade_item, grade_text
from prepdeck.core.grading.normalise import MAX_ANSWER_CHARS
from prepdeck.core.loader import load_decks
from prepdeck.core.model import Criterion, FollowUp, Thresholds

FIXTURE = Path(__file__).parent / "fixtures" / "example_deck.yaml"


@pytest.fixture(scope="module")
def deck():
    return load_decks([FIXTURE])


@pytest.fixture(scope="module")
def question(deck):
    return deck.find("ex-batch-memory")[1]


def test_score_is_the_weighted_fraction_of_criteria_met(question):
    # The first criterion weighs 2 and the second 1 (see the fixture).
    only_first = grade_item(question, "The activations of all examples are stored at the same time.")
    only_second = grade_item(question, "The memory roughly doubles when you double the batch.")
    assert only_first.score == pytest.approx(2 / 3) and only_first.verdict == "partial"
    # A third of the weight is partial under the default bands (partial from 0.3).
    assert only_second.score == pytest.approx(1 / 3) and only_second.verdict == "partial"
    assert grade_item(question, "The batch is stored on the GPU.").verdict == "weak"
    assert [c.met for c in only_first.criteria] == [True, False]
    assert [c.weight for c in only_first.criteria] == [2.0, 1.0]


def test_thresholds_set_the_verdict_bands(question):
    answer = "The activations of all examples are stored at the same time."
    assert grade_item(question, answer, Thresholds(strong=0.6, partial=0.3)).verdict == "strong"
    assert grade_item(question, answer, Thresholds(strong=0.9, partial=0.7)).verdict == "weak"


def test_a_keyword_list_is_capped_at_partial_and_told_why(question):
    salad = grade_item(question, "activations, in parallel, doubles, linearly")
    assert salad.verdict == "partial" and salad.score < 0.75
    assert any("keyword" in note and "partial" in note for note in salad.notes)
    sentence = grade_item(question, "The activations are kept in parallel, so memory doubles.")
    assert sentence.verdict == "strong" and not any("keyword" in note for note in sentence.notes)


@pytest.mark.parametrize("answer", [
    "activations; doubles",
    "- activations\n- same time\n- linearly",
    "activations / simultaneously / doubles / linear memory growth",
    "activations, all at once, it doubles, linearly",  # function words do not make a sentence
])
def test_bare_lists_in_any_layout_are_keyword_lists(question, answer):
    assert grade_item(question, answer).verdict == "partial"


def test_a_weak_keyword_list_is_not_raised_or_annotated(question):
    result = grade_item(question, "banana, apple")
    assert result.score == 0.0 and not any("keyword" in note for note in result.notes)


def test_huge_input_is_truncated_scored_fast_and_says_so(question):
    answer = "The activations of every example are held at once. " + "filler words here " * 60_000
    start = time.perf_counter()
    result = grade_item(question, answer + " and memory doubles")
    elapsed = time.perf_counter() - start
    assert len(answer) > 1_000_000
    assert any(f"{MAX_ANSWER_CHARS:,}" in note for note in result.notes)
    assert not result.criteria[1].met  # "doubles" lies beyond the scored part
    assert result.criteria[0].met
    assert elapsed < 5  # generous: a sanity bound, not a benchmark


def test_empty_answer_scores_zero_with_a_note(question):
    result = grade_item(question, "   ")
    assert result.score == 0.0 and result.verdict == "weak" and result.notes


def test_grade_text_needs_a_rubric_or_a_model_answer():
    with pytest.raises(ValueError):
        grade_text("anything")
    with pytest.raises(ValueError):
        grade_text("anything", model_answer="   ")
    with pytest.raises(ValueError):
        grade_text("anything", model_answer="the of and")  # no content words


def test_an_authored_rubric_wins_over_the_model_answer():
    rubric = [Criterion(description="x", keywords=["gradient"])]
    result = grade_text("gradient descent is used here", rubric=rubric, model_answer="momentum helps")
    assert not result.derived and result.score == 1.0


def test_derived_rubric_uses_content_words_and_says_so():
    result = grade_text("It averages the gradients over every example in the batch.",
                        model_answer="The gradient is averaged over the examples of the batch.")
    assert result.derived and any("model answer" in note for note in result.notes)
    descriptions = " ".join(c.description for c in result.criteria)
    for word in ("gradient", "averaged", "examples", "batch"):
        assert word in descriptions
    for word in ("“the”", "“is”", "“over”", "“of”"):
        assert word not in descriptions
    assert result.verdict == "strong"


def test_derived_rubric_weighs_rare_words_above_common_ones_and_demotes_the_prompt():
    criteria = {c.keyword_groups()[0][0]: c.weight for c in derive_rubric("Use regularization to make the model simpler.")}
    assert criteria["regularization"] > criteria["use"]
    assert criteria["regularization"] > criteria["model"]
    assert "make" not in criteria  # a light verb is no criterion at all
    prompted = {c.keyword_groups()[0][0]: c.weight for c in derive_rubric("Use regularization to make the model simpler.",
                                                               prompt="Why use regularization?")}
    assert prompted["regularization"] < criteria["regularization"]
    assert prompted["simpler"] == criteria["simpler"]


def test_derived_rubric_keeps_hyphenated_compounds_together():
    keywords = [c.keyword_groups()[0][0] for c in derive_rubric("Mini-batch gradient descent is state-of-the-art.")]
    assert "mini-batch" in keywords and "state-of-the-art" in keywords
    assert "mini" not in keywords and "batch" not in keywords


def test_derived_rubric_is_deterministic_and_cached():
    first = derive_rubric("Dropout randomly zeroes activations during training.")
    assert first == derive_rubric("Dropout randomly zeroes activations during training.")
    assert first is not derive_rubric("Dropout randomly zeroes activations during training.")  # a fresh list


def test_concept_is_graded_against_its_definition(deck):
    concept = deck.find("ex-epoch")[1]
    good = grade_item(concept, "An epoch is one complete pass over the entire training dataset.")
    poor = grade_item(concept, "An epoch is a single weight update.")
    assert good.derived and good.verdict == "strong"
    assert poor.verdict == "weak"


def test_repeating_the_term_earns_little(deck):
    concept = deck.find("ex-epoch")[1]
    assert grade_item(concept, "An epoch is an epoch.").verdict == "weak"


def test_follow_ups_use_their_rubric_or_model_answer(question):
    with_model = question.follow_ups[1]
    assert grade_item(with_model, "Summing gradients over several small batches before one update, "
                                  "to mimic a larger batch.").verdict == "strong"
    with pytest.raises(ValueError):
        grade_item(question.follow_ups[0], "anything")
    authored = FollowUp(prompt="p", rubric=[Criterion(description="x", keywords=["accumulate"])])
    assert grade_item(authored, "We accumulate the gradients here.").score == 1.0


def test_results_serialise(question):
    data = grade_item(question, "The activations are kept at once, memory doubles.").to_dict()
    assert {"score", "verdict", "criteria", "penalties", "derived", "notes"} <= set(data)
    hit = data["criteria"][0]["hits"][0]
    assert {"keyword", "text", "start", "end", "similarity", "negated"} <= set(hit)


def test_derived_rubric_accepts_everyday_synonyms_of_the_model_answers_words():
    model = "One complete pass of the entire training dataset through the learning algorithm."
    paraphrase = grade_text("one full pass through the whole training data", model_answer=model)
    unrelated = grade_text("the learning rate sets how big each update is", model_answer=model)
    assert paraphrase.verdict == "strong"
    assert unrelated.verdict == "weak"
    met = {c.description for c in paraphrase.criteria if c.met}
    assert {"mentions “complete”", "mentions “entire”", "mentions “dataset”"} <= met


def test_a_concept_is_graded_on_its_whole_definition():
    from prepdeck.core.model import Concept

    concept = Concept(
        id="c", source="s", term="Epoch",
        definition="One complete pass of the entire training dataset through the learning algorithm: every "
                   "example is used once, which takes ceil(N / B) steps. The data is usually reshuffled.",
    )
    full = grade_item(concept, "One full pass over the whole training set, every example used once, "
                               "ceil(N/B) steps, reshuffled each time.")
    first_sentence_only = grade_item(concept, "It is one full pass over the whole training set.")
    assert full.verdict == "strong" and full.score > first_sentence_only.score
    assert first_sentence_only.verdict != "weak"
    assert grade_item(concept, "The number of examples in a batch.").verdict == "weak"
    described = {c.description for c in full.criteria}
    assert "mentions “reshuffled”" in described  # the details count too


def test_derived_rubric_ignores_citations_and_light_verbs():
    described = {c.description for c in derive_rubric(
        "Larger batches make fewer updates, so training takes longer per step (Keskar et al. 2017).")}
    assert {"mentions “fewer”", "mentions “updates”", "mentions “longer”"} <= described
    for noise in ("keskar", "et", "al", "2017", "make", "takes"):
        assert f"mentions “{noise}”" not in described


def test_derived_rubric_counts_claim_words_such_as_once_at_low_weight():
    criteria = {c.keyword_groups()[0][0]: c.weight for c in derive_rubric("The loop body executes at least once.")}
    assert criteria["once"] < criteria["body"] and criteria["least"] < criteria["body"]
    model = "The loop body executes at least once."
    assert grade_text("the body runs once", model_answer=model).score > grade_text("the body runs", model_answer=model).score


def test_derived_rubric_gives_credit_for_another_form_of_a_key_word():
    model = "pointer arithmetic walks the array"
    exact = grade_text("a pointer", model_answer=model).score
    assert exact > 0
    assert grade_text("by pointing", model_answer=model).score == exact  # shares its first five letters
    near = grade_text("an appointer", model_answer=model).score  # a similar spelling earns part
    assert 0 < near < exact
    assert grade_text("by hand", model_answer=model).score == 0


@pytest.mark.parametrize("answer", [
    "one full pass over the trainng data",
    "one pas ovr the entyre trainig datset",
    "a complete sweep through every exampel",
])
def test_every_check_mark_is_what_the_score_counted_near_spellings_included(answer):
    from prepdeck.core.grading.feedback import feedback_rows
    from prepdeck.core.grading.scorer import DERIVED_FULL_CREDIT

    result = grade_text(answer, model_answer="One complete pass over the entire training dataset.")
    rows = feedback_rows(result)
    counted = sum(row.weight * row.credit for row in rows if row.status == "met")
    total = sum(row.weight for row in rows if row.status != "misconception")
    assert result.score == pytest.approx(min(1.0, counted / total / DERIVED_FULL_CREDIT), abs=1e-6)
    for row in rows:
        if row.status == "met":
            assert row.counted, row  # a ✓ always shows the words it was credited for
            for evidence in row.counted:
                assert answer[evidence.start:evidence.end] == evidence.text
        else:
            assert row.credit == 1.0 and not row.counted
