"""The progress database: attempts, FSRS cards and review logs in SQLite.

Use ``Store.open(path)``; nothing is opened or created at import time.
"""

from ..core.attempt import NewAttempt
from .attempts import AttemptRow, Recorded
from .stats import Catalog, Stats
from .store import Store

__all__ = ["AttemptRow", "Catalog", "NewAttempt", "Recorded", "Stats", "Store"]
