"""The help screen (``?`` or F1): what the current screen is for and every key it takes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown, Static

EVERYWHERE: tuple[tuple[str, str], ...] = (
    ("? / F1", "this help"),
    ("ctrl+p", "command palette: start any mode, stats, theme, …"),
    ("ctrl+t", "switch between the light and dark theme"),
    ("ctrl+o", "open the current item's deck file in $EDITOR at its line"),
    ("escape", "go back"),
    ("ctrl+q", "quit (progress is saved after every answer)"),
)


def _key_table(rows: list[tuple[str, str]]) -> Content:
    width = max((len(key) for key, _ in rows), default=0)
    return Content("\n").join(
        Content.assemble((f"{key:>{width}}", "bold $accent"), "  ", text) for key, text in rows)


def screen_keys(screen: Screen) -> list[tuple[str, str]]:
    """The keys the screen itself defines (not the focused text box's editing keys), one row per action."""
    rows: dict[str, tuple[list[str], str]] = {}
    for binding in Binding.make_bindings(type(screen).BINDINGS):
        if not binding.description:
            continue
        keys, _ = rows.setdefault(binding.action, ([], binding.tooltip or binding.description))
        keys.append(screen.app.get_key_display(binding))
    return [(" / ".join(dict.fromkeys(keys)), text) for keys, text in rows.values()]


class HelpScreen(ModalScreen[None]):
    """Keys and a short guide for the screen it was opened from."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close"),
    ]

    def __init__(self, underneath: Screen) -> None:
        super().__init__()
        self._guide = getattr(underneath, "HELP", "") or ""
        self._keys = screen_keys(underneath)
        self._title = getattr(underneath, "title", None) or underneath.app.title

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = f"Help · {self._title}"
            box.border_subtitle = "escape to close"
            if self._guide:
                yield Markdown(self._guide, id="help-guide")
            if self._keys:
                yield Static(Content.from_markup("[b]Keys here[/b]"), classes="help-heading")
                yield Static(_key_table(self._keys), id="help-keys")
            yield Static(Content.from_markup("[b]Everywhere[/b]"), classes="help-heading")
            yield Static(_key_table(list(EVERYWHERE)), id="help-everywhere")

    def action_dismiss(self) -> None:
        self.dismiss(None)
