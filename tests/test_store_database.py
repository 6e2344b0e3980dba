"""The progress database: pragmas, committed attempts, overrides, and bad files refused safely."""

from __future__ import annotations

import os
import sqlite3
from datetime import timedelta

import pytest
from study_helpers import START, rows

from prepdeck.cli import main
from prepdeck.core.attempt import NewAttempt
from prepdeck.core.scheduler import Rating, Scheduler
from prepdeck.errors import PrepdeckError
from prepdeck.store import Store
from prepdeck.store import connection as connection_module
from prepdeck.store.migrations import LATEST_VERSION


def attempt(item="q1", deck="d1", **extra) -> NewAttempt:
    values = dict(deck_id=deck, item_id=item, kind="question", mode="quiz", answered_at=START,
                  answer="an answer", prompt="Why?", score=0.5, verdict="partial",
                  criteria=[{"description": "c", "met": True}])
    values.update(extra)
    return NewAttempt(**values)


def one_line(error: BaseException) -> str:
    text = str(error)
    assert "\n" not in text
    return text


def test_open_creates_the_folder_and_sets_the_pragmas(tmp_path):
    path = tmp_path / "deep" / "er" / "progress.sqlite3"
    with Store.open(path) as store:
        conn = store._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == connection_module.BUSY_TIMEOUT_MS
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert path.is_file()


def test_db_path_comes_from_prepdeck_home(tmp_path, monkeypatch):
    monkeypatch.setenv("PREPDECK_HOME", str(tmp_path / "home"))
    with Store.open() as store:
        assert store.path == tmp_path / "home" / "progress.sqlite3"
    assert Store.open_for_reading(tmp_path / "absent.sqlite3") is None
    assert not (tmp_path / "absent.sqlite3").exists()


def test_an_attempt_is_committed_with_everything_recorded(tmp_path):
    path = tmp_path / "p.sqlite3"
    with Store.open(path) as store:
        recorded = store.record(attempt(seed=42, hints=1, duration=timedelta(seconds=3), tags=("t",)),
                                Rating.Hard, Scheduler())
        # Visible to another connection right away: it was committed, not merely written.
        got = rows(path, "SELECT deck_id, item_id, mode, answer, score, verdict, criteria, seed, hints, "
                         "duration_ms, override FROM attempts WHERE id = ?", (recorded.attempt_id,))
        assert got == [("d1", "q1", "quiz", "an answer", 0.5, "partial", '[{"description": "c", "met": true}]',
                        42, 1, 3000, None)]
        logs = rows(path, "SELECT rating, attempt_id, card_before FROM review_logs")
        assert logs == [(2, recorded.attempt_id, None)]
        card = store.card("d1", "q1")
        assert card == recorded.card == Scheduler().review(None, Rating.Hard, START, timedelta(seconds=3))


def test_an_unrated_attempt_has_no_card(tmp_path):
    with Store.open(tmp_path / "p.sqlite3") as store:
        store.record(attempt(item="q1#follow-up-1", verdict=None, score=None), None, Scheduler())
        assert store.cards() == {}
        assert store.attempt_count() == 1


def test_override_re_rates_the_review_from_its_snapshot(tmp_path):
    scheduler = Scheduler()
    with Store.open(tmp_path / "p.sqlite3") as store:
        first = store.record(attempt(verdict="strong", score=0.9), Rating.Good, scheduler)
        later = START + timedelta(days=1)
        second = store.record(attempt(answered_at=later, verdict="weak", score=0.1), Rating.Again, scheduler)
        card = store.set_override(second.attempt_id, "right", Rating.Good, scheduler)
        assert card == scheduler.review(first.card, Rating.Good, later)
        assert store.attempts()[-1].override == "right"
        card = store.set_override(second.attempt_id, "wrong", Rating.Again, scheduler)
        assert card == scheduler.review(first.card, Rating.Again, later)
        assert store.card("d1", "q1") == card


def test_override_after_a_later_review_keeps_the_later_card(tmp_path):
    scheduler = Scheduler()
    with Store.open(tmp_path / "p.sqlite3") as store:
        first = store.record(attempt(), Rating.Again, scheduler)
        second = store.record(attempt(answered_at=START + timedelta(hours=1)), Rating.Good, scheduler)
        assert store.set_override(first.attempt_id, "right", Rating.Good, scheduler) == second.card
        assert store.attempts()[0].override == "right"


def test_override_of_a_missing_attempt_is_a_clear_error(tmp_path):
    with Store.open(tmp_path / "p.sqlite3") as store, pytest.raises(PrepdeckError, match="no attempt #99"):
        store.set_override(99, "right", Rating.Good, Scheduler())


# ---------------------------------------------------------------------------- bad databases


def test_a_text_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "progress.sqlite3"
    path.write_text("these are my notes, not a database\n")
    before = path.read_bytes()
    with pytest.raises(PrepdeckError) as caught:
        Store.open(path)
    message = one_line(caught.value)
    assert str(path) in message and "not SQLite" in message and "--db" in message
    assert path.read_bytes() == before


def test_a_corrupt_sqlite_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "progress.sqlite3"
    with Store.open(path) as store:
        store.record(attempt(), Rating.Good, Scheduler())
    data = bytearray(path.read_bytes())
    data[100:4096] = os.urandom(3996)  # scramble page 1 after the header: the schema
    path.write_bytes(bytes(data))
    with pytest.raises(PrepdeckError) as caught:
        Store.open(path)
    message = one_line(caught.value)
    assert str(path) in message and "damaged" in message and "untouched" in message
    assert path.read_bytes() == bytes(data)


def test_a_read_only_file_is_refused(tmp_path):
    path = tmp_path / "progress.sqlite3"
    Store.open(path).close()
    path.chmod(0o444)
    try:
        with pytest.raises(PrepdeckError) as caught:
            Store.open(path)
        message = one_line(caught.value)
        assert str(path) in message and "read-only" in message
        # Reading still works, e.g. for stats.
        with Store.open_for_reading(path) as store:
            assert store.attempt_count() == 0
    finally:
        path.chmod(0o644)


def test_a_locked_database_gives_a_clear_error(tmp_path):
    path = tmp_path / "progress.sqlite3"
    Store.open(path).close()
    holder = sqlite3.connect(str(path), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with Store.open(path, busy_timeout_ms=50) as store:
            with pytest.raises(PrepdeckError) as caught:
                store.record(attempt(), Rating.Good, Scheduler())
        message = one_line(caught.value)
        assert str(path) in message and "locked" in message
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Store.open(path) as store:
        assert store.attempt_count() == 0  # the failed write left nothing half-done


def test_a_locked_database_is_one_line_from_the_cli(tmp_path, monkeypatch, capsys):
    path = tmp_path / "progress.sqlite3"
    Store.open(path).close()
    holder = sqlite3.connect(str(path), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(connection_module, "BUSY_TIMEOUT_MS", 50)
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("an answer\n\n"))
    try:
        from study_helpers import EXAMPLE

        # --tag memory: a free-text question, so the answer is a write (a true/false would ask again).
        code = main(["quiz", "--plain", "--db", str(path), "--seed", "1", "--tag", "memory", str(EXAMPLE)])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1 and "locked" in err[0] and str(path) in err[0]


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "progress.sqlite3"
    Store.open(path).close()
    conn = sqlite3.connect(str(path))
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    with pytest.raises(PrepdeckError) as caught:
        Store.open(path)
    message = one_line(caught.value)
    assert str(path) in message and "newer prepdeck" in message


def test_another_programs_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(PrepdeckError, match="another program"):
        Store.open(path)
    assert rows(path, "SELECT name FROM sqlite_master") == [("contacts",)]


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(PrepdeckError, match="is a directory"):
        Store.open(tmp_path)


def test_due_cards_come_from_the_due_index_most_overdue_first(tmp_path):
    scheduler = Scheduler()
    with Store.open(tmp_path / "p.sqlite3") as store:
        store.record(attempt(item="later"), Rating.Good, scheduler)  # due in 10 minutes
        store.record(attempt(item="sooner"), Rating.Again, scheduler)  # due in 1 minute
        plan = store._conn.execute("EXPLAIN QUERY PLAN SELECT * FROM cards WHERE due_ms <= 0 ORDER BY due_ms").fetchall()
        assert "cards_by_due" in str(plan)
        assert [key[1] for key, _ in store.due_cards(START + timedelta(minutes=5))] == ["sooner"]
        assert [key[1] for key, _ in store.due_cards(START + timedelta(hours=1))] == ["sooner", "later"]
