"""Write export files atomically, so a failed or interrupted export never leaves half a file."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import PrepdeckError


def check_output_path(out: Path) -> None:
    """Fail early, with one line, when ``out`` cannot be a new or replaced file."""
    if out.is_dir():
        raise PrepdeckError(f"{out}: is a directory; give a file name")
    if not out.parent.is_dir():
        raise PrepdeckError(f"{out}: folder {out.parent} does not exist")


@contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """A temporary path next to ``out``; it replaces ``out`` when the block succeeds.

    The caller creates the temporary file itself, so it gets the usual
    permissions. OS errors (missing folder, no permission, a directory in the
    way) become one-line ``PrepdeckError``s naming ``out``.
    """
    check_output_path(out)
    if out.exists() and not out.is_file():
        # A device or a pipe (``--csv /dev/stdout``): write straight to it. Renaming a
        # file over it would replace the device itself wherever that is permitted.
        try:
            yield out
        except OSError as error:
            raise PrepdeckError(f"{out}: cannot write: {error.strerror or error}") from None
        return
    # Through a symlink, replace the file it points to, not the link.
    target = Path(os.path.realpath(out)) if out.is_symlink() else out
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        yield temp
        os.replace(temp, target)
    except OSError as error:
        raise PrepdeckError(f"{out}: cannot write: {error.strerror or error}") from None
    finally:
        if temp.exists():
            temp.unlink()
