"""The grader on the blind evaluation set (tests/grading_eval): every adversarial pair holds.

Each pair is a right answer in other words and a confidently wrong one reusing the rubric's
words. The right one must score at least ``MARGIN`` above the wrong one, no wrong answer may
grade strong and no right answer weak. The labels are the set's own, fixed before any answer
was scored; band agreement over the whole set is reported by benchmarks/grading_eval.py.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from prepdeck.core.loader import load_decks
from prepdeck.paths import bundled_content_dir

_SPEC = importlib.util.spec_from_file_location(
    "grading_eval", Path(__file__).resolve().parents[1] / "benchmarks" / "grading_eval.py")
assert _SPEC is not None and _SPEC.loader is not None
grading_eval = importlib.util.module_from_spec(_SPEC)
sys.modules["grading_eval"] = grading_eval  # dataclasses look their module up while it loads
_SPEC.loader.exec_module(grading_eval)


@pytest.fixture(scope="module")
def graded():
    decks = load_decks([bundled_content_dir()])
    assert not decks.diagnostics
    return grading_eval.grade_set(decks)


def test_the_set_has_its_pairs_and_answers(graded):
    answers, pairs = graded
    assert len(answers) >= 300 and len(pairs) >= 29


def test_every_adversarial_pair_is_ordered_by_the_margin(graded):
    _, pairs = graded
    failing = [(p.key, p.how, p.right, p.wrong) for p in pairs if not p.ordered]
    assert failing == []


def test_no_wrong_answer_of_a_pair_is_strong_and_no_right_one_weak(graded):
    _, pairs = graded
    assert [(p.key, p.how, p.wrong) for p in pairs if p.wrong_verdict == "strong"] == []
    assert [(p.key, p.how, p.right) for p in pairs if p.right_verdict == "weak"] == []
