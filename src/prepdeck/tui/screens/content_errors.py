"""Content errors: the located problems in the deck files, while the valid decks still run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from ..plain import plain, plain_cell

from ...core.diagnostics import Diagnostic

HELP = """\
These deck files could not be loaded (or have problems), each located as
`path:line:col`. The decks without errors are loaded and can be studied.

Press **enter** or **ctrl+o** on a problem to open its file in `$EDITOR` at that line;
the decks are reloaded when the editor closes. `prepdeck check` prints the same list.
"""

if TYPE_CHECKING:
    from ..app import PrepdeckApp


class ContentErrorsScreen(Screen[None]):
    """Located deck problems, one per row; enter opens the file at the line."""

    app: "PrepdeckApp"

    HELP = HELP
    TITLE = "Deck problems"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("enter", "open", "Open in $EDITOR", show=False),
    ]

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__()
        self._diagnostics = list(diagnostics)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="errors"):
            yield Static(id="errors-summary")
            table: DataTable = DataTable(id="diagnostics", cursor_type="row")
            yield table
            yield Static(id="errors-detail")
        yield Footer()

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#diagnostics", DataTable).focus()

    def _fill(self) -> None:
        errors = sum(d.severity == "error" for d in self._diagnostics)
        summary = (f"{errors} error(s) and {len(self._diagnostics) - errors} warning(s) in the decks. "
                   "The valid decks are loaded: escape to study them, enter to fix the highlighted "
                   "problem in $EDITOR.")
        self.query_one("#errors-summary", Static).update(
            Content(summary if self._diagnostics else "No problems left: every deck loaded."))
        table = self.query_one("#diagnostics", DataTable)
        table.clear(columns=True)
        table.add_columns("Where", "Problem")
        for index, diagnostic in enumerate(self._diagnostics):
            where = f"{diagnostic.path}:{diagnostic.line}:{diagnostic.col}"
            message = " ".join(diagnostic.message.split())
            # File names and messages quote deck text: plain, never markup ("[/b]" would crash the table).
            table.add_row(plain_cell(where), plain_cell(f"{diagnostic.severity}: {message}"), key=str(index))
        self._show_detail(0)

    def on_decks_changed(self) -> None:
        """After an edit the app reloads the decks: show what is still wrong."""
        self._diagnostics = list(self.app.services.decks.diagnostics)
        self._fill()

    @on(DataTable.RowHighlighted, "#diagnostics")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)

    @on(DataTable.RowSelected, "#diagnostics")
    def _selected(self) -> None:
        self.action_open()

    def _show_detail(self, row: int) -> None:
        # The table truncates long messages at 80 columns; the full line is shown below it.
        detail = self._diagnostics[row].format() if 0 <= row < len(self._diagnostics) else ""
        self.query_one("#errors-detail", Static).update(plain(detail))

    def editor_target(self) -> tuple[Path, int] | None:
        row = self.query_one("#diagnostics", DataTable).cursor_row
        if not 0 <= row < len(self._diagnostics):
            return None
        return Path(self._diagnostics[row].path), self._diagnostics[row].line

    def action_open(self) -> None:
        self.app.action_open_in_editor()
