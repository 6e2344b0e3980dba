"""The line protocol of ``quiz --plain``: a session on stdin/stdout, for pipes and plain terminals.

* The card is printed; the answer is every line up to a blank line, or EOF.
* ``:hint``, ``:skip``, ``:reveal``, ``:override right|wrong``, ``:undo``, ``:bury``, ``:suspend``
  and ``:quit`` on a line of their own are commands; ``:reveal`` gives up and shows the answer
  (recorded as not recalled); ``:undo`` takes the last answer back and asks that card again.
* An empty answer is not submitted, and a number that cannot be read ("1O1") is asked again
  with the reason: the session refuses both, and nothing is recorded.
* A card rated again comes back a few cards later, as in the TUI (the session decides).
* Flashcards: a blank line reveals the back, then a line 1-4 rates it.
* Feedback is printed only after the attempt is committed; at EOF a summary is printed.
"""

from __future__ import annotations

import re
from typing import TextIO

from ..core.session import Session
from ..core.session_queue import describe
from ..core.session_types import Card, InvalidAnswer, SessionError
from . import quiz_render as render

_COMMAND = re.compile(r"^:([a-z]+)(?:\s+(\S+))?\s*$")
_RATINGS = {"1": 1, "2": 2, "3": 3, "4": 4, "again": 1, "hard": 2, "good": 3, "easy": 4}

NEXT, QUIT, EOF, REVEAL, UNDONE = "next", "quit", "eof", "reveal", "undone"

MAX_ANSWER_CHARS = 16 * 1024 * 1024
"""The most of one answer kept (as ``grade`` allows); the rest of runaway input is read and dropped."""


class _AnswerLines(list):
    """The lines of one answer, capped at ``MAX_ANSWER_CHARS`` so endless input cannot exhaust memory."""

    size = 0

    def keep(self, line: str) -> None:
        if self.size < MAX_ANSWER_CHARS:
            self.append(line[: MAX_ANSWER_CHARS - self.size])
            self.size += len(line) + 1


class PlainQuiz:
    """Runs one session over a pair of text streams."""

    def __init__(self, session: Session, stdin: TextIO, stdout: TextIO) -> None:
        self.session, self._in, self._out = session, stdin, stdout

    def _print(self, *lines: str) -> None:
        self._out.write("".join(f"{line}\n" for line in lines))
        self._out.flush()

    def _readline(self) -> str | None:
        raw = self._in.readline(MAX_ANSWER_CHARS)
        if raw == "":
            return None
        if not raw.endswith("\n"):
            # A line longer than any answer (say, a binary file piped in): keep its start.
            while (rest := self._in.readline(MAX_ANSWER_CHARS)) and not rest.endswith("\n"):
                pass
        return raw.rstrip("\r\n")

    def run(self) -> int:
        session = self.session
        if not session.plan.entries:
            self._print(f"nothing to study: {explain_empty(session)}")
            return 0
        self._print(f"prepdeck quiz · mode {session.config.mode} · {describe(session.plan)} · "
                    f"seed {session.seed}", render.COMMANDS_HELP)
        card = session.next_card()
        while card is not None:
            self._print(*render.card_lines(card))
            outcome = self._flashcard(card) if card.flash is not None else self._answer(card)
            if outcome == UNDONE:
                card = session.current  # the undone card, asked again
                continue
            if outcome != NEXT:
                break
            card = session.next_card()
        self._print(*render.summary_lines(session.summary(), session.notes))
        return 0

    def _command(self, line: str, card: Card) -> str | None:
        """Handle a command line; returns NEXT/QUIT to leave the card, "" to keep reading, None if not a
        command, and REVEAL (answer cards only) for the caller to give up with what was typed."""
        match = _COMMAND.match(line)
        if not match:
            return None
        name, argument = match.groups()
        if name == "quit":
            return QUIT
        if name == "reveal":
            if card.flash is not None:
                self._print("? flashcards: a blank line reveals the card")
                return ""
            return REVEAL
        if name == "skip":
            self.session.skip()
            self._print("skipped: it stays due")
            return NEXT
        if name in ("bury", "suspend"):
            getattr(self.session, name)()
            self._print("buried until tomorrow" if name == "bury" else
                        "suspended (lift it with: prepdeck suspend --lift ITEM)")
            return NEXT
        if name == "undo":
            if not self.session.can_undo:
                self._print("? nothing to undo yet")
                return ""
            undone = self.session.undo()
            self._print(f"undone: {undone.item_id} (logged as an undo); answer it again")
            return UNDONE
        if name == "hint":
            hint = self.session.hint()
            if hint is not None:
                self._print(f"hint: {hint}")
            else:
                self._print("? no hints in interview mode" if card.time_budget else "? no (more) hints for this card")
            return ""
        if name == "override":
            if argument not in ("right", "wrong"):
                self._print("? usage: :override right|wrong")
                return ""
            try:
                self._print(*render.override_lines(self.session.override(argument == "right")))
            except SessionError as error:
                self._print(f"? {error}")
            return ""
        return None

    def _answer(self, card: Card) -> str:
        lines = _AnswerLines()
        while True:
            line = self._readline()
            if line is None:
                if lines:
                    self._submit(lines)
                return EOF
            handled = self._command(line, card)
            if handled == REVEAL:
                self._print(*render.feedback_lines(self.session.give_up("\n".join(lines))))
                return NEXT
            if handled is None and not lines and line.startswith(":"):
                self._print(f"? unknown command {line.split()[0]!r}; {render.COMMANDS_HELP}")
                continue
            if handled is not None:
                if handled:
                    return handled
                continue
            if line.strip():
                lines.keep(line)
            elif lines:
                if self._submit(lines) is not None:
                    return NEXT
                lines = _AnswerLines()

    def _submit(self, lines: list[str]) -> str | None:
        """Grade and print; None when the answer could not be read (nothing recorded)."""
        try:
            feedback = self.session.answer("\n".join(lines))
        except InvalidAnswer as error:
            self._print(f"? {error}")
            return None
        self._print(*render.feedback_lines(feedback))
        return NEXT

    def _flashcard(self, card: Card) -> str:
        recalled = _AnswerLines()
        while True:
            line = self._readline()
            if line is None:
                return EOF
            handled = self._command(line, card)
            if handled:
                return handled
            if handled == "":
                continue
            if not line.strip():
                break
            recalled.keep(line)
        faces = self.session.reveal("\n".join(recalled))
        self._print(*render.reveal_lines(faces, self.session.intervals()))
        while True:
            line = self._readline()
            if line is None:
                return EOF
            handled = self._command(line, card)
            if handled:
                return handled
            if handled == "" or not line.strip():
                continue
            rating = _RATINGS.get(line.strip().casefold())
            if rating is None:
                self._print(f"? {render.RATE_HELP}")
                continue
            self._print(*render.feedback_lines(self.session.rate(rating)))
            return NEXT


def explain_empty(session: Session) -> str:
    """Why a session has no cards, and what to change."""
    plan, config = session.plan, session.config
    if plan.matching == 0:
        filters = [f"mode {config.mode}"]
        if config.deck_ids:
            filters.append("deck " + ", ".join(config.deck_ids))
        if config.tags:
            filters.append("tag " + ", ".join(config.tags))
        return "no items match " + " and ".join(filters)
    if plan.held_back:
        return (f"nothing due, and today's limit of {plan.new_limit} new item(s) is used up "
                "(raise it with --new-per-day, or + on the TUI's home screen)")
    if plan.held:
        return f"nothing due; {plan.held} matching item(s) are buried or suspended"
    return "nothing is due yet; come back later, or drill with --mode quiz, flash, calc or trainer"
