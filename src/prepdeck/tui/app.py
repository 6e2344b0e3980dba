"""The prepdeck Textual app: screens, global keys, themes and the command palette.

The app owns the injected ``Services`` and starts sessions; screens render and
forward key presses. Mode screens and heavy modules (grader, numpy trainer,
plots) are imported when first needed, so the first frame comes quickly.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen

from ..core.session_types import MODE_TITLES, Mode
from .guard import error_message, notify_errors, report
from ..core.plain_text import visible
from .messages import ContinueStudy, DecksChanged, RaiseNewLimit, ShowContentErrors, ShowStats, StartStudy
from .prefs import DARK_THEME, LIGHT_THEME, Prefs
from .screens.loading import LoadingScreen
from .services import Services

if TYPE_CHECKING:
    from ..core.loader import DeckSet
    from ..store.sessions import LastSession

FIRST_FRAME_GRACE = 0.05
"""Seconds between the first refresh and starting to load the decks (see ``on_mount``)."""

PALETTE_BUILTINS = ("Keys", "Quit")
"""Textual's own palette commands that are kept (its "Theme" would be a second theme entry)."""


class PrepdeckApp(App[None]):
    """Interview-prep drills: home, study modes, stats, help."""

    CSS_PATH = "app.tcss"
    TITLE = "prepdeck"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1", "help", "Help", key_display="F1"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False),
        Binding("ctrl+o", "open_in_editor", "Edit", show=False),
    ]

    def __init__(self, services: Services, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.services = services
        self.cursor_blink = cursor_blink
        self.prefs: Prefs = services.prefs.load()
        # One rng for session seeds: a fixed service seed makes every session replayable.
        self._seeds = random.Random(services.seed)
        self.crash_error: BaseException | None = None
        """The bug that stopped the app, if one did (``prepdeck`` then exits non-zero)."""
        self.crash_log: Path | None = None

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notification as plain text: messages quote deck text, file names and errors.

        ``markup`` is accepted for Textual's signature and ignored: no notification here is markup.
        """
        super().notify(visible(message), title=visible(title), severity=severity, timeout=timeout, markup=False)

    # ------------------------------------------------------------------ lifecycle

    def get_default_screen(self) -> Screen:
        if self.services.decks is None:
            return LoadingScreen()  # a light first frame; the home screen follows the decks
        from .screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        self.theme = self.prefs.theme if self.prefs.theme in self.available_themes else DARK_THEME
        if self.services.decks is None:
            # Start loading only once the first frame is out: the loader's imports (pydantic,
            # the grader) would hold the GIL while Textual's writer thread sends the frame.
            self.call_after_refresh(self.set_timer, FIRST_FRAME_GRACE, self._start_loading)
        elif self.services.decks.diagnostics:
            self.show_content_errors()

    def _start_loading(self) -> None:
        self._load_decks()

    @work(thread=True, exit_on_error=False, name="load-decks")
    def _load_decks(self) -> None:
        """Load the decks off the UI thread, then hand them (or the error) back to it."""
        try:
            if self.services.reload_decks is None:
                raise RuntimeError("no decks and no way to load them were given to the app")
            decks = self.services.reload_decks()
            # Import what the home screen needs next while still off the UI thread.
            from ..core import session  # noqa: F401
            from . import overview  # noqa: F401
            from .screens import home  # noqa: F401
        except Exception as error:  # noqa: BLE001 - shown on the loading screen, and logged
            self.call_from_thread(self._decks_failed, error)
            return
        self.call_from_thread(self._decks_loaded, decks)

    def _decks_loaded(self, decks: "DeckSet") -> None:
        self._set_decks(decks)
        self.show_home()
        if decks.diagnostics:
            self.show_content_errors()

    def _decks_failed(self, error: Exception) -> None:
        report(self, error)
        for screen in self.screen_stack:
            if isinstance(screen, LoadingScreen):
                screen.failed(error_message(error))

    def show_home(self) -> None:
        """Put the home screen over the loading screen (closing anything opened over that, say help).

        Textual cannot swap out the bottom screen, so the loading screen stays under
        the home screen; should it ever show again, it calls this once more.
        """
        from .screens.home import HomeScreen

        stack = self.screen_stack
        if not self.decks_ready or not isinstance(stack[0], LoadingScreen):
            return
        if any(isinstance(screen, HomeScreen) for screen in stack):
            return
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(HomeScreen())

    @property
    def decks_ready(self) -> bool:
        return self.services.decks is not None

    def _set_decks(self, decks: "DeckSet") -> None:
        self.services.decks = decks
        for screen in self.screen_stack:
            screen.post_message(DecksChanged())

    # ------------------------------------------------------------------ starting things

    @on(StartStudy)
    def _start_requested(self, message: StartStudy) -> None:
        self.start_study(message.mode, message.deck_ids, message.tags)

    @on(ContinueStudy)
    def _continue_requested(self) -> None:
        self.continue_study()

    @on(ShowStats)
    def _stats_requested(self) -> None:
        self.show_stats()

    @on(ShowContentErrors)
    def _content_errors_requested(self) -> None:
        self.show_content_errors()

    @on(RaiseNewLimit)
    def _raise_requested(self) -> None:
        self.raise_new_limit()

    @notify_errors
    def start_study(self, mode: Mode, deck_ids: tuple[str, ...] = (), tags: tuple[str, ...] = (), *,
                    resume: "LastSession | None" = None) -> None:
        """Start a session of ``mode`` on the chosen decks and tags and show it; with ``resume``,
        bring that interrupted sitting back instead (its queue, follow-ups and drafts)."""
        from ..core.session import Session
        from ..core.session_types import SessionConfig
        from .screens.study import StudyScreen

        if not self.decks_ready:
            self.notify("The decks are still loading; try again in a moment.", severity="warning")
            return
        config = SessionConfig(mode=mode, deck_ids=deck_ids, tags=tags)
        services = self.services
        if resume is not None and resume.resumable:
            session = Session(services.decks, services.store, clock=services.clock,
                              seed=resume.seed if resume.seed is not None else self._seeds.getrandbits(32),
                              config=config, tz=services.tz, resume=resume.state, session_id=resume.id)
        else:
            session = Session(services.decks, services.store, clock=services.clock,
                              seed=self._seeds.getrandbits(32), config=config, tz=services.tz)
        self.push_screen(StudyScreen(session, title=MODE_TITLES[mode]))

    @notify_errors
    def continue_study(self) -> None:
        """Resume the interrupted sitting, if there is one."""
        if not self.decks_ready:
            return
        last = self.services.store.last_session()
        if last is None or not last.resumable or last.mode not in MODE_TITLES:
            self.notify("There is no interrupted session to continue; start one from the home screen.")
            return
        known = {d.deck.id for d in self.services.decks.decks}
        self.start_study(last.mode, tuple(d for d in last.deck_ids if d in known), last.tags, resume=last)

    @notify_errors
    def raise_new_limit(self) -> None:
        """Let ``RAISE_STEP`` more new items in today."""
        from ..core.clock import local_date
        from ..core.new_items import RAISE_STEP, raise_today

        services = self.services
        limit = raise_today(services.store, local_date(services.clock(), services.tz))
        self.notify(f"Today's new-item limit is now {limit} (+{RAISE_STEP}).")
        for screen in self.screen_stack:
            screen.post_message(DecksChanged())

    def show_stats(self) -> None:
        from .screens.stats import StatsScreen

        if self.decks_ready:
            self.push_screen(StatsScreen())

    def show_content_errors(self) -> None:
        from .screens.content_errors import ContentErrorsScreen

        if self.decks_ready and not isinstance(self.screen, ContentErrorsScreen):
            self.push_screen(ContentErrorsScreen(self.services.decks.diagnostics))

    # ------------------------------------------------------------------ actions

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.current_theme.dark else DARK_THEME

    def watch_theme(self, theme: str) -> None:
        if self.is_running and theme != self.prefs.theme:
            self._save_prefs(self.prefs.with_theme(theme))

    def action_open_in_editor(self) -> None:
        target = getattr(self.screen, "editor_target", None)
        location = target() if callable(target) else None
        if location is None:
            self.notify("Nothing to open here: start a drill, or pick a deck on the home screen.",
                        severity="warning")
            return
        self.open_in_editor(*location)

    @notify_errors
    def open_in_editor(self, path: Path, line: int) -> None:
        """Suspend the TUI, run ``$EDITOR`` on ``path`` at ``line``, then reload the decks."""
        from textual.app import SuspendNotSupported

        from .editor import editor_command, find_editor

        editor = find_editor(self.services.environ)
        if editor is None:
            self.notify("Set $EDITOR (for example: export EDITOR=vim) to open decks from prepdeck.",
                        severity="warning")
            return
        if not any(self.services.environ.get(name, "").strip() for name in ("VISUAL", "EDITOR")):
            self.notify(f"Opening {editor}, as neither $VISUAL nor $EDITOR is set "
                        "(export EDITOR=... to choose another).")
        try:
            argv = editor_command(editor, path, line)
        except ValueError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        try:
            with self.suspend():
                code = self.services.run_command(argv)
        except SuspendNotSupported:
            self.notify("This terminal cannot hand over to an editor; open "
                        f"{path}:{line} yourself.", severity="warning")
            return
        except OSError as error:
            self.notify(f"could not start {argv[0]}: {error.strerror or error}", severity="error")
            return
        if code:
            self.notify(f"{argv[0]} exited with status {code}", severity="warning")
        self.reload_decks()

    @notify_errors
    def reload_decks(self) -> None:
        """Load the decks again (after an edit); a session in progress keeps the items it has."""
        if self.services.reload_decks is None:
            return
        decks = self.services.reload_decks()
        self._set_decks(decks)
        if decks.diagnostics:
            self.notify(f"Decks reloaded; {len(decks.diagnostics)} problem(s) remain (ctrl+p: Content errors).",
                        severity="warning")
        else:
            self.notify("Decks reloaded.")

    # ------------------------------------------------------------------ command palette

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from (command for command in super().get_system_commands(screen) if command.title in PALETTE_BUILTINS)
        for mode, title in MODE_TITLES.items():
            yield SystemCommand(title, "A new session on all decks (the home screen picks decks and tags)",
                                lambda mode=mode: self.start_study(mode))
        yield SystemCommand("Continue", "Bring back the interrupted session", self.continue_study)
        yield SystemCommand("New items: raise today's limit", "Let 10 more never-studied items in today",
                            self.raise_new_limit)
        yield SystemCommand("Stats", "Accuracy over time, per tag, due forecast and streak", self.show_stats)
        yield SystemCommand("Help", "Keys and how each mode works", self.action_help)
        yield SystemCommand("Light/dark theme", "Switch between the light and dark theme (ctrl+t)",
                            self.action_toggle_theme)
        yield SystemCommand("Open in editor", "Open the current item's deck file in $EDITOR (ctrl+o)",
                            self.action_open_in_editor)
        if self.decks_ready and self.services.decks.diagnostics:
            yield SystemCommand("Content errors", "Problems found in the deck files", self.show_content_errors)

    # ------------------------------------------------------------------ crashes

    def _handle_exception(self, error: Exception) -> None:
        # Textual sends here every exception that a widget's handler, a worker or a render let through.
        self.crash(error)

    async def _dispatch_message(self, message: Message) -> None:
        # An exception from the app's own handlers (every key binding's action runs here) would
        # otherwise end the app's message loop, and with it the crash screen's keys.
        try:
            await super()._dispatch_message(message)
        except Exception as error:  # noqa: BLE001 - every bug goes to the crash screen
            if self._debugging:
                raise
            self.crash(error)

    @property
    def _debugging(self) -> bool:
        return bool(self.services.environ.get("PREPDECK_DEBUG"))

    def crash(self, error: BaseException) -> None:
        """A bug: log it, show the crash screen, and have prepdeck exit non-zero.

        ``PREPDECK_DEBUG=1`` keeps Textual's own handling, which prints the traceback.
        """
        if self._debugging and isinstance(error, Exception):
            super()._handle_exception(error)
            return
        from .guard import write_crash_log
        from .screens.crash import CrashScreen

        log = write_crash_log(self.services.log_directory(), error, self.services.clock())
        if self.crash_error is not None:
            # A second failure, perhaps drawing the crash screen itself: stop now.
            self.exit(return_code=1)
            return
        self.crash_error, self.crash_log = error, log
        try:
            self.push_screen(CrashScreen(log, error))
        except Exception:  # noqa: BLE001 - if even that fails, leave; the log is written
            self.exit(return_code=1)

    def action_exit_after_crash(self) -> None:
        self.exit(return_code=1)

    # ------------------------------------------------------------------ internals

    def _save_prefs(self, prefs: Prefs) -> None:
        self.prefs = prefs
        try:
            self.services.prefs.save(prefs)
        except Exception as error:  # noqa: BLE001 - a preference is never worth a crash
            report(self, error)
