"""Turning failures in handlers into notifications, so no screen ever crashes the app.

A candidate mid-drill must never lose the TUI to a traceback: a broken deck
template, a locked database or a bug in one card shows up as an error
notification, and the screen stays usable.
"""

from __future__ import annotations

import functools
import inspect
import traceback
from typing import Any, Callable, TypeVar

from ..errors import PrepdeckError

F = TypeVar("F", bound=Callable[..., Any])


def error_message(error: BaseException) -> str:
    """The one line a candidate sees for ``error``."""
    if isinstance(error, PrepdeckError):
        return str(error)
    return f"internal error: {type(error).__name__}: {error} (please report it)"


def report(node: Any, error: BaseException) -> None:
    """Show ``error`` as a notification from ``node`` (any Textual DOM node)."""
    if not isinstance(error, PrepdeckError):
        # The terminal belongs to the TUI, so the traceback goes to Textual's devtools log, not stderr.
        node.log.error("".join(traceback.format_exception(error)))
    node.notify(error_message(error), title="Error", severity="error", timeout=8)


def notify_errors(method: F) -> F:
    """Decorate a handler or action so that an exception becomes an error notification."""
    if inspect.iscoroutinefunction(method):
        @functools.wraps(method)
        async def async_wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return await method(self, *args, **kwargs)
            except Exception as error:  # noqa: BLE001 - shown to the candidate instead of crashing
                report(self, error)
                return None

        return async_wrapper  # type: ignore[return-value]

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as error:  # noqa: BLE001 - shown to the candidate instead of crashing
            report(self, error)
            return None

    return wrapper  # type: ignore[return-value]
