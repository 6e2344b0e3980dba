"""The progress database: attempts, FSRS cards and review logs in SQLite.

Use ``Store.open(path)``; nothing is opened or created at import time. Names are
loaded on first use, so ``prepdeck`` can open the database before the TUI's first
frame without importing the query modules.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "AttemptRow": ".attempts", "Catalog": ".stats", "DayPoint": ".series", "LastSession": ".sessions",
    "NewAttempt": "..core.attempt", "Recorded": ".attempts", "RecentScores": ".series", "Stats": ".stats",
    "Store": ".store", "Tally": ".tally",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from ..core.attempt import NewAttempt
    from .attempts import AttemptRow, Recorded
    from .series import DayPoint, RecentScores
    from .sessions import LastSession
    from .stats import Catalog, Stats
    from .store import Store
    from .tally import Tally


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name], __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
