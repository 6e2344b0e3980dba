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


def safe_path_argument(path: Path) -> str:
    """``path`` in a form no editor reads as an option: absolute, or starting with ``./``.

    A deck named ``-c!touch x.yaml`` is otherwise an editor command (vim runs it).
    """
    text = str(path)
    return text if path.is_absolute() else os.path.join(os.curdir, text)


def editor_command(editor: str, path: Path, line: int) -> list[str]:
    """The argv that opens ``path`` at ``line`` in ``editor`` (a shell-style command string).

    The editor is never run through a shell. ``ValueError`` when ``editor`` is not a
    valid command line (an unclosed quote, or nothing at all).
    """
    try:
        parts = shlex.split(editor)
    except ValueError as error:
        raise ValueError(f"the editor command {editor!r} cannot be read ({error}); fix $VISUAL or $EDITOR") from None
    if not parts:
        raise ValueError("the editor command is empty; set $VISUAL or $EDITOR")
    name = Path(parts[0]).name.lower()
    line = max(1, int(line))
    path_argument = safe_path_argument(path)
    if name in _GOTO_EDITORS:
        # --wait: return only when the file is closed, so the TUI resumes afterwards.
        return [*parts, "--wait", "--goto", f"{path_argument}:{line}"]
    if name in _COLON_EDITORS:
        return [*parts, f"{path_argument}:{line}"]
    return [*parts, f"+{line}", path_argument]
