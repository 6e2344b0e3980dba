"""The TUI's own small preference: the theme.

It lives in a JSON file next to the progress database. The file is read when
the app starts and written only when something changes; a missing or damaged
file simply means defaults, since nothing in it is worth an error. (What to
"continue" is not kept here: the store knows the last sitting, wherever it ran.)
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


@dataclass(frozen=True)
class Prefs:
    theme: str = DARK_THEME

    @classmethod
    def from_dict(cls, data: Any) -> "Prefs":
        # Unknown keys (such as "last", which older versions kept here) are ignored.
        if not isinstance(data, dict):
            return cls()
        return cls(data["theme"] if isinstance(data.get("theme"), str) else DARK_THEME)

    def to_dict(self) -> dict[str, Any]:
        return {"theme": self.theme}

    def with_theme(self, theme: str) -> "Prefs":
        return replace(self, theme=theme)


class PrefsFile:
    """Reads and writes ``Prefs`` at ``path``; ``path=None`` keeps them in memory only (tests)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def load(self) -> Prefs:
        if self.path is None:
            return Prefs()
        try:
            return Prefs.from_dict(json.loads(self.path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return Prefs()

    def save(self, prefs: Prefs) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Write then rename, so a crash mid-write never leaves half a file.
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(prefs.to_dict(), handle, indent=2)
            os.replace(tmp, self.path)
        except OSError:
            pass  # losing a preference is not worth interrupting a drill
