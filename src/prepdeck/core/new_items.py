"""The daily new-item limit: how many never-studied items a day may bring in, and raising it.

The standing limit (default ``DEFAULT_NEW_PER_DAY``) and a raise for one day are kept
as store settings, so the TUI, ``quiz --plain`` and the home screen's counts agree.
Practice kinds (``PRACTICE_KINDS``) are outside the limit: they neither use it up nor
wait for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Iterable, Protocol

from .clock import day_start
from .session_types import DEFAULT_NEW_PER_DAY, PRACTICE_KINDS

LIMIT_KEY = "new_per_day"
RAISE_STEP = 10
"""How much one press of "raise" adds to today's limit."""


class SettingsStore(Protocol):
    def setting(self, key: str) -> str | None: ...

    def set_setting(self, key: str, value: str | None) -> None: ...

    def new_cards_since(self, since: datetime, exclude_kinds: Iterable[str] = ()) -> int: ...


def _raise_key(day: date) -> str:
    return f"new_extra:{day.isoformat()}"


def _int(value: str | None) -> int:
    try:
        return max(0, int(value)) if value is not None else 0
    except ValueError:
        return 0  # a damaged setting falls back to no raise rather than stopping a session


@dataclass(frozen=True)
class Allowance:
    """Today's new-item limit (standing limit plus today's raise), and how much of it is used."""

    limit: int
    used: int

    @property
    def left(self) -> int:
        return max(0, self.limit - self.used)


def daily_limit(store: SettingsStore, day: date) -> int:
    base = store.setting(LIMIT_KEY)
    standing = _int(base) if base is not None else DEFAULT_NEW_PER_DAY
    return standing + _int(store.setting(_raise_key(day)))


def allowance(store: SettingsStore, day: date, tz: tzinfo | None, limit: int | None = None) -> Allowance:
    """Today's allowance; ``limit`` (e.g. ``--new-per-day``) replaces the stored one when given."""
    used = store.new_cards_since(day_start(day, tz), exclude_kinds=PRACTICE_KINDS)
    return Allowance(daily_limit(store, day) if limit is None else limit, used)


def raise_today(store: SettingsStore, day: date, by: int = RAISE_STEP) -> int:
    """Raise today's limit by ``by``; returns the new limit for today."""
    store.set_setting(_raise_key(day), str(_int(store.setting(_raise_key(day))) + by))
    return daily_limit(store, day)
