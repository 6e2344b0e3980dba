"""A study session: a UI-free state machine that serves cards, grades answers and records them.

A UI drives it with a few calls and renders what comes back::

    session = Session(decks, store, clock=system_clock, seed=7, config=SessionConfig(mode="quiz"))
    while (card := session.next_card()) is not None:
        ...show card.prompt...
        feedback = session.answer(text)        # or session.skip(), session.hint(), session.give_up()
        ...show feedback...                    # session.override(right=True) may follow
    summary = session.summary()

Flashcards are revealed and self-rated instead: ``session.reveal()`` then
``session.rate(1..4)``; ``session.intervals()`` says when each rating would
bring the card back. Every answer is recorded and committed before its
feedback is returned, so nothing shown to the candidate can be lost. Store,
clock, seed and scheduler are injected, which makes a session replayable.

The review loop, as in Anki: a card rated Again comes back after ``RELEARN_GAP``
other cards (FSRS's short-term steps, within the sitting); ``undo()`` takes the
last answer back (the attempt goes to the store's undo log, the card and the
queue return to where they were); ``bury()`` and ``suspend()`` put the current
card aside; typed answers are kept as drafts per card; and the queue is saved
after every answer, so ``Session(..., resume=...)`` continues an interrupted sitting.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, replace
from datetime import timedelta, tzinfo
from typing import Any, Mapping

from ..errors import PrepdeckError
from .attempt import NewAttempt
from .clock import Clock, day_end, local_date, to_ms
from .loader import DeckSet
from .model import Question
from .answer_checks import number_problem
from .new_items import Allowance, allowance
from .progress_store import ProgressStore
from .scheduler import (
    Rating, Scheduler, apply_hint_cap, apply_override, rating_for_result, verdict_for_rating,
)
from .session_cards import Presented, present
from .session_grading import Evaluation, draw, evaluate, give_up_evaluation, prepare
from .session_queue import (
    Entry, Plan, entry_from_dict, entry_to_dict, follow_up_entries, plan, select_items,
)
from .session_types import (
    Card, EmptyAnswer, Feedback, FlashFaces, SessionConfig, SessionError, Summary,
    UnreadableNumber,
)

RELEARN_GAP = 3
"""How many other cards come between a card rated Again and its return (fewer when fewer are left)."""

MAX_RETURNS = 2
"""How often one card comes back within a sitting; after that its relearning step waits for the next
sitting, so a session always ends (a script answering everything wrong included)."""


@dataclass(frozen=True)
class _Step:
    """One recorded answer and what it changed, so ``undo`` can take it back."""

    feedback: Feedback
    entry: Entry
    presented: Presented
    queue_before: tuple[Entry, ...]
    hints_used: int
    revealed: str
    served: int


class Session:
    """One sitting of study. See the module docstring for the calling sequence."""

    def __init__(self, decks: DeckSet, store: ProgressStore, *, clock: Clock, seed: int,
                 config: SessionConfig | None = None, scheduler: Scheduler | None = None,
                 tz: tzinfo | None = None, resume: Mapping[str, Any] | None = None,
                 session_id: int | None = None) -> None:
        """``resume`` (a ``snapshot()`` kept by the store) with its ``session_id`` continues that sitting."""
        self.config = config or SessionConfig()
        self.seed = seed
        self._decks, self._store, self._clock, self._tz = decks, store, clock, tz
        self._scheduler = scheduler or Scheduler()
        self._rng = random.Random(seed if resume is None else f"{seed}:resumed:{resume.get('served', 0)}")
        self.started_at = clock()
        today = local_date(self.started_at, tz)
        self._cards = store.cards()
        # An item whose stored card is damaged is left out of the session (and its row left as it
        # is); scheduling it as new would overwrite the row with a fresh card.
        damaged = store.damaged_cards()
        candidates = []
        damaged_notes = []
        for loaded, item in select_items(decks, self.config):
            problem = damaged.get((loaded.deck.id, item.id))
            if problem is None:
                candidates.append((loaded, item))
            else:
                damaged_notes.append(f"skipped {problem}; the file was left untouched")
        self.allowance: Allowance = allowance(store, today, tz, self.config.new_per_day)
        # The new items' order has its own rng, derived from the seed, so however many items
        # are shuffled the cards' own draws (numbers, flashcard directions) do not shift.
        self.plan: Plan = plan(candidates, self._cards,
                               due_before=day_end(today, tz), new_allowance=self.allowance.left,
                               config=self.config, rng=random.Random(f"new-items:{seed}"),
                               held=store.held(self.started_at), new_limit=self.allowance.limit)
        self._queue: deque[Entry] = deque(self.plan.entries)
        self._entry: Entry | None = None
        self._presented: Presented | None = None
        self._hints_used = 0
        self._revealed = ""  # flashcards: what the candidate typed before revealing
        self._served = 0
        self._skipped = 0
        self._session_id: int | None = session_id
        self._feedback: list[Feedback] = []
        self._auto_ratings: list[int | None] = []
        self._history: list[_Step] = []
        self._counts = {"undone": 0, "buried": 0, "suspended": 0}
        self.notes: list[str] = damaged_notes  # problems met along the way, e.g. a template that cannot draw
        self.resumed = resume is not None
        if resume is not None:
            restored = [entry_from_dict(decks, data, self._cards) for data in resume.get("queue", ())]
            self._queue = deque(entry for entry in restored if entry is not None)
            if len(self._queue) < len(restored):
                self.notes.append(f"{len(restored) - len(self._queue)} card(s) of the interrupted session "
                                  "are no longer in the decks")
            served = resume.get("served", 0)
            self._served = served if isinstance(served, int) and served >= 0 else 0

    # ------------------------------------------------------------------ state

    @property
    def current(self) -> Card | None:
        """The card awaiting an answer, or None."""
        return self._presented.card if self._presented else None

    @property
    def last_feedback(self) -> Feedback | None:
        return self._feedback[-1] if self._feedback else None

    @property
    def remaining(self) -> int:
        """Cards still queued (not counting the current one)."""
        return len(self._queue)

    @property
    def done(self) -> bool:
        return self._presented is None and not self._queue

    # ------------------------------------------------------------------ serving

    def next_card(self) -> Card | None:
        """Present the next card, or return None when the session is over."""
        if self._presented is not None:
            raise SessionError("answer or skip the current card first")
        while self._queue:
            entry = self._queue.popleft()
            drawn = None
            if entry.item.kind in ("calculation", "generated"):
                seed = self._rng.getrandbits(32)
                try:
                    drawn = draw(entry.item, seed)
                except PrepdeckError as error:
                    self.notes.append(f"{entry.item.id}: skipped, no question could be drawn: {error}")
                    continue
            self._served += 1
            self._entry = entry
            presented = present(
                entry, mode=self.config.mode, rng=self._rng, drawn=drawn, position=self._served,
                planned=self._served + len(self._queue), now=self._clock(),
                interview_budget=self.config.interview_budget, session_seed=self.seed)
            if entry.returning:
                presented = replace(presented, card=replace(presented.card, returning=True))
            self._presented = presented
            self._hints_used = 0
            self._revealed = ""
            prepare(self._presented.card)
            return self._presented.card
        return None

    def hint(self) -> str | None:
        """The next hint for the current card, or None when there are no more (or in interview mode)."""
        presented = self._require_card()
        if self._hints_used >= len(presented.hints):
            return None
        self._hints_used += 1
        return presented.hints[self._hints_used - 1]

    def skip(self) -> None:
        """Leave the current card unanswered: nothing is recorded and it stays due (its draft is kept)."""
        self._require_card()
        self._skipped += 1
        self._clear()
        self._checkpoint()

    def bury(self) -> Card:
        """Put the current card aside until tomorrow (the start of the next local day); returns it."""
        card, key = self._hold_target()
        now = self._clock()
        self._store.bury(*key, day_end(local_date(now, self._tz), self._tz))
        self._counts["buried"] += 1
        self._drop(key)
        return card

    def suspend(self) -> Card:
        """Put the current card aside until it is unsuspended (from stats or ``prepdeck suspend``); returns it."""
        card, key = self._hold_target()
        self._store.suspend(*key, self._clock())
        self._counts["suspended"] += 1
        self._drop(key)
        return card

    def intervals(self) -> dict[int, timedelta]:
        """When each rating (1 again .. 4 easy) would bring the current card back, as Anki shows on its keys."""
        presented = self._require_card()
        card = presented.card
        now = self._clock()
        state = self._cards.get((card.deck_id, card.item_id))
        return {rating: self._scheduler.review(state, rating, now).due - now for rating in (1, 2, 3, 4)}

    def draft(self) -> str | None:
        """The current card's unsubmitted answer, from this or an earlier sitting."""
        card = self._require_card().card
        return self._store.draft(card.deck_id, card.item_id)

    def save_draft(self, text: str) -> None:
        """Keep what the candidate has typed for the current card (a blank text removes the draft).

        The first draft of a sitting also saves where the sitting is, so "continue" can bring it
        back even before anything was answered.
        """
        card = self._require_card().card
        self._store.save_draft(card.deck_id, card.item_id, text, self._clock())
        if self._session_id is None and text.strip():
            self._ensure_session()
            self._checkpoint()

    def undo(self) -> Card:
        """Take back the last answer: its attempt (logged as undone in the store), its card's
        state and the queue; the card it answered is current again, to answer afresh."""
        if not self._history:
            raise SessionError("there is no answer to undo")
        step = self._history.pop()
        undone = self._store.undo(step.feedback.attempt_id, self._clock())
        key = (step.feedback.card.deck_id, step.feedback.card.item_id)
        if undone.card is None:
            self._cards.pop(key, None)
        else:
            self._cards[key] = undone.card
        self._feedback.pop()
        self._auto_ratings.pop()
        self._queue = deque(step.queue_before)
        self._entry = step.entry
        self._presented = replace(step.presented, card=replace(step.presented.card, presented_at=self._clock()))
        self._hints_used, self._revealed, self._served = step.hints_used, step.revealed, step.served
        self._counts["undone"] += 1
        if step.feedback.answer.strip():
            self._store.save_draft(key[0], key[1], step.feedback.answer, self._clock())
        self._checkpoint()
        return self._presented.card

    @property
    def can_undo(self) -> bool:
        return bool(self._history)

    def snapshot(self) -> dict[str, Any]:
        """Where the sitting is, as plain values: the queue (the card on screen first), and how many were served."""
        queue = list(self._queue)
        served = self._served
        if self._entry is not None:
            queue.insert(0, self._entry)
            served -= 1
        return {"queue": [entry_to_dict(entry) for entry in queue], "served": served,
                "saved_ms": to_ms(self._clock())}

    # ------------------------------------------------------------------ answering

    def answer(self, text: str) -> Feedback:
        """Grade and record an answer to the current (non-flashcard) card.

        Raises ``InvalidAnswer`` (nothing recorded, card still current) when a
        pick-one answer names no option.
        """
        presented = self._require_card()
        if presented.card.kind == "flash":
            raise SessionError("flashcards are self-rated: reveal() the card, then rate() it 1-4")
        if not text.strip():
            raise EmptyAnswer("nothing was typed: write an answer, or skip the card")
        if presented.card.generated is not None and not presented.card.options:
            problem = number_problem(text)
            if problem is not None:
                raise UnreadableNumber(problem)
        evaluation = evaluate(self._entry, presented, text)
        rating = None
        # A follow-up graded on its own has no card: it is only ever asked right after its question.
        if evaluation.rating_kind is not None and not self._entry.own_follow_up:
            rating = apply_hint_cap(rating_for_result(evaluation.verdict, evaluation.score, evaluation.rating_kind),
                                    self._hints_used)
        return self._record(text, evaluation, rating)

    def give_up(self, text: str = "") -> Feedback:
        """Reveal the answer to the current (non-flashcard) card without answering it.

        Recorded as a give-up: not recalled, so rated Again with the verdict weak
        and a score of 0, and marked ``gave_up`` (in the feedback, and as
        ``details["gave_up"]`` in the store) so it is never mistaken for an empty
        answer. ``text`` is whatever the candidate had typed, kept but not graded.
        The feedback carries the model answer (or the number and its working).
        """
        presented = self._require_card()
        if presented.card.kind == "flash":
            raise SessionError("flashcards are revealed with reveal(), then self-rated with rate()")
        evaluation = give_up_evaluation(self._entry, presented)
        rating = None
        if evaluation.verdict is not None and not self._entry.own_follow_up:
            rating = Rating.Again
        return self._record(text, evaluation, rating)

    def reveal(self, text: str = "") -> FlashFaces:
        """Show the back of the current flashcard; ``text`` is what the candidate recalled, if typed."""
        presented = self._require_card()
        if presented.card.flash is None:
            raise SessionError("only flashcards are revealed; answer() this card instead")
        self._revealed = text
        return presented.card.flash

    def rate(self, rating: int) -> Feedback:
        """Record the candidate's own rating of the current flashcard: 1 again, 2 hard, 3 good, 4 easy."""
        presented = self._require_card()
        if presented.card.flash is None:
            raise SessionError("only flashcards are self-rated; answer() this card instead")
        if rating not in (1, 2, 3, 4):
            raise SessionError("rate a flashcard 1 (again), 2 (hard), 3 (good) or 4 (easy)")
        faces = presented.card.flash
        evaluation = Evaluation(None, None, verdict_for_rating(rating), None, model_answer=faces.back,
                                details={"direction": faces.direction, "self_rating": rating})
        return self._record(self._revealed, evaluation, rating)

    def override(self, right: bool) -> Feedback:
        """The candidate overrides the last grade ("I was right" / "I was wrong"); it is recorded and re-rates the card."""
        if not self._feedback:
            raise SessionError("there is no graded answer to override yet")
        last = self._feedback[-1]
        if last.card.kind == "flash":
            raise SessionError("flashcards are self-rated; there is no grade to override")
        if last.gave_up:
            raise SessionError("you gave up on that one and saw the answer; there is no grade to override")
        auto = self._auto_ratings[-1]
        rating = None if auto is None else apply_override(Rating(auto), right)
        value = "right" if right else "wrong"
        card = self._store.set_override(last.attempt_id, value, rating, self._scheduler)
        if card is not None:
            self._cards[(last.card.deck_id, last.card.item_id)] = card
        returns = ((rating if rating is not None else last.rating) == Rating.Again
                   and self._history[-1].entry.returns < MAX_RETURNS)
        if returns != last.returns:
            self._set_return(returns)
        updated = replace(last, override=value, rating=rating if rating is not None else last.rating,
                          next_due=card.due if card is not None else last.next_due, returns=returns)
        self._feedback[-1] = updated
        self._checkpoint()
        return updated

    def _set_return(self, returns: bool) -> None:
        """After an override: queue the last card's return (now rated Again), or cancel it."""
        step = self._history[-1]
        key = (step.entry.loaded.deck.id, step.entry.item_id)
        pending = [i for i, entry in enumerate(self._queue)
                   if entry.returning and (entry.loaded.deck.id, entry.item_id) == key]
        if not returns:
            if pending:
                del self._queue[pending[-1]]
        elif not pending:
            self._queue.insert(min(len(self._queue), RELEARN_GAP),
                               replace(step.entry, is_new=False, returns=step.entry.returns + 1, due_today=True))

    # ------------------------------------------------------------------ summary

    def summary(self) -> Summary:
        feedback = tuple(self._feedback)
        verdicts = [f.verdict for f in feedback]
        scores = [f.score for f in feedback if f.score is not None]
        return Summary(
            mode=self.config.mode, seed=self.seed, answered=len(feedback), skipped=self._skipped,
            strong=verdicts.count("strong"), partial=verdicts.count("partial"), weak=verdicts.count("weak"),
            ungraded=verdicts.count(None), correct=sum(1 for f in feedback if f.correct),
            overrides=sum(1 for f in feedback if f.override), mean_score=sum(scores) / len(scores) if scores else None,
            elapsed=self._clock() - self.started_at, remaining=len(self._queue) + (self._presented is not None),
            feedback=feedback, gave_up=sum(1 for f in feedback if f.gave_up),
            relearned=sum(1 for f in feedback if f.card.returning), undone=self._counts["undone"],
            buried=self._counts["buried"], suspended=self._counts["suspended"],
        )

    # ------------------------------------------------------------------ internals

    def _require_card(self) -> Presented:
        if self._presented is None:
            raise SessionError("no card is being shown; call next_card() first")
        return self._presented

    def _clear(self) -> None:
        self._entry = None
        self._presented = None

    def _hold_target(self) -> tuple[Card, tuple[str, str]]:
        presented = self._require_card()
        # A follow-up is held with its question: that is the card that has a schedule.
        return presented.card, (presented.card.deck_id, self._entry.item.id)

    def _drop(self, key: tuple[str, str]) -> None:
        """Clear the current card and every queued card of the item ``key``."""
        self._queue = deque(entry for entry in self._queue if (entry.loaded.deck.id, entry.item.id) != key)
        self._clear()
        self._checkpoint()

    def _ensure_session(self) -> int:
        """The sitting's session row, created with its first answer (or draft)."""
        if self._session_id is None:
            self._session_id = self._store.start_session(self.config.mode, self.seed, self.config.to_dict(),
                                                         self.started_at)
        return self._session_id

    def _checkpoint(self) -> None:
        """Save where the sitting is, so "continue" can bring it back; a sitting out of cards is closed."""
        if self._session_id is None:
            return
        finished = self._presented is None and not self._queue
        self._store.save_session_state(self._session_id, None if finished else self.snapshot(),
                                       self._clock() if finished else None)

    def _record(self, text: str, evaluation: Evaluation, rating: int | None) -> Feedback:
        entry, card = self._entry, self._presented.card
        now = self._clock()
        self._ensure_session()
        elapsed = now - card.presented_at
        attempt = NewAttempt(
            deck_id=card.deck_id, item_id=card.item_id, kind=entry.item.kind if not entry.own_follow_up else "follow_up",
            mode=self.config.mode, answered_at=now, answer=text, prompt=card.prompt, tags=card.tags,
            score=evaluation.score, verdict=evaluation.verdict, criteria=evaluation.criteria,
            details=evaluation.details, seed=card.generated.seed if card.generated else None,
            hints=self._hints_used, duration=elapsed, session_id=self._session_id,
        )
        queue_before = tuple(self._queue)
        recorded = self._store.record(attempt, rating, self._scheduler)
        if recorded.card is not None:
            self._cards[(card.deck_id, card.item_id)] = recorded.card
        queued = 0
        if isinstance(entry.item, Question) and entry.follow_up is None and not entry.returning:
            follow_ups = follow_up_entries(self._decks, entry.loaded, entry.item, self._cards)
            self._queue.extendleft(reversed(follow_ups))
            queued = len(follow_ups)
        returns = rating == Rating.Again and not entry.own_follow_up and entry.returns < MAX_RETURNS
        if returns:
            # FSRS's short-term step, within the sitting: the card comes back after a few others.
            self._queue.insert(min(len(self._queue), queued + RELEARN_GAP),
                               replace(entry, is_new=False, returns=entry.returns + 1, due_today=True))
        feedback = Feedback(
            card=card, answer=text, attempt_id=recorded.attempt_id, result=evaluation.result,
            score=evaluation.score, verdict=evaluation.verdict, rating=recorded.rating,
            next_due=recorded.card.due if recorded.card else None, model_answer=evaluation.model_answer,
            explanation=evaluation.explanation, diagnosis=evaluation.diagnosis, follow_ups_queued=queued,
            hints_used=self._hints_used, elapsed=elapsed,
            over_time=card.time_budget is not None and elapsed > card.time_budget,
            answered_at=now, notes=evaluation.notes, gave_up=evaluation.gave_up, returns=returns,
        )
        self._history.append(_Step(feedback, entry, self._presented, queue_before, self._hints_used,
                                   self._revealed, self._served))
        self._feedback.append(feedback)
        self._auto_ratings.append(rating)
        self._clear()
        self._store.save_draft(card.deck_id, card.item_id, "", now)
        self._checkpoint()
        return feedback
