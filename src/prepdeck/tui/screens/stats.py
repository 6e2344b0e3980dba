"""The stats screen: accuracy over time, per-tag bars, the due forecast, streak and predicted recall."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...core.clock import local_date
from ...store.series import DayPoint
from ...store.holds import Hold
from ...store.stats import Catalog, Stats
from ..guard import notify_errors, report
from ..widgets.stats_view import (
    accuracy_plot, forecast_bars, headline, recall_text, tag_bars, weakest_lines,
)

if TYPE_CHECKING:
    from ..app import PrepdeckApp

HISTORY_DAYS = 30

HELP = """\
Your progress, from every answer recorded (here and in `prepdeck quiz --plain`).

- **Accuracy over time**: share of graded answers that were right, per day (last 30 days).
- **By tag**: accuracy per tag, weakest first.
- **Due**: how many cards come due on each of the next 7 days.
- **Interview day**: type a date (YYYY-MM-DD) and press **enter** to see the predicted
  recall (FSRS retrievability) of what you have studied, on that day. The date is
  remembered (in the progress database), here and for `prepdeck stats`.
- **Suspended**: cards you suspended while studying (**s**); highlight one and press
  **enter** to unsuspend it (or run `prepdeck suspend --lift ITEM`).
"""


@dataclass(frozen=True)
class Loaded:
    stats: Stats
    days: list[DayPoint] | None  # None: only the recall for a new date was asked for
    interview: date | None = None  # the remembered interview day the recall is for
    suspended: tuple[Hold, ...] = ()


class StatsScreen(Screen[None]):
    """Read-only progress views; everything is computed by the store in a worker."""

    app: "PrepdeckApp"
    HELP = HELP
    TITLE = "Stats"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("d", "focus_date", "Interview day"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats"):
            yield Static(Content.styled("Loading…", "italic"), id="stats-headline")
            accuracy = Static(id="accuracy", classes="stats-section")
            accuracy.border_title = "Accuracy over time"
            yield accuracy
            tags = Static(id="by-tag", classes="stats-section")
            tags.border_title = "By tag"
            yield tags
            forecast = Static(id="forecast", classes="stats-section")
            forecast.border_title = "Due in the next 7 days"
            yield forecast
            weakest = Static(id="weakest", classes="stats-section")
            weakest.border_title = "Weakest items"
            yield weakest
            with Horizontal(id="recall-row", classes="stats-section") as recall:
                recall.border_title = "Interview day: predicted recall"
                yield Input(placeholder="YYYY-MM-DD", id="recall-date", max_length=10)
                yield Static(id="recall-result")
            suspended = OptionList(id="suspended", classes="stats-section")
            suspended.border_title = "Suspended (enter unsuspends)"
            suspended.display = False
            yield suspended
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#recall-date", Input).cursor_blink = getattr(self.app, "cursor_blink", True)
        self.query_one("#stats").focus()
        self._load(None)

    def _catalog(self) -> Catalog:
        decks = self.app.services.decks
        return Catalog.from_entries((loaded.deck.id, item.id, item.tags) for loaded, item in decks.items())

    @work(thread=True, exclusive=True, group="stats", exit_on_error=False)
    def _load(self, on: date | None) -> None:
        """Compute the stats off the UI thread (``on``: only the recall on that day, and remember it)."""
        try:
            loaded = self._compute(on)
        except Exception as error:  # noqa: BLE001 - said on the UI thread
            self.app.call_from_thread(self._failed, error)
            return
        self.app.call_from_thread(self._show, loaded)

    def _compute(self, on: date | None) -> Loaded:
        from ...core.scheduler import Scheduler

        services = self.app.services
        store = services.store
        now = services.clock()
        today = local_date(now, services.tz)
        if on is not None:
            store.set_interview_date(on)
            stats = store.stats(now=now, scheduler=Scheduler(), tz=services.tz, catalog=self._catalog(), on=on)
            return Loaded(stats, None, on)
        remembered = store.interview_date()
        interview = remembered if remembered is not None and remembered >= today else None
        stats = store.stats(now=now, scheduler=Scheduler(), tz=services.tz, catalog=self._catalog(), on=interview)
        days = store.daily(today - timedelta(days=HISTORY_DAYS - 1), today, services.tz)
        suspended = tuple(hold for hold in store.holds() if hold.suspended_at is not None)
        return Loaded(stats, days, interview, suspended)

    def _failed(self, error: Exception) -> None:
        self.query_one("#stats-headline", Static).update("Could not read the progress database.")
        report(self, error)

    @notify_errors
    async def _show(self, loaded: Loaded) -> None:
        stats = loaded.stats
        if stats.recall is not None:
            self.query_one("#recall-result", Static).update(recall_text(stats.recall))
        if loaded.days is None:
            return
        date_input = self.query_one("#recall-date", Input)
        if loaded.interview is not None and not date_input.value:
            date_input.value = loaded.interview.isoformat()
        self._fill_suspended(loaded.suspended)
        self.query_one("#stats-headline", Static).update(headline(stats))
        await self._show_accuracy(loaded.days)
        self.query_one("#by-tag", Static).update(tag_bars(stats.by_tag))
        self.query_one("#forecast", Static).update(forecast_bars(stats.forecast))
        self.query_one("#weakest", Static).update(weakest_lines(stats.weakest))

    async def _show_accuracy(self, days: list[DayPoint]) -> None:
        section = self.query_one("#accuracy", Static)
        await self.query("#accuracy-plot").remove()
        if not any(point.tally.graded for point in days):
            section.update(Content.styled("No graded answers in the last 30 days yet: answer a few cards "
                                          "and come back.", "italic"))
            return
        section.display = False
        await self.query_one("#stats").mount(accuracy_plot(days), after=section)

    @on(Input.Submitted, "#recall-date")
    def _date_given(self, event: Input.Submitted) -> None:
        services = self.app.services
        try:
            day = date.fromisoformat(event.value.strip())
        except ValueError:
            self.notify("Type the date as YYYY-MM-DD, e.g. 2025-06-30.", severity="warning")
            return
        today = local_date(services.clock(), services.tz)
        if day < today:
            self.notify("That day is in the past: give today or a later date.", severity="warning")
            return
        if day > today + timedelta(days=3650):
            self.notify("That is more than ten years away.", severity="warning")
            return
        self.query_one("#recall-result", Static).update(Content.styled("Computing…", "italic"))
        self._load(day)

    def _fill_suspended(self, holds: tuple[Hold, ...]) -> None:
        listing = self.query_one("#suspended", OptionList)
        listing.set_options([Option(f"{hold.item_id}  ({hold.deck_id})", id=f"{hold.deck_id}\t{hold.item_id}")
                             for hold in holds])
        listing.display = bool(holds)

    @on(OptionList.OptionSelected, "#suspended")
    @notify_errors
    def _unsuspend(self, event: OptionList.OptionSelected) -> None:
        deck_id, item_id = (event.option.id or "\t").split("\t", 1)
        if self.app.services.store.suspend(deck_id, item_id, None):
            self.notify(f"Unsuspended {item_id}: it is back in your sessions.")
        listing = self.query_one("#suspended", OptionList)
        listing.remove_option(event.option.id)
        listing.display = listing.option_count > 0

    def action_focus_date(self) -> None:
        self.query_one("#recall-date", Input).focus()

