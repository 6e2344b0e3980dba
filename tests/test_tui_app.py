"""Pilot tests of the app around the drills: home, content errors, help, editor, themes, errors, stats."""

from __future__ import annotations

import contextlib
import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

from prepdeck.core.loader import load_decks
from prepdeck.core.session import Session
from prepdeck.core.session_types import SessionConfig
from prepdeck.errors import PrepdeckError
from prepdeck.store import Store
from prepdeck.tui.screens.content_errors import ContentErrorsScreen
from prepdeck.tui.screens.help import HelpScreen
from prepdeck.tui.screens.home import HomeScreen
from prepdeck.tui.screens.stats import StatsScreen
from prepdeck.tui.screens.study import StudyScreen
from tui_helpers import EXAMPLE, NOW, FakeClock, async_test, make_app, screen_text, settle, unwrap, widget_text

BROKEN = """\
id: broken
title: A deck with a typo
questions:
  - id: broken-q
    promtp: What is an epoch?
    model_answer: One pass over the data.
    source: test
"""


@async_test
async def test_home_lists_decks_with_counts_and_modes(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "Example deck with one item of every kind" in text
        table = app.screen.query_one("#decks")
        # Six items in the example deck, none studied yet: none due, all new.
        assert [str(cell).strip() for cell in table.get_row("example")[1:4]] == ["6", "0", "6"]
        for title in ("Quiz", "Flashcards", "Calculation drill", "Trainer lab", "Review due", "Interview"):
            assert title in text


@async_test
async def test_decks_load_after_the_first_frame(tmp_path):
    import threading

    release = threading.Event()

    def load():
        release.wait(10)  # the test looks at the first frame while the decks are still loading
        return load_decks([EXAMPLE])

    app = make_app(tmp_path, reload_decks=load)
    app.services.decks = None  # as the `prepdeck` command starts it: the app loads them in a worker
    async with app.run_test() as pilot:
        await pilot.pause()
        assert not app.decks_ready
        assert "Loading decks…" in screen_text(app)
        release.set()
        for _ in range(40):
            await settle(pilot)
            if app.decks_ready:
                break
        await settle(pilot)
        assert "Example deck with one item of every kind" in screen_text(app)
        assert "Calculation drill" in screen_text(app)


@async_test
async def test_content_errors_are_shown_located_and_the_valid_decks_still_run(tmp_path):
    decks_dir = tmp_path / "decks"
    decks_dir.mkdir()
    shutil.copy(EXAMPLE, decks_dir / "example.yaml")
    (decks_dir / "broken.yaml").write_text(BROKEN)
    decks = load_decks([decks_dir])
    assert decks.diagnostics and len(decks.decks) == 1
    app = make_app(tmp_path, decks=decks)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ContentErrorsScreen)
        text = unwrap(screen_text(app))
        assert "broken.yaml:5:" in text and "promtp" in text  # the typo, at its line
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Example deck with one item of every kind" in screen_text(app)
        app.start_study("quiz", tags=("memory",))
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)


@async_test
async def test_help_screen_lists_the_keys_of_the_screen_below(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        app.start_study("quiz", tags=("memory",))
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = widget_text(app, "#help-keys")
        assert "Submit" in keys and "^s" in keys and "I was right" in keys
        assert "ctrl+o" in widget_text(app, "#help-everywhere")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        # On the home screen (no text box focused) "?" opens help too.
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


@async_test
async def test_question_mark_types_into_the_answer_box(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        app.start_study("quiz", tags=("memory",))
        await settle(pilot)
        await pilot.press("w", "h", "y", "question_mark", "r", "1")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.query_one("#answer").text == "why?r1"


@async_test
async def test_editor_opens_the_current_item_at_its_line(tmp_path):
    calls = []
    app = make_app(tmp_path, environ={"EDITOR": "vim"}, run_command=lambda argv: calls.append(list(argv)) or 0,
                   reload_decks=lambda: load_decks([EXAMPLE]))
    app.suspend = contextlib.nullcontext  # headless tests have no terminal to hand over
    expected_line = EXAMPLE.read_text().splitlines().index("  - id: ex-batch-memory") + 1
    async with app.run_test(size=(100, 40)) as pilot:
        app.start_study("quiz", tags=("memory",))
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
    assert len(calls) == 1
    editor, line, path = calls[0]
    assert (editor, line) == ("vim", f"+{expected_line}")
    assert Path(path).resolve() == EXAMPLE.resolve()


@async_test
async def test_a_bad_editor_quote_gets_its_own_message_and_runs_nothing(tmp_path):
    calls = []
    app = make_app(tmp_path, environ={"EDITOR": "vim '-u NONE"}, run_command=lambda argv: calls.append(argv) or 0,
                   reload_decks=lambda: load_decks([EXAMPLE]))
    app.suspend = contextlib.nullcontext
    notes = []
    original = app.notify
    app.notify = lambda message, **kw: (notes.append((message, kw.get("severity"))), original(message, **kw))
    async with app.run_test(size=(100, 40)) as pilot:
        app.start_study("quiz", tags=("memory",))
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
    assert calls == []
    assert len(notes) == 1 and "cannot be read" in notes[0][0] and "internal" not in notes[0][0], notes


@async_test
async def test_theme_toggle_is_remembered(tmp_path):
    app = make_app(tmp_path, prefs=True)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.theme == "textual-light"
    assert json.loads((tmp_path / "tui.json").read_text())["theme"] == "textual-light"
    again = make_app(tmp_path, prefs=True, store=app.services.store)
    async with again.run_test() as pilot:
        await settle(pilot)
        assert again.theme == "textual-light"


@async_test
async def test_continue_where_i_left_off(tmp_path):
    app = make_app(tmp_path, prefs=True)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert not app.screen.check_action("continue", ())
        app.start_study("calc")
        await settle(pilot)
        await pilot.press("escape")  # left without answering: nothing to continue yet
        await settle(pilot)
        assert "Continue" not in screen_text(app)
        app.start_study("calc")
        await settle(pilot)
        await pilot.press(*"12", "enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        # Interrupted with cards left (the example deck's calculation comes back ahead of time): Continue.
        assert "Continue: Calculation drill · " in screen_text(app)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen) and app.screen.session.config.mode == "calc"
        assert app.screen.session.resumed


class FailingStore:
    """A store whose writes fail, as a full disk or a locked database would."""

    def __init__(self, inner: Store) -> None:
        self._inner = inner

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def start_session(self, *args, **kwargs):
        raise PrepdeckError("progress.sqlite3: the disk is full; free some space and try again")


@async_test
async def test_errors_become_notifications_and_the_screen_survives(tmp_path):
    app = make_app(tmp_path, store=FailingStore(Store.open(tmp_path / "p.sqlite3")))
    notes = []
    original = app.notify
    app.notify = lambda message, **kw: (notes.append((message, kw.get("severity"))), original(message, **kw))
    async with app.run_test(size=(100, 40)) as pilot:
        app.start_study("quiz", tags=("memory",))
        await settle(pilot)
        await pilot.press("x", "ctrl+s")
        await settle(pilot)
        assert ("progress.sqlite3: the disk is full; free some space and try again", "error") in notes
        assert isinstance(app.screen, StudyScreen) and app.screen.state == "asking"
        assert app.is_running


@async_test
async def test_long_cards_scroll_at_80x24(tmp_path):
    long_prompt = " ".join(f"Sentence {n} of a very long question about batch sizes and epochs." for n in range(60))
    deck = tmp_path / "long.yaml"
    deck.write_text(f"""id: long
title: Long
questions:
  - id: long-q
    prompt: "{long_prompt}"
    model_answer: Batches.
    source: test
""")
    app = make_app(tmp_path, decks=load_decks([deck]))
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_study("quiz")
        await settle(pilot)
        study = app.screen.query_one("#study")
        assert study.max_scroll_y > 0
        answer = app.screen.query_one("#answer")
        assert app.focused is answer
        for _ in range(40):  # the scroll follows the next refresh
            if 0 <= answer.region.y < 24:
                break
            await pilot.pause(0.05)
        assert 0 <= answer.region.y < 24  # scrolled into view, not left below the fold


def _history(store: Store, clock: FakeClock) -> None:
    """Three days of quiz answers: wrong, then right, then right."""
    decks = load_decks([EXAMPLE])
    for day, answer in ((3, "no idea"), (2, "the activations are held at once, so memory doubles"),
                        (1, "activations are all held at once, so it doubles")):
        clock.now = datetime(2025, 3, 1, 12, tzinfo=timezone.utc) - timedelta(days=day)
        session = Session(decks, store, clock=clock, seed=day, tz=timezone.utc,
                          config=SessionConfig(mode="quiz", tags=("memory",)))
        session.next_card()
        session.answer(answer)
    clock.now = datetime(2025, 3, 1, 12, tzinfo=timezone.utc)


@async_test
async def test_stats_screen(tmp_path):
    clock = FakeClock(NOW)
    store = Store.open(tmp_path / "progress.sqlite3")
    _history(store, clock)
    app = make_app(tmp_path, store=store, clock=clock)
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        headline = widget_text(app, "#stats-headline")
        # Three consecutive days ending yesterday; the two later answers met both criteria.
        assert "3 answers" in headline and "streak 3 days" in headline and "67% right" in headline
        assert app.screen.query("#accuracy-plot")  # the accuracy-over-time plot is drawn
        tags = widget_text(app, "#by-tag")
        assert "memory" in tags and "batch-size" in tags
        assert widget_text(app, "#forecast").startswith("today")
        await pilot.press("d")
        await pilot.press(*"2025-03-15", "enter")
        await settle(pilot)
        assert "On 2025-03-15:" in widget_text(app, "#recall-result")
        assert "of the 1 item(s) you studied" in widget_text(app, "#recall-result")


@async_test
async def test_command_palette_offers_every_mode_and_stats(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        commands = [command.title for command in app.get_system_commands(app.screen)]
        # Opened and left empty, the palette lists what it offers: every mode among them.
        await pilot.press("ctrl+p")
        await settle(pilot)
        shown = screen_text(app)
    titles = set(commands)
    for title in ("Quiz", "Flashcards", "Calculation drill", "Trainer lab", "Review due", "Interview", "Stats",
                  "Help", "Light/dark theme", "Open in editor", "Continue", "New items: raise today's limit"):
        assert title in titles
    assert [t for t in commands if "theme" in t.lower()] == ["Light/dark theme"]  # one theme entry
    for title in ("Quiz", "Flashcards", "Calculation drill", "Trainer lab", "Review due", "Interview"):
        assert title in shown


@async_test
async def test_without_visual_or_editor_a_friendly_editor_opens_and_is_named(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    nano = bin_dir / "nano"
    nano.write_text("#!/bin/sh\nexit 0\n")
    nano.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))  # the only editor installed: nano
    calls = []
    app = make_app(tmp_path, environ={}, run_command=lambda argv: calls.append(list(argv)) or 0,
                   reload_decks=lambda: load_decks([EXAMPLE]))
    app.suspend = contextlib.nullcontext
    async with app.run_test(size=(100, 40)) as pilot:
        app.start_study("quiz", tags=("memory",))
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
    assert calls and calls[0][0] == "nano"
    assert any("Opening nano, as neither $VISUAL nor $EDITOR is set" in m for m in messages)
