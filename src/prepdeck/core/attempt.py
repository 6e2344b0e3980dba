"""An attempt as the session hands it to the store: everything recorded about one answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

Override = Literal["right", "wrong"]


@dataclass(frozen=True)
class NewAttempt:
    """Everything recorded about one answer."""

    deck_id: str
    item_id: str
    kind: str
    mode: str
    answered_at: datetime
    answer: str
    prompt: str = ""
    tags: tuple[str, ...] = ()
    score: float | None = None
    verdict: str | None = None
    criteria: list[dict[str, Any]] = field(default_factory=list)  # per-criterion grader results
    details: dict[str, Any] = field(default_factory=dict)  # the rest: penalties, numbers, choice
    seed: int | None = None
    hints: int = 0
    duration: timedelta | None = None
    session_id: int | None = None
