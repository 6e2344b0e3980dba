"""The trainer lab's loss plot draws every family's runs, and runs of any length, with the installed plotext.

These go through the real widget in a headless app, so a plotext call that a
release no longer accepts fails here rather than in a candidate's session.
"""

from __future__ import annotations

import math

import pytest
from textual.app import App, ComposeResult
from tui_helpers import async_test

from prepdeck.core.generate.families import families, generate_family
from prepdeck.tui.widgets.loss_plot import LossPlot, epoch_ticks


class PlotApp(App[None]):
    def __init__(self, curves) -> None:
        super().__init__()
        self.curves = curves

    def compose(self) -> ComposeResult:
        yield LossPlot(self.curves, id="loss-plot")


async def _draw(curves, size=(80, 24)) -> tuple[LossPlot, str]:
    """Mount the plot, cycle through all three views, and return what the last frame shows."""
    app = PlotApp(curves)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        plot = app.query_one(LossPlot)
        for _ in range(3):
            plot.cycle_view()
            await pilot.pause()
        screen = app.export_screenshot()
    return plot, screen


def _visible_text(svg: str) -> str:
    return svg.replace("&#160;", " ")


@pytest.mark.parametrize("name", list(families()))
@async_test
async def test_every_family_draws_its_curves(name):
    question = generate_family(name, seed=3)
    assert question.curves, f"{name} questions carry no curves to plot"
    plot, screen = await _draw(question.curves)
    assert plot.view == "both" if len(question.curves) <= 2 else plot.view == "train_loss"
    assert "loss per epoch" in _visible_text(screen)


@pytest.mark.parametrize("epochs", [1, 2, 12, 13, 30, 99, 250, 500])
@async_test
async def test_runs_of_1_to_500_epochs_draw_with_their_last_epoch_ticked(epochs):
    train = [2.0 / (1 + 0.1 * e) for e in range(epochs)]
    val = [2.2 / (1 + 0.08 * e) + 0.001 * e for e in range(epochs)]
    diverged = [1.0 * 1.5**e if e < epochs // 2 else None for e in range(epochs)]
    curves = {"lr 0.1": {"train_loss": train, "val_loss": val}, "lr 5": {"train_loss": diverged}}
    _, screen = await _draw(curves, size=(120, 40))
    text = _visible_text(screen)
    assert "epoch" in text
    assert str(epoch_ticks(epochs)[-1]) in text


def test_ticks_are_whole_epochs_within_the_run():
    for epochs in range(1, 2_001):
        ticks = epoch_ticks(epochs)
        assert ticks[0] == 1 and ticks == sorted(set(ticks))
        assert all(isinstance(t, int) and 1 <= t <= epochs for t in ticks)
        assert len(ticks) <= 12
        if epochs <= 12:
            assert ticks == list(range(1, epochs + 1))
        else:
            assert epochs - ticks[-1] < math.ceil(epochs / 5)
