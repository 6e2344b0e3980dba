"""Properties of the scorer that must hold for any answer (hypothesis)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prepdeck.core.grading import grade_item, grade_text, parse_number
from prepdeck.core.grading.rubric import _cache
from prepdeck.core.loader import load_decks
from prepdeck.core.model import Criterion

FIXTURE = Path(__file__).parent / "fixtures" / "example_deck.yaml"
DECK = load_decks([FIXTURE])
QUESTION = DECK.find("ex-batch-memory")[1]
CONCEPT = DECK.find("ex-epoch")[1]
KEYWORDS = [phrase for criterion in QUESTION.rubric for group in criterion.keyword_groups() for phrase in group]

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Answers built the way candidates write: rubric words (sometimes misspelt), filler,
# negations, punctuation and arbitrary Unicode.
WORDS = st.sampled_from(KEYWORDS + [
    "memory", "batch", "size", "the", "is", "not", "no", "never", "doesn't", "but", "because", "a",
    "gradient", "activatons", "simultaneusly", "8,000", "400", "mini-batch", "always", "better", "affect",
])
PUNCTUATION = st.sampled_from([" ", " ", " ", ", ", ". ", "; ", "\n", " - ", "!", "?"])
ANSWERS = st.one_of(
    st.lists(st.tuples(WORDS, PUNCTUATION), max_size=40).map(lambda parts: "".join(w + p for w, p in parts)),
    st.text(max_size=200),
    st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=30).map(" ".join),
)


@SETTINGS
@given(ANSWERS)
def test_scores_stay_in_range_and_the_verdict_matches(answer):
    for result in (grade_item(QUESTION, answer), grade_item(CONCEPT, answer)):
        assert 0.0 <= result.score <= 1.0
        assert result.verdict in ("strong", "partial", "weak")
        for criterion in result.criteria:
            for hit in criterion.hits:
                assert answer[hit.start:hit.end] == hit.text
                assert 0 <= hit.similarity <= 100


@SETTINGS
@given(ANSWERS)
def test_scoring_is_deterministic(answer):
    first = grade_item(QUESTION, answer)
    _cache.clear()  # a freshly compiled rubric must agree too
    assert grade_item(QUESTION, answer) == first
    assert grade_text(answer, model_answer=QUESTION.model_answer) == grade_text(answer, model_answer=QUESTION.model_answer)


@SETTINGS
@given(ANSWERS, st.sampled_from(KEYWORDS))
def test_appending_a_missing_keyword_never_lowers_the_score(answer, keyword):
    before = grade_item(QUESTION, answer).score
    after = grade_item(QUESTION, answer + " " + keyword).score
    assert after >= before - 1e-9
    derived_before = grade_text(answer, model_answer=QUESTION.model_answer).score
    derived_after = grade_text(answer + " " + keyword, model_answer=QUESTION.model_answer).score
    assert derived_after >= derived_before - 1e-9


@SETTINGS
@given(st.text(max_size=300), st.lists(st.text(min_size=1, max_size=20).filter(str.strip), min_size=1, max_size=4))
def test_arbitrary_unicode_never_raises(answer, keywords):
    rubric = [Criterion(description="anything", keywords=keywords)]
    result = grade_text(answer, rubric=rubric)
    assert 0.0 <= result.score <= 1.0
    try:
        grade_text(answer, model_answer=" ".join(keywords))
    except ValueError:
        pass  # a model answer without content words cannot make a rubric: a clear error, not a crash
    value = parse_number(answer)
    assert value is None or value == value  # never NaN
