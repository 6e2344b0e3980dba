"""Time as a service: the session, the store and stats ask an injected clock, never the system.

A clock is any callable returning an aware UTC ``datetime``. Tests pass a fake
one so schedules and streaks are deterministic. Calendar days ("due today",
streaks, the new-item limit) are the candidate's local days; ``tz=None`` means
the system's local time zone, evaluated per instant so daylight saving is right.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Callable

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The real time, as an aware UTC datetime."""
    return datetime.now(timezone.utc)


def to_ms(moment: datetime) -> int:
    """Milliseconds since the epoch: how the store keeps instants (sortable, index-friendly)."""
    return int(round(moment.timestamp() * 1000))


def from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc)


def local_date(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar date of ``moment`` in ``tz`` (the system zone when None)."""
    return moment.astimezone(tz).date()


def day_start(day: date, tz: tzinfo | None = None) -> datetime:
    """The UTC instant at which local ``day`` begins."""
    local = datetime.combine(day, time.min)
    aware = local.replace(tzinfo=tz) if tz is not None else local.astimezone()
    return aware.astimezone(timezone.utc)


def day_end(day: date, tz: tzinfo | None = None) -> datetime:
    """The UTC instant at which local ``day`` ends (the start of the next day)."""
    return day_start(day + timedelta(days=1), tz)
