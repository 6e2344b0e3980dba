"""Pilot tests of what the home screen reads from the store: "continue" and the last-7-days score."""

from __future__ import annotations

import io
from datetime import timedelta

from prepdeck.commands.quiz_plain import PlainQuiz
from prepdeck.core.loader import load_decks
from prepdeck.core.session import Session
from prepdeck.core.session_types import SessionConfig
from prepdeck.store import Store
from prepdeck.tui.screens.study import StudyScreen
from tui_helpers import EXAMPLE, NOW, FakeClock, async_test, make_app, screen_text, settle


@async_test
async def test_a_plain_quiz_session_is_offered_to_continue_in_the_tui(tmp_path):
    clock = FakeClock(NOW)
    store = Store.open(tmp_path / "progress.sqlite3")
    session = Session(load_decks([EXAMPLE]), store, clock=clock, seed=4,
                      config=SessionConfig(mode="quiz", deck_ids=("example",), tags=("batch-size",)))
    # prepdeck quiz --plain: one card answered (whatever it is), then :quit, which interrupts the sitting.
    PlainQuiz(session, io.StringIO("2\n\n:quit\n"), io.StringIO()).run()
    left = session.snapshot()["queue"]
    assert left
    app = make_app(tmp_path, store=store, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert f"Continue: Quiz · example · tag batch-size · {len(left)} left" in screen_text(app)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        resumed = app.screen.session
        config = resumed.config
        assert (config.mode, config.deck_ids, config.tags) == ("quiz", ("example",), ("batch-size",))
        # The same sitting, at the card it stopped at.
        assert resumed.resumed and app.screen.card.item_id.split("#")[0] == left[0]["item"]
        assert resumed.snapshot()["queue"] == left


@async_test
async def test_the_7_day_column_is_the_mean_score_of_the_last_seven_days(tmp_path):
    clock = FakeClock(NOW)
    store = Store.open(tmp_path / "progress.sqlite3")
    decks = load_decks([EXAMPLE])
    for days_ago, answer in ((9, "Every example's activations are held at once; memory doubles."),
                             (2, "no idea"), (1, "activations at once")):
        clock.now = NOW - timedelta(days=days_ago)
        session = Session(decks, store, clock=clock, seed=days_ago,
                          config=SessionConfig(mode="quiz", tags=("memory",)))
        session.next_card()
        session.answer(answer)
    clock.now = NOW
    # Worked out from what was stored: the two answers within the week, not the one nine days ago.
    window = [row.score for row in store.attempts() if row.answered_at >= clock.now - timedelta(days=7)]
    assert len(window) == 2
    # An answer to a deck that is not loaded now counts for no row, "All decks" included.
    from prepdeck.core.attempt import NewAttempt

    store.record(NewAttempt("gone-deck", "old-item", "question", "quiz", NOW - timedelta(days=1), "x",
                            score=0.0, verdict="weak"), None, None)
    expected = f"{sum(window) / len(window):.0%}"
    app = make_app(tmp_path, store=store, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#decks")
        assert str(table.get_row("example")[4]).strip() == expected
        assert str(table.get_row("*")[4]).strip() == expected
