"""The screen shown after a bug: calm, saying that progress is safe and where the details are."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from ...core.plain_text import visible
from ..plain import plain


class CrashScreen(Screen[None]):
    """Something went wrong; quitting is the only way on (the app exits non-zero)."""

    HELP = "prepdeck hit a bug and has to stop. Your answers are saved. Press q or enter to quit."
    BINDINGS = [Binding("q,enter,escape", "app.exit_after_crash", "Quit")]

    def __init__(self, log: Path | None, error: BaseException) -> None:
        super().__init__()
        self.log_path = log
        self.error = error

    def compose(self) -> ComposeResult:
        where = (Content.assemble("The details are in ", (visible(str(self.log_path)), "bold"),
                                  "; please attach that file if you report this.")
                 if self.log_path else Content("The crash log could not be written; set PREPDECK_DEBUG=1 "
                                          "and run prepdeck again to see the details."))
        yield Header()
        with VerticalScroll(id="crash"):
            yield Static(Content.styled("Something went wrong, and prepdeck has to stop.", "bold $text-error"))
            yield Static(plain(f"{type(self.error).__name__}: {self.error}"), id="crash-error")
            yield Static(Content("Your progress is safe: every answer was saved when you gave it. "
                                 "Next time, Continue on the home screen picks up where you left off."))
            yield Static(where, id="crash-log")
            yield Static(Content.styled("Press q or enter to quit.", "dim"))
        yield Footer()
