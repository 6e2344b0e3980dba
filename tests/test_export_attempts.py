"""``prepdeck export --attempts``: the attempt history as CSV, straight from the database."""

from __future__ import annotations

import csv
import io
import sys

from study_helpers import EXAMPLE

from prepdeck.cli import main


def _quiz(db, monkeypatch, script: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(script))
    # Two free-text items (the concept, then with seed 3 the question), so both answers are graded.
    assert main(["quiz", "--plain", "--db", str(db), "--seed", "3", "--count", "2", "--tag", "training-loop",
                 "--tag", "memory", str(EXAMPLE)]) == 0


def test_attempts_export_has_one_row_per_recorded_answer(tmp_path, monkeypatch, capsys):
    db = tmp_path / "progress.sqlite3"
    _quiz(db, monkeypatch, "first answer about epochs, with a comma\n\nsecond answer\nover two lines\n\n")
    capsys.readouterr()
    out = tmp_path / "attempts.csv"

    assert main(["export", "--attempts", str(out), "--db", str(db)]) == 0

    assert capsys.readouterr().out.startswith(f"wrote {out}: ")
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    answers = [row["answer"] for row in rows]
    assert "first answer about epochs, with a comma" in answers
    assert "second answer\nover two lines" in answers
    for row in rows:
        assert row["deck"] == "example" and row["item"] and row["mode"] == "quiz"
        assert 0 <= float(row["score"]) <= 1 and row["verdict"] in {"strong", "partial", "weak"}


def test_attempts_export_without_a_database_is_one_clear_error(tmp_path, capsys):
    code = main(["export", "--attempts", str(tmp_path / "a.csv"), "--db", str(tmp_path / "none.sqlite3")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "no progress database yet" in err
    assert not (tmp_path / "none.sqlite3").exists() and not (tmp_path / "a.csv").exists()
