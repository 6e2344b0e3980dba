"""The crash guard: a bug in a screen or a worker is logged, shown calmly, and ends prepdeck
non-zero, and the attempts already recorded stay in the database."""

from __future__ import annotations

import pytest

from prepdeck.commands.tui import exit_status
from prepdeck.store import Store
from prepdeck.tui.screens.crash import CrashScreen
from prepdeck.tui.screens.stats import StatsScreen
from prepdeck.tui.screens.study import StudyScreen
from tui_helpers import async_test, make_app, open_study, screen_text, settle, type_into, unwrap


class InjectedBug(RuntimeError):
    pass


async def _answer_one(pilot) -> None:
    await open_study(pilot, "quiz", tags=("memory",))
    await type_into(pilot, "Activations for every example are held at once for the backward pass.")
    await pilot.press("ctrl+s")
    await settle(pilot)


async def _answer_one_then_crash_on_next(pilot) -> None:
    await _answer_one(pilot)
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CrashScreen)


def _only_log(tmp_path):
    logs = sorted((tmp_path / "logs").glob("crash-*.log"))
    assert len(logs) == 1, logs
    return logs[0], logs[0].read_text(encoding="utf-8")


@async_test
async def test_a_bug_in_a_screen_action_is_logged_shown_and_exits_non_zero(tmp_path, monkeypatch):
    def broken(self):
        raise InjectedBug("the next card fell over")

    monkeypatch.setattr(StudyScreen, "action_next", broken)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await _answer_one_then_crash_on_next(pilot)
        log, text = _only_log(tmp_path)
        shown = unwrap(screen_text(app))
        assert "Something went wrong" in shown
        assert "InjectedBug: the next card fell over" in shown
        assert str(log.name) in shown
        assert "Your progress is safe" in shown
        assert app.is_running  # calm: it waits for the candidate
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 1
    assert "InjectedBug: the next card fell over" in text
    assert "Traceback" in text and "in broken" in text
    assert "textual " in text  # the versions in play, to reproduce it
    # The answer given before the crash is still recorded, in a fresh connection to the file.
    reopened = Store.open(tmp_path / "progress.sqlite3")
    try:
        assert [row.item_id for row in reopened.attempts()] == ["ex-batch-memory"]
    finally:
        reopened.close()


@async_test
async def test_a_bug_in_a_worker_is_logged_shown_and_exits_non_zero(tmp_path, monkeypatch):
    def broken(self, on):
        raise InjectedBug("stats worker failed")

    monkeypatch.setattr(StatsScreen, "_compute", broken)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await _answer_one(pilot)
        app.show_stats()
        await settle(pilot)
        assert isinstance(app.screen, CrashScreen)
        log, text = _only_log(tmp_path)
        assert log.name in unwrap(screen_text(app))
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 1
    assert "InjectedBug: stats worker failed" in text
    assert len(Store.open(tmp_path / "progress.sqlite3").attempts()) == 1


@async_test
async def test_the_process_status_and_last_line_after_a_crash(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(StudyScreen, "action_next", lambda self: 1 / 0)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await _answer_one_then_crash_on_next(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert exit_status(app) == 1
    line = capsys.readouterr().err.strip()
    log, _ = _only_log(tmp_path)
    assert line.startswith("prepdeck: internal error: ZeroDivisionError")
    assert str(log) in line and "your answers are saved" in line and "\n" not in line


@async_test
async def test_a_clean_quit_exits_zero(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert exit_status(app) == 0
    assert not (tmp_path / "logs").exists()


@async_test
async def test_debug_mode_keeps_textuals_traceback(tmp_path, monkeypatch):
    monkeypatch.setattr(StudyScreen, "action_next", lambda self: 1 / 0)
    app = make_app(tmp_path, environ={"PREPDECK_DEBUG": "1"})
    # Textual's own handling: the app stops and the exception (printed as a traceback in a
    # terminal) comes out; there is no crash screen and no log.
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=(100, 40)) as pilot:
            await _answer_one(pilot)
            await pilot.press("n")
            await pilot.pause()
    assert app.return_code == 1
    assert app.crash_error is None
    assert not (tmp_path / "logs").exists()


@async_test
async def test_the_crash_log_cannot_be_written_the_screen_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(StudyScreen, "action_next", lambda self: 1 / 0)
    (tmp_path / "logs").write_text("a file where the folder should be")
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await _answer_one_then_crash_on_next(pilot)
        assert "crash log could not be written" in unwrap(screen_text(app))
