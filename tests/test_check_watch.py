"""`prepdeck check --watch`: the poller notices changes and re-runs check's collect()."""

from __future__ import annotations

import io
import os
import re
from datetime import datetime
from pathlib import Path

from prepdeck.cli import build_parser
from prepdeck.commands.check import collect
from prepdeck.commands.watch import run_watch
from prepdeck.core.watch import changed_paths, snapshot, watch

GOOD = "id: w\ntitle: Watched\nconcepts:\n  - id: w1\n    term: Epoch\n    definition: One pass.\n    source: s\n"


def touch_later(path: Path, text: str) -> None:
    """Rewrite a file and push its mtime forward, so the change is visible at any clock resolution."""
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_snapshot_sees_added_changed_and_removed_files(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a deck", encoding="utf-8")
    before = snapshot([tmp_path])
    assert list(before) == [str(tmp_path / "a.yaml")]

    touch_later(tmp_path / "a.yaml", GOOD + "\n")
    (tmp_path / "b.yml").write_text(GOOD, encoding="utf-8")
    after = snapshot([tmp_path])
    assert changed_paths(before, after) == [str(tmp_path / "a.yaml"), str(tmp_path / "b.yml")]

    (tmp_path / "a.yaml").unlink()
    assert changed_paths(after, snapshot([tmp_path])) == [str(tmp_path / "a.yaml")]
    assert snapshot([tmp_path / "missing.yaml"]) == {}


def test_watch_calls_back_once_at_start_and_once_per_change(tmp_path):
    deck = tmp_path / "deck.yaml"
    deck.write_text(GOOD, encoding="utf-8")
    calls: list[list[str]] = []
    sleeps = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 2:  # between the 2nd and 3rd poll
            touch_later(deck, GOOD.replace("One pass.", "One full pass."))

    watch([tmp_path], calls.append, sleep=sleep, polls=4)
    assert calls == [[], [str(deck)]]


def test_check_watch_reports_after_each_change_and_survives_errors(tmp_path):
    deck = tmp_path / "deck.yaml"
    deck.write_text(GOOD, encoding="utf-8")
    args = build_parser().parse_args(["check", "--watch", str(deck)])
    out = io.StringIO()
    polls = iter(range(100))

    def sleep(seconds: float) -> None:
        step = next(polls)
        if step == 0:
            touch_later(deck, GOOD.replace("title: Watched\n", "title: [unclosed\n"))
        elif step == 3:
            touch_later(deck, GOOD)

    code = run_watch(args, collect, out=out, sleep=sleep, polls=6, now=lambda: datetime(2024, 5, 1, 9, 30, 5))
    assert code == 0
    reports = out.getvalue().split("── ")[1:]
    assert len(reports) == 3
    assert reports[0].startswith("09:30:05 checking") and "0 error(s), 0 warning(s)" in reports[0]
    assert reports[1].startswith(f"09:30:05 changed: {deck}")
    assert re.search(rf"{deck.name}:\d+:\d+: error: YAML syntax error", reports[1])
    assert "1 error(s)" in reports[1]
    assert "0 error(s)" in reports[2]


def test_check_watch_json_lines_and_ctrl_c_exits_zero(tmp_path):
    deck = tmp_path / "deck.yaml"
    deck.write_text(GOOD.replace("term: Epoch", "term: ''"), encoding="utf-8")
    args = build_parser().parse_args(["check", "--watch", "--json", str(deck)])
    out = io.StringIO()

    def interrupt(seconds: float) -> None:
        raise KeyboardInterrupt

    assert run_watch(args, collect, out=out, sleep=interrupt) == 0
    import json

    (line,) = out.getvalue().splitlines()
    record = json.loads(line)
    assert record["changed"] == []
    assert [d["severity"] for d in record["diagnostics"]] == ["error"]
