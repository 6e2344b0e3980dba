"""The answer widgets: a multi-line box, a number field and a pick-one list.

Each honours the app's ``cursor_blink`` setting (off in snapshot tests, so
screenshots do not depend on when the cursor last blinked).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, TextArea
from textual.widgets.option_list import Option

from ...core.session_types import Card

FREE_TEXT = ("question", "concept", "follow_up")
"""Card kinds answered in words, in the multi-line box."""


def _blink(widget) -> None:
    widget.cursor_blink = getattr(widget.app, "cursor_blink", True)


class AnswerArea(TextArea):
    """A free-text answer; newlines are allowed, ctrl+s (on the screen) submits."""

    def __init__(self) -> None:
        super().__init__(id="answer", soft_wrap=True, tab_behavior="focus",
                         placeholder="Type your answer… (ctrl+s submits)")

    def on_mount(self) -> None:
        _blink(self)

    def render_lines(self, crop: Region) -> list[Strip]:
        # Textual 8.2 (textual#6208, #6528): a TextArea asked to render before its component
        # styles are computed, or after they were cleared as it is removed (skipping a card
        # quickly), raises KeyError in its theme's apply_css. Such a frame has nothing worth
        # showing, so it is drawn blank and redrawn once the styles are in.
        try:
            return super().render_lines(crop)
        except KeyError as error:
            if "COMPONENT_CLASSES" not in str(error):
                raise
            if self.is_attached:
                self.refresh()
            return [Strip.blank(crop.width)] * crop.height


class NumberInput(Input):
    """A numeric answer: 8000, 8,000, 8k, 8e3 and "8000 steps" are all read by the grader."""

    def __init__(self, units: str | None = None) -> None:
        hint = f" in {units}" if units else ""
        super().__init__(id="answer", placeholder=f"Your answer{hint} (enter submits)", select_on_focus=False)

    def on_mount(self) -> None:
        _blink(self)


class ChoiceList(OptionList):
    """Pick one option with the arrows and enter, or press its number."""

    BINDINGS = [Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)]

    class Picked(Message):
        """The candidate picked ``index`` (0-based)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, options: tuple[str, ...]) -> None:
        super().__init__(*[Option(Content.assemble((f"{n}. ", "bold $accent"), text), id=str(n - 1))
                           for n, text in enumerate(options, 1)], id="answer")
        self._count = len(options)

    def action_pick(self, number: int) -> None:
        if 1 <= number <= self._count:
            self.highlighted = number - 1
            self.post_message(self.Picked(number - 1))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Picked(event.option_index))


def card_widgets(card: Card, *, screen_height: int) -> list[Widget]:
    """What a card needs below its prompt: its loss curves if any, then the answer widget (last)."""
    widgets: list[Widget] = []
    if card.generated is not None and card.generated.curves:
        from .loss_plot import LossPlot

        plot = LossPlot(card.generated.curves, id="loss-plot")
        # Leave room for the prompt and the answer box, so both fit at 80×24 with the plot.
        plot.styles.height = max(8, min(18, screen_height - 16))
        widgets.append(plot)
    if card.options:
        widgets.append(ChoiceList(card.options))
    elif card.kind in FREE_TEXT:
        widgets.append(AnswerArea())
    else:
        widgets.append(NumberInput(card.units))
    return widgets
