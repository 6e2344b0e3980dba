"""Loss curves of a generated question's training runs, drawn with textual-plotext.

Imported only when a trainer question is shown: plotext is not needed to start the app.
"""

from __future__ import annotations

import itertools
from typing import Mapping, Sequence

from textual_plotext import PlotextPlot

Curves = Mapping[str, Mapping[str, Sequence[float | None]]]

SERIES_LABELS = {"train_loss": "train", "val_loss": "val"}
VIEWS = ("both", "train_loss", "val_loss")


def segments(values: Sequence[float | None]) -> list[tuple[list[int], list[float]]]:
    """Unbroken runs of defined values as (epochs, losses); epochs are 1-based.

    A diverged run has None from the epoch it blew up: plotting stops there rather
    than drawing a spike that would flatten every other curve.
    """
    parts: list[tuple[list[int], list[float]]] = []
    xs: list[int] = []
    ys: list[float] = []
    for epoch, value in enumerate(values, 1):
        if value is None:
            if xs:
                parts.append((xs, ys))
            xs, ys = [], []
        else:
            xs.append(epoch)
            ys.append(float(value))
    if xs:
        parts.append((xs, ys))
    return parts


MAX_TICKS = 12


def epoch_ticks(epochs: int) -> list[int]:
    """Whole-epoch x ticks for a run of ``epochs``: every epoch up to 12, else a round step.

    The ticks are always given to plotext as a list: letting it choose
    (``xticks(None)``) raises TypeError in plotext 5.3 and could put ticks
    between epochs.
    """
    epochs = max(1, epochs)
    if epochs <= MAX_TICKS:
        return list(range(1, epochs + 1))
    step = next(size * 10**power for power in itertools.count() for size in (1, 2, 5)
                if epochs <= (MAX_TICKS - 2) * size * 10**power)
    return [1, *range(step, epochs + 1, step)]


def default_view(curves: Curves) -> str:
    """Both series for one or two runs; with more, training loss alone stays readable."""
    return "both" if len(curves) <= 2 else "train_loss"


class LossPlot(PlotextPlot):
    """Per-epoch loss of each run; ``view`` picks train, validation or both series."""

    def __init__(self, curves: Curves, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.curves = curves
        self.view = default_view(curves)

    def on_mount(self) -> None:
        super().on_mount()
        self.draw()

    def cycle_view(self) -> str:
        self.view = VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)]
        self.draw()
        return self.view

    def draw(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        shown = ("train_loss", "val_loss") if self.view == "both" else (self.view,)
        longest = 1
        for label, series in self.curves.items():
            for name in shown:
                values = series.get(name) or []
                longest = max(longest, len(values))
                marker = "braille" if name == "train_loss" else "dot"
                first = True
                for xs, ys in segments(values):
                    suffix = f" {SERIES_LABELS.get(name, name)}" if len(shown) > 1 else ""
                    plt.plot(xs, ys, marker=marker, label=f"{label}{suffix}" if first else None)
                    first = False
        what = "training and validation" if self.view == "both" else SERIES_LABELS.get(self.view, self.view)
        plt.title(f"{what} loss per epoch")
        plt.xlabel("epoch")
        plt.xticks(epoch_ticks(longest))
        self.refresh()
