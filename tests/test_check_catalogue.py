"""A catalogue of broken decks: each mistake yields exactly its located message and exit 1."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from prepdeck.cli import main

HEADER = "id: broken\ntitle: Broken deck\n"
QUESTION = """\
questions:
  - id: q1
    source: test
    prompt: What is an epoch?
    model_answer: One full pass over the training data.
"""

# (name, file content, expected "line:col: error: message" after the path)
CATALOGUE: list[tuple[str, str | bytes, str]] = [
    ("syntax-error", HEADER + "questions: [unclosed\n",
     "4:1: error: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence)"),
    ("tab-indent", HEADER + "questions:\n\t- id: q1\n",
     "4:1: error: tab character in indentation; YAML indents with spaces only"),
    ("duplicate-key", HEADER + "title: Again\n" + QUESTION,
     "3:1: error: duplicate key 'title' (first defined on line 2)"),
    ("empty-file", "", "1:1: error: file is empty: expected a deck mapping"),
    ("comment-only", "# nothing here\n", "1:1: error: file is empty: expected a deck mapping"),
    ("top-level-list", "- id: q1\n",
     "1:1: error: top level must be a mapping with id, title and item lists, not a list"),
    ("top-level-scalar", "just words\n",
     "1:1: error: top level must be a mapping with id, title and item lists, not a single value"),
    ("empty-deck", HEADER,
     "1:1: error: deck has no items: add at least one of concepts, questions, calculations, choices, generated"),
    ("missing-title", "id: broken\n" + QUESTION, "1:1: error: title: required field missing"),
    ("missing-prompt", HEADER + QUESTION.replace("    prompt: What is an epoch?\n", ""),
     "4:5: error: questions[0].prompt: required field missing"),
    ("unknown-field-typo", HEADER + QUESTION.replace("prompt:", "promtp:"),
     "6:5: error: questions[0].promtp: unknown field (did you mean 'prompt'?)"),
    ("unknown-top-field", HEADER + "colour: blue\n" + QUESTION,
     "3:1: error: colour: unknown field; allowed: id, title, description, thresholds, lexicon, concepts, questions, "
     "calculations, choices, generated"),
    ("wrong-type-list", HEADER + QUESTION + "    tags: batch-size\n",
     "8:11: error: questions[0].tags: expected a list, got 'batch-size'"),
    ("wrong-type-number", HEADER + QUESTION + "    rubric:\n      - description: d\n        keywords: [[a, b]]\n"
     "        weight: heavy\n", "11:17: error: questions[0].rubric[0].weight: expected a number, got 'heavy'"),
    ("wrong-type-bool-for-int", HEADER + QUESTION + "    rubric:\n      - description: d\n        keywords: [[a, b]]\n"
     "        min_hits: true\n", "11:19: error: questions[0].rubric[0].min_hits: expected a whole number, got true"),
    ("empty-keywords", HEADER + QUESTION + "    rubric:\n      - description: d\n        keywords: []\n",
     "10:19: error: questions[0].rubric[0].keywords: must not be empty"),
    ("unreachable-min-hits", HEADER + QUESTION + "    rubric:\n      - description: d\n        keywords: [[a, b]]\n"
     "        min_hits: 2\n", "9:9: error: questions[0].rubric[0]: min_hits is 2 but only 1 keyword(s) are listed"),
    ("bad-id", HEADER + QUESTION.replace("id: q1", "id: Q 1"),
     "4:9: error: questions[0].id: 'Q 1' is not a valid id: use lowercase letters, digits, '.', '_' and '-', "
     "starting with a letter or digit"),
    ("duplicate-item-id", HEADER + QUESTION + QUESTION.replace("questions:\n", ""),
     "8:9: error: questions[1].id: 'q1' is already used at {path}:4"),
    ("bad-difficulty", HEADER + QUESTION + "    difficulty: brutal\n",
     "8:17: error: questions[0].difficulty: must be one of 'easy', 'medium' or 'hard', got 'brutal'"),
    ("choice-answer-not-option", HEADER + "choices:\n  - id: c1\n    source: s\n    prompt: p\n"
     "    options: [up, down]\n    answer: sideways\n    explanation: e\n",
     "4:5: error: choices[0]: answer 'sideways' is not one of the options"),
    ("true-false-needs-bool", HEADER + "choices:\n  - id: c1\n    source: s\n    prompt: p\n"
     "    answer: maybe\n    explanation: e\n",
     "4:5: error: choices[0]: a true/false item (no options) needs answer: true or false"),
    ("param-both-kinds", HEADER + "calculations:\n  - id: c1\n    source: s\n    prompt: p\n    answer: n\n"
     "    params:\n      n: {choices: [1, 2], min: 3, max: 4}\n",
     "9:10: error: calculations[0].params.n: give either choices or min/max, not both"),
    ("thresholds-order", HEADER + "thresholds: {strong: 0.5, partial: 0.6}\n" + QUESTION,
     "3:13: error: thresholds: partial must be below strong"),
    ("alias-bomb", HEADER + "a: &a [x, x, x, x, x, x, x, x, x]\n"
     + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)),
     "4:4: error: more than 1000 alias expansions (possible alias bomb)"),
    ("recursive-alias", HEADER + "loop: &l [*l]\n", "3:7: error: recursive alias: a node contains itself"),
    ("merge-key", HEADER + "base: &b {x: 1}\nother:\n  <<: *b\n", "5:3: error: merge keys (<<) are not supported; repeat the fields"),
    ("invalid-utf8", (HEADER + "description: caf").encode() + b"\xe9\n" + QUESTION.encode(),
     "3:17: error: invalid UTF-8 (byte 0xe9); save the file as UTF-8"),
    ("binary-file", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "1:1: error: file contains NUL bytes: this is not a YAML text file"),
    ("multiple-documents", HEADER + QUESTION + "---\nid: second\n",
     "8:1: error: YAML syntax error: expected a single document in the stream, but found another document"),
]


@pytest.mark.parametrize(("name", "content", "expected"), CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_broken_deck_gives_exactly_its_located_error(name, content, expected, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = Path(f"{name}.yaml")
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")

    code = main(["check", str(path)])

    out, err = capsys.readouterr()
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert errors == [f"{path}:{expected.format(path=path)}"]
    assert code == 1
    assert "Traceback" not in out + err


def test_catalogue_covers_at_least_twenty_kinds_of_mistake():
    assert len({name for name, _, _ in CATALOGUE}) >= 20


def test_oversized_file_is_refused_without_reading_it(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    big = Path("huge.yaml")
    with big.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: no need to write 21 MB
    assert main(["check", str(big)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "huge.yaml:1:1: error: file is 22.0 MB; decks are limited to 20 MB"


def test_duplicate_ids_across_two_files_are_reported_with_both_places(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text(HEADER.replace("broken", "deck-a") + QUESTION)
    Path("b.yaml").write_text(HEADER.replace("broken", "deck-b") + QUESTION)
    assert main(["check", "."]) == 1
    out = capsys.readouterr().out
    assert "b.yaml:4:9: error: questions[0].id: 'q1' is already used at a.yaml:4" in out.splitlines()


def test_several_mistakes_in_one_file_are_all_reported_in_file_order_and_typos_not_twice(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = HEADER + textwrap.dedent("""\
        questions:
          - id: q1
            source: s
            promtp: x
            model_answer: y
            tags: 3
        """)
    Path("many.yaml").write_text(text)
    assert main(["check", "many.yaml"]) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if ": error: " in line]
    assert [line.split(": error: ")[1] for line in lines] == [
        "questions[0].promtp: unknown field (did you mean 'prompt'?)",
        "questions[0].tags: expected a list, got the number 3",
    ]
