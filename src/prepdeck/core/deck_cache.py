"""A cache of parsed decks, keyed on each file's content hash, so later starts skip YAML.

Parsing and validating the bundled decks is the largest piece of start-up work
that does not depend on the user. Each valid deck file is stored, as JSON (the
validated model's own ``model_dump_json``; reading it runs no code, unlike a
pickle in a folder someone else might write to), under the
SHA-256 of its bytes, the prepdeck version and a fingerprint of the deck
model's JSON Schema, so an edited file is simply a cache miss, and so is an
entry written by a model with other fields (the version alone is not bumped for
every change of the model, and such an entry would load and then fail). Files with errors are never cached: their
diagnostics are recomputed every time. A corrupt or unreadable cache entry is
ignored and rewritten; the cache can always be deleted.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Iterable

from .. import __version__
from .diagnostics import ContentError
from . import model
from .loader import (DeckSet, LoadedDeck, check_duplicate_ids, discover, display_path, load_lexicons, parse_deck,
                     read_deck_text, unexpected_failure, with_lexicons)
from .yaml_source import Path_, SourceMap


@functools.cache
def model_fingerprint() -> str:
    """A hash of the deck model's JSON Schema: it changes whenever a field, type or constraint does."""
    Deck = model.Deck  # looked up at call time, so a replaced model is seen
    schema = json.dumps(Deck.model_json_schema(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(schema.encode("utf-8")).hexdigest()


def _entry_path(cache_dir: Path, data: bytes) -> Path:
    key = f"{__version__}\0{model_fingerprint()}\0".encode()
    digest = hashlib.sha256(key + data).hexdigest()
    return cache_dir / f"{digest}.json"


def _positions_json(positions: dict[Path_, tuple[int, int]]) -> str:
    return json.dumps([[list(path), line, col] for path, (line, col) in positions.items()],
                      separators=(",", ":"), ensure_ascii=False)


def _positions(text: str) -> dict[Path_, tuple[int, int]]:
    return {tuple(path): (line, col) for path, line, col in json.loads(text)}


class _CachedSourceMap(SourceMap):
    """A source map read from a cache entry only when a position is first asked for.

    Most starts never need one (positions serve error messages and the editor), and
    building the dicts costs more than reading the deck itself. A damaged map, which
    a valid entry never holds, reads as empty: positions fall back to the file start.
    """

    def __init__(self, values_json: str, keys_json: str):  # noqa: D107 - no dataclass init on purpose
        self._texts = (values_json, keys_json)
        self._maps: tuple[dict[Path_, tuple[int, int]], dict[Path_, tuple[int, int]]] | None = None

    def _load(self) -> tuple[dict[Path_, tuple[int, int]], dict[Path_, tuple[int, int]]]:
        if self._maps is None:
            try:
                self._maps = (_positions(self._texts[0]), _positions(self._texts[1]))
            except (ValueError, TypeError):
                self._maps = ({}, {})
        return self._maps

    @property
    def values(self) -> dict[Path_, tuple[int, int]]:  # type: ignore[override]
        return self._load()[0]

    @property
    def keys(self) -> dict[Path_, tuple[int, int]]:  # type: ignore[override]
        return self._load()[1]


def _read_entry(entry: Path, path: Path, display: str) -> LoadedDeck | None:
    """The cached deck, or None for a missing, damaged or foreign entry (then the file is parsed)."""
    try:
        deck_json, values_json, keys_json = entry.read_text(encoding="utf-8").split("\n", 2)
        deck = model.Deck.model_validate_json(deck_json)
        source = _CachedSourceMap(values_json, keys_json)
    except Exception:  # noqa: BLE001 - a damaged entry can fail any way (ValueError, TypeError, OSError...)
        return None
    # The same content may live at another path (a copy of a deck): label it with this one.
    return LoadedDeck(path, display, deck, source)


def _write_entry(cache_dir: Path, entry: Path, loaded: LoadedDeck) -> None:
    try:
        cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Three lines: the deck, then where each value and each key is. JSON, so reading an
        # entry only ever builds data, never runs code, whoever wrote the file.
        text = "\n".join((loaded.deck.model_dump_json(), _positions_json(loaded.source.values),
                          _positions_json(loaded.source.keys)))
        # Write then rename, so a concurrent reader never sees half an entry.
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, entry)
    except (OSError, ValueError):
        pass  # a cache that cannot be written only costs speed


def load_decks_cached(paths: Iterable[Path], cache_dir: Path) -> DeckSet:
    """Like ``load_decks``, but reuses parsed decks whose file content has not changed."""
    # As in parsing: the collector finds nothing to free among fresh models, but scanning them costs.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_decks_cached(list(paths), cache_dir)
    finally:
        if was_enabled:
            gc.enable()


def _load_decks_cached(paths: list[Path], cache_dir: Path) -> DeckSet:
    result = DeckSet()
    load_lexicons(paths, result)
    candidates: list[LoadedDeck] = []
    for path in discover(paths):
        display = display_path(path)
        try:
            text = read_deck_text(path, display)
        except ContentError as error:
            result.diagnostics.extend(error.diagnostics)
            continue
        entry = _entry_path(cache_dir, text.encode("utf-8"))
        loaded = _read_entry(entry, path, display)
        if loaded is None:
            try:
                loaded = parse_deck(text, display, path)
            except ContentError as error:
                result.diagnostics.extend(error.diagnostics)
                continue
            except Exception as error:  # noqa: BLE001 - one bad file never blocks the valid decks
                result.diagnostics.extend(unexpected_failure(display, error).diagnostics)
                continue
            _write_entry(cache_dir, entry, loaded)
        candidates.append(loaded)
    return with_lexicons(check_duplicate_ids(candidates, result))
