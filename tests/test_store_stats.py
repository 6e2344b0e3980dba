"""``prepdeck stats``: accuracy by deck and tag, weakest items, due forecast, streak, recall, orphans."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import date, timedelta, timezone

import pytest
from study_helpers import EXAMPLE, START, FakeClock

from prepdeck.cli import main
from prepdeck.core.attempt import NewAttempt
from prepdeck.core.clock import to_ms
from prepdeck.core.scheduler import Rating, Scheduler
from prepdeck.core.session import Session
from prepdeck.core.session_types import SessionConfig
from prepdeck.store import Catalog, Store

DAY = timedelta(days=1)
CATALOG = Catalog.from_entries([("d1", "a", ["x"]), ("d1", "b", ["x", "y"]), ("d2", "c", [])])


def record(store, item, verdict, when, deck="d1", override=None, score=None, tags=()):
    score = {"strong": 0.9, "partial": 0.5, "weak": 0.1}[verdict] if score is None else score
    rating = {"strong": Rating.Good, "partial": Rating.Hard, "weak": Rating.Again}[verdict]
    done = store.record(NewAttempt(deck, item, "question", "quiz", when, "answer", score=score, verdict=verdict,
                                   tags=tags), rating, Scheduler())
    if override:
        store.set_override(done.attempt_id, override, Rating.Good if override == "right" else Rating.Again,
                           Scheduler())


def set_card(path, deck, item, due, stability=None, last_review=None):
    conn = sqlite3.connect(str(path))
    conn.execute("""INSERT INTO cards (deck_id, item_id, state, stability, difficulty, due_ms, last_review_ms,
                    created_ms) VALUES (?, ?, 2, ?, 5.0, ?, ?, ?)
                    ON CONFLICT (deck_id, item_id) DO UPDATE SET due_ms = excluded.due_ms,
                    stability = excluded.stability, last_review_ms = excluded.last_review_ms""",
                 (deck, item, stability, to_ms(due), None if last_review is None else to_ms(last_review),
                  to_ms(START)))
    conn.commit()
    conn.close()


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "progress.sqlite3") as opened:
        yield opened


def compute(store, now=START, **extra):
    return store.stats(now=now, scheduler=Scheduler(), tz=timezone.utc, catalog=CATALOG, **extra)


def test_accuracy_by_deck_and_tag_counts_overrides(store):
    record(store, "a", "strong", START - 2 * DAY)
    record(store, "b", "weak", START - DAY)
    record(store, "a", "partial", START)
    record(store, "b", "strong", START, override="wrong")
    record(store, "c", "weak", START, deck="d2", override="right")
    stats = compute(store)
    # right: a strong, c overridden right → 2 of 5.
    assert (stats.total.attempts, stats.total.correct, stats.total.graded) == (5, 2, 5)
    assert stats.total.accuracy == pytest.approx(0.4)
    assert stats.total.mean_score == pytest.approx((0.9 + 0.1 + 0.5 + 0.9 + 0.1) / 5)
    assert {deck: (t.attempts, t.correct) for deck, t in stats.by_deck.items()} == {"d1": (4, 1), "d2": (1, 1)}
    assert {tag: (t.attempts, t.correct) for tag, t in stats.by_tag.items()} == {"x": (4, 1), "y": (2, 0)}
    assert [(w.item_id, w.tally.correct, w.tally.graded) for w in stats.weakest] == [
        ("b", 0, 2), ("a", 1, 2), ("c", 1, 1)]
    assert stats.streak == 3


def test_the_streak_survives_until_a_day_is_missed(store):
    for days_ago in (1, 2, 4):
        record(store, "a", "strong", START - days_ago * DAY)
    assert compute(store).streak == 2  # nothing today yet: yesterday and the day before still count
    assert compute(store, now=START + DAY).streak == 0


def test_days_are_local_days(store):
    # 23:30 UTC on the 1st is already the 2nd in UTC+2: two attempts, one local day.
    record(store, "a", "strong", START.replace(hour=23, minute=30) - DAY)
    record(store, "a", "strong", START)
    plus_two = timezone(timedelta(hours=2))
    stats = store.stats(now=START, scheduler=Scheduler(), tz=plus_two, catalog=CATALOG)
    assert stats.streak == 1
    assert compute(store).streak == 2


def test_due_today_and_the_seven_day_forecast(store):
    path = store.path
    set_card(path, "d1", "a", START - 3 * DAY)  # overdue: due today
    set_card(path, "d1", "b", START.replace(hour=23))  # later today
    set_card(path, "d2", "c", START + 2 * DAY)
    set_card(path, "d1", "gone", START)  # an orphan: not counted, it cannot be studied
    set_card(path, "d9", "elsewhere", START)  # a deck not loaded
    stats = compute(store)
    assert stats.due_today == 2
    assert [count for _, count in stats.forecast] == [2, 0, 1, 0, 0, 0, 0]
    assert [day for day, _ in stats.forecast][:2] == [date(2026, 3, 2), date(2026, 3, 3)]


def test_predicted_recall_on_a_date(store):
    # FSRS defines stability as the days after which recall falls to 90%.
    set_card(store.path, "d1", "a", START + 10 * DAY, stability=10.0, last_review=START.replace(hour=12))
    stats = compute(store, on=date(2026, 3, 12))
    assert stats.recall.studied == 1
    assert stats.recall.mean_studied == pytest.approx(0.9, abs=1e-4)
    assert stats.recall.items == 3
    assert stats.recall.mean_all == pytest.approx(0.3, abs=1e-4)  # the two unstudied items count as 0
    assert stats.recall.by_deck["d1"]["mean_all"] == pytest.approx(0.45, abs=1e-4)


def test_removed_items_are_kept_and_reported_as_orphans(store):
    record(store, "a", "strong", START)
    record(store, "gone", "weak", START, tags=("old-tag",))
    record(store, "elsewhere", "weak", START, deck="d9")
    stats = compute(store)
    assert [(o.deck_id, o.item_id, o.kind, o.attempts) for o in stats.orphans] == [("d1", "gone", "question", 1)]
    assert stats.unloaded_decks == {"d9": 1}
    assert stats.by_tag["old-tag"].attempts == 1  # history keeps the tags it was recorded with
    assert [w.item_id for w in stats.weakest] == ["a"]  # orphans cannot be drilled, so are not listed
    assert store.attempt_count() == 3  # nothing deleted


def test_an_items_history_follows_its_id_across_edits(tmp_path):
    deck = tmp_path / "deck.yaml"
    text = EXAMPLE.read_text()
    deck.write_text(text)
    clock = FakeClock()
    from prepdeck.core.loader import load_decks

    with Store.open(tmp_path / "p.sqlite3") as store:
        session = Session(load_decks([deck]), store, clock=clock, seed=1, config=SessionConfig(mode="flash"),
                          tz=timezone.utc)
        session.next_card()
        session.rate(3)
        # Reword the definition and move the concept below the questions: same id, same history.
        start, end = text.index("concepts:"), text.index("questions:")
        edited = text[:start] + text[end:] + "\n" + text[start:end]
        deck.write_text(edited.replace("One complete pass of the entire training dataset",
                                       "A full pass over the training set"))
        decks = load_decks([deck])
        assert not decks.diagnostics and decks.decks[0].item_position("ex-epoch")[0] > 80
        clock.advance(days=1)
        again = Session(decks, store, clock=clock, seed=1, config=SessionConfig(mode="flash"), tz=timezone.utc)
        assert again.plan.entries[0].is_new is False
        catalog = Catalog.from_entries((d.deck.id, i.id, i.tags) for d, i in decks.items())
        assert store.stats(now=clock.now, scheduler=Scheduler(), catalog=catalog).orphans == []


def test_stats_json_from_the_cli(tmp_path, capsys, monkeypatch):
    db = tmp_path / "progress.sqlite3"
    monkeypatch.setattr("sys.stdin", io.StringIO("no idea\n\n"))
    assert main(["quiz", "--plain", "--db", str(db), "--seed", "3", str(EXAMPLE)]) == 0
    capsys.readouterr()
    assert main(["stats", "--db", str(db), "--json", "--on", "2999-01-01", str(EXAMPLE)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["attempts"] == 1 and isinstance(data["attempts"], int)
    assert data["by_tag"]["training-loop"]["attempts"] == 1
    assert data["due_today"] == 1
    assert [w["item"] for w in data["weakest"]] == ["ex-epoch"]
    assert len(data["forecast"]) == 7 and data["streak"] == 1
    assert data["recall"]["on"] == "2999-01-01" and data["orphans"] == []
    assert main(["stats", "--db", str(db), str(EXAMPLE)]) == 0
    text = capsys.readouterr().out
    assert "attempts 1 · right 0/1 (0%)" in text and "weakest items:" in text and "due today 1" in text


def test_stats_without_a_database_creates_nothing(tmp_path, capsys):
    db = tmp_path / "none" / "progress.sqlite3"
    assert main(["stats", "--db", str(db), "--json", str(EXAMPLE)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["attempts"] == 0 and data["exists"] is False and data["weakest"] == []
    assert not db.parent.exists()


def test_stats_flags_are_checked(tmp_path, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["stats", "--on", "next tuesday"])
    assert caught.value.code == 2
    assert main(["stats", "--db", str(tmp_path / "x.sqlite3"), "--on", "2000-01-01", str(EXAMPLE)]) == 2
    assert "in the past" in capsys.readouterr().err

