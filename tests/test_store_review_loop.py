"""The store's side of the review loop (schema v4): undo log, drafts, holds, settings, session state,
and the migration that brings an existing v3 database there with its history intact."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta

from study_helpers import START, rows
from test_store_migrations import make_v1

from prepdeck.core.attempt import NewAttempt
from prepdeck.core.scheduler import Rating, Scheduler
from prepdeck.store import Store
from prepdeck.store.migrations import LATEST_VERSION, MIGRATIONS


def make_v3(path):
    """A v1 database with history, upgraded by the released v2 and v3 migrations, plus a v3-era session."""
    make_v1(path)
    conn = sqlite3.connect(str(path))
    for statements in MIGRATIONS[1:3]:
        for statement in statements:
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 3")
    conn.execute("INSERT INTO sessions (id, started_ms, mode, seed, config) VALUES (1, 0, 'quiz', 7, '{}')")
    conn.execute("UPDATE attempts SET session_id = 1 WHERE id = 3")
    conn.commit()
    conn.close()


def test_a_v3_database_migrates_to_v4_with_its_data_intact(tmp_path):
    path = tmp_path / "progress.sqlite3"
    make_v3(path)
    before = {table: rows(path, f"SELECT * FROM {table} ORDER BY 1") for table in
              ("attempts", "cards", "review_logs", "items", "sessions")}
    with Store.open(path) as store:
        assert rows(path, "PRAGMA user_version") == [(LATEST_VERSION,)] and LATEST_VERSION >= 4
        for table in ("attempts", "cards", "review_logs", "items"):
            assert rows(path, f"SELECT * FROM {table} ORDER BY 1") == before[table]
        # The old session keeps its columns and gains an empty state: nothing to resume.
        assert [row[:5] for row in rows(path, "SELECT * FROM sessions")] == before["sessions"]
        last = store.last_session()
        assert last.id == 1 and last.state is None and not last.resumable
        assert store.holds() == [] and store.draft("ml.batch", "q-memory") is None and store.undo_count() == 0
    assert rows(path.with_name("progress.sqlite3.v3.bak"), "PRAGMA user_version") == [(3,)]


def _attempt(item="q", at=START, kind="question"):
    return NewAttempt("d", item, kind, "quiz", at, "an answer")


def test_undo_restores_the_card_and_keeps_the_attempt_in_the_undo_log(tmp_path):
    with Store.open(tmp_path / "p.sqlite3") as store:
        first = store.record(_attempt(), Rating.Good, Scheduler())
        later = START + timedelta(days=3)
        second = store.record(_attempt(at=later), Rating.Again, Scheduler())
        undone = store.undo(second.attempt_id, later + timedelta(seconds=5))
        assert undone.rolled_back and undone.card == first.card == store.card("d", "q")
        assert [a.id for a in store.attempts()] == [first.attempt_id]
        assert rows(store.path, "SELECT attempt_id FROM review_logs") == [(first.attempt_id,)]
        logged = rows(store.path, "SELECT attempt_id, attempt, review FROM undos")
        assert [(a, json.loads(text)["answer"], json.loads(review)["rating"]) for a, text, review in logged] == [
            (second.attempt_id, "an answer", int(Rating.Again))]
        # Undoing the first review too makes the item new again (and frees its new-item slot).
        assert store.new_cards_since(START) == 1
        assert store.undo(first.attempt_id, later).card is None
        assert store.card("d", "q") is None and store.new_cards_since(START) == 0 and store.undo_count() == 2


def test_new_cards_since_leaves_out_practice_kinds(tmp_path):
    with Store.open(tmp_path / "p.sqlite3") as store:
        store.record(_attempt("q"), Rating.Good, Scheduler())
        store.record(_attempt("c", kind="calculation"), Rating.Good, Scheduler())
        store.record(_attempt("g", kind="generated"), Rating.Good, Scheduler())
        assert store.new_cards_since(START) == 3
        assert store.new_cards_since(START, exclude_kinds=("calculation", "generated")) == 1


def test_drafts_holds_and_settings_survive_reopening(tmp_path):
    path = tmp_path / "p.sqlite3"
    with Store.open(path) as store:
        store.save_draft("d", "q", "half an answer", START)
        store.save_draft("d", "gone", "typed", START)
        store.save_draft("d", "gone", "   ", START)  # cleared back to nothing
        store.bury("d", "b", START + timedelta(hours=10))
        assert store.suspend("d", "s", START) and not store.suspend("d", "s", START)
        store.set_setting("interview_date", "2026-04-01")
    with Store.open(path) as store:
        assert store.draft("d", "q") == "half an answer" and store.draft("d", "gone") is None
        assert store.held(START) == {("d", "b"), ("d", "s")}
        assert store.held(START + timedelta(hours=11)) == {("d", "s")}  # the burial ran out
        assert store.suspend("d", "s", None) and store.held(START) == {("d", "b")}
        assert store.setting("interview_date") == "2026-04-01"
        store.set_setting("interview_date", None)
        assert store.setting("interview_date") is None
