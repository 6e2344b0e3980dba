"""``prepdeck quiz --plain``: the line protocol, feedback, summary, replay."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import timezone

import pytest
from study_helpers import EXAMPLE, FakeClock, example_decks, rows

from prepdeck.cli import main
from prepdeck.commands.quiz_plain import PlainQuiz
from prepdeck.core.session import Session
from prepdeck.core.session_types import SessionConfig
from prepdeck.store import Store

MEMORY_ANSWER = ("Every example in a batch is processed at the same time, so the activations of all of them "
                 "are stored for the backward pass; doubling the batch roughly doubles memory.")


def play(tmp_path, text, seed=1, **config):
    with Store.open(tmp_path / "progress.sqlite3") as store:
        session = Session(example_decks(), store, clock=FakeClock(), seed=seed,
                          config=SessionConfig(**config), tz=timezone.utc)
        out = io.StringIO()
        code = PlainQuiz(session, io.StringIO(text), out).run()
        return code, out.getvalue(), store.attempts()


def test_a_full_quiz_transcript(tmp_path):
    # Seed 1 serves the new items in this order: a true/false, the question, the concept, the choice.
    script = "\n".join([
        "", "2", "",  # leading blank lines are ignored; true/false by number
        ":hint", MEMORY_ANSWER, "", # hint, then a one-line answer
        ":override wrong",  # overrides the question just graded
        ":skip",  # the first follow-up
        "Summing gradients over several small batches", "before one update", "",  # two-line answer
        "a pass over the whole dataset", "",
        ":bogus", "goes up",  # unknown command, then the answer at EOF (no blank line)
    ])
    code, out, attempts = play(tmp_path, script)
    assert code == 0
    assert "[1/4] choice · example · ex-bigger-always-better · " in out
    assert "Define “Epoch” in your own words." in out
    assert "hint: Think about what the backward pass needs from the forward pass." in out
    assert "score 1.00 · strong · rating hard" in out  # strong, but after a hint
    assert "  ✓ Activations for every example in the batch are held at once" in out
    assert "model answer: Every example in a batch is processed at the same time" in out
    assert "override recorded: you were wrong · rating again" in out
    assert "2 follow-up(s) next" in out and "skipped" in out
    assert "✓ correct: false" in out
    assert "? unknown command ':bogus'" in out
    assert "✓ correct: goes up" in out
    assert out.rstrip().endswith("replay with --seed 1")
    assert "answered 5 · skipped 1" in out
    assert [(a.item_id, a.override, a.hints) for a in attempts] == [
        ("ex-bigger-always-better", None, 0), ("ex-batch-memory", "wrong", 1),
        ("ex-batch-memory#follow-up-2", None, 0), ("ex-epoch", None, 0),
        ("ex-memory-choice", None, 0)]
    assert attempts[2].answer == "Summing gradients over several small batches\nbefore one update"


def test_flashcards_reveal_on_a_blank_line_then_take_a_rating(tmp_path):
    code, out, attempts = play(tmp_path, "one full pass\n\n9\n\ngood\n", mode="flash")
    assert code == 0
    assert "(recall it, then a blank line to reveal)" in out
    assert "rate it: 1 again · 2 hard · 3 good · 4 easy" in out
    assert "? rate it: 1 again" in out  # "9" is not a rating
    assert "recorded · rating good · due again in 10 min" in out
    assert [(a.item_id, a.answer, a.verdict) for a in attempts] == [("ex-epoch", "one full pass", "strong")]


def test_an_unreadable_choice_is_asked_again_and_not_recorded(tmp_path):
    code, out, attempts = play(tmp_path, "perhaps\n\nfalse\n", tags=("misconception",))
    assert "? answer true or false (or yes/no)" in out
    assert [a.answer for a in attempts] == ["false"]


def test_quit_stops_with_a_summary(tmp_path):
    code, out, attempts = play(tmp_path, "no idea\n\n:quit\nnever read\n\n", tags=("memory",))
    assert code == 0 and len(attempts) == 1
    # The two follow-ups, and the question itself: rated again, it was due back in this session.
    assert "answered 1 · skipped 0" in out and "3 card(s) left for next time" in out


def test_eof_without_an_answer_records_nothing(tmp_path):
    code, out, attempts = play(tmp_path, "")
    assert code == 0 and attempts == [] and "answered 0" in out


def test_calculations_show_the_working(tmp_path):
    code, out, attempts = play(tmp_path, "12\n\n", mode="calc", seed=5)
    assert "(answer in steps)" in out and "working: " in out and "✗ 12 is wrong; the answer is " in out
    assert attempts[0].seed is not None


def test_interview_prints_the_time_and_refuses_hints(tmp_path):
    code, out, _ = play(tmp_path, ":hint\nactivations\n\n", mode="interview")
    assert "(interview: no hints; budget 3m 00s)" in out
    assert "? no hints in interview mode" in out
    assert "time 0s (budget 3m 00s)" in out


def test_nothing_to_study_is_explained(tmp_path):
    code, out, _ = play(tmp_path, "", tags=("no-such-tag",))
    assert code == 0 and out == "nothing to study: no items match mode quiz and tag no-such-tag\n"
    # (calculation and trainer items are practice, served whatever the limit: the tag leaves them out)
    code, out, _ = play(tmp_path, "", mode="review", new_per_day=0, tags=("batch-size",))
    assert "nothing due, and today's limit of 0 new item(s) is used up" in out


def test_without_plain_the_command_points_at_the_tui(capsys):
    assert main(["quiz", str(EXAMPLE)]) == 2
    err = capsys.readouterr().err
    assert "run 'prepdeck'" in err and "--plain" in err and len(err.strip().splitlines()) == 1


def test_bad_flags_are_usage_errors(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["quiz", "--plain", "--count", "0"])
    assert caught.value.code == 2
    assert main(["quiz", "--plain", "--deck", "nope", "--db", "/dev/null/x", str(EXAMPLE)]) in (1, 2)


def test_unknown_deck_is_a_one_line_usage_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(["quiz", "--plain", "--deck", "nope", "--db", str(tmp_path / "p.sqlite3"), str(EXAMPLE)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "unknown deck id 'nope'" in err[0]


def test_a_piped_session_replays_exactly_with_the_same_seed(tmp_path):
    # Review mode serves every kind, new items interleaved in an order drawn from the seed; seed 77
    # gives a flashcard, a true/false, a question and its follow-ups, a trainer question and a
    # calculation (both drawn from the seed), and a choice.
    script = (f"a pass over the data\n\n3\nfalse\n\n{MEMORY_ANSWER}\n\n:skip\nsumming gradients\n\n"
              "36\n\n8000\n\n1\n")
    outputs = []
    for run in ("one", "two"):
        db = tmp_path / run / "progress.sqlite3"
        result = subprocess.run(
            [sys.executable, "-m", "prepdeck", "quiz", "--plain", "--mode", "review", "--seed", "77",
             "--db", str(db), str(EXAMPLE)],
            input=script, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
        assert rows(db, "SELECT count(*) FROM attempts")[0][0] == 7
    assert outputs[0] == outputs[1]
    assert "seed 77" in outputs[0] and "answered 7 · skipped 1" in outputs[0]
    assert "trainer · example · ex-steps-run" in outputs[0] and "calculation · example · ex-steps" in outputs[0]


def test_trainer_cards_show_the_curves_they_ask_about(tmp_path):
    code, out, _ = play(tmp_path, "1\n", mode="trainer", count=1)
    assert code == 0
    assert "loss per epoch (▁" in out
    assert any(line.lstrip().startswith("B=") and " train " in line for line in out.splitlines())


def test_the_diverged_run_is_drawn_up_to_its_blow_up():
    from prepdeck.commands.curve_text import curve_lines
    from prepdeck.core.generate.families import generate_family

    question = generate_family("lr-divergence", 1, {"ask": "diverged"})
    epoch = question.diverged[question.answer]
    rows = [line for line in curve_lines(question) if line.lstrip().startswith(question.answer + " ")]
    assert rows and all(f"diverged in epoch {epoch}" in row for row in rows)
    bars = rows[0].split("train", 1)[1].split()[0]
    assert len(bars) == epoch and bars.endswith("↑")
