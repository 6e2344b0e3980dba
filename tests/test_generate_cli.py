"""`prepdeck generate`: listing families, printing fresh questions, JSON output, replay and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prepdeck.cli import main

EXAMPLE = str(Path(__file__).parent / "fixtures" / "example_deck.yaml")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "generate", "--list")
    assert code == 0
    for name in ("steps", "lr-divergence", "batch-sweep", "early-stopping", "lr-schedule", "dropout-gap", "scaling"):
        assert f"\n{name} " in "\n" + out
    code, out, _ = _run(capsys, "generate", "--list", "--json")
    rows = json.loads(out)
    assert rows[0]["name"] == "steps" and rows[0]["params"]["n"] is None and rows[0]["description"]


def test_family_json_has_the_documented_fields_and_replays(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "generate", "--family", "lr-divergence", "--seed", "5", "--count", "3", "--json")
    assert code == 0
    questions = json.loads(out)
    assert [q["seed"] for q in questions] == [5, 6, 7]
    for question in questions:
        assert {"family", "item", "seed", "prompt", "answer", "tolerance", "explanation", "curves"} <= set(question)
        assert question["family"] == "lr-divergence" and question["item"] is None
        for series in question["curves"].values():
            assert len(series["train_loss"]) == len(series["val_loss"]) == 10
    _, again, _ = _run(capsys, "generate", "--family", "lr-divergence", "--seed", "5", "--count", "3", "--json")
    assert again == out
    _, single, _ = _run(capsys, "generate", "--family", "lr-divergence", "--seed", "6", "--json")
    assert json.loads(single) == [questions[1]]  # each question replays from its own seed


def test_item_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "generate", "--item", "ex-steps", "--seed", "1", EXAMPLE)
    assert code == 0
    assert out.startswith("=== item ex-steps, seed 1\n") and "Answer: " in out and "steps (tolerance: ±0)" in out
    code, out, _ = _run(capsys, "generate", "--item", "ex-steps-run", "--seed", "2", "--json", EXAMPLE)
    (question,) = json.loads(out)
    assert question["item"] == "ex-steps-run" and question["family"] == "steps" and question["curves"]


def test_default_seed_is_fresh_and_printed(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "generate", "--family", "steps", "--count", "2", "--json")
    first, second = json.loads(out)
    assert second["seed"] == first["seed"] + 1


@pytest.mark.parametrize(("argv", "fragment"), [
    (["generate"], "give --family NAME or --item ID"),
    (["generate", "--family", "nope"], "unknown family 'nope'"),
    (["generate", "--item", "missing", EXAMPLE], "no item has id 'missing'"),
    (["generate", "--item", "ex-epoch", EXAMPLE], "concept item"),
    (["generate", "--family", "steps", "--count", "0"], "--count must be between"),
    (["generate", "--family", "steps", "--seed", "-1"], "--seed must be"),
])
def test_usage_errors_exit_2_with_one_line(capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str) -> None:
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == "" and fragment in err and err.count("\n") == 1


def test_mutually_exclusive_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["generate", "--family", "steps", "--item", "ex-steps"])
    assert exit_.value.code == 2
    capsys.readouterr()


def test_a_failing_item_is_a_one_line_content_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text("id: t\ntitle: T\ncalculations:\n  - id: c\n    source: s\n    prompt: x\n"
                    "    params: {b: {choices: [0]}}\n    answer: 1 / b\n", encoding="utf-8")
    code, _, err = _run(capsys, "generate", "--item", "c", str(deck))
    assert code == 1 and err.strip() == "prepdeck: error: c: answer: division by zero in `1 / b` (with b=0)"
