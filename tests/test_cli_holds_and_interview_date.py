"""The command-line side of the review loop: suspend/lift, the holds export, and the remembered interview day."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta

from study_helpers import EXAMPLE

from prepdeck.cli import main
from prepdeck.core.clock import system_clock
from prepdeck.store import Store


def test_suspend_lists_suspends_lifts_and_exports(tmp_path, capsys):
    db = tmp_path / "p.sqlite3"
    base = ["--db", str(db), "--deck-path", str(EXAMPLE)]
    assert main(["suspend", "ex-epoch", *base]) == 0
    assert capsys.readouterr().out == "ex-epoch: suspended\n"
    assert main(["suspend", "--json", "--db", str(db)]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"deck_id": "example", "item_id": "ex-epoch", "suspended": True, "buried_until": None}]
    out = tmp_path / "holds.csv"
    assert main(["export", "--holds", str(out), "--db", str(db)]) == 0
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["deck"], r["item"], bool(r["suspended_at"])) for r in rows] == [("example", "ex-epoch", True)]
    assert main(["suspend", "--lift", "ex-epoch", *base]) == 0
    assert capsys.readouterr().out.endswith("ex-epoch: unsuspended\n")
    with Store.open(db) as store:
        assert store.held(system_clock()) == frozenset()
    assert main(["suspend", "no-such-item", *base]) == 2
    assert "no item 'no-such-item'" in capsys.readouterr().err


def test_stats_remembers_the_interview_day(tmp_path, capsys):
    db = tmp_path / "p.sqlite3"
    Store.open(db).close()
    day = (date.today() + timedelta(days=30)).isoformat()
    assert main(["stats", "--json", "--db", str(db), "--on", day, str(EXAMPLE)]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["stats", "--json", "--db", str(db), str(EXAMPLE)]) == 0
    again = json.loads(capsys.readouterr().out)
    assert first["recall"] is not None and again["recall"] == first["recall"]
    with Store.open(db) as store:
        assert store.interview_date() == date.fromisoformat(day)


def test_a_suspended_item_is_exported_to_anki_as_suspended_cards(tmp_path, capsys):
    import sqlite3
    import zipfile

    db = tmp_path / "p.sqlite3"
    assert main(["suspend", "ex-epoch", "--db", str(db), "--deck-path", str(EXAMPLE)]) == 0
    out = tmp_path / "out.apkg"
    assert main(["export", "--anki", str(out), "--trainer-instances", "0", "--db", str(db), str(EXAMPLE)]) == 0
    with zipfile.ZipFile(out) as archive:
        (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
    conn = sqlite3.connect(tmp_path / "c.anki2")
    try:
        rows = conn.execute("SELECT notes.flds, cards.queue FROM cards JOIN notes ON notes.id = cards.nid").fetchall()
    finally:
        conn.close()
    suspended = {flds.split("\x1f")[0] for flds, queue in rows if queue == -1}
    assert suspended and all("Epoch" in front for front in suspended)  # the concept's note (its term)
    assert any(queue != -1 for _, queue in rows)  # the rest are not
