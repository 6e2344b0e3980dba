"""The end of a session: what was answered, how it went, and why when there was nothing to do."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from ...core.session import Session
from ...core.session_queue import describe
from ...core.session_types import RATING_NAMES
from ..messages import StartStudy
from ..widgets.score_bar import score_bar


def _empty_reason(session: Session) -> str:
    plan = session.plan
    if plan.matching == 0:
        return "No items of this kind match the chosen decks and tags."
    if plan.held_back:
        return (f"Nothing to serve: none due today, and today's limit of {plan.new_limit} new items is used up. "
                "Press + on the home screen to raise it for today.")
    if plan.held:
        return f"Nothing to serve: none due today; {plan.held} matching item(s) are buried or suspended."
    if session.config.mode == "review":
        return f"Nothing is due: {plan.matching} matching item(s), none due today, and no new items left."
    return f"{plan.matching} item(s) match, but none could be served."


class SummaryScreen(Screen[None]):
    """Counts by verdict, mean score and time, and one row per answer."""

    HELP = ("The session is over and every answer is saved. **a** starts another round of the same choice; "
            "**u** undoes the last answer or rating and takes you back to that card.")
    BINDINGS = [
        Binding("escape,enter", "app.pop_screen", "Home"),
        Binding("a", "another_round", "Another round"),
        Binding("u,ctrl+z", "undo", "Undo"),
    ]

    def __init__(self, session: Session, *, title: str) -> None:
        super().__init__()
        self.session = session
        self.title = f"{title}: summary"

    def compose(self) -> ComposeResult:
        summary = self.session.summary()
        yield Header()
        with VerticalScroll(id="summary"):
            if summary.answered == 0 and summary.skipped == 0:
                yield Static(_empty_reason(self.session), id="summary-empty")
            else:
                minutes, seconds = divmod(int(summary.elapsed.total_seconds()), 60)
                if summary.mean_score is not None:
                    yield Static(score_bar(summary.mean_score, None, label="mean score"), id="summary-score")
                counts: list[str | tuple[str, str]] = [(f"{summary.answered} answered", "bold"),
                                                        f" · {summary.correct} right"]
                for value, label, style in ((summary.strong, "strong", "$text-success"),
                                            (summary.partial, "partial", "$text-warning"),
                                            (summary.weak, "weak", "$text-error"),
                                            (summary.gave_up, "gave up", ""),
                                            (summary.skipped, "skipped", ""),
                                            (summary.overrides, "overridden", ""),
                                            (summary.relearned, "relearned", ""),
                                            (summary.undone, "undone", ""),
                                            (summary.buried, "buried", ""),
                                            (summary.suspended, "suspended", "")):
                    if value:
                        counts.append((f" · {value} {label}", style))
                counts.append(f" · {minutes}:{seconds:02d}")
                counts.append((f" · seed {summary.seed}", "dim"))  # replays the session's draws
                yield Static(Content.assemble(*counts), id="summary-counts")
                yield Static(Content.styled(f"planned: {describe(self.session.plan)}", "dim"), id="summary-plan")
                yield DataTable(id="summary-table", cursor_type="row")
            for note in self.session.notes:
                yield Static(Content.styled(f"note: {note}", "italic $text-warning"), classes="fb-note")
        yield Footer()

    def on_mount(self) -> None:
        tables = self.query("#summary-table")
        if not tables:
            return
        table = tables.first(DataTable)
        table.add_columns("#", "Item", "Verdict", "Score", "Rated", "Override")
        for feedback in self.session.summary().feedback:
            card = feedback.card
            verdict = (feedback.verdict or "—") + (" (gave up)" if feedback.gave_up else "")
            table.add_row(str(card.position), card.item_id, verdict,
                          "—" if feedback.score is None else f"{feedback.score:.0%}",
                          RATING_NAMES.get(feedback.rating, "—"), feedback.override or "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return self.session.can_undo
        return True

    def action_undo(self) -> None:
        """Back to the study screen, where the last answer is taken back (in its worker)."""
        from .study import StudyScreen

        screen = StudyScreen(self.session, title=self.title.removesuffix(": summary"), undo_first=True)
        self.app.switch_screen(screen)

    def action_another_round(self) -> None:
        config = self.session.config
        self.app.pop_screen()
        self.app.post_message(StartStudy(config.mode, config.deck_ids, config.tags))
