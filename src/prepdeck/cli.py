"""Command-line entry point: argument parsing and wiring only."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from typing import NoReturn, Sequence

from . import __version__
from .commands import COMMAND_MODULES
from .core.plain_text import visible
from .entry import allow_interrupts
from .errors import PrepdeckError


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: usage problems exit 2 without a wall of text."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {visible(message)} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="prepdeck",
        description="Interview-prep drills in the terminal. With no command, opens the TUI on the bundled decks.",
    )
    parser.add_argument("--version", action="version", version=f"prepdeck {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(f"prepdeck.commands.{name}").register(subparsers)
    return parser


def _run_default(argv: Sequence[str]) -> int:
    """No subcommand: the TUI when it is available, else the item list."""
    try:
        tui = importlib.import_module("prepdeck.commands.tui")
    except ModuleNotFoundError:
        return main(["list", *argv])
    return tui.run_default(list(argv))


def _tolerant_output() -> None:
    """Let output the console cannot encode cost a character, not the command.

    A legacy console code page or PYTHONIOENCODING=ascii cannot show ✓ or …, and
    a strict UTF-8 stream refuses the undecodable bytes of a file name.
    """
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _tolerant_output()
    try:
        if not argv:
            # Straight to the TUI: building the parser imports every command module,
            # which would cost the first frame more than a tenth of a second.
            allow_interrupts()
            return _run_default([])
        args = build_parser().parse_args(argv)
        allow_interrupts()  # the modules are loaded; the command may need its cleanup to run
        if args.command is None or args.command == "tui":
            return _run_default([]) if args.command is None else int(args.func(args) or 0)
        from .commands.visible_output import visible_output

        with visible_output():  # deck text, file names and answers never drive the terminal
            return int(args.func(args) or 0)
    except PrepdeckError as error:
        print(f"prepdeck: error: {visible(str(error))}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("prepdeck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `prepdeck list | head`); that is not an error.
        # Point stdout at devnull so the interpreter's final flush cannot fail too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # noqa: BLE001 - last line of defence against tracebacks
        if os.environ.get("PREPDECK_DEBUG"):
            traceback.print_exc()
        print(f"prepdeck: internal error: {type(error).__name__}: {visible(str(error))} "
              "(please report it; set PREPDECK_DEBUG=1 for details)", file=sys.stderr)
        return 1
