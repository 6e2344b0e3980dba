"""Opening a deck file in the candidate's editor at an item's line."""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path
from typing import Mapping

# Editors that take ``path:line`` rather than the near-universal ``+line path``.
_COLON_EDITORS = {"subl", "sublime_text", "zed", "hx", "helix", "micro"}
_GOTO_EDITORS = {"code", "code-insiders", "codium", "cursor", "windsurf"}
_FALLBACKS = ("nano", "vim", "vi")


def find_editor(environ: Mapping[str, str] | None = None) -> str | None:
    """``$VISUAL``, else ``$EDITOR``, else the first common terminal editor installed."""
    environ = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        value = environ.get(name, "").strip()
        if value:
            return value
    for name in _FALLBACKS:
        if shutil.which(name):
            return name
    return None


def editor_command(editor: str, path: Path, line: int) -> list[str]:
    """The argv that opens ``path`` at ``line`` in ``editor`` (a shell-style command string)."""
    parts = shlex.split(editor)
    if not parts:
        raise ValueError("empty editor command")
    name = Path(parts[0]).name.lower()
    line = max(1, int(line))
    if name in _GOTO_EDITORS:
        # --wait: return only when the file is closed, so the TUI resumes afterwards.
        return [*parts, "--wait", "--goto", f"{path}:{line}"]
    if name in _COLON_EDITORS:
        return [*parts, f"{path}:{line}"]
    return [*parts, f"+{line}", str(path)]
