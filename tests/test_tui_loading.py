"""Pilot tests of start-up as ``prepdeck`` runs it: a light loading screen, then the home screen."""

from __future__ import annotations

import threading

from prepdeck.core.loader import load_decks
from prepdeck.errors import PrepdeckError
from prepdeck.tui.screens.help import HelpScreen
from prepdeck.tui.screens.home import HomeScreen
from prepdeck.tui.screens.loading import LoadingScreen
from tui_helpers import EXAMPLE, async_test, make_app, screen_text, settle


def _loading_app(tmp_path, load):
    app = make_app(tmp_path, reload_decks=load)
    app.services.decks = None  # as the `prepdeck` command starts it: the app loads them in a worker
    return app


async def _until(pilot, condition) -> None:
    for _ in range(40):
        await settle(pilot)
        if condition():
            return
    raise AssertionError("the condition never held")


@async_test
async def test_the_home_screen_replaces_help_opened_while_loading(tmp_path):
    release = threading.Event()
    app = _loading_app(tmp_path, lambda: release.wait(10) and load_decks([EXAMPLE]))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoadingScreen) and "Loading decks…" in screen_text(app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        release.set()
        await _until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert [type(screen) for screen in app.screen_stack] == [LoadingScreen, HomeScreen]
        assert "Example deck with one item of every kind" in screen_text(app)
        app.pop_screen()  # nothing in the app does this, but should anything, home comes back
        await _until(pilot, lambda: isinstance(app.screen, HomeScreen))


@async_test
async def test_decks_that_cannot_load_are_explained_on_the_loading_screen(tmp_path):
    def load():
        raise PrepdeckError("content: no such folder")

    notes = []
    app = _loading_app(tmp_path, load)
    original = app.notify
    app.notify = lambda message, **kw: (notes.append(message), original(message, **kw))
    async with app.run_test(size=(100, 24)) as pilot:
        await _until(pilot, lambda: bool(notes))
        assert isinstance(app.screen, LoadingScreen)
        assert "The decks could not be loaded: content: no such folder" in screen_text(app)
        assert notes == ["content: no such folder"]
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running
