"""A study session: a UI-free state machine that serves cards, grades answers and records them.

A UI drives it with a few calls and renders what comes back::

    session = Session(decks, store, clock=system_clock, seed=7, config=SessionConfig(mode="quiz"))
    while (card := session.next_card()) is not None:
        ...show card.prompt...
        feedback = session.answer(text)        # or session.skip(), session.hint(), session.give_up()
        ...show feedback...                    # session.override(right=True) may follow
    summary = session.summary()

Flashcards are revealed and self-rated instead: ``session.reveal()`` then
``session.rate(1..4)``. Every answer is recorded and committed before its
feedback is returned, so nothing shown to the candidate can be lost. Store,
clock, seed and scheduler are injected, which makes a session replayable.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import replace
from datetime import tzinfo

from ..errors import PrepdeckError
from .attempt import NewAttempt
from .clock import Clock, day_end, day_start, local_date
from .loader import DeckSet
from .model import Question
from .progress_store import ProgressStore
from .scheduler import (
    Rating, Scheduler, apply_hint_cap, apply_override, rating_for_result, verdict_for_rating,
)
from .session_cards import Presented, present
from .session_grading import Evaluation, draw, evaluate, give_up_evaluation, prepare
from .session_queue import Entry, Plan, follow_up_entries, plan, select_items
from .session_types import Card, Feedback, FlashFaces, SessionConfig, SessionError, Summary


class Session:
    """One sitting of study. See the module docstring for the calling sequence."""

    def __init__(self, decks: DeckSet, store: ProgressStore, *, clock: Clock, seed: int,
                 config: SessionConfig | None = None, scheduler: Scheduler | None = None,
                 tz: tzinfo | None = None) -> None:
        self.config = config or SessionConfig()
        self.seed = seed
        self._decks, self._store, self._clock = decks, store, clock
        self._scheduler = scheduler or Scheduler()
        self._rng = random.Random(seed)
        self.started_at = clock()
        today = local_date(self.started_at, tz)
        self._cards = store.cards()
        self.notes: list[str] = []  # problems met along the way, e.g. a template that cannot draw
        # An item whose stored card is damaged is left out of the session (and its row left as it
        # is); scheduling it as new would overwrite the row with a fresh card.
        damaged = store.damaged_cards()
        candidates = []
        for loaded, item in select_items(decks, self.config):
            problem = damaged.get((loaded.deck.id, item.id))
            if problem is None:
                candidates.append((loaded, item))
            else:
                self.notes.append(f"skipped {problem}; the file was left untouched")
        allowance = self.config.new_per_day - store.new_cards_since(day_start(today, tz))
        # The new items' order has its own rng, derived from the seed, so however many items
        # are shuffled the cards' own draws (numbers, flashcard directions) do not shift.
        self.plan: Plan = plan(candidates, self._cards,
                               due_before=day_end(today, tz), new_allowance=allowance, config=self.config,
                               rng=random.Random(f"new-items:{seed}"))
        self._queue: deque[Entry] = deque(self.plan.entries)
        self._entry: Entry | None = None
        self._presented: Presented | None = None
        self._hints_used = 0
        self._revealed = ""  # flashcards: what the candidate typed before revealing
        self._served = 0
        self._skipped = 0
        self._session_id: int | None = None
        self._feedback: list[Feedback] = []
        self._auto_ratings: list[int | None] = []

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
            self._presented = present(
                entry, mode=self.config.mode, rng=self._rng, drawn=drawn, position=self._served,
                planned=self._served + len(self._queue), now=self._clock(),
                interview_budget=self.config.interview_budget, session_seed=self.seed)
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
        """Leave the current card unanswered: nothing is recorded and it stays due."""
        self._require_card()
        self._skipped += 1
        self._clear()

    # ------------------------------------------------------------------ answering

    def answer(self, text: str) -> Feedback:
        """Grade and record an answer to the current (non-flashcard) card.

        Raises ``InvalidAnswer`` (nothing recorded, card still current) when a
        pick-one answer names no option.
        """
        presented = self._require_card()
        if presented.card.kind == "flash":
            raise SessionError("flashcards are self-rated: reveal() the card, then rate() it 1-4")
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
        rating = None if auto is None else apply_override(auto, right)
        value = "right" if right else "wrong"
        card = self._store.set_override(last.attempt_id, value, rating, self._scheduler)
        updated = replace(last, override=value, rating=rating if rating is not None else last.rating,
                          next_due=card.due if card is not None else last.next_due)
        self._feedback[-1] = updated
        return updated

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
        )

    # ------------------------------------------------------------------ internals

    def _require_card(self) -> Presented:
        if self._presented is None:
            raise SessionError("no card is being shown; call next_card() first")
        return self._presented

    def _clear(self) -> None:
        self._entry = None
        self._presented = None

    def _record(self, text: str, evaluation: Evaluation, rating: int | None) -> Feedback:
        entry, card = self._entry, self._presented.card
        now = self._clock()
        if self._session_id is None:
            self._session_id = self._store.start_session(self.config.mode, self.seed, self.config.to_dict(),
                                                         self.started_at)
        elapsed = now - card.presented_at
        attempt = NewAttempt(
            deck_id=card.deck_id, item_id=card.item_id, kind=entry.item.kind if not entry.own_follow_up else "follow_up",
            mode=self.config.mode, answered_at=now, answer=text, prompt=card.prompt, tags=card.tags,
            score=evaluation.score, verdict=evaluation.verdict, criteria=evaluation.criteria,
            details=evaluation.details, seed=card.generated.seed if card.generated else None,
            hints=self._hints_used, duration=elapsed, session_id=self._session_id,
        )
        recorded = self._store.record(attempt, rating, self._scheduler)
        queued = 0
        if isinstance(entry.item, Question) and entry.follow_up is None:
            follow_ups = follow_up_entries(self._decks, entry.loaded, entry.item, self._cards)
            self._queue.extendleft(reversed(follow_ups))
            queued = len(follow_ups)
        feedback = Feedback(
            card=card, answer=text, attempt_id=recorded.attempt_id, result=evaluation.result,
            score=evaluation.score, verdict=evaluation.verdict, rating=recorded.rating,
            next_due=recorded.card.due if recorded.card else None, model_answer=evaluation.model_answer,
            explanation=evaluation.explanation, diagnosis=evaluation.diagnosis, follow_ups_queued=queued,
            hints_used=self._hints_used, elapsed=elapsed,
            over_time=card.time_budget is not None and elapsed > card.time_budget,
            answered_at=now, notes=evaluation.notes, gave_up=evaluation.gave_up,
        )
        self._feedback.append(feedback)
        self._auto_ratings.append(rating)
        self._clear()
        return feedback
