"""The graded-answer table: sample answers to every bundled question, strong above weak.

tests/grading_samples/<deck-id>.yaml maps a question id to candidate answers
written the way candidates write (typos, synonyms, negations, keyword salads),
labelled strong, partial or weak by a human.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from prepdeck.core.grading import grade_item
from prepdeck.core.loader import load_decks
from prepdeck.paths import bundled_content_dir

SAMPLES_DIR = Path(__file__).parent / "grading_samples"
DECKS = load_decks([bundled_content_dir()])


def _samples() -> dict[str, dict[str, list[str]]]:
    table: dict[str, dict[str, list[str]]] = {}
    for path in sorted(SAMPLES_DIR.glob("*.yaml")):
        table.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    return table


SAMPLES = _samples()
BUNDLED_QUESTIONS = [item.id for loaded in DECKS.decks for item in loaded.deck.questions]


def _graded(question_id: str):
    loaded, item = DECKS.find(question_id)
    return {label: [grade_item(item, answer, loaded.deck.thresholds) for answer in answers]
            for label, answers in SAMPLES[question_id].items()}


def test_the_bundled_decks_load_and_have_questions():
    assert not DECKS.diagnostics
    assert BUNDLED_QUESTIONS


def test_every_bundled_question_has_samples_and_every_sample_a_question():
    assert sorted(set(BUNDLED_QUESTIONS) - set(SAMPLES)) == []
    assert sorted(set(SAMPLES) - set(BUNDLED_QUESTIONS)) == []
    for question_id, labelled in SAMPLES.items():
        assert set(labelled) <= {"strong", "partial", "weak"}, question_id
        assert labelled.get("strong") and labelled.get("weak"), question_id


@pytest.mark.parametrize("question_id", sorted(set(SAMPLES) & set(BUNDLED_QUESTIONS)))
def test_strong_samples_score_above_weak_ones(question_id):
    graded = _graded(question_id)
    strong = [r.score for r in graded.get("strong", [])]
    weak = [r.score for r in graded.get("weak", [])]
    assert min(strong) > max(weak), f"strong {strong} vs weak {weak}"
    assert all(r.verdict != "weak" for r in graded["strong"]), [r.score for r in graded["strong"]]
    assert all(r.verdict == "weak" for r in graded["weak"]), [r.score for r in graded["weak"]]
    for result in graded.get("partial", []):
        assert max(weak) <= result.score <= max(strong), (weak, result.score, strong)
