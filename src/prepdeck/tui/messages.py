"""Messages the screens post up to the app (attributes flow down, messages flow up).

Screens never call the app's methods to start things: they post one of these,
and the app, which owns the services, handles it.
"""

from __future__ import annotations

from textual.message import Message

from ..core.session_types import Mode


class StartStudy(Message):
    """Start a new session of ``mode`` on the chosen decks and tags."""

    def __init__(self, mode: Mode, deck_ids: tuple[str, ...] = (), tags: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.mode, self.deck_ids, self.tags = mode, deck_ids, tags


class ContinueStudy(Message):
    """Bring back the interrupted session (its queue, pending follow-ups and draft)."""


class ShowStats(Message):
    """Open the stats screen."""


class ShowContentErrors(Message):
    """Open the list of problems found in the deck files."""


class RaiseNewLimit(Message):
    """Let more new items in today (the daily new-item limit, raised for today only)."""


class DecksChanged(Message):
    """Sent down to every screen when the decks were loaded or reloaded (after an edit), or the
    new-item limit changed: whatever counts a screen shows should be read again."""

    bubble = False
