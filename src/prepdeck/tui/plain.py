"""Deck and user text as Textual content: never read as markup, control characters shown."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from ..core.plain_text import visible


def plain(text: str) -> Content:
    """``text`` exactly as written (``[/]``, ``[@click=…]`` and ``x[i]`` included), with ``\\x1b`` shown."""
    return Content(visible(text))


def plain_cell(text: str) -> Text:
    """``text`` for a DataTable cell: a Rich ``Text``, which the table measures (a ``Content`` is cut
    to the column heading's width), and which is never parsed as markup either."""
    return Text(visible(text))
