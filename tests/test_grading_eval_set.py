"""The blind grading evaluation set (tests/grading_eval) is well formed.

This checks the set's own integrity only: what it refers to exists, its labels and pairs are
consistent, and it is big and broad enough to judge the grader. It never grades an answer: the
set was labelled blind, and scoring it belongs to the evaluation that uses it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from prepdeck.core.loader import DeckSet, load_decks
from prepdeck.paths import bundled_content_dir

EVAL_DIR = Path(__file__).parent / "grading_eval"
PAIRS_FILE = EVAL_DIR / "pairs.yaml"
LABELS = ("strong", "partial", "weak")
HOWS = {"inverted-direction", "negation", "swapped-sides", "wrong-definition"}


def _normalised(answer: str) -> str:
    """The answer as compared for duplicates: case and spacing do not make a new answer."""
    return " ".join(answer.lower().split())


@pytest.fixture(scope="module")
def decks() -> DeckSet:
    loaded = load_decks([bundled_content_dir()])
    assert not loaded.diagnostics
    return loaded


@pytest.fixture(scope="module")
def deck_files() -> dict[str, dict]:
    files = sorted(path for path in EVAL_DIR.glob("*.yaml") if path != PAIRS_FILE)
    assert files, f"no deck files in {EVAL_DIR}"
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in files}


@pytest.fixture(scope="module")
def pairs() -> list[dict]:
    return yaml.safe_load(PAIRS_FILE.read_text(encoding="utf-8"))


def _keys_of_deck(decks: DeckSet, deck_id: str) -> dict[str, str]:
    """Every key an answer may be filed under in this deck, mapped to its kind."""
    deck = decks.deck(deck_id).deck
    keys = {concept.id: "concept" for concept in deck.concepts}
    for question in deck.questions:
        keys[question.id] = "question"
        for number in range(1, len(question.follow_ups) + 1):
            keys[f"{question.id}#{number}"] = "follow-up"
    return keys


def _all_answers(deck_files: dict[str, dict]) -> list[tuple[str, str, str]]:
    """(key, label, answer) for every answer in the deck files."""
    return [(key, label, answer)
            for table in deck_files.values()
            for key, labelled in table.items()
            for label, answers in labelled.items()
            for answer in answers]


def test_every_file_is_a_mapping_of_keys_to_labelled_answer_lists(deck_files, pairs):
    for deck_id, table in deck_files.items():
        assert isinstance(table, dict) and table, deck_id
        for key, labelled in table.items():
            assert isinstance(labelled, dict) and labelled, (deck_id, key)
            assert set(labelled) <= set(LABELS), (deck_id, key, sorted(labelled))
            for label, answers in labelled.items():
                assert isinstance(answers, list) and answers, (deck_id, key, label)
                assert all(isinstance(a, str) and a.strip() for a in answers), (deck_id, key, label)
    assert isinstance(pairs, list) and pairs


def test_every_file_names_a_bundled_deck_and_every_key_an_item_of_it(decks, deck_files):
    bundled = {loaded.deck.id for loaded in decks.decks}
    assert sorted(set(deck_files) - bundled) == []
    for deck_id, table in deck_files.items():
        unknown = sorted(set(table) - set(_keys_of_deck(decks, deck_id)))
        assert unknown == [], f"{deck_id}: no such item or follow-up: {unknown}"


def test_no_answer_carries_two_labels(deck_files):
    labels_of: dict[str, set[str]] = {}
    for _key, label, answer in _all_answers(deck_files):
        labels_of.setdefault(_normalised(answer), set()).add(label)
    conflicting = [answer for answer, labels in labels_of.items() if len(labels) > 1]
    assert conflicting == []


def test_the_set_is_big_and_broad_enough(decks, deck_files):
    answers = _all_answers(deck_files)
    assert len(answers) >= 300
    assert {label for _key, label, _answer in answers} == set(LABELS)
    per_key: Counter[tuple[str, str]] = Counter()
    for deck_id, table in deck_files.items():
        kinds = _keys_of_deck(decks, deck_id)
        for key, labelled in table.items():
            per_key[(kinds[key], key)] += sum(len(a) for a in labelled.values())
    for deck in (loaded.deck for loaded in decks.decks):
        for question in deck.questions:
            assert per_key[("question", question.id)] >= 6, question.id
            labelled = deck_files[deck.id][question.id]
            assert labelled.get("strong") and labelled.get("weak"), question.id
    covered = Counter(kind for (kind, _key), count in per_key.items() if count >= 3)
    assert covered["concept"] >= 12
    assert covered["follow-up"] >= 10


def test_every_bundled_question_has_an_adversarial_pair(decks, pairs):
    questions = {question.id for loaded in decks.decks for question in loaded.deck.questions}
    for pair in pairs:
        assert set(pair) == {"item", "how", "right", "wrong"}, pair
        assert pair["how"] in HOWS, pair
        assert pair["item"] in questions, pair["item"]
        assert _normalised(pair["right"]) != _normalised(pair["wrong"]), pair["item"]
    assert sorted(questions - {pair["item"] for pair in pairs}) == []


def test_pair_answers_are_filed_with_matching_labels(deck_files, pairs):
    label_of = {(key, _normalised(answer)): label for key, label, answer in _all_answers(deck_files)}
    for pair in pairs:
        assert label_of.get((pair["item"], _normalised(pair["right"]))) in {"strong", "partial"}, pair["item"]
        assert label_of.get((pair["item"], _normalised(pair["wrong"]))) == "weak", pair["item"]
