"""The answer box survives Textual 8.2's TextArea component-style race (textual#6208, #6528)."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.geometry import Region

from prepdeck.tui.widgets.answer_inputs import AnswerArea
from tui_helpers import async_test


class OneBox(App[None]):
    def compose(self):
        yield AnswerArea()

    def on_mount(self) -> None:
        self.query_one(AnswerArea).text = "an answer being typed"


@async_test
async def test_a_frame_drawn_without_component_styles_is_blank_not_a_crash():
    app = OneBox()
    async with app.run_test(size=(40, 8)) as pilot:
        area = app.query_one(AnswerArea)
        crop = Region(0, 0, area.size.width, 2)
        assert "an answer" in "".join(strip.text for strip in area.render_lines(crop))
        # What Textual does as the widget is being removed, or before its styles are computed.
        area._component_styles.clear()
        area._rich_style_cache.clear()
        strips = area.render_lines(crop)
        assert len(strips) == 2 and all(strip.text.strip() == "" for strip in strips)
        assert all(strip.cell_length == crop.width for strip in strips)
        await pilot.pause()
        assert app.is_running


@async_test
async def test_other_key_errors_are_not_hidden(monkeypatch):
    app = OneBox()
    async with app.run_test(size=(40, 8)):
        area = app.query_one(AnswerArea)

        def broken(self, crop):
            raise KeyError("some other bug")

        monkeypatch.setattr("textual.widgets.TextArea.render_lines", broken)
        with pytest.raises(KeyError, match="some other bug"):
            area.render_lines(Region(0, 0, 10, 1))
