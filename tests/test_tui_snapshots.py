"""SVG snapshots of every screen at a fixed size, seed and clock, with the cursor blink off.

Regenerate after an intended change with ``pytest tests/test_tui_snapshots.py --snapshot-update``
and review the SVGs under ``tests/__snapshots__/test_tui_snapshots/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from prepdeck.core.loader import load_decks
from prepdeck.store import Store
from tui_helpers import EXAMPLE, NOW, FIXTURES, FakeClock, make_app, settle, type_into

from test_tui_app import _history
from test_tui_study import _steps_numbers

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _repo_cwd(monkeypatch):
    # Deck paths are shown relative to the working directory: fix it so the SVGs do not depend on it.
    monkeypatch.chdir(REPO)


def _start(mode: str, **kwargs):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.start_study(mode, **kwargs)
        await settle(pilot)

    return run_before


def test_home(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), run_before=settle, terminal_size=(80, 24))


def test_home_light_theme(snap_compare, tmp_path):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), run_before=run_before, terminal_size=(80, 24))


def test_quiz_question(snap_compare, tmp_path):
    async def run_before(pilot):
        await _start("quiz", tags=("memory",))(pilot)
        await type_into(pilot, "Activations are kept for the backward pass")

    assert snap_compare(make_app(tmp_path), run_before=run_before, terminal_size=(80, 24))


def test_quiz_feedback(snap_compare, tmp_path):
    async def run_before(pilot):
        await _start("quiz", tags=("memory",))(pilot)
        await type_into(pilot, "Activations are stored at once, and memory does not double. "
                               "Honestly batch size does not affect memory.")
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), run_before=run_before, terminal_size=(100, 48))


def test_quiz_feedback_80x24(snap_compare, tmp_path):
    async def run_before(pilot):
        await _start("quiz", tags=("memory",))(pilot)
        await type_into(pilot, "The activations of every example are held at once; memory doubles.")
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), run_before=run_before, terminal_size=(80, 24))


def test_flashcard_front(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), run_before=_start("flash"), terminal_size=(80, 24))


def test_flashcard_back(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), run_before=_start("flash"), press=["space"], terminal_size=(80, 24))


def test_calculation_feedback_with_diagnosis(snap_compare, tmp_path):
    async def run_before(pilot):
        await _start("calc")(pilot)
        n, b, _ = _steps_numbers(pilot.app.screen.card.prompt)
        await type_into(pilot, str(n // b))  # steps per epoch: a known wrong answer
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), run_before=run_before, terminal_size=(80, 24))


def test_trainer_plot(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), run_before=_start("trainer"), terminal_size=(100, 36))


def test_interview(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), run_before=_start("interview"), terminal_size=(80, 24))


def test_summary(snap_compare, tmp_path):
    async def run_before(pilot):
        await _start("flash")(pilot)
        await pilot.press("space", "4")
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), run_before=run_before, terminal_size=(80, 24))


def test_stats(snap_compare, tmp_path):
    clock = FakeClock(NOW)
    store = Store.open(tmp_path / "progress.sqlite3")
    _history(store, clock)

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.show_stats()
        await settle(pilot)

    assert snap_compare(make_app(tmp_path, store=store, clock=clock), run_before=run_before,
                        terminal_size=(100, 50))


def test_help(snap_compare, tmp_path):
    async def run_before(pilot):
        await _start("quiz", tags=("memory",))(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), run_before=run_before, terminal_size=(80, 24))


def test_content_errors(snap_compare, tmp_path):
    decks = load_decks([EXAMPLE.relative_to(REPO), (FIXTURES / "tui_broken_deck.yaml").relative_to(REPO)])
    assert snap_compare(make_app(tmp_path, decks=decks), run_before=settle, terminal_size=(100, 24))


def test_rating_bar_with_intervals_on_a_reviewed_card(snap_compare, tmp_path):
    # The concept was rated good yesterday: each key shows when that rating would bring it back.
    clock = FakeClock(NOW)
    store = Store.open(tmp_path / "progress.sqlite3")
    from prepdeck.core.attempt import NewAttempt
    from prepdeck.core.scheduler import Rating, Scheduler

    store.record(NewAttempt("example", "ex-epoch", "concept", "flash", NOW, ""), Rating.Good, Scheduler())
    clock.advance(days=1)
    app = make_app(tmp_path, store=store, clock=clock)
    assert snap_compare(app, run_before=_start("flash"), press=["space"], terminal_size=(80, 24))


def test_draft_prompt(snap_compare, tmp_path):
    async def run_before(pilot):
        await _start("quiz", tags=("memory",))(pilot)
        await type_into(pilot, "Activations are kept for the backward pass")
        await pilot.press("escape")
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), run_before=run_before, terminal_size=(80, 24))


def test_home_with_the_new_item_allowance_used_up(snap_compare, tmp_path):
    store = Store.open(tmp_path / "progress.sqlite3")
    store.set_setting("new_per_day", "0")
    assert snap_compare(make_app(tmp_path, store=store), run_before=settle, terminal_size=(80, 24))
