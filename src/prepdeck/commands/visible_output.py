"""Standard output and error that show control characters instead of sending them to the terminal.

Deck text, file names and answers reach the CLI's output in many places (prompts,
feedback, diagnostics, lists); wrapping the two streams once, for the length of a
command, covers them all. Only our own terminal control (the export progress
line) goes around it, through ``raw``.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator, TextIO

from ..core.plain_text import visible


class VisibleStream:
    """A text stream proxy whose ``write`` passes text through ``visible``."""

    def __init__(self, stream: TextIO):
        self.raw = stream

    def write(self, text: str) -> int:
        self.raw.write(visible(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def raw_stream(stream: TextIO) -> TextIO:
    """The terminal stream under a ``VisibleStream`` (for deliberate control sequences)."""
    return stream.raw if isinstance(stream, VisibleStream) else stream


@contextmanager
def visible_output() -> Iterator[None]:
    """Wrap ``sys.stdout`` and ``sys.stderr`` for the duration of the block."""
    import sys

    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleStream(saved[0]), VisibleStream(saved[1])  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
