"""Progress over time from the store: per local day, the last days per deck, and the last session."""

from __future__ import annotations

import io
import sqlite3
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from study_helpers import START, FakeClock, example_decks

from prepdeck.commands.quiz_plain import PlainQuiz
from prepdeck.core.attempt import NewAttempt
from prepdeck.core.scheduler import Rating, Scheduler
from prepdeck.core.session import Session
from prepdeck.core.session_types import SessionConfig
from prepdeck.store import Catalog, Store, Tally

LONDON = ZoneInfo("Europe/London")  # clocks go forward on 2025-03-30: that local day has 23 hours


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "progress.sqlite3") as opened:
        yield opened


def record(store, when, verdict, score, *, deck="d1", item="a", override=None):
    """One attempt; ``verdict`` None is an answer with nothing to grade against."""
    done = store.record(NewAttempt(deck, item, "question", "quiz", when, "answer", score=score, verdict=verdict),
                        None if verdict is None else Rating.Good, Scheduler())
    if override:
        store.set_override(done.attempt_id, override, None, Scheduler())


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


def test_daily_counts_each_local_day_with_the_stats_rule_for_right_and_wrong(store):
    # Right, by the rule written out here: an override decides; else a strong verdict is right.
    record(store, utc(2025, 3, 1, 9), "strong", 0.9)  # right
    record(store, utc(2025, 3, 1, 10), "weak", 0.1, override="right")  # right: overridden
    record(store, utc(2025, 3, 1, 11), "strong", 0.8, override="wrong")  # wrong: overridden
    record(store, utc(2025, 3, 1, 12), None, None)  # not graded, no score
    record(store, utc(2025, 3, 3, 23, 59), "partial", 0.5)  # wrong
    record(store, utc(2025, 3, 4, 0, 0), "strong", 1.0)  # the next day: outside the range
    points = store.daily(date(2025, 3, 1), date(2025, 3, 3), timezone.utc)
    assert [point.day for point in points] == [date(2025, 3, 1), date(2025, 3, 2), date(2025, 3, 3)]
    assert [(p.tally.attempts, p.tally.graded, p.tally.correct) for p in points] == [(4, 3, 2), (0, 0, 0), (1, 1, 0)]
    assert points[0].tally.mean_score == pytest.approx((0.9 + 0.1 + 0.8) / 3)
    assert points[1].tally.mean_score is None and points[1].tally.accuracy is None


def test_daily_follows_the_candidates_time_zone_across_daylight_saving(store):
    record(store, utc(2025, 3, 29, 23, 30), "strong", 1.0)  # 23:30 GMT, Saturday 29th
    record(store, utc(2025, 3, 30, 22, 30), "strong", 1.0)  # 23:30 BST, Sunday 30th (a 23-hour day)
    record(store, utc(2025, 3, 30, 23, 30), "weak", 0.0)  # 00:30 BST, Monday 31st
    points = store.daily(date(2025, 3, 29), date(2025, 3, 31), LONDON)
    assert [(p.day.day, p.tally.attempts, p.tally.correct) for p in points] == [(29, 1, 1), (30, 1, 1), (31, 1, 0)]
    in_utc = store.daily(date(2025, 3, 29), date(2025, 3, 31), timezone.utc)
    assert [p.tally.attempts for p in in_utc] == [1, 2, 0]


def test_daily_totals_agree_with_prepdeck_stats(store):
    verdicts = ["strong", "weak", "partial", None]
    overrides = [None, None, "right", "wrong", None]
    for n in range(40):
        verdict = verdicts[n % 4]
        record(store, START - timedelta(hours=7 * n), verdict, None if verdict is None else (n % 10) / 10,
               item=f"i{n % 6}", override=overrides[n % 5] if verdict else None)
    first = (START - timedelta(hours=7 * 40)).date()
    total = sum((p.tally for p in store.daily(first, START.date(), timezone.utc)), start=Tally())
    stats = store.stats(now=START, scheduler=Scheduler(), tz=timezone.utc)
    assert (total.attempts, total.graded, total.correct) == (
        stats.total.attempts, stats.total.graded, stats.total.correct)
    assert total.score_sum == pytest.approx(stats.total.score_sum)


def test_recent_scores_are_per_deck_and_only_count_the_window(store):
    since = START - timedelta(days=7)
    record(store, since - timedelta(seconds=1), "strong", 1.0, deck="a")  # just outside
    record(store, since, "weak", 0.2, deck="a")
    record(store, START, "partial", 0.6, deck="b")
    record(store, START, "strong", 1.0, deck="b")
    record(store, START, None, None, deck="c")  # no score: no mean either
    recent = store.recent_scores(since)
    assert {deck: tally.mean_score for deck, tally in recent.by_deck.items()} == {
        "a": pytest.approx(0.2), "b": pytest.approx(0.8), "c": None}
    assert recent.total.attempts == 4
    assert recent.total.mean_score == pytest.approx((0.2 + 0.6 + 1.0) / 3)  # weighted by answers, not decks
    assert store.recent_scores(START + timedelta(seconds=1)).by_deck == {}


def test_time_series_read_the_covering_index_not_the_answers(store):
    conn = sqlite3.connect(str(store.path))
    try:
        from prepdeck.store.series import _DAILY, _RECENT

        plans = [" ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, (arg,)))
                 for sql, arg in ((_DAILY, "[[0, 1]]"), (_RECENT, 0))]
    finally:
        conn.close()
    assert all("COVERING INDEX attempts_by_time_summary" in plan for plan in plans), plans


def test_no_last_session_before_any_answer(store):
    assert store.last_session() is None
    record(store, START, "strong", 1.0)  # recorded outside any session
    assert store.last_session() is None


def test_the_last_session_is_the_one_that_answered_last(store):
    decks = example_decks()
    clock = FakeClock()
    early = Session(decks, store, clock=clock, seed=1, tz=timezone.utc,
                    config=SessionConfig(mode="calc"))
    late = Session(decks, store, clock=clock, seed=2, tz=timezone.utc,
                   config=SessionConfig(mode="quiz", deck_ids=("example",), tags=("memory",)))
    late.next_card()
    late.answer("activations")
    assert (store.last_session().mode, store.last_session().tags) == ("quiz", ("memory",))
    clock.advance(minutes=1)
    early.next_card()
    early.answer("12")  # the session started first, but answered last: that is where to continue
    last = store.last_session()
    assert (last.mode, last.deck_ids, last.tags, last.seed) == ("calc", (), (), 1)
    assert last.started_at == START


def test_a_plain_quiz_session_can_be_continued(store):
    session = Session(example_decks(), store, clock=FakeClock(), seed=3, tz=timezone.utc,
                      config=SessionConfig(mode="flash", deck_ids=("example",), tags=("training-loop",)))
    PlainQuiz(session, io.StringIO("\n3\n"), io.StringIO()).run()
    last = store.last_session()
    assert (last.mode, last.deck_ids, last.tags, last.seed) == ("flash", ("example",), ("training-loop",), 3)


def test_a_damaged_session_config_still_gives_the_mode(store):
    session = Session(example_decks(), store, clock=FakeClock(), seed=3, tz=timezone.utc,
                      config=SessionConfig(mode="quiz", tags=("memory",)))
    session.next_card()
    session.answer("activations")
    conn = sqlite3.connect(str(store.path))
    conn.execute("UPDATE sessions SET config = 'not json'")
    conn.commit()
    conn.close()
    last = store.last_session()
    assert (last.mode, last.deck_ids, last.tags) == ("quiz", (), ())


def test_the_series_count_items_that_left_the_decks(store):
    # The series reads the attempts only: items that left the decks still count in their day.
    record(store, START, "strong", 1.0, deck="gone", item="old")
    stats = store.stats(now=START, scheduler=Scheduler(), tz=timezone.utc,
                        catalog=Catalog.from_entries([("d1", "a", [])]))
    assert stats.unloaded_decks == {"gone": 1}
    assert store.daily(START.date(), START.date(), timezone.utc)[0].tally.correct == 1


def test_a_v2_database_gains_the_time_index_with_its_history_intact(tmp_path):
    from prepdeck.store.migrations import APPLICATION_ID, LATEST_VERSION, MIGRATIONS

    path = tmp_path / "v2.sqlite3"
    conn = sqlite3.connect(str(path))
    for statements in MIGRATIONS[:2]:  # the schema as prepdeck's v2 left it
        for statement in statements:
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO attempts (deck_id, item_id, mode, answered_ms, answer, score, verdict) "
                 "VALUES ('d1', 'a', 'quiz', ?, 'kept', 0.9, 'strong')", (int(START.timestamp() * 1000),))
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.attempts()[0].answer == "kept"
        assert store.daily(START.date(), START.date(), timezone.utc)[0].tally.correct == 1
    conn = sqlite3.connect(str(path))
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    finally:
        conn.close()
    assert "attempts_by_time_summary" in indexes and "attempts_by_time" not in indexes
    assert (tmp_path / "v2.sqlite3.v2.bak").exists()  # the copy taken before upgrading
