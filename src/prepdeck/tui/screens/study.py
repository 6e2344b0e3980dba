"""The study screen, for every mode: show a card, take the answer, show the feedback.

The session decides everything (what comes next, how it scores, what is due);
this screen turns keys into ``session`` calls and mounts the widget each card
kind needs. Every call that touches the store or trains models (drawing the next
card, committing an answer, undo, bury, saving a draft) runs in a ``@work``
thread, so a slow draw or another session holding the database lock never
freezes the screen; the worker hands its result back with ``call_from_thread``.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, LoadingIndicator, Static, TextArea

from ...core.formats import due_again_text
from ...core.session import Session
from ...core.session_queue import describe
from ...core.session_types import (
    RATING_NAMES, Card, EmptyAnswer, Feedback, FlashFaces, InvalidAnswer, UnreadableNumber,
)
from ..guard import notify_errors, report
from ..widgets.answer_inputs import FREE_TEXT, ChoiceList, card_widgets
from ..widgets.card_meta import meta_line
from ..widgets.feedback import FeedbackView
from ..widgets.rating_bar import rating_bar
from .confirm import ConfirmScreen
from .study_help import study_help

if TYPE_CHECKING:
    from ..app import PrepdeckApp

DRAFT_DELAY = 0.3
"""Seconds of quiet typing before the draft is saved (every change is saved; this only batches them)."""

EMPTY_ANSWER = "Nothing to submit yet: type your answer, or ctrl+n to skip, ctrl+r to see the answer."


class StudyScreen(Screen[None]):
    """One session, card after card, until the queue is empty."""

    app: "PrepdeckApp"
    BINDINGS = [
        Binding("escape", "leave", "Back"),
        Binding("ctrl+s", "submit", "Submit"),
        Binding("ctrl+g", "hint", "Hint"),
        Binding("ctrl+n", "skip", "Skip"),
        Binding("ctrl+r", "give_up", "Answer", tooltip="Give up and show the answer"),
        Binding("space", "flip", "Flip"),
        Binding("enter", "primary", "Next", show=False),
        Binding("1", "rate(1)", "Again", show=False),
        Binding("2", "rate(2)", "Hard", show=False),
        Binding("3", "rate(3)", "Good", show=False),
        Binding("4", "rate(4)", "Easy", show=False),
        Binding("n", "next", "Next"),
        Binding("r", "override(True)", "Right", tooltip="I was right: override the grade"),
        Binding("w", "override(False)", "Wrong", tooltip="I was wrong: override the grade"),
        Binding("m", "model(False)", "Hide model", tooltip="Hide the model answer"),
        Binding("m", "model(True)", "Show model", tooltip="Show the model answer"),
        Binding("u", "undo", "Undo", tooltip="Undo the last answer or rating"),
        # ctrl+z is no letter, so it also works with a pick-one card's options focused (in a text
        # box it stays the box's own undo).
        Binding("ctrl+z", "undo_ctrl", "Undo", show=False),
        Binding("b", "bury", "Bury", tooltip="Put this card aside until tomorrow"),
        Binding("s", "suspend", "Suspend", tooltip="Put this card aside until unsuspended"),
        Binding("ctrl+l", "cycle_plot", "Curves", tooltip="Cycle the plot: training, validation or both losses"),
    ]

    # loading | asking | grading | front (flashcard) | back (flashcard) | feedback | failed
    state: reactive[str] = reactive("loading", init=False)

    def __init__(self, session: Session, *, title: str, undo_first: bool = False) -> None:
        """``undo_first``: open by undoing the session's last answer (undo from the summary)."""
        super().__init__()
        self._undo_first = undo_first
        self.session = session
        self.title = title
        self.sub_title = ""
        self.HELP = study_help(session.config.mode)
        self.card: Card | None = None
        self.feedback: Feedback | None = None
        self._hints: list[Content] = []
        self._model_shown = True
        self._draft_timer: Timer | None = None
        self._pending_draft: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="study"):
            yield Static(id="card-meta")
            yield Static(id="card-prompt")
            yield Static(id="card-hints")
            yield Vertical(id="card-body")
            yield Vertical(id="card-feedback")
        # Outside the scroll, above the footer: a long flashcard back never hides the rating keys.
        rating = Static(id="rating-bar")
        rating.display = False
        yield rating
        yield Footer()

    async def on_mount(self) -> None:
        if self._undo_first:
            self.action_undo()
        elif self.card is None:
            await self.load_next()
            if self.session.resumed:
                self.notify("Continuing where you left off.")

        self.set_interval(1.0, self._tick)

    def on_unmount(self) -> None:
        # Leaving (escape, ctrl+q): whatever is typed and not yet saved is kept now.
        self._flush_draft(now=True)

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
        self._draw_next()

    @work(thread=True, exclusive=True, group="card", exit_on_error=False)
    def _draw_next(self) -> None:
        """Draw the next card (a trainer question trains models first) and read its draft."""
        try:
            card = self.session.next_card()
            draft = self.session.draft() if card is not None else None
        except Exception as error:  # noqa: BLE001 - shown, and the screen stays usable
            self.app.call_from_thread(self._draw_failed, error)
            return
        self.app.call_from_thread(self._card_drawn, card, draft)

    async def _card_drawn(self, card: Card | None, draft: str | None) -> None:
        if card is None:
            self._finish()
        else:
            await self._show_card(card, draft)

    async def _draw_failed(self, error: Exception) -> None:
        self.state = "failed"
        await self.query_one("#card-body").remove_children()
        self.query_one("#card-meta", Static).update("This card could not be drawn; press n for the next one.")
        report(self, error)

    @notify_errors
    async def _show_card(self, card: Card, draft: str | None = None) -> None:
        self.card, self.feedback = card, None
        self._hints = []
        self.query_one("#card-hints", Static).display = False
        await self.query_one("#card-feedback").remove_children()
        body = self.query_one("#card-body")
        await body.remove_children()
        self._render_meta()
        self.query_one("#card-prompt", Static).update(Content(card.prompt))
        self.sub_title = f"{card.position} of {card.planned}" + (" · back again" if card.returning else "")
        if card.kind == "flash":
            self.state = "front"
            await body.mount(Static(Content.styled("space or enter: flip the card", "dim"), id="flash-back"))
            self.query_one("#study").focus()
            return
        widgets = card_widgets(card, screen_height=self.size.height)
        answer = widgets[-1]
        if draft:
            if isinstance(answer, TextArea):
                answer.text = draft
            elif isinstance(answer, Input):
                answer.value = draft
        await body.mount_all(widgets)
        self.state = "asking"
        self.query_one("#study").scroll_home(animate=False)
        answer.focus()
        if draft and isinstance(answer, TextArea):
            answer.move_cursor(answer.document.end)
        # Below a long prompt, bring the answer box into view once it has been laid out.
        self.call_after_refresh(answer.scroll_visible, animate=False)

    def _render_meta(self) -> None:
        if self.card is None:
            return
        line = meta_line(self.card, self.app.services.clock())
        if self.card.position == 1 and not self.session.resumed and not self.card.parent_id:
            # Said once, on the first card: what this session serves and why.
            line = Content.assemble(line, ("\n" + describe(self.session.plan), "dim italic"))
        self.query_one("#card-meta", Static).update(line)

    def _tick(self) -> None:
        # Only interview cards carry a clock; refresh it while the candidate is answering.
        if self.state == "asking" and self.card is not None and self.card.time_budget is not None:
            self._render_meta()

    def _finish(self) -> None:
        from .summary import SummaryScreen

        self.app.switch_screen(SummaryScreen(self.session, title=self.title))

    # ------------------------------------------------------------------ committing (off the UI thread)

    def _commit(self, call: Callable[[], Feedback], *, then_next: bool = False) -> None:
        """Run ``call`` (answer, give up, rate) in a worker; nothing else is accepted meanwhile."""
        self._flush_draft()
        self.state = "grading"
        self._run_commit(call, then_next)

    @work(thread=True, exclusive=True, group="commit", exit_on_error=False)
    def _run_commit(self, call: Callable[[], Feedback], then_next: bool) -> None:
        try:
            feedback = call()
        except Exception as error:  # noqa: BLE001 - routed on the UI thread
            self.app.call_from_thread(self._commit_failed, error)
            return
        self.app.call_from_thread(self._committed, feedback, then_next)

    async def _committed(self, feedback: Feedback, then_next: bool) -> None:
        if then_next:
            self._announce(feedback)
            await self.load_next()
        else:
            await self._show_feedback(feedback)

    def _commit_failed(self, error: Exception) -> None:
        self.state = "back" if self.card is not None and self.card.kind == "flash" else "asking"
        if isinstance(error, EmptyAnswer):
            self.notify(EMPTY_ANSWER, severity="warning")
        elif isinstance(error, UnreadableNumber):
            # The reason quotes the candidate's own text: never read it as markup.
            self.notify(str(error), title="Not read as a number", severity="warning", markup=False)
        elif isinstance(error, InvalidAnswer):
            self.notify(str(error), severity="warning", markup=False)
        else:
            report(self, error)

    def _announce(self, feedback: Feedback) -> None:
        """A self-rated card leaves at once: say how it was rated, naming the card."""
        rating = RATING_NAMES.get(feedback.rating or 0, "rated")
        due = f", {due_again_text(feedback.next_due - self.app.services.clock())}" if feedback.next_due else ""
        back = " · it comes back in this session" if feedback.returns else ""
        self.notify(f"{feedback.card.item_id}: {rating}{due}{back}", timeout=3, markup=False)

    async def _show_feedback(self, feedback: Feedback) -> None:
        self.feedback = feedback
        await self.query("#answer").remove()
        # An auto-height container keeps its old height after a child is removed; re-measure it.
        self.query_one("#card-body").refresh(layout=True)
        area = self.query_one("#card-feedback")
        await area.remove_children()
        view = FeedbackView(feedback, self.app.services.clock(), show_model=self._model_shown)
        await area.mount(view)
        self.state = "feedback"
        study = self.query_one("#study")
        study.focus()
        # Keep the question in view above its feedback; the rest scrolls.
        self.call_after_refresh(study.scroll_to_widget, self.query_one("#card-prompt"), top=True, animate=False)

    # ------------------------------------------------------------------ answer widgets

    @on(Input.Submitted, "#answer")
    def _number_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.state == "asking":
            self._commit(partial(self.session.answer, event.value))

    @on(ChoiceList.Picked)
    def _choice_picked(self, event: ChoiceList.Picked) -> None:
        if self.state == "asking":
            self._commit(partial(self.session.answer, str(event.index + 1)))

    @on(TextArea.Changed, "#answer")
    @on(Input.Changed, "#answer")
    def _answer_changed(self) -> None:
        if self.state != "asking":
            return
        self._pending_draft = self._typed()
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._flush_draft)

    def _flush_draft(self, now: bool = False) -> None:
        """Save the typed answer as the card's draft (in a worker, or at once when leaving)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        text, self._pending_draft = self._pending_draft, None
        if text is None or self.session.current is None:
            return
        if now:
            try:
                self.session.save_draft(text)
            except Exception as error:  # noqa: BLE001 - a lost draft is not worth a crash on the way out
                report(self, error)
        else:
            self._save_draft(text)

    @work(thread=True, exclusive=True, group="draft", exit_on_error=False)
    def _save_draft(self, text: str) -> None:
        try:
            self.session.save_draft(text)
        except Exception as error:  # noqa: BLE001 - said on the UI thread
            self.app.call_from_thread(report, self, error)

    # ------------------------------------------------------------------ actions

    def _typing(self) -> bool:
        """The focus is on the answer (a box that takes letters, or the options to pick from), so
        letter keys must not act on the card: a word typed at a pick-one card must not suspend it."""
        focused = self.focused
        return isinstance(focused, (Input, TextArea)) or (focused is not None and focused.id == "answer")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        card, state = self.card, self.state
        kind = card.kind if card else None
        if action == "submit":
            return state == "asking"
        if action == "hint":
            return state == "asking" and bool(card and card.hints_available)
        if action == "skip":
            return state in ("asking", "front")
        if action == "give_up":
            return state == "asking"
        if action == "flip":
            return state == "front"
        if action == "rate":
            return state == "back"
        if action == "primary":
            return state in ("front", "back", "feedback", "failed")
        if action == "next":
            return state in ("feedback", "failed")
        if action == "override":
            return (state == "feedback" and self.feedback is not None and kind != "flash"
                    and self.feedback.result is not None)
        if action == "model":
            if not (state == "feedback" and self.feedback and self.feedback.model_answer and kind in FREE_TEXT):
                return False
            return parameters[0] != self._model_shown  # one of "show" and "hide" at a time
        if action == "undo":
            return self.session.can_undo and state in ("asking", "front", "back", "feedback", "failed") \
                and not (state == "asking" and self._typing())
        if action == "undo_ctrl":
            return self.session.can_undo and state in ("asking", "front", "back", "feedback", "failed") \
                and not isinstance(self.focused, (Input, TextArea))
        if action in ("bury", "suspend"):
            return state in ("asking", "front", "back") and not self._typing()
        if action == "cycle_plot":
            return bool(self.query("#loss-plot"))
        return True

    def watch_state(self, state: str) -> None:
        if state != "back":
            self.query_one("#rating-bar", Static).display = False
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # letter keys go to a text box, or act on the card

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    def _typed(self) -> str:
        """What is in the answer box (empty for a pick-one card)."""
        answer = self.query("#answer").first() if self.query("#answer") else None
        if isinstance(answer, TextArea):
            return answer.text
        return answer.value if isinstance(answer, Input) else ""

    def action_submit(self) -> None:
        answer = self.query("#answer").first()
        if isinstance(answer, ChoiceList):
            if answer.highlighted is not None:
                self._commit(partial(self.session.answer, str(answer.highlighted + 1)))
            return
        text = self._typed()
        if not text.strip():
            self.notify(EMPTY_ANSWER, severity="warning")  # the session would refuse it too
            return
        self._commit(lambda: self.session.answer(text))

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
        self._flush_draft(now=True)
        card = self.session.current
        self.session.skip()
        if card is not None:
            self.notify(f"Skipped {card.item_id}: it stays due" + (" (your draft is kept)" if self._typed().strip()
                                                                    else "") + ".", timeout=3, markup=False)
        await self.load_next()

    def action_give_up(self) -> None:
        text = self._typed()
        self._commit(lambda: self.session.give_up(text))

    @notify_errors
    async def action_flip(self) -> None:
        faces = self.session.reveal()
        intervals = self.session.intervals()
        body = self.query_one("#card-body")
        await body.remove_children()
        await body.mount(Static(self._back(faces), id="flash-back"))
        bar = self.query_one("#rating-bar", Static)
        bar.update(rating_bar(intervals))
        bar.display = True
        self.state = "back"

    @staticmethod
    def _back(faces: FlashFaces) -> Content:
        return Content.assemble((faces.back, "bold"), *[f"\n{extra}" for extra in faces.extra])

    def action_rate(self, rating: int) -> None:
        self._commit(lambda: self.session.rate(rating), then_next=True)

    async def action_primary(self) -> None:
        """enter: flip a flashcard, rate a flipped one Good, or go on to the next card."""
        if self.state == "front":
            await self.action_flip()
        elif self.state == "back":
            self.action_rate(3)
        else:
            await self.load_next()

    async def action_next(self) -> None:
        await self.load_next()

    @notify_errors
    async def action_override(self, right: bool) -> None:
        feedback = self.session.override(right)
        await self._show_feedback(feedback)
        rating = f": rated {RATING_NAMES[feedback.rating]}" if feedback.rating else ""
        self.notify(f"Marked {'right' if right else 'wrong'}{rating}.")

    def action_model(self, show: bool) -> None:
        self._model_shown = show
        for view in self.query(FeedbackView):
            view.show_model(show)
        self.refresh_bindings()

    def action_undo(self) -> None:
        self.state = "grading"
        self._run_undo()

    def action_undo_ctrl(self) -> None:
        self.action_undo()

    @work(thread=True, exclusive=True, group="commit", exit_on_error=False)
    def _run_undo(self) -> None:
        try:
            card = self.session.undo()
            draft = self.session.draft()
        except Exception as error:  # noqa: BLE001 - routed on the UI thread
            self.app.call_from_thread(self._commit_failed, error)
            return
        self.app.call_from_thread(self._undone, card, draft)

    async def _undone(self, card: Card, draft: str | None) -> None:
        self.notify(f"Undone: {card.item_id} is back to answer again (the undo is logged).", timeout=3,
                    markup=False)
        await self._show_card(card, draft)

    @notify_errors
    async def action_bury(self) -> None:
        card = self.session.bury()
        self.notify(f"Buried {card.item_id} until tomorrow.", timeout=3, markup=False)
        await self.load_next()

    @notify_errors
    async def action_suspend(self) -> None:
        card = self.session.suspend()
        self.notify(f"Suspended {card.item_id}: unsuspend it from Stats or with `prepdeck suspend --lift`.",
                    timeout=4, markup=False)
        await self.load_next()

    def action_cycle_plot(self) -> None:
        for plot in self.query("#loss-plot"):
            plot.cycle_view()

    def action_leave(self) -> None:
        if self.state == "asking" and self._typed().strip():
            self._flush_draft(now=True)
            self.app.push_screen(
                ConfirmScreen("Leave this card? Your answer is kept as a draft and comes back with the card.",
                              yes="Leave", no="Stay"),
                self._leave_confirmed)
            return
        self._leave()

    def _leave_confirmed(self, leave: bool | None) -> None:
        if leave:
            self._leave()

    def _leave(self) -> None:
        answered = self.session.summary().answered
        if answered:
            self.notify(f"{answered} answer(s) saved; Continue on the home screen picks up from here.")
        self.app.pop_screen()

    def editor_target(self) -> tuple[Path, int] | None:
        card = self.card or (self.feedback.card if self.feedback else None)
        return (Path(card.path), card.line) if card else None
