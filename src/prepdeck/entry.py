"""The process entry point, kept tiny: Ctrl-C at any moment, even while modules load, is one line.

``prepdeck.cli`` imports a good deal; a Ctrl-C during that import would otherwise
print a traceback, since ``main``'s own handler is not yet in place.
"""

from __future__ import annotations

import sys


def run() -> None:
    """Run the CLI and exit with its code; an interrupt anywhere is ``prepdeck: interrupted``, exit 130."""
    try:
        from .cli import main

        code = main()
    except KeyboardInterrupt:
        try:
            print("prepdeck: interrupted", file=sys.stderr)
        except (KeyboardInterrupt, OSError):
            pass
        code = 130
    raise SystemExit(code)
