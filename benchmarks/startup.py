"""Time to the first frame of ``prepdeck`` (bundled decks) against a bare Textual app, as a ratio.

Each run starts a fresh process in a pseudo-terminal (80×24), exactly as a
user's shell would, and times it from spawn until its first full frame has
been written to the terminal (the footer is drawn), so interpreter start-up,
imports, opening the progress database and composing the home screen all
count. For prepdeck a second time is taken: until the deck table is filled
("All decks" appears), since the decks are loaded (through the parsed-deck
cache) in a worker right after the first frame. The apps alternate; medians
are compared. The goal is a first-frame ratio of at most 1.3 with a warm deck
cache, the usual start; the first start, which fills the cache, is shown too.

``prepdeck`` is run as the console script runs it (``python -m prepdeck``, whose
argument parser imports every subcommand), and also through the TUI's own
entry point alone (``prepdeck.commands.tui.run_default``), to show what the
parser costs.

    python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

BARE = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("hello")
        yield Footer()

Bare().run()
"""

FOOTER = b"palette"  # the command-palette hint: the last widget of the first frame
DECKS = b"All decks"  # prepdeck's deck table, filled once the decks are loaded
QUIT = b"\x11"  # ctrl+q
TIMEOUT = 30.0


def run_in_pty(argv: list[str], env: dict[str, str], markers: list[bytes]) -> list[float]:
    """Seconds from spawn until each marker first appears in the terminal output."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                               start_new_session=True)
    os.close(slave)
    output, times = b"", []
    try:
        while len(times) < len(markers):
            if time.perf_counter() - start > TIMEOUT:
                raise RuntimeError(f"{argv}: no {markers[len(times)]!r} after {TIMEOUT}s:\n{output[-2000:]!r}")
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                continue
            try:
                output += os.read(master, 65536)
            except OSError:
                raise RuntimeError(f"{argv} exited early:\n{output[-2000:]!r}") from None
            while len(times) < len(markers) and markers[len(times)] in output:
                times.append(time.perf_counter() - start)
        os.write(master, QUIT)
        deadline = time.perf_counter() + 10
        while process.poll() is None and time.perf_counter() < deadline:
            if select.select([master], [], [], 0.1)[0]:
                try:
                    os.read(master, 65536)
                except OSError:
                    break
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        os.close(master)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="measurements per app (default 9)")
    args = parser.parse_args()
    prepdeck = [sys.executable, "-m", "prepdeck"]
    tui_only = [sys.executable, "-c", "import sys; from prepdeck.commands.tui import run_default; "
                                      "sys.exit(run_default([]))"]
    bare = [sys.executable, "-c", BARE]
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "PREPDECK_HOME": home, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
        cold_frame, cold_decks = run_in_pty(prepdeck, env, [FOOTER, DECKS])  # fills the deck cache
        bare_times, frame_times, deck_times, tui_times = [], [], [], []
        for _ in range(args.runs):
            bare_times.append(run_in_pty(bare, env, [FOOTER])[0])
            frame, decks = run_in_pty(prepdeck, env, [FOOTER, DECKS])
            frame_times.append(frame)
            deck_times.append(decks)
            tui_times.append(run_in_pty(tui_only, env, [FOOTER])[0])
    base = statistics.median(bare_times)
    frame, decks = statistics.median(frame_times), statistics.median(deck_times)
    tui = statistics.median(tui_times)
    print(f"bare Textual app, first frame:       {base * 1000:7.1f} ms (median of {args.runs})")
    print(f"prepdeck, first frame (warm cache):  {frame * 1000:7.1f} ms   ratio {frame / base:.2f}x (goal <= 1.30x)")
    print(f"prepdeck, decks shown (warm cache):  {decks * 1000:7.1f} ms   ratio {decks / base:.2f}x")
    print(f"TUI entry alone, first frame:        {tui * 1000:7.1f} ms   ratio {tui / base:.2f}x "
          "(without the CLI parser)")
    print(f"prepdeck, first start (cold cache):  {cold_frame * 1000:7.1f} ms first frame, "
          f"{cold_decks * 1000:.1f} ms decks shown")
    return 0


if __name__ == "__main__":
    sys.exit(main())
