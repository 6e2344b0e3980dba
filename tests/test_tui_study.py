"""Pilot tests of the study screen's main flows: what is on screen, and what the store recorded."""

from __future__ import annotations

import re

from prepdeck.tui.screens.study import StudyScreen
from prepdeck.tui.screens.summary import SummaryScreen
from prepdeck.tui.widgets.evidence import HIT_STYLE, NEGATED_STYLE, PENALTY_STYLE
from tui_helpers import async_test, make_app, open_study, screen_text, settle, type_into, unwrap, widget_text


@async_test
async def test_quiz_answer_shows_criteria_and_highlighted_evidence_and_is_recorded(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        # Choose the "memory" tag on the home screen, then Quiz: only the batch-memory question matches.
        app.screen.query_one("#tag").value = "memory"
        await settle(pilot)
        app.screen.query_one("#modes").focus()
        app.screen.query_one("#modes").highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert "Why does a larger batch size need more memory?" in screen_text(app)
        answer = "The activations are stored at once for the backward pass, and memory does not double."
        await pilot.press(*"The ")  # typed key by key into the box
        await type_into(pilot, answer[4:])
        await pilot.press("ctrl+s")
        await settle(pilot)

        criteria = unwrap(widget_text(app, "#fb-criteria"))
        assert "✓ Activations for every example in the batch are held at once" in criteria
        assert "✗ Memory grows roughly linearly with batch size" in criteria
        assert "Memory grows roughly linearly with batch size" in widget_text(app, "#fb-missed")
        assert "Every example in a batch is processed at the same time" in unwrap(widget_text(app, "#fb-model"))

        # The evidence is highlighted inside the candidate's own words, at the matched spans.
        content = screen.query_one("#fb-answer").render()
        spans = {(span.start, span.end): span.style for span in content.spans}
        start = answer.index("activations")
        assert spans[(start, start + len("activations"))] == HIT_STYLE
        start = answer.index("double")
        assert any(style == NEGATED_STYLE and s <= start < e for (s, e), style in spans.items())

        rows = app.services.store.attempts()
        assert len(rows) == 1
        assert (rows[0].item_id, rows[0].mode, rows[0].answer) == ("ex-batch-memory", "quiz", answer)
        assert rows[0].verdict in ("partial", "weak")
        assert [c["met"] for c in rows[0].criteria] == [True, False]


@async_test
async def test_misconception_is_marked_in_the_answer(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        screen = await open_study(pilot, "quiz", tags=("memory",))
        answer = "Honestly batch size does not affect memory at all."
        await type_into(pilot, answer)
        await pilot.press("ctrl+s")
        await settle(pilot)
        spans = {(s.start, s.end): s.style for s in screen.query_one("#fb-answer").render().spans}
        start = answer.index("batch size does not affect memory")
        assert any(style == PENALTY_STYLE and s <= start < e for (s, e), style in spans.items())
        assert "misconception" in widget_text(app, "#fb-criteria")


@async_test
async def test_override_is_recorded_and_shown(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_study(pilot, "quiz", tags=("memory",))
        await pilot.press(*"no idea", "ctrl+s")
        await settle(pilot)
        assert app.services.store.attempts()[0].verdict == "weak"
        await pilot.press("r")
        await settle(pilot)
        assert app.services.store.attempts()[0].override == "right"
        assert "you marked this right" in widget_text(app, "#fb-schedule")
        await pilot.press("w")
        await settle(pilot)
        assert app.services.store.attempts()[0].override == "wrong"


@async_test
async def test_flashcard_flips_and_rates(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test() as pilot:
        screen = await open_study(pilot, "flash")
        card = screen.card
        assert card.kind == "flash" and card.flash is not None
        assert card.flash.front in unwrap(screen_text(app))
        await pilot.press("space")
        await settle(pilot)
        assert card.flash.back.split()[0] in widget_text(app, "#flash-back")
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)  # the example deck has one concept
        (row,) = app.services.store.attempts()
        assert row.item_id == "ex-epoch" and row.mode == "flash"
        assert row.details["self_rating"] == 3
        assert app.services.store.card("example", "ex-epoch") is not None


@async_test
async def test_flashcards_go_both_ways(tmp_path):
    directions = set()
    for seed in range(12):
        app = make_app(tmp_path / str(seed), seed=seed)
        async with app.run_test() as pilot:
            screen = await open_study(pilot, "flash")
            directions.add(screen.card.flash.direction)
            app.services.store.close()
        if len(directions) == 2:
            break
    assert directions == {"term->definition", "definition->term"}


def _steps_numbers(prompt: str) -> tuple[int, int, int]:
    match = re.search(r"has ([\d,]+) samples, the batch size is (\d+) and you train for (\d+) epochs", prompt)
    assert match, prompt
    n, b, e = (int(group.replace(",", "")) for group in match.groups())
    return n, b, e


@async_test
async def test_calculation_draws_fresh_numbers_and_diagnoses_a_known_mistake(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        prompts = []
        for _ in range(4):
            screen = await open_study(pilot, "calc")
            prompts.append(screen.card.prompt)
            await pilot.press("escape")
            await settle(pilot)
        assert len(set(prompts)) > 1, "every session should draw new numbers"

        screen = await open_study(pilot, "calc")
        n, b, e = _steps_numbers(screen.card.prompt)
        per_epoch = n // b  # the deck's known mistake: steps per epoch, not the total
        await pilot.press(*str(per_epoch), "enter")
        await settle(pilot)
        assert "steps per epoch" in widget_text(app, "#fb-diagnosis")
        assert f"the answer is {per_epoch * e:,}" in widget_text(app, "#fb-numeric")
        assert "✗" in widget_text(app, "#fb-numeric")
        row = app.services.store.attempts()[-1]
        assert row.item_id == "ex-steps" and row.verdict == "weak" and row.seed == screen.card.generated.seed


@async_test
async def test_trainer_question_shows_its_loss_curves(tmp_path):
    from prepdeck.tui.widgets.loss_plot import LossPlot

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_study(pilot, "trainer")
        generated = screen.card.generated
        assert generated is not None and generated.curves
        plot = screen.query_one("#loss-plot", LossPlot)
        assert plot.curves == generated.curves
        assert "loss per epoch" in screen_text(app)
        answer = generated.answer if not generated.options else "1"
        await pilot.press(*str(int(answer) if isinstance(answer, float) else answer), "enter")
        await settle(pilot)
        row = app.services.store.attempts()[-1]
        assert row.item_id == "ex-steps-run" and row.seed == generated.seed
        if not generated.options:
            assert row.verdict == "strong"


@async_test
async def test_interview_serves_the_follow_up_chain(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_study(pilot, "interview")
        assert screen.card.item_id == "ex-batch-memory"
        assert screen.card.time_budget is not None and "⏱" in widget_text(app, "#card-meta")
        assert not screen.check_action("hint", ())  # interview mode: no hints
        await type_into(pilot, "activations at once")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "2 follow-up questions next" in widget_text(app, "#fb-follow-ups")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.card.kind == "follow_up"
        assert "What would you do when a batch does not fit in GPU memory?" in screen_text(app)
        await type_into(pilot, "smaller batch or gradient accumulation")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "What is gradient accumulation?" in screen_text(app)
        await type_into(pilot, "summing gradients over several small batches before one update")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        ids = [row.item_id for row in app.services.store.attempts()]
        assert ids == ["ex-batch-memory", "ex-batch-memory#follow-up-1", "ex-batch-memory#follow-up-2"]


@async_test
async def test_hint_and_skip(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_study(pilot, "quiz", tags=("memory",))
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "Think about what the backward pass needs" in widget_text(app, "#card-hints")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert app.services.store.attempts() == []  # a skip records nothing: the card stays due
        assert screen.session.summary().skipped == 1


@async_test
async def test_choice_by_number(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_study(pilot, "quiz", tags=("misconception",))
        assert screen.card.options == ("true", "false")
        await pilot.press("2")  # false is right: bigger batches are not always better
        await settle(pilot)
        assert "✓" in widget_text(app, "#fb-choice")
        assert app.services.store.attempts()[-1].verdict == "strong"


@async_test
async def test_giving_up_shows_the_model_answer_and_records_a_give_up(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_study(pilot, "quiz", tags=("memory",))
        await type_into(pilot, "something about activations")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert screen.state == "feedback"
        assert "You asked for the answer" in widget_text(app, "#fb-gave-up")
        assert "Every example in a batch is processed at the same time" in unwrap(widget_text(app, "#fb-model"))
        assert "rated again" in widget_text(app, "#fb-schedule")
        assert not screen.check_action("override", ())  # nothing was graded to override
        (row,) = app.services.store.attempts()
        assert (row.answer, row.verdict, row.score) == ("something about activations", "weak", 0.0)
        assert row.details == {"gave_up": True}


@async_test
async def test_giving_up_on_a_calculation_shows_the_number_and_the_working(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_study(pilot, "calc")
        n, b, e = _steps_numbers(screen.card.prompt)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert f"{-(-n // b) * e:,} steps" in widget_text(app, "#fb-model")
        assert "steps per epoch" in widget_text(app, "#fb-explanation")
        assert app.services.store.attempts()[0].details["gave_up"] is True


@async_test
async def test_a_concept_is_asked_with_a_wording_that_fits_any_term(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_study(pilot, "quiz", tags=("training-loop",))
        assert screen.card.kind == "concept"
        assert "Define “Epoch” in your own words." in screen_text(app)
