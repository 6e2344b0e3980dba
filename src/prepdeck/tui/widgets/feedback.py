"""What came of an answer: score, verdict, criteria, evidence, the working and the model answer."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.widgets import Static

from ...core.formats import due_again_text, humanize
from ...core.grading.result import GradeResult, NumericResult
from ...core.session_types import RATING_NAMES, ChoiceResult, Feedback
from ..guard import report
from ..plain import plain
from .evidence import criteria_rows, highlighted_answer, legend, missed_lines
from .score_bar import score_bar

__all__ = ["RATING_NAMES", "FeedbackView", "humanize", "schedule_line"]


def schedule_line(feedback: Feedback, now: datetime) -> Content:
    """The rating applied and when the item is due again, plus any override, joined by " · "
    (only the parts present, so no separator is left dangling)."""
    parts: list[Content] = []
    if feedback.override:
        parts.append(Content.styled(f"you marked this {feedback.override}", "bold $accent"))
    if feedback.rating is not None:
        parts.append(Content(f"rated {RATING_NAMES.get(feedback.rating, feedback.rating)}"))
    if feedback.returns:
        parts.append(Content("back later in this session"))
    elif feedback.next_due is not None:
        parts.append(Content(due_again_text(feedback.next_due - now)))
    if feedback.hints_used:
        parts.append(Content(f"{feedback.hints_used} hint(s) used"))
    if feedback.over_time and feedback.card.time_budget is not None:
        parts.append(Content.styled(f"over the {int(feedback.card.time_budget.total_seconds() // 60)}-minute budget",
                                    "$text-warning"))
    return Content(" · ").join(parts)


def _section(title: str, body: Content | str, *, id: str | None = None, classes: str = "") -> Static:
    # A str body is deck text (an explanation, a model answer): shown as written, never as markup.
    static = Static(plain(body) if isinstance(body, str) else body, id=id, classes=f"fb-section {classes}".strip())
    static.border_title = title
    return static


class FeedbackView(Vertical):
    """Renders one ``Feedback``; rebuilt (not patched) when an override changes it."""

    def __init__(self, feedback: Feedback, now: datetime, *, show_model: bool = True) -> None:
        super().__init__(id="feedback")
        self.feedback = feedback
        self._now = now
        self._show_model = show_model

    def compose(self) -> ComposeResult:
        try:
            widgets = list(self._sections())
        except Exception as error:  # noqa: BLE001 - the answer is saved; never lose the screen over a display bug
            report(self, error)
            widgets = [Static("The feedback for this answer could not be shown; the answer was saved.",
                              classes="fb-note")]
        yield from widgets

    def _sections(self) -> ComposeResult:
        feedback = self.feedback
        result = feedback.result
        yield Static(score_bar(feedback.score, feedback.verdict), id="fb-score")
        yield Static(schedule_line(feedback, self._now), id="fb-schedule", classes="dim")
        # A derived rubric is announced by the grader's own note, so it is not repeated here.
        notes = [*feedback.notes, *(getattr(result, "notes", ()) or ())]
        for note in notes:
            yield Static(Content.styled(f"note: {note}", "italic $text-muted"), classes="fb-note")
        if isinstance(result, GradeResult):
            yield from self._grade(result)
        elif isinstance(result, NumericResult):
            yield from self._numeric(result)
        elif isinstance(result, ChoiceResult):
            yield self._choice(result)
        elif feedback.gave_up:
            soon = ", so it comes back soon" if feedback.rating is not None else ""
            yield Static(Content.assemble(("You asked for the answer", "bold"), f": recorded as not recalled{soon}."),
                         id="fb-gave-up", classes="fb-note")
            if feedback.model_answer:
                yield self._model()  # what was asked for comes first
        elif result is None and feedback.card.kind != "flash":
            yield Static("Recorded. There is no model answer or rubric for this one, so it is not graded.",
                         classes="fb-note")
        if feedback.diagnosis:
            yield _section("Diagnosis", Content.styled(feedback.diagnosis, "bold $text-warning"), id="fb-diagnosis")
        if feedback.explanation:
            working = isinstance(result, NumericResult) or (feedback.gave_up and feedback.card.generated is not None)
            yield _section("Working" if working else "Explanation", feedback.explanation, id="fb-explanation")
        shown_first = (isinstance(result, GradeResult) and not feedback.answer.strip()) or feedback.gave_up
        if feedback.model_answer and not isinstance(result, (NumericResult, ChoiceResult)) and not shown_first:
            yield self._model()
        if feedback.follow_ups_queued:
            count = feedback.follow_ups_queued
            yield Static(Content.styled(f"→ {count} follow-up question{'s' if count != 1 else ''} next",
                                        "bold $accent"), id="fb-follow-ups")

    def _grade(self, result: GradeResult) -> ComposeResult:
        if not self.feedback.answer.strip() and self.feedback.model_answer:
            # Left blank: the answer matters more than a column of ✗.
            yield self._model()
        # A grid, so a long description wraps under itself rather than under its ✓/✗.
        grid = Grid(*[Static(cell, classes=f"fb-{kind}") for mark, text in criteria_rows(result)
                      for kind, cell in (("mark", mark), ("criterion", text))], id="fb-criteria",
                    classes="fb-section")
        grid.border_title = "Criteria"
        yield grid
        missed = None if result.derived else missed_lines(result)
        if missed is not None:
            yield _section("What you missed", missed, id="fb-missed")
        if self.feedback.answer.strip():
            body = Content("\n").join([highlighted_answer(self.feedback.answer, result), legend(result)])
            yield _section("Your answer", body, id="fb-answer")

    def _model(self) -> Static:
        # A revealed number or option is the answer itself, not a model of one.
        exact = self.feedback.gave_up and (self.feedback.card.generated is not None or self.feedback.card.options)
        model = _section("Answer" if exact else "Model answer", self.feedback.model_answer or "", id="fb-model")
        model.display = self._show_model
        return model

    def _numeric(self, result: NumericResult) -> ComposeResult:
        units = f" {self.feedback.card.units}" if self.feedback.card.units else ""
        expected = self.feedback.model_answer or f"{result.expected:g}{units}"
        if result.parsed is None:
            line = Content.assemble(("✗ ", "bold $error"), "no number could be read from ",
                                    (repr(self.feedback.answer), "bold"), f"; the answer is {expected}")
        elif result.correct:
            # Within tolerance but not identical (e.g. rounded): show the exact value too.
            same = f"{result.parsed:,g}" == f"{result.expected:,g}"
            line = Content.assemble(("✓ ", "bold $success"), f"{result.parsed:,g}{units} is right",
                                    ("" if same else f" (exact: {expected})", "dim"))
        else:
            line = Content.assemble(("✗ ", "bold $error"), f"you answered {result.parsed:,g}{units}; ",
                                    ("the answer is ", ""), (expected, "bold"))
        yield Static(line, id="fb-numeric")

    def _choice(self, result: ChoiceResult) -> Static:
        if result.correct:
            line = Content.assemble(("✓ ", "bold $success"), ("right: ", ""), (result.chosen, "bold"))
        else:
            line = Content.assemble(("✗ ", "bold $error"), f"you chose “{result.chosen}”; the answer is ",
                                    (f"“{result.expected}”", "bold"))
        return Static(line, id="fb-choice")

    def show_model(self, show: bool) -> None:
        """Show or hide the model answer."""
        self._show_model = show
        for model in self.query("#fb-model"):
            model.display = show

    def toggle_model(self) -> bool:
        """Show or hide the model answer; returns whether it is now shown."""
        self.show_model(not self._show_model)
        return self._show_model

