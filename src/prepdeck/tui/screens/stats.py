"""The stats screen: accuracy over time, per-tag bars, the due forecast, streak and predicted recall."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static
from textual.worker import Worker, WorkerState

from ...core.clock import local_date
from ...store.series import DayPoint
from ...store.stats import Catalog, Stats
from ..guard import notify_errors, report
from ..widgets.stats_view import (
    accuracy_plot, forecast_bars, headline, recall_text, tag_bars, weakest_lines,
)

HISTORY_DAYS = 30

HELP = """\
Your progress, from every answer recorded (here and in `prepdeck quiz --plain`).

- **Accuracy over time**: share of graded answers that were right, per day (last 30 days).
- **By tag**: accuracy per tag, weakest first.
- **Due**: how many cards come due on each of the next 7 days.
- **Interview day**: type a date (YYYY-MM-DD) and press **enter** to see the predicted
  recall (FSRS retrievability) of what you have studied, on that day.
"""


@dataclass(frozen=True)
class Loaded:
    stats: Stats
    days: list[DayPoint] | None  # None: only the recall for a new date was asked for


class StatsScreen(Screen[None]):
    """Read-only progress views; everything is computed by the store in a worker."""

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
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#recall-date", Input).cursor_blink = getattr(self.app, "cursor_blink", True)
        self.query_one("#stats").focus()
        self._load(None)

    def _catalog(self) -> Catalog:
        decks = self.app.services.decks
        return Catalog.from_entries((loaded.deck.id, item.id, item.tags) for loaded, item in decks.items())

    def _load(self, on: date | None) -> None:
        self.run_worker(lambda: self._compute(on), name="stats", group="stats", thread=True, exclusive=True,
                        exit_on_error=False)

    def _compute(self, on: date | None) -> Loaded:
        from ...core.scheduler import Scheduler

        services = self.app.services
        now = services.clock()
        stats = services.store.stats(now=now, scheduler=Scheduler(), tz=services.tz, catalog=self._catalog(), on=on)
        if on is not None:
            return Loaded(stats, None)
        today = local_date(now, services.tz)
        days = services.store.daily(today - timedelta(days=HISTORY_DAYS - 1), today, services.tz)
        return Loaded(stats, days)

    @on(Worker.StateChanged)
    @notify_errors
    async def _loaded(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "stats":
            return
        if event.state == WorkerState.SUCCESS:
            await self._show(event.worker.result)
        elif event.state == WorkerState.ERROR:
            self.query_one("#stats-headline", Static).update("Could not read the progress database.")
            report(self, event.worker.error)

    async def _show(self, loaded: Loaded) -> None:
        stats = loaded.stats
        if stats.recall is not None:
            self.query_one("#recall-result", Static).update(recall_text(stats.recall))
        if loaded.days is None:
            return
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

    def action_focus_date(self) -> None:
        self.query_one("#recall-date", Input).focus()

