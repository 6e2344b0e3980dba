"""``prepdeck grade`` and ``prepdeck grade --batch`` on the example deck."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from prepdeck.cli import main
from prepdeck.core.generate import instantiate
from prepdeck.core.loader import load_decks

FIXTURE = str(Path(__file__).parent / "fixtures" / "example_deck.yaml")
GOOD = "The activations of every example are kept at the same time, so memory doubles."


def grade(*args: str) -> int:
    return main(["grade", *args, "--decks", FIXTURE])


def feed_stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))


def test_text_output_shows_each_criterion_with_evidence_then_score(capsys):
    assert grade("ex-batch-memory", "--answer", "Batch size does not affect memory; the activatons are kept.") == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("ex-batch-memory: Why does a larger batch")
    assert any(line.startswith("✓ Activations for every example") for line in lines)
    assert any(line.startswith("✗ Memory grows roughly linearly") for line in lines)
    assert "“activatons” ≈ activations" in out  # a near spelling shows the word it was credited as
    assert "misconception" in out and "0.30" in out
    assert lines[-1].startswith("score 0.37 · weak")


def test_json_output(capsys):
    assert grade("ex-batch-memory", "--answer", GOOD, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["item"] == "ex-batch-memory" and data["verdict"] == "strong" and data["derived"] is False
    assert data["score"] == 1.0 and data["penalties"] == []
    criterion = data["criteria"][0]
    assert {"description", "met", "weight", "hits"} <= set(criterion)
    hit = criterion["hits"][0]
    assert {"keyword", "text", "start", "end", "similarity", "negated"} <= set(hit)
    assert GOOD[hit["start"]:hit["end"]] == hit["text"]


def test_answer_from_stdin_and_from_a_file(capsys, monkeypatch, tmp_path):
    feed_stdin(monkeypatch, GOOD)
    assert grade("ex-batch-memory", "-", "--json") == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "strong"
    path = tmp_path / "answer.txt"
    path.write_bytes(GOOD.encode() + b"\xff")  # a stray byte is replaced, not fatal
    assert grade("ex-batch-memory", "--answer-file", str(path), "--json") == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "strong"


def test_concepts_are_graded_on_a_derived_rubric(capsys):
    assert grade("ex-epoch", "--answer", "One complete pass over the entire training dataset.", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["derived"] is True and data["kind"] == "concept" and data["notes"]


@pytest.mark.parametrize("args, message", [
    (["ex-batch-memroy", "--answer", "x"], "did you mean 'ex-batch-memory'?"),
    (["ex-batch-memory"], "give the answer"),
    (["ex-batch-memory", "-", "--answer", "x"], "only once"),
    (["ex-steps", "--answer", "8000"], "--seed"),
    (["ex-batch-memory", "--answer-file", "/nonexistent/answer.txt"], "no such file"),
    (["ex-batch-memory", "--answer", "x", "--follow-up", "9"], "follow-up"),
    (["ex-batch-memory", "--answer", "x", "--follow-up", "1"], "no model answer"),
    ([], "ITEM_ID"),
])
def test_usage_errors_are_one_line_and_exit_2(capsys, args, message):
    assert grade(*args) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err and "Traceback" not in err


def test_follow_up_with_a_model_answer(capsys):
    assert grade("ex-batch-memory", "--follow-up", "2", "--json", "--answer",
                 "Summing gradients over several small batches before one update, to mimic a larger batch.") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "follow_up" and data["verdict"] == "strong"


def _steps_question(seed: int):
    item = load_decks([Path(FIXTURE)]).find("ex-steps")[1]
    return instantiate(item, seed)


def test_calculation_answers_are_read_as_numbers_with_diagnoses(capsys):
    question = _steps_question(11)
    expected = int(question.answer)
    assert grade("ex-steps", "--seed", "11", "--answer", f"about {expected:,} steps") == 0
    out = capsys.readouterr().out
    assert "(seed 11)" in out and "✓ correct" in out and out.rstrip().endswith("strong")
    wrong = question.wrong_answers[0]
    if wrong.value != question.answer:
        assert grade("ex-steps", "--seed", "11", "--answer", str(int(wrong.value)), "--json") == 0
        data = json.loads(capsys.readouterr().out)
        assert data["correct"] is False and data["diagnosis"] == wrong.diagnosis and data["seed"] == 11


def test_choice_items_take_an_option(capsys):
    assert grade("ex-memory-choice", "--answer", "goes up") == 0
    assert "✓ correct" in capsys.readouterr().out
    assert grade("ex-bigger-always-better", "--answer", "true", "--json") == 0
    assert json.loads(capsys.readouterr().out)["correct"] is False


def write_batch(tmp_path: Path, lines: list[str]) -> str:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_batch_grades_every_line_in_order_and_reports_bad_lines(capsys, tmp_path):
    name = write_batch(tmp_path, [
        json.dumps({"id": "one", "item": "ex-batch-memory", "answer": GOOD}),
        "{not json",
        "",
        json.dumps({"model_answer": "Dropout zeroes random activations during training.",
                    "prompt": "What is dropout?", "answer": "It randomly zeroes activations while training."}),
        json.dumps({"item": "ex-nope", "answer": "x"}),
        json.dumps({"item": "ex-steps", "seed": 3, "answer": "no idea"}),
    ])
    assert main(["grade", "--batch", name, "--decks", FIXTURE]) == 1
    captured = capsys.readouterr()
    results = [json.loads(line) for line in captured.out.splitlines()]
    assert [r["line"] for r in results] == [1, 2, 4, 5, 6]
    assert results[0]["id"] == "one" and results[0]["verdict"] == "strong"
    assert "error" in results[1] and "JSON" in results[1]["error"]
    assert results[2]["derived"] is True and results[2]["item"] is None and results[2]["verdict"] == "strong"
    assert "did you mean" in results[3]["error"]
    assert results[4]["verdict"] == "weak" and results[4]["parsed"] is None
    errors = captured.err.splitlines()
    assert errors[0].startswith(f"{name}:2: error: not valid JSON")
    assert errors[1].startswith(f"{name}:5: error: no item has id 'ex-nope'")


def test_batch_from_stdin_exits_0_when_every_line_is_graded(capsys, monkeypatch):
    feed_stdin(monkeypatch, json.dumps({"item": "ex-batch-memory", "answer": GOOD}) + "\n")
    assert main(["grade", "--batch", "-", "--decks", FIXTURE]) == 0
    assert json.loads(capsys.readouterr().out)["score"] == 1.0


@pytest.mark.parametrize("record, message", [
    ({"answer": "x"}, "either 'item' or 'model_answer'"),
    ({"item": "ex-batch-memory"}, "missing 'answer'"),
    ({"item": "ex-batch-memory", "answer": 3}, "'answer' must be a string"),
    ({"item": "ex-batch-memory", "answer": "x", "colour": 1}, "unknown field"),
    ({"model_answer": "the of", "answer": "x"}, "content words"),
])
def test_batch_line_errors(capsys, tmp_path, record, message):
    assert main(["grade", "--batch", write_batch(tmp_path, [json.dumps(record)]), "--decks", FIXTURE]) == 1
    assert message in json.loads(capsys.readouterr().out)["error"]


def test_batch_rejects_an_item_argument(capsys, tmp_path):
    assert main(["grade", "ex-epoch", "--batch", write_batch(tmp_path, ["{}"]), "--decks", FIXTURE]) == 2


def test_batch_skips_an_over_long_line_without_holding_it_and_grades_the_next(capsys, tmp_path, monkeypatch):
    import prepdeck.commands.grade_batch as grade_batch

    monkeypatch.setattr(grade_batch, "MAX_ANSWER_BYTES", 1000)  # the real limit is 16 MB
    name = write_batch(tmp_path, [
        json.dumps({"item": "ex-batch-memory", "answer": "memory " * 2000}),
        json.dumps({"item": "ex-batch-memory", "answer": GOOD}),
    ])
    assert main(["grade", "--batch", name, "--decks", FIXTURE]) == 1
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert results[0]["line"] == 1 and results[0]["error"].startswith("line is over")
    assert results[1]["line"] == 2 and results[1]["verdict"] == "strong"
