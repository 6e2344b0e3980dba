"""Where prepdeck keeps things: bundled decks and the user's progress database.

Nothing is created at import time; callers ask for a path when they need it.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "prepdeck"
DB_FILENAME = "progress.sqlite3"


def bundled_content_dir() -> Path:
    """The decks shipped with prepdeck: inside the wheel, or the repo's content/ in a checkout."""
    packaged = Path(__file__).resolve().parent / "content"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "content"


def data_dir() -> Path:
    """The user data dir: ``$PREPDECK_HOME`` when set, else the platform's (not created here)."""
    override = os.environ.get("PREPDECK_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """Where parsed decks are cached: ``$PREPDECK_HOME/cache``, else the platform's user cache dir."""
    override = os.environ.get("PREPDECK_HOME")
    if override:
        return Path(override).expanduser() / "cache"
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME
