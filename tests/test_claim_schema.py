"""The claim rubric format, topic keys and the lexicon: what authors may write, and located errors."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from prepdeck.cli import main
from prepdeck.core.loader import load_decks
from prepdeck.core.model import Concept, Criterion, Deck, Question
from prepdeck.core.rubric_model import core_indices
from prepdeck.export.schema import deck_json_schema
from prepdeck.paths import bundled_content_dir

CLAIM = {"subject": ["learning rate", "lr"], "predicate": ["increase", "scale up"],
         "also": [["linear", "proportional"], "batch size"]}

HEADER = "id: claims\ntitle: Claims deck\n"
QUESTION = """\
questions:
  - id: q1
    source: test
    prompt: How should the learning rate change with the batch size?
    model_answer: Increase the learning rate in proportion to the batch size.
    rubric:
"""


def _criterion(**fields) -> Criterion:
    return Criterion.model_validate({"description": "d", **fields})


def test_a_criterion_may_state_a_claim_with_the_shared_field_names():
    criterion = _criterion(claim={**CLAIM, "negated": True}, core=True, weight=2)
    assert criterion.claim is not None
    assert criterion.claim.subject == ["learning rate", "lr"]
    assert criterion.claim.also_groups() == [["linear", "proportional"], ["batch size"]]
    assert criterion.claim.negated and criterion.core
    assert criterion.keywords is None and criterion.keyword_groups() == []


def test_single_phrases_may_be_written_without_brackets():
    claim = _criterion(claim={"subject": "dropout", "predicate": "applied"}).claim
    assert claim is not None and claim.subject == ["dropout"] and claim.predicate == ["applied"]


def test_old_keyword_criteria_stay_valid():
    criterion = _criterion(keywords=[["epoch", "full pass"], "data"], min_hits=2)
    assert criterion.keyword_groups() == [["epoch", "full pass"], ["data"]]
    assert criterion.claim is None and not criterion.core


@pytest.mark.parametrize("fields", [{}, {"keywords": ["a"], "claim": CLAIM}])
def test_a_criterion_has_exactly_one_of_keywords_and_claim(fields):
    with pytest.raises(ValidationError, match="either keywords or a claim"):
        _criterion(**fields)


def test_min_hits_does_not_apply_to_a_claim():
    with pytest.raises(ValidationError, match="min_hits applies to keywords"):
        _criterion(claim=CLAIM, min_hits=2)


@pytest.mark.parametrize("claim", [{"subject": [], "predicate": ["x"]}, {"subject": ["x"]},
                                   {"subject": ["x"], "predicate": ["y"], "object": ["z"]}])
def test_a_claim_needs_a_subject_and_a_predicate_and_nothing_else(claim):
    with pytest.raises(ValidationError):
        _criterion(claim=claim)


def test_a_misconception_gives_phrases_or_a_claim():
    criterion = _criterion(claim=CLAIM, misconceptions=[
        {"claim": {"subject": "learning rate", "predicate": "decrease"}, "explanation": "no"},
        {"phrases": "larger batch always better"}])
    first, second = criterion.misconceptions
    assert first.claim is not None and first.phrases == []
    assert second.phrases == ["larger batch always better"] and second.claim is None
    for bad in ({}, {"phrases": ["x"], "claim": CLAIM}):
        with pytest.raises(ValidationError, match="either phrases or a claim"):
            _criterion(claim=CLAIM, misconceptions=[bad])


def test_core_defaults_to_the_heaviest_criterion_and_marks_win():
    light, heavy, tied = (_criterion(keywords=["a"], weight=w) for w in (1, 3, 3))
    assert core_indices([light, heavy, tied]) == {1}
    marked = _criterion(keywords=["b"], core=True)
    assert core_indices([light, heavy, marked]) == {2}
    assert core_indices([]) == set()


@pytest.mark.parametrize("key, ok", [("batch-size-lr", True), ("epochs", True), ("Batch-size", False),
                                     ("batch_size", False), ("-lr", False), ("lr--x", False)])
def test_teaches_is_a_kebab_case_topic_key(key, ok):
    fields = {"id": "c1", "source": "s", "term": "t", "definition": "d", "teaches": key}
    if ok:
        assert Concept.model_validate(fields).teaches == key
    else:
        with pytest.raises(ValidationError):
            Concept.model_validate(fields)


def test_concepts_and_follow_ups_may_carry_a_claim_rubric():
    rubric = [{"description": "d", "claim": CLAIM}]
    concept = Concept.model_validate({"id": "c1", "source": "s", "term": "t", "definition": "d", "rubric": rubric})
    question = Question.model_validate({"id": "q1", "source": "s", "prompt": "p", "model_answer": "m",
                                        "follow_ups": [{"prompt": "f", "rubric": rubric}]})
    assert concept.rubric[0].claim is not None and question.follow_ups[0].rubric[0].claim is not None


def test_a_deck_may_add_lexicon_entries():
    deck = Deck.model_validate({"id": "d", "title": "t", "lexicon": {"directions": [["warmer", "cooler"]],
                                                                     "negations": ["no way"],
                                                                     "synonyms": [["temp", "temperature"]]},
                                "concepts": [{"id": "c", "source": "s", "term": "t", "definition": "d"}]})
    assert deck.lexicon is not None and deck.lexicon.directions == [["warmer", "cooler"]]
    with pytest.raises(ValidationError):
        Deck.model_validate({"id": "d", "title": "t", "lexicon": {"directions": [["one", "two", "three"]]},
                             "concepts": [{"id": "c", "source": "s", "term": "t", "definition": "d"}]})


def test_the_json_schema_offers_claims_core_teaches_and_lexicon():
    text = json.dumps(deck_json_schema())
    for name in ('"claim"', '"core"', '"teaches"', '"lexicon"', '"subject"', '"predicate"', '"also"', '"negated"'):
        assert name in text, name


def _write(tmp_path, text: str, name: str = "deck.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_claim_rubric_loads_and_checks_clean_through_the_cli(tmp_path, capsys):
    deck = _write(tmp_path, HEADER + QUESTION + """\
      - description: Raise the learning rate in proportion to the batch size
        core: true
        claim:
          subject: [learning rate, lr]
          predicate: [increase, raise]
          also: [[proportion, proportional, linear]]
""")
    assert main(["check", str(deck)]) == 0
    assert "0 error(s)" in capsys.readouterr().err


def test_a_broken_claim_is_one_located_line(tmp_path, capsys):
    deck = _write(tmp_path, HEADER + QUESTION + """\
      - description: Raise the learning rate
        claim:
          subject: [learning rate]
          predicat: [increase]
""")
    assert main(["check", str(deck)]) == 1
    errors = [line for line in capsys.readouterr().out.splitlines() if ": error: " in line]
    assert errors[0].startswith(f"{deck}:12:11: error: questions[0].rubric[0].claim.predicat: unknown field")


def test_the_bundled_lexicon_loads_and_is_not_a_deck():
    decks = load_decks([bundled_content_dir()])
    assert not decks.diagnostics
    assert [lexicon.display_path.endswith("lexicon.yaml") for lexicon in decks.lexicons] == [True]
    assert all(loaded.path.name != "lexicon.yaml" for loaded in decks.decks)
    entries = decks.decks[0].lexicon
    assert entries is not None and ["increase", "decrease"] in entries.directions


def test_a_folder_lexicon_and_a_deck_lexicon_add_to_the_shared_one(tmp_path):
    _write(tmp_path, "directions: [[warmer, cooler]]\n", "lexicon.yaml")
    _write(tmp_path, HEADER + "lexicon:\n  negations: [no way]\n"
           "concepts:\n  - {id: c1, source: s, term: t, definition: d}\n")
    decks = load_decks([tmp_path])
    assert not decks.diagnostics and len(decks.decks) == 1
    entries = decks.decks[0].lexicon
    assert entries is not None
    assert ["warmer", "cooler"] in entries.directions and ["increase", "decrease"] in entries.directions
    assert "no way" in entries.negations and "not" in entries.negations


def test_a_broken_lexicon_file_is_a_located_error_and_decks_still_load(tmp_path, capsys):
    _write(tmp_path, "directions:\n  - [warmer]\n", "lexicon.yaml")
    _write(tmp_path, HEADER + "concepts:\n  - {id: c1, source: s, term: t, definition: d}\n")
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 'lexicon.yaml'}:2:5: error: directions[0]:" in out


@pytest.mark.parametrize("lexicon, message", [
    ("directions: [[quick, sluggish], [quick, slow]]\n", "“quick” is also in directions[0]"),
    ("directions: [[zorp, blip]]\nsynonyms: [[zorp, blip]]\n", "are synonyms, so they cannot be opposites"),
    ("directions: [[nope, sure]]\nnegations: [nope]\n", "also a negation cue"),
    ("synonyms: [[lr, lrate], [lr, eta]]\n", "“lr” is also in synonyms"),
])
def test_check_reports_conflicting_lexicon_entries_located(tmp_path, capsys, lexicon, message):
    path = _write(tmp_path, lexicon, "lexicon.yaml")
    _write(tmp_path, HEADER + "concepts:\n  - {id: c1, source: s, term: t, definition: d}\n")
    main(["check", str(tmp_path)])
    warnings = [line for line in capsys.readouterr().out.splitlines() if "lexicon-conflict" in line or message in line]
    assert any(line.startswith(f"{path}:") and message in line for line in warnings), warnings


def test_a_conflict_in_a_deck_lexicon_is_located_in_the_deck(tmp_path, capsys):
    deck = _write(tmp_path, HEADER + "lexicon:\n  directions: [[larger, tinier]]\n"
                  "concepts:\n  - {id: c1, source: s, term: t, definition: d}\n")
    main(["check", str(deck)])
    out = capsys.readouterr().out
    assert f"{deck}:4:16: warning: lexicon.directions[0]: “larger” is also in directions" in out


def test_the_bundled_lexicon_has_no_conflicts(capsys):
    assert main(["check"]) == 0
    assert "lexicon" not in capsys.readouterr().out
