"""`check` warns about choice items a candidate can answer without knowing the subject."""

from __future__ import annotations

import textwrap

from prepdeck.core.lint import lint
from prepdeck.core.loader import load_decks

HEAD = """\
id: t
title: T
choices:
"""


def _codes(tmp_path, body: str) -> list[str]:
    path = tmp_path / "deck.yaml"
    path.write_text(HEAD + textwrap.dedent(body))
    decks = load_decks([path])
    assert not decks.diagnostics, decks.diagnostics
    return [d.code for d in lint(decks)]


def test_a_correct_option_much_longer_than_the_rest_is_flagged(tmp_path):
    body = """\
      - id: c1
        source: s
        prompt: Why?
        options: [Because the activations of every example are kept for the backward pass, Less memory, Same memory]
        answer: Because the activations of every example are kept for the backward pass
        explanation: e
    """
    assert "longest-option" in _codes(tmp_path, body)


def test_options_of_similar_length_are_not_flagged(tmp_path):
    body = """\
      - id: c1
        source: s
        prompt: Why?
        options: [More memory for activations, Less memory for the weights, The same memory as before]
        answer: More memory for activations
        explanation: e
    """
    assert "longest-option" not in _codes(tmp_path, body)


def test_a_false_statement_with_always_is_flagged_but_a_true_one_is_not(tmp_path):
    false_item = """\
      - id: c1
        source: s
        prompt: "True or false: a larger batch is always better."
        answer: false
        explanation: e
    """
    true_item = """\
      - id: c2
        source: s
        prompt: "True or false: activations must be kept for the backward pass."
        answer: true
        explanation: e
    """
    assert _codes(tmp_path, false_item) == ["absolute-false"]
    assert _codes(tmp_path, true_item) == []


def test_a_hedged_false_statement_is_not_flagged(tmp_path):
    body = """\
      - id: c1
        source: s
        prompt: "True or false: small batches tend to trap a model in poor local optima."
        answer: false
        explanation: e
    """
    assert _codes(tmp_path, body) == []
