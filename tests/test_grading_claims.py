"""Claims: clauses, polarity (negation and direction flips), contradictions and their feedback."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prepdeck.core.grading import grade_text
from prepdeck.core.grading.clauses import split_clauses
from prepdeck.core.grading.feedback import feedback_rows
from prepdeck.core.grading.lexicon_index import lexicon_for
from prepdeck.core.grading.normalise import tokenize
from prepdeck.core.grading.polarity import find_cues
from prepdeck.core.model import Criterion, Thresholds

LR = Criterion.model_validate({
    "description": "Raise the learning rate in proportion to the batch size", "weight": 2,
    "claim": {"subject": ["learning rate", "lr"], "predicate": ["increase", "scale up"],
              "also": [["linear", "linearly", "proportion", "proportional", "same factor"]]}})
WARMUP = Criterion.model_validate({"description": "Warm up", "keywords": [["warm up", "warmup", "ramp"]]})
SMALL_BETTER = Criterion.model_validate({
    "description": "Small batches generalise better", "weight": 2,
    "claim": {"subject": ["small batches", "small batch"], "predicate": ["generalise better"]}})
NOISE = Criterion.model_validate({
    "description": "Small batches give noisier gradients",
    "claim": {"subject": ["small batches"], "predicate": ["noisier gradients", "noisy gradients"]}})
DROPOUT = Criterion.model_validate({
    "description": "Dropout is not applied at inference", "core": True,
    "claim": {"subject": ["dropout"], "predicate": ["applied", "used"], "also": [["inference"]], "negated": True}})
EARLY = Criterion.model_validate({
    "description": "Early stopping halts training when validation loss rises", "weight": 2,
    "claim": {"subject": ["early stopping"], "predicate": ["stop training", "halt training", "prevents overfitting"]}})
PROMPT = "You multiply the batch size by 8. How should you change the learning rate?"


def clauses_of(text: str) -> list[str]:
    tokens = tokenize(text)
    clauses, _ = split_clauses(tokens, text)
    return [text[tokens[c.first].start:tokens[c.last].end] for c in clauses]


# ---------------------------------------------------------------------------- clauses

@pytest.mark.parametrize("text, expected", [
    ("Raise it, then warm up; done. Next!", ["Raise it", "then warm up", "done", "Next"]),
    ("small batches are noisy but they generalise", ["small batches are noisy", "but they generalise"]),
    ("it helps because the noise escapes sharp minima", ["it helps", "because the noise escapes sharp minima"]),
    ("large batches generalise worse than small ones", ["large batches generalise worse", "than small ones"]),
    ("increase it rather than decrease it", ["increase it rather than decrease it"]),
    ("test accuracy drops compared to small batches", ["test accuracy drops", "compared to small batches"]),
    ("noisier relative to large ones", ["noisier", "relative to large ones"]),
    ("it is compared", ["it is compared"]),  # only "compared to/with" opens the other side
    ("one forward and backward pass over 8,000 examples or 1.5 epochs",
     ["one forward and backward pass over 8,000 examples or 1.5 epochs"]),
    ("memory grows until it no longer fits", ["memory grows", "until it no longer fits"]),
    ("large (8k) batches - then stop", ["large", "8k", "batches", "then stop"]),
    ("if it is too high, updates overshoot, and it diverges", ["if it is too high, updates overshoot",
                                                               "and it diverges"]),
    ("when batches grow, but slowly, it helps", ["when batches grow", "but slowly", "it helps"]),
    ("too high: it diverges, fast", ["too high: it diverges", "fast"]),
    ("the learning rate that you picked at the start: wrong", ["the learning rate that you picked at the start",
                                                               "wrong"]),
])
def test_clauses_split_at_punctuation_and_contrasting_or_causal_conjunctions(text, expected):
    assert clauses_of(text) == expected


def test_clauses_between_sentence_ends_share_a_sentence():
    text = "Raise it 8x, in proportion. Then warm up; slowly! Done"
    tokens = tokenize(text)
    clauses, clause_of = split_clauses(tokens, text)
    assert [c.sentence for c in clauses] == [0, 0, 1, 1, 2]
    assert len(clause_of) == len(tokens) and clause_of[-1] == 4


# ---------------------------------------------------------------------------- negation scope

def negated_words(text: str) -> list[str]:
    tokens = tokenize(text)
    clauses, clause_of = split_clauses(tokens, text)
    cues = find_cues(tokens, clauses, clause_of, lexicon_for(None))
    return [t.word for i, t in enumerate(tokens) if any(c.covers(i, i) for c in cues)]


@pytest.mark.parametrize("text, expected", [
    ("dropout is not applied at inference", ["applied", "at", "inference"]),
    ("early stopping is a myth", ["early", "stopping", "is"]),
    ("warm-up isn't needed", ["warm", "up", "is"]),
    ("bigger is always better and never worse", ["worse"]),
    ("without warm-up you diverge", ["warm", "up"]),
    ("raise it rather than cut it", ["cut"]),  # a phrase cue stops at a pronoun
    ("not only faster but better", []),
    ("there is no need to warm up here", ["to", "warm", "up", "here"]),
    ("it barely helps, it converges", ["helps"]),
])
def test_negation_cues_and_their_scopes(text, expected):
    assert negated_words(text) == expected


# ---------------------------------------------------------------------------- claims and polarity

def grade(answer: str, *rubric: Criterion, prompt: str | None = PROMPT):
    return grade_text(answer, rubric=list(rubric) or [LR, WARMUP], prompt=prompt)


def status(result, index: int = 0) -> str:
    criterion = result.criteria[index]
    return "contradicted" if criterion.contradicted else "met" if criterion.met else "missed"


@pytest.mark.parametrize("answer, expected", [
    ("Increase the learning rate linearly.", "met"),
    ("Scale up the LR in proportion to the batch.", "met"),
    ("Bump it up by about 8x, proportional to the batch", "met"),  # subject implied by the question
    ("Decrease the learning rate linearly.", "contradicted"),  # predicate flipped
    ("Don't increase the LR linearly.", "contradicted"),  # negated
    ("Don't decrease the LR, just scale it linearly", "met"),  # negation and flip cancel
    ("You should not lower the learning rate; raise it linearly", "met"),
    ("The learning rate stays; memory increases linearly", "missed"),  # subject and predicate in different clauses
    ("Increase the learning rate.", "missed"),  # the further idea is missing
])
def test_a_claim_is_met_only_in_one_clause_with_positive_polarity(answer, expected):
    assert status(grade(answer)) == expected


@pytest.mark.parametrize("answer, expected", [
    ("Increase, in proportion to the batch.", "met"),  # the reply opens with the predicate
    ("Decrease, in proportion to the batch.", "contradicted"),  # and its opposite contradicts
    ("An increase in proportion to the batch.", "met"),  # an article may come first
    ("Memory should increase in proportion to the batch.", "missed"),  # another subject named first
])
def test_a_reply_that_opens_with_the_predicate_leaves_the_questions_subject_implied(answer, expected):
    assert status(grade(answer)) == expected
    assert status(grade(answer, prompt=None)) == "missed"  # only when the question names the subject


@pytest.mark.parametrize("answer, expected", [
    ("Small batches generalise better.", "met"),
    ("Large batches generalise worse.", "met"),  # two flips cancel
    ("Large batches generalise better.", "contradicted"),  # subject flipped
    ("Small batches generalise worse.", "contradicted"),  # predicate flipped
    ("Large batches do not generalise worse.", "contradicted"),  # three flips
    ("Large batches generalise worse than small ones.", "met"),  # "than" starts the other side
])
def test_direction_flips_on_subject_and_predicate_count_by_parity(answer, expected):
    assert status(grade(answer, SMALL_BETTER, prompt=None)) == expected


def test_a_negated_claim_is_met_by_the_negation_and_contradicted_without_it():
    assert status(grade("Dropout is not applied at inference.", DROPOUT, prompt=None)) == "met"
    assert status(grade("Dropout is still applied at inference.", DROPOUT, prompt=None)) == "contradicted"


def test_a_subject_denied_at_the_end_of_a_clause_contradicts_the_claim():
    result = grade("Train as long as you can, early stopping is a myth", EARLY, prompt=None)
    assert status(result) == "contradicted"
    assert result.contradictions[0].text == "early stopping is a myth"


# ---------------------------------------------------------------------------- what contradictions cost

def test_a_contradicted_criterion_earns_nothing_and_costs_its_share():
    result = grade("Decrease the learning rate linearly, with a warm-up.")
    assert status(result, 0) == "contradicted" and status(result, 1) == "met"
    # warm-up earns 1/3; the contradiction costs the claim's 2/3 share
    assert result.score == 0.0
    assert result.contradictions[0].penalty == pytest.approx(2 / 3, abs=1e-6)


def test_contradicting_any_criterion_is_never_strong():
    rubric = [NOISE, SMALL_BETTER.model_copy(update={"weight": 5.0}), WARMUP.model_copy(update={"weight": 5.0})]
    answer = "Small batches generalise better, and you warm up. Small batches give smoother gradients."
    result = grade_text(answer, rubric=rubric)
    assert result.criteria[0].contradicted and not result.criteria[0].core
    assert result.verdict != "strong" and result.score <= Thresholds().strong - 0.01


def test_contradicting_the_core_criterion_is_weak_whatever_else_is_met():
    rubric = [DROPOUT, *[Criterion.model_validate({"description": f"idea {w}", "keywords": [w], "weight": 3})
                         for w in ("regularises", "ensemble", "scaling")]]
    answer = ("Dropout regularises like an ensemble, with scaling of the kept units. "
              "Dropout is applied at inference too.")
    result = grade_text(answer, rubric=rubric)
    assert sum(c.met for c in result.criteria) == 3
    assert result.verdict == "weak" and result.contradictions[0].core


def test_a_misconception_claim_costs_its_penalty_when_asserted_and_nothing_when_denied():
    criterion = Criterion.model_validate({
        "description": "Raise the LR", "claim": {"subject": ["learning rate"], "predicate": ["increase"]},
        "misconceptions": [{"claim": {"subject": ["larger batch", "large batch"], "predicate": ["always better"]},
                            "penalty": 0.3, "explanation": "Not always: generalisation can suffer."}]})
    asserted = grade_text("Increase the learning rate; a larger batch is always better.", rubric=[criterion])
    denied = grade_text("Increase the learning rate; a larger batch is not always better.", rubric=[criterion])
    assert [p.penalty for p in asserted.penalties] == [0.3] and asserted.penalties[0].text == \
        "a larger batch is always better"
    assert denied.penalties == () and denied.score == 1.0


# ---------------------------------------------------------------------------- feedback

def test_feedback_quotes_the_contradicting_clause_beside_its_claim():
    answer = "Decrease it linearly by the same factor, and use a warm-up"
    rows = feedback_rows(grade(answer))
    row = rows[0]
    assert row.status == "contradicted" and row.mark == "⚠"
    assert row.quote is not None and row.quote.text == "Decrease it linearly by the same factor"
    assert answer[row.quote.start:row.quote.end] == row.quote.text
    assert row.claim == "learning rate increase linear"
    assert rows[1].status == "met" and [e.text for e in rows[1].counted] == ["warm-up"]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["Increase the learning rate linearly.", "Scale up the LR in proportion.",
                        "Small batches generalise better."]),
       st.sampled_from([" Don't decrease the learning rate linearly.", " Large batches generalise worse.",
                        " Also warm up."]))
def test_adding_an_agreeing_sentence_never_turns_a_met_claim_into_a_contradiction(first, second):
    rubric = [LR, SMALL_BETTER]
    before = grade_text(first, rubric=rubric, prompt=PROMPT)
    after = grade_text(first + second, rubric=rubric, prompt=PROMPT)
    assert not any(c.contradicted for c in after.criteria)
    assert after.score >= before.score


CLAIM_DECK = """\
id: claims
title: Claims
questions:
  - id: q-lr
    source: test
    prompt: You multiply the batch size by 8. How should you change the learning rate?
    model_answer: Increase the learning rate linearly, by the same factor of 8, with a warm-up.
    rubric:
      - description: Raise the learning rate in proportion to the batch size
        weight: 2
        claim:
          subject: [learning rate, lr]
          predicate: [increase, scale up]
          also: [[linearly, proportional, same factor]]
      - description: Use a warm-up
        keywords: [[warm-up, warm up, ramp]]
"""
WRONG = "Decrease it linearly by the same factor of 8, and use a warm-up"


def test_quiz_plain_quotes_the_contradicting_clause_beside_its_claim(tmp_path, monkeypatch, capsys):
    import io
    import sys

    from prepdeck.cli import main

    deck = tmp_path / "claims.yaml"
    deck.write_text(CLAIM_DECK, encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO(WRONG + "\n\n"))
    assert main(["quiz", "--plain", "--db", str(tmp_path / "db.sqlite3"), "--seed", "1", str(deck)]) == 0
    out = capsys.readouterr().out
    assert "  ⚠ Raise the learning rate in proportion to the batch size (claim: learning rate increase " \
           "linearly) — contradicted (−0.67, core)" in out
    assert "      you said: “Decrease it linearly by the same factor of 8”" in out
    assert "  ✓ Use a warm-up — “warm-up”" in out
    assert "weak" in out


def test_the_tui_renders_the_same_rows_with_the_clause_quoted(tmp_path):
    from prepdeck.core.loader import load_decks
    from prepdeck.tui.widgets.evidence import criteria_rows

    deck = tmp_path / "claims.yaml"
    deck.write_text(CLAIM_DECK, encoding="utf-8")
    loaded = load_decks([deck]).decks[0]
    question = loaded.deck.questions[0]
    result = grade_text(WRONG, rubric=question.rubric, prompt=question.prompt, lexicon=loaded.lexicon)
    (mark, text), (second_mark, second) = criteria_rows(result)
    assert mark.plain == "⚠" and second_mark.plain == "✓"
    assert "contradicted, the core point" in text.plain
    assert "claim: learning rate increase linearly" in text.plain
    assert "you said: “Decrease it linearly by the same factor of 8”" in text.plain
    assert "“warm-up”" not in second.plain or second.plain.startswith("Use a warm-up")


LARGE_SMOOTH = Criterion.model_validate({
    "description": "Large batches give smoother training",
    "claim": {"subject": ["large batches", "larger batch", "bigger batch"], "predicate": ["smoother", "more stable"]}})


@pytest.mark.parametrize("answer, expected", [
    ("The bigger the batch, the more examples are averaged, so training is steadier.", "met"),
    ("The bigger the batch, the more examples are averaged, so training is noisier.", "missed"),  # carried: never contradicts
    ("The bigger the batch, the more examples are averaged, but training is steadier.", "missed"),  # contrast: no carry
    ("Large batches: high throughput, smoother gradients, more memory.", "met"),  # a label heads its sentence
    ("Large batches: high throughput. Smoother gradients.", "missed"),  # only up to the sentence end
])
def test_a_consequence_or_a_labelled_list_goes_on_about_the_subject_before_it(answer, expected):
    assert status(grade_text(answer, rubric=[LARGE_SMOOTH])) == expected
