"""What the TUI does when something goes wrong.

A problem the candidate can act on (``PrepdeckError``: a broken template, a
locked database) becomes an error notification, and the screen stays usable.
Anything else is a bug. Its traceback goes to a crash log in the data folder,
the app shows a calm screen naming that file, and prepdeck exits non-zero.
Attempts are committed as they are made, so a crash never loses one.
"""

from __future__ import annotations

import functools
import inspect
import os
import platform
import sys
import traceback
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, TypeVar

from .. import __version__
from ..errors import PrepdeckError

F = TypeVar("F", bound=Callable[..., Any])

CRASH_LOG_PREFIX = "crash-"


def error_message(error: BaseException) -> str:
    """The one line a candidate sees for ``error``."""
    if isinstance(error, PrepdeckError):
        return str(error)
    return f"internal error: {type(error).__name__}: {error} (please report it)"


def write_crash_log(log_dir: Path, error: BaseException, now: datetime) -> Path | None:
    """Write ``error`` with its traceback and the versions in play; the file, or None if it cannot be written."""
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    lines = [
        f"prepdeck {__version__} crashed at {now.isoformat(timespec='seconds')}",
        f"python {platform.python_version()} on {platform.platform()}",
        "textual " + installed("textual") + ", textual-plotext " + installed("textual-plotext")
        + ", plotext " + installed("plotext"),
        "",
        "".join(traceback.format_exception(error)),
    ]
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / f"{CRASH_LOG_PREFIX}{now:%Y%m%d-%H%M%S}-{os.getpid()}.log"
        # Append: a second failure in the same second adds to the same report.
        with path.open("a", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write("\n".join(lines))
        return path
    except OSError:
        return None


def report(node: Any, error: BaseException) -> None:
    """Show ``error`` from ``node`` (any DOM node): a notification, or the crash screen for a bug."""
    if isinstance(error, PrepdeckError):
        node.notify(error_message(error), title="Error", severity="error", timeout=8)
    else:
        node.app.crash(error)


def notify_errors(method: F) -> F:
    """Decorate a handler or action so that an exception is reported (see ``report``)."""
    if inspect.iscoroutinefunction(method):
        @functools.wraps(method)
        async def async_wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return await method(self, *args, **kwargs)
            except Exception as error:  # noqa: BLE001 - routed by kind in report()
                report(self, error)
                return None

        return async_wrapper  # type: ignore[return-value]

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as error:  # noqa: BLE001 - routed by kind in report()
            report(self, error)
            return None

    return wrapper  # type: ignore[return-value]


def print_after_exit(log: Path | None, error: BaseException) -> None:
    """The line left in the terminal once the TUI has gone."""
    where = f"details are in {log}" if log else "the crash log could not be written"
    print(f"prepdeck: internal error: {type(error).__name__}: {error}; your answers are saved; {where} "
          "(please report it; set PREPDECK_DEBUG=1 to see the traceback)", file=sys.stderr)
