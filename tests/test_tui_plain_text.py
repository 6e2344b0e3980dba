"""Deck and user text is never markup: whatever brackets, dollars or escape sequences it holds, every
screen shows it as written (control characters as visible ``\\x1b``), and nothing in it acts."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from tui_helpers import async_test, make_app, screen_text, settle, type_into, unwrap, widget_text

from prepdeck.core.loader import load_decks
from prepdeck.core.plain_text import visible
from prepdeck.errors import PrepdeckError
from prepdeck.tui.screens.content_errors import ContentErrorsScreen
from prepdeck.tui.screens.crash import CrashScreen
from prepdeck.tui.screens.home import HomeScreen
from prepdeck.tui.screens.study import StudyScreen

PIECES = ["[/]", "[/usr/local]", "[b]", "[/b]", "[@click=app.quit]quit[/]", "x[i] * w[i]", "[CLS]",
          "$text-error", "[$accent]", "[on red]", "\\[", "\x1b[2J", "\x1b]0;pwned\x07", "\x9b", "é", "∑"]
markup_like = st.lists(st.sampled_from(PIECES) | st.text("abc ", min_size=1, max_size=3), min_size=1,
                       max_size=4).map("".join)


def deck_text(title: str, text: str) -> str:
    """A deck whose title, prompt, hint, model answer, rubric and notes all carry ``text`` (JSON is YAML)."""
    q = json.dumps
    return (f"id: hostile\ntitle: {q(title)}\nquestions:\n  - id: h1\n    source: s\n"
            f"    prompt: {q('Q ' + text)}\n    model_answer: {q('M ' + text)}\n    hints: [{q('H ' + text)}]\n"
            f"    notes: {q('N ' + text)}\n"
            f"    rubric:\n      - description: {q('R ' + text)}\n        keywords: [[zzz]]\n")


def shown(text: str) -> str:
    return " ".join(visible(text).split())


async def _walk_every_screen(tmp_path, text: str) -> None:
    folder = tmp_path / "decks"
    folder.mkdir(exist_ok=True)
    (folder / "hostile.yaml").write_text(deck_text("T " + text, text), encoding="utf-8")
    # A broken deck whose error message quotes the text, for the deck-errors screen.
    (folder / "broken.yaml").write_text("id: broken\ntitle: B\nquestions:\n  - id: b1\n    source: s\n    prompt: p\n"
                                        f"    model_answer: m\n    difficulty: {json.dumps(text)}\n", encoding="utf-8")
    decks = load_decks([folder])
    assert len(decks.decks) == 1 and decks.diagnostics
    app = make_app(tmp_path, decks=decks)
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ContentErrorsScreen)
        value = visible(text)
        value = value if len(value) <= 40 else value[:37] + "..."  # the message quotes (a cut of) the value
        quoted = " ".join(repr(value)[1:-1].split())
        assert quoted in unwrap(widget_text(app, "#errors-detail"))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert shown("T " + text) in unwrap(screen_text(app))
        app.start_study("quiz")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        assert shown("Q " + text) in unwrap(widget_text(app, "#card-prompt"))
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert shown("H " + text) in unwrap(widget_text(app, "#card-hints"))
        await type_into(pilot, "an answer " + text)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert shown("M " + text) in unwrap(widget_text(app, "#fb-model"))
        assert shown("R " + text) in unwrap(widget_text(app, "#fb-criteria"))
        assert shown("an answer " + text) in unwrap(widget_text(app, "#fb-answer"))
        notes = []
        original = app.notify
        app.notify = lambda message, **kw: (notes.append(message), original(message, **kw))
        app.screen.notify(text)  # a notification quoting deck text
        await settle(pilot)
        assert notes == [text]
        # What Textual was handed to show: the visible text, as plain text (no markup to parse or click).
        assert [(n.message, n.markup) for n in app._notifications] == [(visible(text), False)]
        assert app.crash_error is None and app.is_running  # no markup error, no [@click=app.quit] taken
        app.crash(PrepdeckError(text))  # the crash screen quotes the error
        await settle(pilot)
        assert isinstance(app.screen, CrashScreen)
        assert shown(text) in unwrap(widget_text(app, "#crash-error"))
        assert "\x1b" not in screen_text(app) and "\x9b" not in screen_text(app)


# Each example drives the whole app (~1 s): a few random ones (no slow shrinking) on top of the known crashers.
@settings(max_examples=3, deadline=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=markup_like)
def test_markup_like_deck_text_is_shown_as_written_on_every_screen(tmp_path_factory, text):
    async_test(_walk_every_screen)(tmp_path_factory.mktemp("plain"), text)


def test_the_known_crashers_are_shown_as_written(tmp_path):
    for number, text in enumerate(["[/]", "[/usr/local] [/b] [CLS] x[i] * w[i] [@click=app.quit]q[/] \x1b[2J"]):
        folder = tmp_path / str(number)
        folder.mkdir()
        async_test(_walk_every_screen)(folder, text)
