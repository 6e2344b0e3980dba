"""`check` asks bundled decks for authored rubrics; users' own decks may rely on derived ones."""

from __future__ import annotations

import textwrap

from prepdeck.commands import check_extensions
from prepdeck.core.authored_rubrics import derived_rubrics, is_numeric_answer
from prepdeck.core.loader import load_decks

DECK = textwrap.dedent("""\
    id: d
    title: D
    concepts:
      - id: c-derived
        source: s
        term: Epoch
        definition: One full pass over the training set.
      - id: c-authored
        source: s
        term: Step
        definition: One parameter update.
        rubric:
          - description: one update
            claim: {subject: [step], predicate: [one update]}
    questions:
      - id: q
        source: s
        prompt: Why?
        model_answer: Because.
        rubric:
          - description: because
            keywords: [because, since]
        follow_ups:
          - prompt: How many updates for 10 examples at batch 3?
            model_answer: "4: ceil(10 / 3)."
          - prompt: Why that many?
            model_answer: The last partial batch is kept.
          - prompt: Anything else?
    """)


def _loaded(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(DECK)
    decks = load_decks([path])
    assert not decks.diagnostics, decks.diagnostics
    return decks.decks[0]


def test_derived_rubrics_are_named_but_numeric_and_ungraded_follow_ups_are_not(tmp_path):
    found = list(derived_rubrics(_loaded(tmp_path)))
    messages = [d.message for d in found]
    assert len(found) == 2, messages
    assert "concepts[0] (c-derived)" in messages[0]
    assert "questions[0].follow_ups[1] (q)" in messages[1]


def test_only_bundled_decks_are_held_to_it(tmp_path, monkeypatch):
    loaded = _loaded(tmp_path)
    monkeypatch.setattr(check_extensions, "bundled_content_dir", lambda: tmp_path / "elsewhere")
    assert list(check_extensions.bundled_only(derived_rubrics)(loaded)) == []
    monkeypatch.setattr(check_extensions, "bundled_content_dir", lambda: tmp_path)
    assert len(list(check_extensions.bundled_only(derived_rubrics)(loaded))) == 2


def test_numeric_model_answers():
    assert is_numeric_answer("313: ceil(10,000 / 32)")
    assert is_numeric_answer("10,000 examples")
    assert not is_numeric_answer("ceil(10,000 / 32) = 313")
    assert not is_numeric_answer("2x the learning rate")
    assert not is_numeric_answer(None)
