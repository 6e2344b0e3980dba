"""Pilot tests of the review loop in the TUI: what is shown, and what the store holds afterwards."""

from __future__ import annotations

import sqlite3

from prepdeck.tui.screens.confirm import ConfirmScreen
from prepdeck.tui.screens.home import HomeScreen
from prepdeck.tui.screens.study import StudyScreen
from test_tui_study import _steps_numbers
from tui_helpers import async_test, make_app, open_study, screen_text, settle, type_into, widget_text


@async_test
async def test_the_home_screen_shows_the_allowance_and_plus_raises_it(tmp_path):
    app = make_app(tmp_path)
    app.services.store.set_setting("new_per_day", "0")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "New today: 0/0 left" in widget_text(app, "#allowance")
        text = screen_text(app)
        assert "Quiz              new limit reached" in text and "Calculation drill 1 practice" in text
        await pilot.press("plus")
        await settle(pilot)
        assert "New today: 10/10 left" in widget_text(app, "#allowance")
        assert "Quiz              4 new" in screen_text(app)
        # What the mode line promised is what the session serves.
        screen = await open_study(pilot, "quiz")
        assert len(screen.session.plan.entries) == 4
    assert app.services.store.setting("new_per_day") == "0"  # the standing limit is untouched


@async_test
async def test_a_calculation_drill_serves_after_the_limit_is_used_up(tmp_path):
    app = make_app(tmp_path)
    app.services.store.set_setting("new_per_day", "0")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_study(pilot, "calc")
        n, b, e = _steps_numbers(screen.card.prompt)
        await type_into(pilot, str(-(-n // b) * e))
        await pilot.press("enter")
        await settle(pilot)
        assert app.services.store.attempts()[0].verdict == "strong"


@async_test
async def test_rating_keys_show_intervals_and_enter_flips_then_rates_good(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_study(pilot, "flash")
        await pilot.press("enter")  # flips
        await settle(pilot)
        bar = widget_text(app, "#rating-bar")
        assert "1 again · 1m" in bar and "3 good · 10m" in bar and "enter: good" in bar
        await pilot.press("enter")  # rates good
        await settle(pilot)
        (row,) = app.services.store.attempts()
        assert row.details["self_rating"] == 3


@async_test
async def test_an_empty_submission_asks_for_an_answer_and_records_nothing(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_study(pilot, "quiz", tags=("memory",))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.state == "asking" and app.services.store.attempts() == []
        assert any("Nothing to submit yet" in n.message for n in app._notifications)


@async_test
async def test_an_unreadable_number_is_asked_again_with_the_reason(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_study(pilot, "calc")
        await type_into(pilot, "[b]1O1")  # brackets too: the reason quotes it, never as markup
        await pilot.press("enter")
        await settle(pilot)
        assert screen.state == "asking" and app.services.store.attempts() == []
        assert any("letter O among its digits" in n.message for n in app._notifications)
        screen.query_one("#answer").value = ""
        await type_into(pilot, "[/b] lots")  # quoted whole in the reason: shown as typed
        await pilot.press("enter")
        await settle(pilot)
        assert any("no number could be read from “[/b] lots”" in n.message for n in app._notifications)
        assert app.crash_error is None and screen.state == "asking"


@async_test
async def test_a_failed_card_returns_within_the_session(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_study(pilot, "quiz", tags=("batch-size",))
        first = screen.card
        await pilot.press("ctrl+r")  # give up: rated again
        await settle(pilot)
        assert "back later in this session" in widget_text(app, "#fb-schedule")
        await pilot.press("n")
        await settle(pilot)
        others = []
        while not screen.card.returning:
            others.append(screen.card.item_id)
            assert len(others) <= 3, others  # RELEARN_GAP other cards at most
            await pilot.press("ctrl+n")  # skip the others
            await settle(pilot)
        assert screen.card.item_id == first.item_id and others and first.item_id not in others
        assert "back for another go" in screen_text(app)


@async_test
async def test_undo_in_the_tui_restores_the_card_and_logs_the_undo(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_study(pilot, "quiz", tags=("memory",))
        await type_into(pilot, "no idea")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("w")  # override: I was wrong
        await settle(pilot)
        store = app.services.store
        assert store.attempts()[0].override == "wrong"
        await pilot.press("u")
        await settle(pilot)
        assert store.attempts() == [] and store.card("example", "ex-batch-memory") is None
        assert store.undo_count() == 1
        assert screen.state == "asking" and screen.card.item_id == "ex-batch-memory"
        assert screen._typed() == "no idea"  # the undone answer is back in the box, to edit
        # A follow-up, then undo from outside the answer box with ctrl+z.
        await type_into(pilot, " really: activations are stored at once")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert screen.card.parent_id == "ex-batch-memory"
        await type_into(pilot, "a smaller batch")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert screen.card.item_id == "ex-batch-memory#follow-up-1" and screen.state == "asking"
        assert [a.item_id for a in store.attempts()] == ["ex-batch-memory"]
        assert store.undo_count() == 2


@async_test
async def test_a_draft_survives_escape_and_a_restart_and_escape_asks_first(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_study(pilot, "quiz", tags=("memory",))
        await type_into(pilot, "Activations are stored")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # stay
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.services.store.draft("example", "ex-batch-memory") == "Activations are stored"
        assert app.services.store.attempts() == []
    # A new app on the same database (a restart, or after a crash): the draft is in the box.
    again = make_app(tmp_path, store=app.services.store)
    async with again.run_test(size=(100, 30)) as pilot:
        screen = await open_study(pilot, "quiz", tags=("memory",))
        assert screen._typed() == "Activations are stored"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert again.services.store.attempts()[0].answer == "Activations are stored"
        assert again.services.store.draft("example", "ex-batch-memory") is None  # submitted: gone


@async_test
async def test_letters_typed_at_a_pick_one_card_do_not_bury_suspend_or_undo(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_study(pilot, "quiz", tags=("misconception",))  # the true/false item
        assert screen.card.options
        await pilot.press(*"bus")
        await settle(pilot)
        assert app.services.store.holds() == [] and screen.state == "asking"


@async_test
async def test_ctrl_z_undoes_the_last_answer_with_a_pick_one_cards_options_focused(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_study(pilot, "quiz")
        await pilot.press("ctrl+r")  # give up the first card, whatever it is: recorded
        await settle(pilot)
        first = screen.feedback.card.item_id
        await pilot.press("n")
        await settle(pilot)
        while not screen.card.options:  # on to a pick-one card (two of the four items are)
            await pilot.press("ctrl+n")
            await settle(pilot)
        assert app.focused.id == "answer"  # its options have the focus
        await pilot.press("ctrl+z")  # no letter: it undoes, where u would go to the options
        await settle(pilot)
        assert app.services.store.attempts() == [] and screen.card.item_id == first


@async_test
async def test_bury_and_suspend_keys_are_stored(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_study(pilot, "flash")
        await pilot.press("b")
        await settle(pilot)
        store = app.services.store
        assert ("example", "ex-epoch") in store.held(app.services.clock())
        await open_study(pilot, "quiz", tags=("memory",))
        await pilot.press("tab")  # out of the answer box: letters act on the card
        await pilot.press("s")
        await settle(pilot)
        assert [(h.item_id, h.suspended_at is not None) for h in store.holds()] == [
            ("ex-batch-memory", True), ("ex-epoch", False)]


@async_test
async def test_an_answer_is_committed_off_the_ui_thread_while_another_writer_holds_the_lock(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_study(pilot, "quiz", tags=("memory",))
        await type_into(pilot, "activations are stored at once")
        other = sqlite3.connect(str(app.services.store.path), check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")  # a second session writing: the lock is held
        try:
            await pilot.press("ctrl+s")
            await pilot.pause()
            # The UI keeps handling keys while the commit waits for the lock: help opens and closes.
            await pilot.press("f1")
            await pilot.pause()
            assert type(app.screen).__name__ == "HelpScreen"
            await pilot.press("escape")
            await pilot.pause()
            assert screen.state == "grading"
            assert other.execute("SELECT count(*) FROM attempts").fetchone() == (0,)  # still waiting
        finally:
            other.rollback()
            other.close()
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen) and screen.state == "feedback"
        assert [a.answer for a in app.services.store.attempts()] == ["activations are stored at once"]


@async_test
async def test_the_interview_date_survives_a_restart_and_stats_unsuspends(tmp_path):
    app = make_app(tmp_path)
    app.services.store.suspend("example", "ex-epoch", app.services.clock())
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        app.show_stats()
        await settle(pilot)
        await pilot.press("d")
        await pilot.press(*"2025-03-20", "enter")
        await settle(pilot)
        assert "On 2025-03-20:" in widget_text(app, "#recall-result")
        listing = app.screen.query_one("#suspended")
        assert listing.display and listing.option_count == 1
        listing.focus()
        listing.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert app.services.store.held(app.services.clock()) == frozenset()
    again = make_app(tmp_path, store=app.services.store)
    async with again.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        again.show_stats()
        await settle(pilot)
        assert again.screen.query_one("#recall-date").value == "2025-03-20"
        assert "On 2025-03-20:" in widget_text(again, "#recall-result")


@async_test
async def test_a_draft_typed_just_before_ctrl_q_is_kept(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_study(pilot, "quiz", tags=("memory",))
        await type_into(pilot, "typed a moment ago")
        await pilot.press("ctrl+q")  # at once: before the draft's quiet-typing delay has passed
        await pilot.pause()
    assert app.services.store.draft("example", "ex-batch-memory") == "typed a moment ago"


@async_test
async def test_undo_from_the_summary_brings_back_the_last_card(tmp_path):
    from prepdeck.tui.screens.summary import SummaryScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_study(pilot, "flash")  # the example deck's one concept
        await pilot.press("space", "4")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen) and len(app.services.store.attempts()) == 1
        await pilot.press("u")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.state == "front" and screen.card.item_id == "ex-epoch"
        assert app.services.store.attempts() == [] and app.services.store.undo_count() == 1
        await pilot.press("space", "2")
        await settle(pilot)
        assert [a.details["self_rating"] for a in app.services.store.attempts()] == [2]


@async_test
async def test_continue_brings_back_a_session_left_with_only_a_draft(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_study(pilot, "quiz")
        first, planned = screen.card, len(screen.session.plan.entries)
        await pilot.press("ctrl+n")  # skip one: nothing recorded
        await settle(pilot)
        second = screen.card
        assert not second.options  # seed 7 serves a free-text card second
        await type_into(pilot, "half a thought")
        await pilot.pause(0.5)  # the draft is saved after a moment of quiet
        await settle(pilot)
        await pilot.press("escape", "y")
        await settle(pilot)
        assert app.services.store.attempts() == []
        assert "Continue: Quiz" in screen_text(app)
        await pilot.press("c")
        await settle(pilot)
        resumed = app.screen
        assert isinstance(resumed, StudyScreen) and resumed.session.resumed
        assert resumed.card.item_id == second.item_id and resumed._typed() == "half a thought"
        # The skipped card is still in the queue; nothing was lost or served twice.
        assert len(resumed.session.snapshot()["queue"]) == planned - 1
        assert first.item_id != second.item_id
