"""The first screen of ``prepdeck``: shown while the decks load, so the window appears at once.

It holds only a header, a line of text and the footer. The home screen (its deck
table, mode list and tag filter) covers it as soon as the decks are in, which
keeps those widgets, and their imports, out of the first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

if TYPE_CHECKING:
    from ..app import PrepdeckApp


class LoadingScreen(Screen[None]):
    """"Loading decks…", until the app swaps in the home screen (or says why it cannot)."""

    app: "PrepdeckApp"

    HELP = "The decks are loading; the home screen follows in a moment."
    BINDINGS = [Binding("q", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Content.styled("Loading decks…", "italic"), id="loading")
        yield Footer()

    def on_screen_resume(self) -> None:
        # Nothing should close the home screen, but if something does, it comes straight back.
        if self.app.decks_ready and self.app.screen is self:
            self.app.call_later(self.app.show_home)

    def failed(self, message: str) -> None:
        """The decks could not be loaded: say so where the home screen would have appeared."""
        self.query_one("#loading", Static).update(
            Content.assemble(("The decks could not be loaded: ", "bold $text-error"), message,
                             ("\nPress q to quit.", "dim")))
