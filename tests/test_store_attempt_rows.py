"""The attempt-row rule: SQL (which filters every reader) and Python (which names a row) agree on every value."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from hypothesis import given, settings
from hypothesis import strategies as st

from prepdeck.store import Store
from prepdeck.store.attempt_check import TALLIED_ATTEMPT_SQL, VALID_ATTEMPT_SQL, attempt_problems

COLUMNS = ("answered_ms", "score", "verdict", "override", "duration_ms", "hints", "criteria", "details")

sql_ints = st.integers(min_value=-(2**63), max_value=2**63 - 1)
near = st.sampled_from([-1, 0, 1, 253_402_300_799_999, 253_402_300_800_000, 366 * 24 * 3600 * 1000,
                        366 * 24 * 3600 * 1000 + 1, 1000, 1001])
numbers = st.one_of(sql_ints, near, st.floats(allow_nan=False), st.floats(min_value=-0.5, max_value=1.5))
texts = st.one_of(st.sampled_from(["strong", "partial", "weak", "right", "wrong", "[]", "{}", "[1]", '{"a": 1}',
                                   " [] ", "{oops", "null", "0.5", "12"]), st.text(max_size=8))
present = st.one_of(numbers, texts)
values = st.one_of(st.none(), present)
NOT_NULL = ("answered_ms", "hints", "criteria", "details")  # the schema refuses NULL there


@settings(max_examples=300, deadline=None)
@given(st.tuples(*[present if name in NOT_NULL else values for name in COLUMNS]))
def test_the_sql_rule_and_the_python_rule_agree(tmp_path_factory, row):
    path = tmp_path_factory.getbasetemp() / "attempt-rows.sqlite3"
    if not path.exists():
        Store.open(path).close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute("DELETE FROM attempts")
        conn.execute(f"INSERT INTO attempts (deck_id, item_id, mode, answer, {', '.join(COLUMNS)}) "
                     "VALUES ('d', 'q', 'quiz', 'a', ?, ?, ?, ?, ?, ?, ?, ?)", row)
        stored = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM attempts").fetchone()
        valid, tallied = conn.execute(f"SELECT {VALID_ATTEMPT_SQL}, {TALLIED_ATTEMPT_SQL} FROM attempts").fetchone()
    assert bool(valid) == (not attempt_problems(*stored)), stored
    counted_columns = stored[:4] + (None, 0, "[]", "{}")  # time, score, verdict, override; the rest made good
    assert bool(tallied) == (not attempt_problems(*counted_columns)), stored


def test_rows_prepdeck_writes_pass_and_each_bad_value_is_named():
    good = (1_700_000_000_000, 0.5, "partial", None, 1200, 0, "[]", "{}")
    assert attempt_problems(*good) == []
    assert attempt_problems(2**62, 1.5, "bogus", "maybe", -1, -2, "{", "[]") == [
        f"answer time {2**62} ms is out of range", "score 1.5 is not between 0 and 1",
        "verdict 'bogus' is not strong, partial or weak", "override 'maybe' is not right or wrong",
        "duration -1 ms is out of range", "hints -2 is out of range", "criteria are not a JSON list",
        "details are not a JSON object"]
