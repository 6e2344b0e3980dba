"""The TUI's pure helpers: editor command lines, preferences, and the CLI entry."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from prepdeck.tui.editor import editor_command, find_editor
from prepdeck.tui.prefs import Prefs, PrefsFile
from prepdeck.tui.widgets.feedback import humanize
from prepdeck.tui.widgets.loss_plot import segments


def test_editor_command_puts_the_line_where_each_editor_expects_it():
    path = Path("decks/a.yaml")
    assert editor_command("vim", path, 12) == ["vim", "+12", "./decks/a.yaml"]
    assert editor_command("nano -w", path, 3) == ["nano", "-w", "+3", "./decks/a.yaml"]
    assert editor_command("/usr/bin/code", path, 7) == ["/usr/bin/code", "--wait", "--goto", "./decks/a.yaml:7"]
    assert editor_command("hx", path, 5) == ["hx", "./decks/a.yaml:5"]
    assert editor_command("vi", path, 0) == ["vi", "+1", "./decks/a.yaml"]  # lines start at 1
    assert editor_command("vim", Path("/abs/a.yaml"), 2) == ["vim", "+2", "/abs/a.yaml"]


def test_editor_never_reads_a_deck_name_as_an_option_and_a_bad_quote_is_named(tmp_path):
    for editor in ("vim", "code", "hx"):
        argv = editor_command(editor, Path("-c!touch PWNED.yaml"), 19)
        assert not any(arg.startswith("-c") for arg in argv), argv
        assert any(arg.startswith("./-c!touch PWNED.yaml") for arg in argv), argv
    import pytest

    with pytest.raises(ValueError, match="cannot be read .*closing quotation"):
        editor_command("vim '-u NONE", Path("a.yaml"), 1)


def test_find_editor_prefers_visual_then_editor():
    assert find_editor({"VISUAL": "code", "EDITOR": "vim"}) == "code"
    assert find_editor({"EDITOR": "emacs -nw"}) == "emacs -nw"


def test_prefs_round_trip_and_damaged_file_means_defaults(tmp_path):
    file = PrefsFile(tmp_path / "sub" / "tui.json")
    assert file.load() == Prefs()
    prefs = Prefs().with_theme("textual-light")
    file.save(prefs)
    assert file.load() == prefs
    (tmp_path / "sub" / "tui.json").write_text("{not json")
    assert file.load() == Prefs()
    (tmp_path / "sub" / "tui.json").write_text(json.dumps({"theme": 3}))
    assert file.load() == Prefs()
    # A file from an older version, which also kept the last study choice here, still loads.
    (tmp_path / "sub" / "tui.json").write_text(json.dumps({"theme": "textual-light", "last": {"mode": "calc"}}))
    assert file.load() == prefs


def test_humanize_next_due():
    assert humanize(timedelta(seconds=30)) == "in under a minute"
    assert humanize(timedelta(minutes=10)) == "in 10 min"
    assert humanize(timedelta(hours=5)) == "in 5 h"
    assert humanize(timedelta(days=1)) == "in 1 day"
    assert humanize(timedelta(days=12)) == "in 12 days"


def test_a_diverged_run_stops_its_curve():
    assert segments([1.0, 0.5, None, None]) == [([1, 2], [1.0, 0.5])]
    assert segments([None, 2.0, None, 1.0]) == [([2], [2.0]), ([4], [1.0])]


def test_the_tui_refuses_a_pipe_with_a_one_line_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "prepdeck"], capture_output=True, text=True, timeout=120,
                            stdin=subprocess.DEVNULL, env={"PREPDECK_HOME": str(tmp_path), "PATH": ""})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "prepdeck: error: the TUI needs a terminal; for pipes use 'prepdeck quiz --plain'"]


def test_the_schedule_line_joins_only_the_parts_present():
    from datetime import datetime, timezone

    from prepdeck.core.session_types import Card, Feedback
    from prepdeck.tui.widgets.feedback import schedule_line

    now = datetime(2025, 3, 1, tzinfo=timezone.utc)
    card = Card(kind="follow_up", deck_id="d", item_id="q#follow-up-1", prompt="?", path="d.yaml", line=1,
                position=1, planned=1, presented_at=now)
    ungraded = Feedback(card=card, answer="x", attempt_id=1, answered_at=now, result=None, score=None, verdict=None,
                        rating=None, next_due=None, hints_used=1)
    assert str(schedule_line(ungraded, now)) == "1 hint(s) used"
    rated = Feedback(card=card, answer="x", attempt_id=1, answered_at=now, result=None, score=0.0, verdict="weak",
                     rating=1, next_due=now, returns=True, override="wrong")
    assert str(schedule_line(rated, now)) == "you marked this wrong · rated again · back later in this session"


def test_short_intervals_read_like_ankis():
    from prepdeck.core.formats import short_interval

    assert [short_interval(timedelta(**k)) for k in ({"seconds": 20}, {"minutes": 10}, {"hours": 5}, {"days": 2},
                                                      {"days": 90}, {"days": 400})] == [
        "1m", "10m", "5h", "2d", "3mo", "1.1y"]
