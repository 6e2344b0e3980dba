"""Load deck files into validated models, reporting every problem as ``path:line:col``."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator

from .diagnostics import ContentError, Diagnostic
from .lexicon_source import LoadedLexicon, is_lexicon_file, load_lexicon_file, merge
from .model import AnyItem, Deck, LexiconEntries
from .yaml_document import validate_document
from .yaml_source import SourceMap

MAX_FILE_BYTES = 20 * 1024 * 1024
DECK_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LoadedDeck:
    """A validated deck with the file it came from and where each value is in it."""

    path: Path
    display_path: str
    deck: Deck
    source: SourceMap = field(repr=False, compare=False)
    # The lexicon the grader reads this deck's answers with: the shared lexicon files
    # plus the deck's own ``lexicon:``. None until the deck set is assembled.
    lexicon: LexiconEntries | None = field(default=None, repr=False, compare=False)

    def position_of(self, section: str, index: int, *rest: object) -> tuple[int, int]:
        """Line and column of an item (or a value inside it) in the file."""
        return self.source.locate((section, index, *rest))

    def item_position(self, item_id: str) -> tuple[int, int]:
        for section, index, item in self.deck.sections():
            if item.id == item_id:
                return self.position_of(section, index)
        raise KeyError(item_id)


@dataclass
class DeckSet:
    """Every deck that loaded, plus the diagnostics of those that did not."""

    decks: list[LoadedDeck] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lexicons: list[LoadedLexicon] = field(default_factory=list)  # shared lexicon files, in merge order

    def items(self) -> Iterator[tuple[LoadedDeck, AnyItem]]:
        for loaded in self.decks:
            for item in loaded.deck.items():
                yield loaded, item

    # Items by id, and the (loaded deck, deck) pairs they were indexed from: ``grade --batch``
    # looks an item up for every line, and scanning every deck each time cost a tenth of a grade.
    _index: dict[str, tuple[LoadedDeck, AnyItem]] = field(default_factory=dict, init=False, repr=False,
                                                          compare=False)
    _indexed: list[tuple[LoadedDeck, Deck]] = field(default_factory=list, init=False, repr=False, compare=False)

    def find(self, item_id: str) -> tuple[LoadedDeck, AnyItem]:
        """The deck and item with this id (the first, if two share it); ``KeyError`` when there is none."""
        current = [(loaded, loaded.deck) for loaded in self.decks]
        if len(current) != len(self._indexed) or any(
                a is not b or c is not d for (a, c), (b, d) in zip(current, self._indexed)):
            index: dict[str, tuple[LoadedDeck, AnyItem]] = {}
            for loaded, item in self.items():
                index.setdefault(item.id, (loaded, item))
            self._index, self._indexed = index, current
        found = self._index.get(item_id)
        if found is None:
            raise KeyError(item_id)
        return found

    def deck(self, deck_id: str) -> LoadedDeck:
        for loaded in self.decks:
            if loaded.deck.id == deck_id:
                return loaded
        raise KeyError(deck_id)


def display_path(path: Path) -> str:
    """The path as an author would type it: relative to the working directory when inside it."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _decode(data: bytes, display: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        col = error.start - (before.rfind(b"\n") + 1) + 1
        raise ContentError([Diagnostic(display, line, col, "error", "encoding",
                                       f"invalid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8")]) from None


def read_deck_text(path: Path, display: str) -> str:
    """The file's text, refusing huge, unreadable and non-UTF-8 files with a located error."""
    def fail(code: str, message: str) -> ContentError:
        return ContentError([Diagnostic(display, 1, 1, "error", code, message)])

    try:
        size = path.stat().st_size
        if path.is_dir():
            raise fail("not-a-file", "is a directory, not a deck file")
        if size > MAX_FILE_BYTES:
            raise fail("too-large", f"file is {size / 1e6:.1f} MB; decks are limited to {MAX_FILE_BYTES // (1024 * 1024)} MB")
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise fail("unreadable", f"cannot read file: {error.strerror or error}") from None
    if b"\x00" in data:
        raise fail("binary", "file contains NUL bytes: this is not a YAML text file")
    return _decode(data, display)


def parse_deck(text: str, display: str, path: Path | None = None) -> LoadedDeck:
    """Validate deck text; raises ``ContentError`` with every problem found."""
    deck, source = validate_document(text, display, Deck, "a mapping with id, title and item lists")
    # Where each key is only serves messages about invalid decks: a valid one keeps the values'
    # positions alone, some 40% less memory for a large deck.
    return LoadedDeck(path or Path(display), display, deck, SourceMap(source.values))


def load_deck_file(path: Path, display: str | None = None) -> LoadedDeck:
    """Read and validate one deck file."""
    display = display or display_path(path)
    return parse_deck(read_deck_text(path, display), display, path)


def unexpected_failure(display: str, error: Exception) -> ContentError:
    """A located error for a failure no check foresaw, so one file never stops the decks beside it."""
    return ContentError([Diagnostic(display, 1, 1, "error", "unreadable",
                                    f"could not load this file ({type(error).__name__}: {error}); "
                                    "please report it")])


def _is_special(path: Path) -> bool:
    """A pipe, socket or device: none is a deck, and reading a pipe may block forever."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False  # a broken link or a loop is reported when the file is read
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Deck files under ``paths``: files as given, directories searched recursively in order."""
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    if name.endswith(DECK_SUFFIXES) and not name.startswith("."):
                        if not _is_special(Path(root) / name) and not is_lexicon_file(Path(name)):
                            yield Path(root) / name
        elif not is_lexicon_file(path):
            yield path


def discover_lexicons(paths: Iterable[Path]) -> list[Path]:
    """The shared lexicon files for ``paths``: the bundled one, then any ``lexicon.yaml`` under them."""
    from ..paths import bundled_content_dir

    found: list[Path] = []
    bundled = bundled_content_dir() / "lexicon.yaml"
    candidates = [bundled] if bundled.is_file() else []
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                candidates += [Path(root) / name for name in sorted(files) if is_lexicon_file(Path(name))]
        elif is_lexicon_file(path):
            candidates.append(path)
    seen: set[Path] = set()
    for candidate in candidates:
        resolved = candidate.resolve()
        if resolved not in seen and not _is_special(candidate):
            seen.add(resolved)
            found.append(candidate)
    return found


def load_lexicons(paths: Iterable[Path], result: "DeckSet") -> None:
    """Read the shared lexicon files for ``paths`` into ``result``; broken ones are reported and skipped."""
    for path in discover_lexicons(paths):
        try:
            result.lexicons.append(load_lexicon_file(path, display_path(path)))
        except ContentError as error:
            result.diagnostics.extend(error.diagnostics)


def with_lexicons(result: "DeckSet") -> "DeckSet":
    """Give each deck of ``result`` its lexicon: the shared files' entries plus the deck's own."""
    shared = [lexicon.entries for lexicon in result.lexicons]
    result.decks = [replace(loaded, lexicon=merge([*shared, *([loaded.deck.lexicon] if loaded.deck.lexicon else [])]))
                    for loaded in result.decks]
    return result


class IdRegistry:
    """The deck and item ids of the decks seen so far, to report an id reused by a later deck.

    With ``keep_decks`` (when every deck stays loaded anyway) the position of a first use is
    looked up only for a duplicate, as a cached deck builds its source map on demand. Without it
    only the ids, file names and lines are kept, so decks can be checked one at a time and freed.
    """

    def __init__(self, *, keep_decks: bool = True) -> None:
        self._keep_decks = keep_decks
        self._deck_ids: dict[str, tuple[int, str]] = {}  # deck id -> (ordinal, display path) of its first deck
        # item id -> (ordinal of its deck, section, index, display path, its deck or the line of its id)
        self._item_ids: dict[str, tuple[int, str, int, str, "LoadedDeck | int"]] = {}
        self._added = 0

    def add(self, loaded: LoadedDeck) -> list[Diagnostic]:
        """The duplicate-id errors of ``loaded`` against the decks added before it (and itself)."""
        ordinal, self._added = self._added, self._added + 1
        found = []
        first_ordinal, first_path = self._deck_ids.setdefault(loaded.deck.id, (ordinal, loaded.display_path))
        if first_ordinal != ordinal:
            line, col = loaded.source.locate(("id",))
            found.append(Diagnostic(loaded.display_path, line, col, "error", "duplicate-id",
                                    f"deck id {loaded.deck.id!r} is also used by {first_path}"))
        for section, index, item in loaded.deck.sections():
            where: LoadedDeck | int = loaded if self._keep_decks else loaded.source.locate((section, index, "id"))[0]
            earlier = self._item_ids.setdefault(item.id, (ordinal, section, index, loaded.display_path, where))
            if earlier[:3] != (ordinal, section, index):
                _, other_section, other_index, other_path, other = earlier
                line, col = loaded.source.locate((section, index, "id"))
                other_line = other if isinstance(other, int) else \
                    other.source.locate((other_section, other_index, "id"))[0]
                found.append(Diagnostic(loaded.display_path, line, col, "error", "duplicate-id",
                                        f"{section}[{index}].id: {item.id!r} is already used at "
                                        f"{other_path}:{other_line}"))
        return found


def _duplicate_ids(decks: list[LoadedDeck]) -> Iterator[Diagnostic]:
    registry = IdRegistry()
    for loaded in decks:
        yield from registry.add(loaded)


def check_duplicate_ids(candidates: list[LoadedDeck], result: DeckSet) -> DeckSet:
    """Add ``candidates`` to ``result``, leaving out (and reporting) decks that reuse an id.

    The first deck to use an id keeps it, so progress keyed by item id can never
    be ambiguous.
    """
    duplicates = list(_duplicate_ids(candidates))
    result.diagnostics.extend(duplicates)
    rejected = {d.path for d in duplicates}
    result.decks.extend(d for d in candidates if d.display_path not in rejected)
    return result


def load_decks(paths: Iterable[Path]) -> DeckSet:
    """Load every deck under ``paths``. Decks with errors are left out and reported."""
    paths = list(paths)
    result = DeckSet()
    load_lexicons(paths, result)
    candidates: list[LoadedDeck] = []
    for path in discover(paths):
        try:
            candidates.append(load_deck_file(path))
        except ContentError as error:
            result.diagnostics.extend(error.diagnostics)
        except Exception as error:  # noqa: BLE001 - one bad file never blocks the valid decks
            result.diagnostics.extend(unexpected_failure(display_path(path), error).diagnostics)
    return with_lexicons(check_duplicate_ids(candidates, result))
