# The first lines to run: until the CLI takes over, Ctrl-C ends the process with one line (see entry.py).
import _signal
import os


def _interrupted(signum, frame):  # type: ignore[no-untyped-def]
    os.write(2, b"prepdeck: interrupted\n")
    os._exit(130)


_signal.signal(_signal.SIGINT, _interrupted)

from prepdeck.entry import run  # noqa: E402 - after the handler, on purpose

run()
