"""Shared set-up for the TUI tests: an app on the example deck with a temporary store,
a fixed clock (UTC), a fixed seed and the cursor blink off."""

from __future__ import annotations

import asyncio
import functools
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Sequence

from study_helpers import EXAMPLE, FakeClock

from prepdeck.core.loader import DeckSet, load_decks
from prepdeck.store import Store
from prepdeck.tui.app import PrepdeckApp
from prepdeck.tui.prefs import PrefsFile
from prepdeck.tui.services import Services

FIXTURES = EXAMPLE.parent
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)


def async_test(function):
    """Run an ``async def`` test with ``asyncio.run`` (no pytest async plugin is needed)."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        return asyncio.run(function(*args, **kwargs))

    return wrapper


def make_app(tmp_path: Path, *, decks: DeckSet | None = None, seed: int = 7, clock: FakeClock | None = None,
             store: Store | None = None, environ: dict[str, str] | None = None,
             run_command: Callable[[Sequence[str]], int] | None = None, prefs: bool = False,
             reload_decks: Callable[[], DeckSet] | None = None) -> PrepdeckApp:
    services = Services(
        decks=decks if decks is not None else load_decks([EXAMPLE]),
        store=store or Store.open(tmp_path / "progress.sqlite3"),
        clock=clock or FakeClock(NOW), seed=seed, tz=timezone.utc, environ=environ or {},
        prefs=PrefsFile(tmp_path / "tui.json" if prefs else None), reload_decks=reload_decks,
        log_dir=tmp_path / "logs",
    )
    if run_command is not None:
        services.run_command = run_command
    return PrepdeckApp(services, cursor_blink=False)


async def open_study(pilot, mode: str, **kwargs):
    """Start a study session in ``mode`` (filters as keyword arguments) and return its screen."""
    from prepdeck.tui.screens.study import StudyScreen

    pilot.app.start_study(mode, **kwargs)
    await settle(pilot)
    assert isinstance(pilot.app.screen, StudyScreen)
    return pilot.app.screen


async def settle(pilot) -> None:
    """Let messages, workers (card drawing, stats) and the refresh that follows finish."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_into(pilot, text: str) -> None:
    """Put ``text`` into the focused answer widget, as if typed (key by key is slow for long answers)."""
    from textual.widgets import Input

    focused = pilot.app.focused
    if isinstance(focused, Input):
        focused.value = text
    else:
        focused.insert(text)
    await pilot.pause()


def screen_text(app: PrepdeckApp) -> str:
    """The screen as plain text, as a candidate would read it."""
    return "\n".join(strip.text.rstrip() for strip in app.screen._compositor.render_strips())


def widget_text(app: PrepdeckApp, selector: str) -> str:
    """The plain text a Static shows; for a container, its Statics' texts, a row per pair of cells
    in a two-column grid (such as the rubric criteria) and a line per Static otherwise."""
    from textual.containers import Grid
    from textual.widgets import Static

    widget = app.screen.query_one(selector)
    if isinstance(widget, Static):
        return str(widget.render())
    cells = [str(child.render()) for child in widget.query(Static)]
    if isinstance(widget, Grid):
        return "\n".join(" ".join(cells[i:i + 2]) for i in range(0, len(cells), 2))
    return "\n".join(cells)


def unwrap(text: str) -> str:
    """Screen text with box borders and line breaks folded into single spaces."""
    return " ".join(re.sub(r"[│╭╮╰╯─▊▎▔▁█]", " ", text).split())
