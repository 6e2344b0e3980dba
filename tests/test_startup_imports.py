"""What the TUI's start-up imports: nothing heavy before the first frame.

py-fsrs, numpy, rapidfuzz, pydantic (the deck model) and PyYAML are loaded after the
first frame (the decks load in a worker) or when first needed. Each check runs in a
fresh interpreter, since this test process has imported everything already.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tui_helpers import EXAMPLE

HEAVY = ("fsrs", "numpy", "rapidfuzz", "pydantic", "yaml", "prepdeck.core.model", "prepdeck.core.loader")


def _heavy_after(code: str) -> list[str]:
    """The heavy modules loaded when ``code`` calls ``report()`` (by default, once it has run)."""
    script = textwrap.dedent(f"""
        import sys

        def report():
            print("heavy:" + ",".join(name for name in {HEAVY!r} if name in sys.modules))
    """) + textwrap.dedent(code) + "\nif 'reported' not in globals():\n    report()\n"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("heavy:")]
    return [name for name in line.removeprefix("heavy:").split(",") if name]


def test_the_store_does_not_import_the_scheduler():
    assert _heavy_after("import prepdeck.store") == []


def test_the_session_types_import_nothing_heavy():
    assert _heavy_after("import prepdeck.core.session_types, prepdeck.core.card_state") == []


def test_the_first_frame_imports_nothing_heavy(tmp_path):
    # As ``prepdeck`` starts: the store is opened, the app composes the home screen with the decks
    # still to load. The loader is held back, so what is imported is the first frame's alone.
    heavy = _heavy_after(f"""
        import asyncio, threading
        from prepdeck.commands.tui import build_services
        from argparse import Namespace

        services = build_services(Namespace(paths=[], db={str(tmp_path / "p.sqlite3")!r}, seed=1))
        release = threading.Event()
        services.reload_decks = lambda: release.wait(30)

        async def main():
            from prepdeck.tui.app import PrepdeckApp

            app = PrepdeckApp(services, cursor_blink=False)
            async with app.run_test() as pilot:
                await pilot.pause(0.3)
                assert "Loading decks" in str(app.screen.query_one("#loading").render())
                report()  # the first frame is out; the decks are still loading
                release.set()

        asyncio.run(main())
        reported = True
    """)
    assert heavy == []


def test_serving_a_free_text_card_loads_its_grader_before_it_is_answered(tmp_path):
    # In the TUI the card is drawn in a worker thread and answered on the UI thread: the grader
    # (rapidfuzz matching, numpy) must be loaded by next_card(), not by the first answer.
    script = textwrap.dedent(f"""
        import sys
        from datetime import datetime, timezone
        from pathlib import Path
        from prepdeck.core.loader import load_decks
        from prepdeck.core.session import Session
        from prepdeck.core.session_types import SessionConfig
        from prepdeck.store import Store

        GRADER = "prepdeck.core.grading.scorer"
        store = Store.open({str(tmp_path / "p.sqlite3")!r})
        session = Session(load_decks([Path({str(EXAMPLE)!r})]), store, clock=lambda: datetime.now(timezone.utc),
                          seed=1, config=SessionConfig(mode="quiz", tags=("memory",)))
        before = GRADER in sys.modules
        session.next_card()
        print("grader loaded:", before, GRADER in sys.modules)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "grader loaded: False True" in result.stdout
