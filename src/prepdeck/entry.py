"""The process entry point, kept tiny: Ctrl-C at any moment, even while modules load, is one line.

Until a command starts, an interrupt ends the process at once with
``prepdeck: interrupted`` and exit 130: nothing has been recorded yet, and an
interrupt raised inside an import can surface as anything (pydantic-core's Rust
extension turns it into a ``PanicException``, which no handler expects), with a
traceback. ``allow_interrupts`` hands Ctrl-C back to Python's usual
``KeyboardInterrupt`` once the command runs, so cleanup code runs again.
"""

from __future__ import annotations

import os

# _signal, not signal: the public module imports enum, which takes long enough on a loaded
# machine for a Ctrl-C to land inside it, before the handler below is in place.
import _signal

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import FrameType

INTERRUPTED = b"prepdeck: interrupted\n"


def _exit_at_once(signum: int, frame: "FrameType | None") -> None:
    os.write(2, INTERRUPTED)
    os._exit(130)


def allow_interrupts() -> None:
    """From here on Ctrl-C raises ``KeyboardInterrupt`` (if ``run`` had taken it over)."""
    if _signal.getsignal(_signal.SIGINT) is _exit_at_once:
        _signal.signal(_signal.SIGINT, _signal.default_int_handler)


def run() -> None:
    """Run the CLI and exit with its code."""
    _signal.signal(_signal.SIGINT, _exit_at_once)
    from .cli import main

    raise SystemExit(main())
