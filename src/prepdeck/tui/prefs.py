"""The TUI's own small preferences: the theme, and the last study choice (for "continue").

They live in a JSON file next to the progress database. The file is read when
the app starts and written only when something changes; a missing or damaged
file simply means defaults, since nothing in it is worth an error.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


@dataclass(frozen=True)
class LastStudy:
    """What the candidate last chose on the home screen."""

    mode: str
    deck_ids: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Prefs:
    theme: str = DARK_THEME
    last: LastStudy | None = None

    @classmethod
    def from_dict(cls, data: Any) -> "Prefs":
        if not isinstance(data, dict):
            return cls()
        theme = data.get("theme") if isinstance(data.get("theme"), str) else DARK_THEME
        last = None
        raw = data.get("last")
        if isinstance(raw, dict) and isinstance(raw.get("mode"), str):
            last = LastStudy(raw["mode"], _strings(raw.get("deck_ids")), _strings(raw.get("tags")))
        return cls(theme, last)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"theme": self.theme}
        if self.last is not None:
            data["last"] = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self.last).items()}
        return data

    def with_theme(self, theme: str) -> "Prefs":
        return replace(self, theme=theme)

    def with_last(self, last: LastStudy) -> "Prefs":
        return replace(self, last=last)


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


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
