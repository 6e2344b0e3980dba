"""Write export files atomically, so a failed or interrupted export never leaves half a file.

The new content goes to a temporary file created with ``O_EXCL`` (``mkstemp``) in
the target's own folder, so nobody can plant a file or symlink under its name, and
is then renamed over the target. The result keeps the old file's permission bits
(a new file gets the usual ``0666 & ~umask``); a read-only target is refused, not
replaced. Replacing means a new file: other hard links to the old one keep the old
content, and the export reaches only the name it was given.
"""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import PrepdeckError


def _writable(path: Path) -> bool:
    mode = path.stat().st_mode
    return os.access(path, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def check_output_path(out: Path) -> None:
    """Fail early, with one line, when ``out`` cannot be a new or replaced file."""
    if out.is_dir():
        raise PrepdeckError(f"{out}: is a directory; give a file name")
    if not out.parent.is_dir():
        raise PrepdeckError(f"{out}: folder {out.parent} does not exist")
    if out.is_file() and not _writable(out):
        raise PrepdeckError(f"{out}: the file is read-only; not replacing it (make it writable or "
                            "give another name)")


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """A fresh temporary path next to ``out``; it replaces ``out`` when the block succeeds.

    The temporary file already exists (empty, created exclusively); the caller
    opens and writes it by name. OS errors (missing folder, no permission, a
    directory in the way) become one-line ``PrepdeckError``s naming ``out``.
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
    try:
        mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else _new_file_mode()
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise PrepdeckError(f"{out}: cannot write: {error.strerror or error}") from None
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        os.chmod(temp, mode)
        os.replace(temp, target)
    except OSError as error:
        raise PrepdeckError(f"{out}: cannot write: {error.strerror or error}") from None
    finally:
        if temp.exists():
            temp.unlink()
