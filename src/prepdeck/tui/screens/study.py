"""The study screen, for every mode: show a card, take the answer, show the feedback.

The session decides everything (what comes next, how it scores, what is due);
this screen turns keys into ``session`` calls and mounts the widget each card
kind needs. Drawing the next card runs in a worker thread, because a trainer
question trains real models first and the UI must not freeze meanwhile.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, LoadingIndicator, Static, TextArea
from textual.worker import Worker, WorkerState

from ...core.session import Session
from ...core.session_types import Card, Feedback, InvalidAnswer
from ..guard import notify_errors, report
from ..widgets.answer_inputs import FREE_TEXT, ChoiceList, card_widgets
from ..widgets.card_meta import meta_line
from ..widgets.feedback import RATING_NAMES, FeedbackView, humanize
from .study_help import study_help


class StudyScreen(Screen[None]):
    """One session, card after card, until the queue is empty."""

    BINDINGS = [
        Binding("escape", "leave", "Back"),
        Binding("ctrl+s", "submit", "Submit"),
        Binding("ctrl+g", "hint", "Hint"),
        Binding("ctrl+n", "skip", "Skip"),
        Binding("ctrl+r", "give_up", "Answer", tooltip="Give up and show the answer"),
        Binding("space", "flip", "Flip"),
        Binding("1", "rate(1)", "Again"),
        Binding("2", "rate(2)", "Hard"),
        Binding("3", "rate(3)", "Good"),
        Binding("4", "rate(4)", "Easy"),
        Binding("enter,n", "next", "Next"),
        Binding("r", "override(True)", "Right", tooltip="I was right: override the grade"),
        Binding("w", "override(False)", "Wrong", tooltip="I was wrong: override the grade"),
        Binding("m", "toggle_model", "Model", tooltip="Show or hide the model answer"),
        Binding("ctrl+l", "cycle_plot", "Curves", tooltip="Cycle the plot: training, validation or both losses"),
    ]

    # loading | asking | front (flashcard) | back (flashcard) | feedback | failed
    state: reactive[str] = reactive("loading", init=False)

    def __init__(self, session: Session, *, title: str) -> None:
        super().__init__()
        self.session = session
        self.title = title
        self.sub_title = ""
        self.HELP = study_help(session.config.mode)
        self.card: Card | None = None
        self.feedback: Feedback | None = None
        self._last_line = ""
        self._card_note = ""
        self._hints: list[Content] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="study"):
            yield Static(id="card-meta")
            yield Static(id="card-prompt")
            yield Static(id="card-hints")
            yield Vertical(id="card-body")
            yield Vertical(id="card-feedback")
        yield Footer()

    async def on_mount(self) -> None:
        if self.card is None:
            await self.load_next()
        self.set_interval(1.0, self._tick)

    # ------------------------------------------------------------------ serving cards

    async def load_next(self) -> None:
        self.state = "loading"
        self.card = self.feedback = None
        await self.query_one("#card-body").remove_children()
        await self.query_one("#card-feedback").remove_children()
        self._hints = []
        self.query_one("#card-hints", Static).display = False
        self.query_one("#card-prompt", Static).update("")
        self.query_one("#card-meta", Static).update(Content.styled("Drawing the next card…", "italic"))
        await self.query_one("#card-body").mount(LoadingIndicator())
        self.run_worker(self.session.next_card, name="next-card", group="card", thread=True,
                        exclusive=True, exit_on_error=False)

    @on(Worker.StateChanged)
    async def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "next-card":
            return
        if event.state == WorkerState.SUCCESS:
            card = event.worker.result
            if card is None:
                self._finish()
            else:
                await self._show_card(card)
        elif event.state == WorkerState.ERROR:
            self.state = "failed"
            await self.query_one("#card-body").remove_children()
            self.query_one("#card-meta", Static).update("This card could not be drawn; press n for the next one.")
            report(self, event.worker.error)

    @notify_errors
    async def _show_card(self, card: Card) -> None:
        self.card = card
        # What happened to the previous card is shown once, on the line of this one.
        self._card_note, self._last_line = self._last_line, ""
        body = self.query_one("#card-body")
        await body.remove_children()
        self._render_meta()
        self.query_one("#card-prompt", Static).update(Content(card.prompt))
        self.sub_title = f"{card.position} of {card.planned}"
        if card.kind == "flash":
            self.state = "front"
            await body.mount(Static(Content.styled("space: flip the card", "dim"), id="flash-back"))
            self.query_one("#study").focus()
            return
        widgets = card_widgets(card, screen_height=self.size.height)
        await body.mount_all(widgets)
        self.state = "asking"
        self.query_one("#study").scroll_home(animate=False)
        widgets[-1].focus()
        # Below a long prompt, bring the answer box into view once it has been laid out.
        self.call_after_refresh(widgets[-1].scroll_visible, animate=False)

    def _render_meta(self) -> None:
        if self.card is None:
            return
        line = meta_line(self.card, self.app.services.clock())
        if self._card_note:
            line = Content.assemble(line, ("  ·  " + self._card_note, "dim"))
        self.query_one("#card-meta", Static).update(line)

    def _tick(self) -> None:
        # Only interview cards carry a clock; refresh it while the candidate is answering.
        if self.state == "asking" and self.card is not None and self.card.time_budget is not None:
            self._render_meta()

    def _finish(self) -> None:
        from .summary import SummaryScreen

        self.app.switch_screen(SummaryScreen(self.session, title=self.title))

    # ------------------------------------------------------------------ answering

    @notify_errors
    async def _answer(self, text: str) -> None:
        try:
            feedback = self.session.answer(text)
        except InvalidAnswer as error:
            self.notify(str(error), severity="warning")
            return
        await self._show_feedback(feedback)

    async def _show_feedback(self, feedback: Feedback) -> None:
        self.feedback = feedback
        await self.query("#answer").remove()
        # An auto-height container keeps its old height after a child is removed; re-measure it.
        self.query_one("#card-body").refresh(layout=True)
        area = self.query_one("#card-feedback")
        await area.remove_children()
        view = FeedbackView(feedback, self.app.services.clock())
        await area.mount(view)
        self.state = "feedback"
        study = self.query_one("#study")
        study.focus()
        # Keep the question in view above its feedback; the rest scrolls.
        self.call_after_refresh(study.scroll_to_widget, self.query_one("#card-prompt"), top=True, animate=False)

    @on(Input.Submitted, "#answer")
    async def _number_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.state == "asking":
            await self._answer(event.value)

    @on(ChoiceList.Picked)
    async def _choice_picked(self, event: ChoiceList.Picked) -> None:
        if self.state == "asking":
            await self._answer(str(event.index + 1))

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        card, state = self.card, self.state
        kind = card.kind if card else None
        if action == "submit":
            return state == "asking"
        if action == "hint":
            return state == "asking" and bool(card and card.hints_available)
        if action in ("skip",):
            return state in ("asking", "front")
        if action == "give_up":
            return state == "asking"
        if action == "flip":
            return state == "front"
        if action == "rate":
            return state == "back"
        if action == "next":
            return state in ("feedback", "failed")
        if action == "override":
            return (state == "feedback" and self.feedback is not None and kind != "flash"
                    and self.feedback.result is not None)
        if action == "toggle_model":
            return state == "feedback" and bool(self.feedback and self.feedback.model_answer) and kind in FREE_TEXT
        if action == "cycle_plot":
            return bool(self.query("#loss-plot"))
        return True

    def watch_state(self) -> None:
        self.refresh_bindings()

    def _typed(self) -> str:
        """What is in the answer box (empty for a pick-one card)."""
        answer = self.query("#answer").first()
        if isinstance(answer, TextArea):
            return answer.text
        return answer.value if isinstance(answer, Input) else ""

    async def action_submit(self) -> None:
        answer = self.query("#answer").first()
        if isinstance(answer, ChoiceList):
            if answer.highlighted is not None:
                await self._answer(str(answer.highlighted + 1))
        else:
            await self._answer(self._typed())

    @notify_errors
    def action_hint(self) -> None:
        hint = self.session.hint()
        if hint is None:
            self.notify("No more hints for this one.")
            return
        self._hints.append(Content.assemble(("hint: ", "bold $text-warning"), hint))
        hints = self.query_one("#card-hints", Static)
        hints.update(Content("\n").join(self._hints))
        hints.display = True

    @notify_errors
    async def action_skip(self) -> None:
        self.session.skip()
        self._last_line = "skipped: it stays due"
        await self.load_next()

    @notify_errors
    async def action_give_up(self) -> None:
        await self._show_feedback(self.session.give_up(self._typed()))

    @notify_errors
    async def action_flip(self) -> None:
        faces = self.session.reveal()
        back = Content.assemble((faces.back, "bold"), *[f"\n{extra}" for extra in faces.extra])
        body = self.query_one("#card-body")
        await body.remove_children()
        await body.mount(
            Static(back, id="flash-back"),
            Static(Content.styled("How well did you recall it?  1 again · 2 hard · 3 good · 4 easy", "dim"),
                   id="flash-rate-hint"))
        self.state = "back"

    @notify_errors
    async def action_rate(self, rating: int) -> None:
        feedback = self.session.rate(rating)
        due = f", due again {humanize(feedback.next_due - self.app.services.clock())}" if feedback.next_due else ""
        self._last_line = f"last card: {RATING_NAMES[rating]}{due}"
        await self.load_next()

    async def action_next(self) -> None:
        await self.load_next()

    @notify_errors
    async def action_override(self, right: bool) -> None:
        feedback = self.session.override(right)
        await self._show_feedback(feedback)
        rating = f": rated {RATING_NAMES[feedback.rating]}" if feedback.rating else ""
        self.notify(f"Marked {'right' if right else 'wrong'}{rating}.")

    def action_toggle_model(self) -> None:
        for view in self.query(FeedbackView):
            view.toggle_model()

    def action_cycle_plot(self) -> None:
        for plot in self.query("#loss-plot"):
            plot.cycle_view()

    def action_leave(self) -> None:
        answered = self.session.summary().answered
        if answered:
            self.notify(f"{answered} answer(s) saved.")
        self.app.pop_screen()

    def editor_target(self) -> tuple[Path, int] | None:
        card = self.card or (self.feedback.card if self.feedback else None)
        return (Path(card.path), card.line) if card else None
