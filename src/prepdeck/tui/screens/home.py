"""The home screen: decks with their counts, the study modes, a tag filter and "continue".

The screen appears before the decks are loaded (the app loads them in a worker
after the first frame); it shows "Loading decks…" until a ``DecksChanged`` arrives.
It starts nothing itself: it posts messages (``StartStudy``, ``ShowStats``, ...) to the app.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, OptionList, Select, Static
from textual.widgets.option_list import Option

from ...core.session_queue import Plan
from ...core.session_types import MODE_TITLES
from ..guard import notify_errors
from ..messages import ContinueStudy, DecksChanged, RaiseNewLimit, ShowContentErrors, ShowStats, StartStudy
from ..plain import plain, plain_cell

if TYPE_CHECKING:
    from ...store.sessions import LastSession
    from ..app import PrepdeckApp
    from ..overview import Overview

ALL = "*"  # the deck table's key for "all decks"
COUNT_COLUMNS = (("Items", "items"), ("Due", "due"), ("New", "new"), ("7-day", "recent"))

HELP = """\
Pick a deck in the table (or **All decks**), optionally a tag, then a mode and **enter**.

- **Quiz**: free-text questions graded against each rubric, with choices and concepts.
- **Flashcards**: concepts both ways (term → definition and back); flip and rate 1–4.
- **Calculation drill**: fresh numbers every time; see the working and known mistakes.
- **Trainer lab**: questions read off real numpy training runs, with loss curves.
- **Review due**: everything due today across kinds, then today's new items.
- **Interview**: a question, then its follow-ups in a chain; timed, no hints.

Each mode says how many cards a session serves now: cards due, new items (up to
today's new-item limit, shown under the filter; **+** raises it by 10 for today), and
*practice* (calculations and trainer questions: fresh numbers every time, so the
limit does not hold them back).

**Continue** brings back your interrupted session, here or in `prepdeck quiz --plain`:
the same queue, its pending follow-ups and your draft answer.

The **7-day** column is the mean score of your answers over the last seven days.
"""


def mode_detail(queue: Plan) -> str:
    """What a mode's session would serve: "3 due · 7 new · 2 practice", or why it serves none."""
    count = len(queue.entries)
    if count == 0:
        if queue.matching == 0:
            return "no items"
        if queue.held_back:
            return "new limit reached (+)"
        return "nothing due"
    # The parts add up to the cards served, so the total is not repeated.
    parts = [f"{value} {label}" for value, label in (
        (queue.served_due, "due"), (queue.served_new, "new"), (queue.served_practice, "practice"),
        (queue.served_ahead, "ahead")) if value]
    return " · ".join(parts)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


class HomeScreen(Screen[None]):
    """Choose what to study."""

    app: "PrepdeckApp"
    HELP = HELP
    BINDINGS = [
        Binding("enter", "start", "Start", show=False),
        Binding("c", "continue", "Continue"),
        Binding("s", "stats", "Stats"),
        Binding("t", "focus_tags", "Tag filter"),
        Binding("plus", "raise_limit", "More new", tooltip="Raise today's new-item limit by 10"),
        Binding("x", "content_errors", "Deck errors"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._last: Overview | None = None
        self._deck_key: str | None = ALL

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            table: DataTable = DataTable(id="decks", cursor_type="row", zebra_stripes=True)
            table.border_title = "Decks"
            yield table
            with Horizontal(id="home-bottom"):
                modes = OptionList(Option(Content.styled("Loading decks…", "italic"), disabled=True), id="modes")
                modes.border_title = "Study"
                yield modes
                with Vertical(id="filters") as filters:
                    filters.border_title = "Filter"
                    yield Select([], prompt="All tags", id="tag", allow_blank=True)
                    yield Static(id="match-count")
                    yield Static(id="allowance")
                    yield Static(id="deck-problems")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#decks", DataTable)
        table.add_column("Deck", key="deck")
        for label, key in COUNT_COLUMNS:
            table.add_column(label, key=key, width=5)
        self.query_one("#modes", OptionList).focus()
        if self.app.decks_ready:
            self._rebuild()
            self._counted_on_mount = True

    def on_screen_resume(self) -> None:
        # The first resume follows the mount, which has just counted: with 100,000 items
        # counting again would double the wait for the first screen.
        if getattr(self, "_counted_on_mount", False):
            self._counted_on_mount = False
            return
        if self.is_mounted and self.app.decks_ready:
            self.refresh_counts()

    def on_decks_changed(self, message: DecksChanged) -> None:
        """The decks were loaded (or reloaded after an edit), or the limit raised: rebuild the lists."""
        if self.is_mounted and self.app.decks_ready:
            self._rebuild()

    def _rebuild(self) -> None:
        self._fill_tags()
        self.refresh_counts()

    # ------------------------------------------------------------------ state

    @property
    def deck_ids(self) -> tuple[str, ...]:
        return () if self._deck_key in (None, ALL) else (self._deck_key,)

    @property
    def tags(self) -> tuple[str, ...]:
        value = self.query_one("#tag", Select).value
        return (value,) if isinstance(value, str) else ()

    def editor_target(self) -> tuple[Path, int] | None:
        """The highlighted deck's file, for ctrl+o."""
        decks = self.app.services.decks
        if decks is None:
            return None
        if not self.deck_ids:
            return (decks.decks[0].path, 1) if len(decks.decks) == 1 else None
        return decks.deck(self.deck_ids[0]).path, 1

    # ------------------------------------------------------------------ filling

    def _overview(self) -> "Overview":
        from ..overview import overview

        services = self.app.services
        return overview(services.decks, services.store, services.clock(), deck_ids=self.deck_ids,
                        tags=self.tags, tz=services.tz)

    def _fill_tags(self) -> None:
        from ..overview import tag_counts

        select = self.query_one("#tag", Select)
        current = select.value
        options = [(plain(f"{tag} ({count})"), tag) for tag, count in tag_counts(self.app.services.decks)]
        with self.prevent(Select.Changed):
            select.set_options(options)
            if isinstance(current, str) and any(value == current for _, value in options):
                select.value = current

    @notify_errors
    def refresh_counts(self) -> None:
        data = self._overview()
        self._fill_decks(data)
        self._fill_modes(data)
        problems = self.app.services.decks.diagnostics
        self.query_one("#deck-problems", Static).update(
            Content.from_markup(f"[$text-error]{len(problems)} problem(s) in the deck files[/]: press [b]x[/]")
            if problems else "")
        self.refresh_bindings()

    def _title_width(self) -> int:
        # Long deck titles are cut so the four count columns always fit on screen.
        return max(12, self.size.width - len(COUNT_COLUMNS) * 7 - 6)

    def on_resize(self) -> None:
        if self._last is not None:
            self._fill_decks(self._last)

    def _fill_decks(self, data: "Overview") -> None:
        self._last = data
        table = self.query_one("#decks", DataTable)
        width = self._title_width()
        with self.prevent(DataTable.RowHighlighted):
            table.clear()
            for row in data.decks:
                title = row.title if len(row.title) <= width else row.title[: width - 1] + "…"
                counts = [Content(str(n)).right(5) for n in (row.items, row.due, row.new)]
                table.add_row(plain_cell(title), *counts, Content(_percent(row.recent_score)).right(5), key=row.deck_id or ALL)
            keys = [row.deck_id or ALL for row in data.decks]
            table.move_cursor(row=keys.index(self._deck_key) if self._deck_key in keys else 0, animate=False)

    def _fill_modes(self, data: "Overview") -> None:
        modes = self.query_one("#modes", OptionList)
        previous = modes.highlighted_option.id if modes.highlighted_option is not None else None
        self._last = data
        options: list[Option] = []
        last = self._resume()
        if last is not None:
            where = ", ".join(last.deck_ids)
            if last.tags:
                where += (" · " if where else "") + f"tag {', '.join(last.tags)}"
            left = len((last.state or {}).get("queue", ()))
            options.append(Option(Content.assemble(("Continue", "bold"), f": {MODE_TITLES[last.mode]}",
                                                   f" · {where}" if where else "", (f" · {left} left", "dim")),
                                  id="continue"))
        for mode, title in MODE_TITLES.items():
            queue = data.plans[mode]
            options.append(Option(Content.assemble(f"{title:<18}", (mode_detail(queue), "dim")), id=mode,
                                  disabled=not queue.entries))
        options.append(Option(Content.assemble(f"{'Stats':<18}", ("your progress", "dim")), id="stats"))
        modes.set_options(options)
        # Keep the highlight on the same mode (the "continue" line may have been added above it).
        enabled = [i for i, option in enumerate(options) if not option.disabled]
        same = [i for i in enabled if options[i].id == previous]
        modes.highlighted = same[0] if same else (enabled[0] if enabled else None)
        self.query_one("#match-count", Static).update(
            f"{data.modes.get('review', 0)} item(s) match" + (f" · {data.due} due" if data.due else ""))
        today = data.allowance
        self.query_one("#allowance", Static).update(Content.assemble(
            "New today: ", (f"{today.left}/{today.limit} left", "bold"), (" (+)", "dim")))

    # ------------------------------------------------------------------ events

    @on(DataTable.RowHighlighted, "#decks")
    @notify_errors
    def _deck_changed(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        if key != self._deck_key:
            self._deck_key = key
            self._fill_modes(self._overview())

    @on(DataTable.RowSelected, "#decks")
    def _deck_chosen(self) -> None:
        self.query_one("#modes", OptionList).focus()

    @on(Select.Changed, "#tag")
    def _tag_changed(self) -> None:
        if self.app.decks_ready:
            self.refresh_counts()
            # A tag chosen, the next step is a mode: enter starts it.
            self.query_one("#modes", OptionList).focus()

    @on(OptionList.OptionSelected, "#modes")
    def _mode_chosen(self, event: OptionList.OptionSelected) -> None:
        self._start(event.option.id)

    def _start(self, choice: str | None) -> None:
        if choice == "stats":
            self.post_message(ShowStats())
        elif choice == "continue":
            self.action_continue()
        elif choice in MODE_TITLES:
            self.post_message(StartStudy(choice, self.deck_ids, self.tags))

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "content_errors":
            return self.app.decks_ready and bool(self.app.services.decks.diagnostics)
        if action == "continue":
            return self.app.decks_ready and self._resume() is not None
        return True

    def action_start(self) -> None:
        modes = self.query_one("#modes", OptionList)
        if modes.highlighted is not None:
            self._start(modes.get_option_at_index(modes.highlighted).id)

    def _resume(self) -> "LastSession | None":
        """The interrupted sitting, when there is one and its mode can still be studied here."""
        last = self._last.resume if self._last is not None else None
        return last if last is not None and last.resumable and last.mode in MODE_TITLES else None

    def action_continue(self) -> None:
        if self._resume() is not None:
            self.post_message(ContinueStudy())

    def action_stats(self) -> None:
        self.post_message(ShowStats())

    def action_raise_limit(self) -> None:
        self.post_message(RaiseNewLimit())

    def action_focus_tags(self) -> None:
        self.query_one("#tag", Select).focus()

    def action_content_errors(self) -> None:
        self.post_message(ShowContentErrors())
