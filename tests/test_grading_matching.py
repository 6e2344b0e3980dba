"""Keyword matching: typos, inflections, compounds, whole words only, exact digits, spans."""

from __future__ import annotations

import pytest

from prepdeck.core.grading import grade_text
from prepdeck.core.model import Criterion


def hits(keyword: str | list[str], answer: str):
    """The plain (non-negated) hits of a one-criterion rubric on ``answer``."""
    rubric = [Criterion(description="the idea", keywords=[keyword])]
    result = grade_text(answer + " is what I would say here.", rubric=rubric)
    return [h for h in result.criteria[0].hits if not h.negated]


def found(keyword, answer: str) -> bool:
    return bool(hits(keyword, answer))


@pytest.mark.parametrize("answer", [
    "activatons", "actvations", "activaitons",  # a dropped, missing or swapped letter
    "gradeint",  # swapped letters in an 8-letter word
    "bacth",  # a swap is tolerated even in a five-letter word
])
def test_typos_in_longer_words_match(answer):
    keyword = {"bacth": "batch", "gradeint": "gradient"}.get(answer, "activations")
    assert found(keyword, answer)


def test_two_edits_in_a_long_word_match():
    assert found("regularisation", "regularizasion")


@pytest.mark.parametrize("keyword, answer", [
    ("loss", "less"), ("rate", "late"),  # short words must be exact
    ("batch", "match"), ("batch", "patch"),  # five letters: only a swap, never a changed letter
    ("weight", "height"),  # never a different first letter
    ("increase", "decrease"),
    ("overfitting", "underfitting"),
])
def test_different_words_do_not_match(keyword, answer):
    assert not found(keyword, answer)


@pytest.mark.parametrize("keyword, answer", [
    ("batch", "batches"), ("update", "updating"), ("update", "updated"), ("updates", "update"),
    ("epoch", "epochs"), ("gradient", "gradients"), ("stop", "stopped"), ("embedding", "embedded"),
    ("property", "properties"), ("linear", "linearly"),
    ("evaporated", "evaporation"),  # same Snowball stem
])
def test_inflections_match(keyword, answer):
    assert found(keyword, answer)


@pytest.mark.parametrize("keyword", ["mini-batch", "minibatch", "mini batch", "Mini-Batch"])
@pytest.mark.parametrize("answer", ["mini-batch", "minibatch", "mini batch", "MINI-BATCHES", "mini batches"])
def test_spacing_and_hyphenation_variants_match(keyword, answer):
    assert found(keyword, answer)


def test_case_punctuation_and_unicode_are_normalised():
    assert found("learning rate", "LEARNING-RATE")
    assert found("naive", "naïve")
    assert found("learning rate", "learning, rate") is True  # punctuation between words is ignored
    assert found("fine tuning", "ﬁne-tuning")  # NFKC folds the ligature


@pytest.mark.parametrize("keyword, answer", [
    ("rate", "accurate"), ("rate", "generate"), ("mean", "meander"), ("batch", "minibatch"),
    ("norm", "enormous"),
    ("art", "partial"), ("loss", "lossless"),
])
def test_no_reward_for_a_keyword_inside_a_longer_word(keyword, answer):
    assert not found(keyword, answer)


@pytest.mark.parametrize("keyword, answer, expected", [
    ("400", "4000", False), ("4000", "400", False), ("400", "400", True),
    ("8000", "8,000", True), ("1e-3", "1e-4", False), ("fp16", "fp32", False), ("fp16", "fp16", True),
    ("32 bits", "64 bits", False), ("32 bits", "32 bit", True),
])
def test_digits_are_never_fuzzy(keyword, answer, expected):
    assert found(keyword, answer) is expected


def test_synonyms_in_a_keyword_group_count_once():
    rubric = [Criterion(description="at once", keywords=[["simultaneously", "at once", "in parallel"]], min_hits=1)]
    result = grade_text("They run in parallel, simultaneously, at once.", rubric=rubric)
    assert result.criteria[0].met
    assert len(result.criteria[0].hits) == 1


def test_min_hits_counts_distinct_keywords():
    rubric = [Criterion(description="two ideas", keywords=["memory", "activations"], min_hits=2)]
    assert not grade_text("Memory, memory and more memory is needed here.", rubric=rubric).criteria[0].met
    assert grade_text("Memory is needed for the activations.", rubric=rubric).criteria[0].met


def test_hit_spans_index_the_original_answer():
    answer = "Ünïcode first: the ﬁne activatons are KEPT for backprop."
    rubric = [Criterion(description="kept", keywords=["activations", ["kept", "stored"], "fine"], min_hits=1)]
    result = grade_text(answer, rubric=rubric)
    for hit in result.criteria[0].hits:
        assert answer[hit.start:hit.end] == hit.text
    by_keyword = {h.keyword: h for h in result.criteria[0].hits}
    assert by_keyword["activations"].text == "activatons"
    assert 0 < by_keyword["activations"].similarity < 100
    assert by_keyword["kept"].text == "KEPT" and by_keyword["kept"].similarity == 100
    assert by_keyword["fine"].text == "ﬁne"


def test_articles_and_be_do_not_break_a_phrase():
    assert found("larger batch is always better", "a larger batch size... no: larger batches are always better")


def test_missing_lists_the_first_phrasing_of_each_unmet_keyword():
    rubric = [Criterion(description="x", keywords=[["activations", "feature maps"], "doubles"], min_hits=2)]
    result = grade_text("The activations are kept, that is all.", rubric=rubric)
    assert result.criteria[0].missing == ("doubles",)
