"""The grading checks of ``prepdeck check``: self-score, reachability, discrimination."""

from __future__ import annotations

import textwrap
from pathlib import Path

from prepdeck.commands.check_extensions import extra_checks
from prepdeck.core.grading.checks import discrimination_checks, model_answer_checks
from prepdeck.core.lint import lint
from prepdeck.core.loader import load_decks

FIXTURE = Path(__file__).parent / "fixtures" / "example_deck.yaml"

DECK = textwrap.dedent("""\
    id: checks
    title: Grading checks
    questions:
      - id: q-memory
        prompt: Why does a larger batch need more memory?
        model_answer: >-
          The activations of every example in the batch are stored at the same time for the
          backward pass, so activation memory grows linearly with the batch size.
        rubric:
          - description: Activations are stored for every example
            keywords: [[activations, feature maps]]
            weight: 2
          - description: Memory grows linearly
            keywords: [[linearly, proportional]]
        source: test
      - id: q-broken
        prompt: What does momentum do?
        model_answer: >-
          Momentum keeps a running average of past gradients, which damps oscillation and speeds
          up progress along consistent directions. It does not use second moments.
        rubric:
          - description: Running average of gradients
            keywords: [[running average, moving average]]
          - description: Mentions Nesterov
            keywords: [nesterov]
            weight: 3
          - description: Mentions second moments
            keywords: [second moments]
        source: test
      - id: q-memory-again
        prompt: What limits the batch size on a GPU?
        model_answer: >-
          Memory: the activations of every example are stored for the backward pass, so memory
          grows linearly with the batch until it no longer fits.
        rubric:
          - description: Memory holds activations
            keywords: [[activations, feature maps]]
          - description: Grows linearly
            keywords: [linearly]
        source: test
    """)


def load(tmp_path: Path):
    path = tmp_path / "checks.yaml"
    path.write_text(DECK, encoding="utf-8")
    decks = load_decks([path])
    assert not decks.diagnostics
    return decks.decks[0]


def test_a_model_answer_that_fails_its_own_rubric_is_an_error_at_the_model_answer(tmp_path):
    loaded = load(tmp_path)
    found = [d for d in model_answer_checks(loaded) if d.code == "model-answer-not-strong"]
    assert len(found) == 1
    (error,) = found
    assert error.severity == "error" and "q-broken" in error.message and "Nesterov" in error.message
    assert DECK.splitlines()[error.line - 1].strip().startswith("model_answer:")
    assert "questions[1]" in error.message


def test_unreachable_criteria_are_located_at_their_keywords(tmp_path):
    loaded = load(tmp_path)
    found = [d for d in model_answer_checks(loaded) if d.code == "unreachable-criterion"]
    assert [d.severity for d in found] == ["warning", "warning"]
    nesterov, second = found
    assert "Mentions Nesterov" in nesterov.message
    assert "nesterov" in DECK.splitlines()[nesterov.line - 1]
    # "second moments" only occurs after "does not": found, but negated.
    assert "negated" in second.message and "second moments" in second.message


def test_a_rubric_that_other_model_answers_satisfy_names_the_worst_offender(tmp_path):
    loaded = load(tmp_path)
    found = list(discrimination_checks(loaded))
    flagged = {d.message.split("(")[1].split(")")[0]: d for d in found}
    assert set(flagged) == {"q-memory", "q-memory-again"}
    assert "q-memory-again" in flagged["q-memory"].message.split("from", 1)[1]
    assert all(d.severity == "warning" and d.code == "rubric-not-discriminating" for d in found)
    line = flagged["q-memory"].line
    assert "rubric:" in DECK.splitlines()[line - 2]  # located at the rubric list


def test_the_checks_are_registered_with_prepdeck_check(tmp_path):
    loaded = load(tmp_path)
    decks = load_decks([loaded.path])
    codes = {d.code for d in lint(decks, extra_checks())}
    assert {"model-answer-not-strong", "unreachable-criterion", "rubric-not-discriminating"} <= codes


def test_the_example_deck_passes_the_grading_checks():
    decks = load_decks([FIXTURE])
    (loaded,) = decks.decks
    assert list(model_answer_checks(loaded)) == []
    assert list(discrimination_checks(loaded)) == []


def test_questions_declared_to_teach_the_same_topic_are_not_compared(tmp_path):
    deck = DECK.replace("  - id: q-memory-again\n", "  - id: q-memory-again\n    teaches: batch-memory\n", 1)
    deck = deck.replace("  - id: q-memory\n", "  - id: q-memory\n    teaches: batch-memory\n", 1)
    assert deck.count("teaches: batch-memory") == 2
    path = tmp_path / "checks.yaml"
    path.write_text(deck, encoding="utf-8")
    decks = load_decks([path])
    assert not decks.diagnostics
    flagged = [d.message for d in discrimination_checks(decks.decks[0])]
    assert not any("(q-memory)" in m or "(q-memory-again)" in m for m in flagged), flagged


def test_partial_credit_for_an_overlapping_question_is_not_flagged(tmp_path):
    from prepdeck.core.grading import grade_text

    deck = textwrap.dedent("""\
        id: overlap
        title: Overlap
        questions:
          - id: q-memory
            prompt: Why does a larger batch need more memory?
            model_answer: >-
              The activations of every example in the batch are stored at the same time for the
              backward pass, so activation memory grows linearly with the batch size.
            rubric:
              - description: Activations are stored for every example
                keywords: [[activations, feature maps]]
              - description: Memory grows linearly
                keywords: [[linearly, proportional]]
            source: test
          - id: q-trade-offs
            prompt: What does a larger batch cost?
            model_answer: >-
              It holds more activations at once, and each epoch makes fewer parameter updates.
            rubric:
              - description: Fewer updates per epoch
                keywords: [[fewer updates, fewer steps]]
            source: test
        """)
    path = tmp_path / "overlap.yaml"
    path.write_text(deck, encoding="utf-8")
    decks = load_decks([path])
    assert not decks.diagnostics, [d.message for d in decks.diagnostics]
    loaded = decks.decks[0]
    memory, trade_offs = loaded.deck.questions
    overlap = grade_text(trade_offs.model_answer, rubric=memory.rubric, thresholds=loaded.deck.thresholds)
    assert overlap.verdict == "partial"  # it shares one of the two ideas
    assert [d.message for d in discrimination_checks(loaded) if "(q-memory)" in d.message] == []
