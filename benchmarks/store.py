"""Benchmark the progress store: recording an attempt (with its FSRS update) and ``stats``.

Prints the median time of each, and its ratio to a baseline measured in the same run:

* record: ``Store.record`` (attempt + item registry + FSRS review + review log, one
  committed transaction) against a bare one-row INSERT + COMMIT on the same kind of
  database (WAL, synchronous=NORMAL): the cheapest durable write SQLite offers; then
  both again with synchronous=FULL (the WAL is synced at every commit, so an
  acknowledged attempt survives power loss too), and FULL's ratio to NORMAL.
* stats: ``Store.stats`` over 100,000 attempts against one full-table aggregate
  (``SELECT count(*), avg(score) FROM attempts``): the cost of merely reading them.
* time series (the TUI's stats plot and home screen, on the same database):
  ``Store.daily`` over the last 30 days and ``Store.recent_scores`` over the last 7,
  against counting the attempts of the same window (``SELECT count(*) ... WHERE answered_ms >= ?``).

Goals (issue 5): record under 2 ms, stats under 200 ms.

    python benchmarks/store.py [--attempts 100000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from prepdeck.core.attempt import NewAttempt
from prepdeck.core.clock import to_ms
from prepdeck.core.scheduler import Rating, Scheduler
from prepdeck.store import Catalog, Store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
DECKS, ITEMS_PER_DECK = 5, 100
VERDICTS = ("strong", "partial", "weak")


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def bench_record(folder: Path, count: int, synchronous: str = "NORMAL") -> tuple[float, float]:
    from prepdeck.store import connection

    rng = random.Random(1)
    scheduler = Scheduler()
    samples = []
    default, connection.SYNCHRONOUS = connection.SYNCHRONOUS, synchronous
    try:
        store = Store.open(folder / f"record-{synchronous}.sqlite3")
    finally:
        connection.SYNCHRONOUS = default
    with store:
        for n in range(count):
            verdict = rng.choice(VERDICTS)
            attempt = NewAttempt(
                f"deck-{n % DECKS}", f"item-{rng.randrange(ITEMS_PER_DECK)}", "question", "quiz",
                NOW + timedelta(minutes=n), "an answer " * 20, prompt="Why?", tags=("tag-a", "tag-b"),
                score=rng.random(), verdict=verdict,
                criteria=[{"description": "criterion", "met": True, "weight": 1.0, "hits": [], "missing": []}] * 3)
            rating = {"strong": Rating.Good, "partial": Rating.Hard, "weak": Rating.Again}[verdict]
            started = time.perf_counter()
            store.record(attempt, rating, scheduler)
            samples.append(time.perf_counter() - started)
    conn = sqlite3.connect(str(folder / f"baseline-{synchronous}.sqlite3"), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, answer TEXT, at INTEGER)")
    baseline = []
    for n in range(count):
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (answer, at) VALUES (?, ?)", ("an answer " * 20, n))
        conn.execute("COMMIT")
        baseline.append(time.perf_counter() - started)
    conn.close()
    return median_ms(samples), median_ms(baseline)


def tag_of(item: str) -> str:
    return f"tag-{int(item.split('-')[1]) % 7}"


def populate(path: Path, attempts: int) -> Catalog:
    """A year of history: ``attempts`` attempts over 500 items in 5 decks, with their cards."""
    rng = random.Random(2)
    Store.open(path).close()
    conn = sqlite3.connect(str(path))
    start = to_ms(NOW - timedelta(days=365))
    span = to_ms(NOW) - start
    keys = [(f"deck-{d}", f"item-{i}") for d in range(DECKS) for i in range(ITEMS_PER_DECK)]
    conn.executemany(
        "INSERT INTO attempts (deck_id, item_id, mode, answered_ms, answer, score, verdict, criteria, override) "
        "VALUES (?, ?, 'quiz', ?, 'an answer', ?, ?, '[]', ?)",
        ((*rng.choice(keys), start + rng.randrange(span), rng.random(), rng.choice(VERDICTS),
          "right" if rng.random() < 0.02 else None) for _ in range(attempts)))
    conn.executemany(
        "INSERT INTO items (deck_id, item_id, kind, tags, first_seen_ms, last_seen_ms) VALUES (?, ?, 'question', ?, ?, ?)",
        ((deck, item, json.dumps([tag_of(item)]), start, to_ms(NOW)) for deck, item in keys))
    conn.executemany(
        "INSERT INTO cards (deck_id, item_id, state, stability, difficulty, due_ms, last_review_ms, created_ms) "
        "VALUES (?, ?, 2, ?, 5.0, ?, ?, ?)",
        ((deck, item, rng.uniform(1, 60), to_ms(NOW) + rng.randrange(-5, 30) * 86_400_000,
          to_ms(NOW) - rng.randrange(1, 20) * 86_400_000, start) for deck, item in keys))
    conn.commit()
    conn.close()
    # One deck's last ten items have since been removed: they show up as orphans.
    live = [(deck, item, [tag_of(item)]) for deck, item in keys
            if not (deck == "deck-0" and int(item.split("-")[1]) >= ITEMS_PER_DECK - 10)]
    return Catalog.from_entries(live)


def bench_stats(folder: Path, attempts: int, repeat: int) -> tuple[float, float]:
    path = folder / "stats.sqlite3"
    catalog = populate(path, attempts)
    samples, baseline = [], []
    with Store.open(path) as store:
        for _ in range(repeat):
            started = time.perf_counter()
            stats = store.stats(now=NOW, scheduler=Scheduler(), tz=timezone.utc, catalog=catalog,
                                on=date(2026, 4, 1))
            samples.append(time.perf_counter() - started)
        assert stats.total.attempts == attempts and len(stats.orphans) == 10
    conn = sqlite3.connect(str(path))
    for _ in range(repeat):
        started = time.perf_counter()
        conn.execute("SELECT count(*), avg(score) FROM attempts").fetchone()
        baseline.append(time.perf_counter() - started)
    conn.close()
    return median_ms(samples), median_ms(baseline)


def bench_series(folder: Path, repeat: int) -> dict[str, tuple[float, float]]:
    """Median ms of the daily series and the recent scores, each with its baseline window count."""
    path = folder / "stats.sqlite3"  # filled by bench_stats
    results = {}
    with Store.open(path) as store:
        conn = sqlite3.connect(str(path))
        for name, days, call in (
                ("daily, 30 days", 30, lambda: store.daily(NOW.date() - timedelta(days=29), NOW.date(), timezone.utc)),
                ("recent scores, 7 days", 7, lambda: store.recent_scores(NOW - timedelta(days=7)))):
            since = to_ms(NOW - timedelta(days=days))
            samples, baseline = [], []
            for _ in range(repeat):
                started = time.perf_counter()
                call()
                samples.append(time.perf_counter() - started)
                started = time.perf_counter()
                conn.execute("SELECT count(*) FROM attempts WHERE answered_ms >= ?", (since,)).fetchone()
                baseline.append(time.perf_counter() - started)
            results[name] = (median_ms(samples), median_ms(baseline))
        conn.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=100_000, help="attempts in the stats database")
    parser.add_argument("--records", type=int, default=1000, help="attempts recorded one by one")
    parser.add_argument("--repeat", type=int, default=7, help="stats runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        record, record_base = bench_record(folder, args.records)
        record_full, record_full_base = bench_record(folder, args.records, "FULL")
        stats, stats_base = bench_stats(folder, args.attempts, args.repeat)
        series = bench_series(folder, args.repeat)
    print(f"record an attempt with FSRS update: median {record:.3f} ms "
          f"({record / record_base:.1f}× a bare INSERT+COMMIT at {record_base:.3f} ms; goal < 2 ms)")
    print(f"  the same with synchronous=FULL (an fsync per commit): median {record_full:.3f} ms "
          f"({record_full / record:.1f}× NORMAL; bare INSERT+COMMIT at {record_full_base:.3f} ms)")
    print(f"stats over {args.attempts:,} attempts: median {stats:.1f} ms "
          f"({stats / stats_base:.1f}× one aggregate scan at {stats_base:.1f} ms; goal < 200 ms)")
    for name, (took, base) in series.items():
        print(f"{name} over {args.attempts:,} attempts: median {took:.2f} ms "
              f"({took / base:.1f}× counting that window's attempts at {base:.2f} ms)")


if __name__ == "__main__":
    main()
