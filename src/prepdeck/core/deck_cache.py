"""A cache of parsed decks, keyed on each file's content hash, so later starts skip YAML.

Parsing and validating the bundled decks is the largest piece of start-up work
that does not depend on the user. Each valid deck file is pickled under the
SHA-256 of its bytes, the prepdeck version and a fingerprint of the deck
model's JSON Schema, so an edited file is simply a cache miss, and so is an
entry pickled by a model with other fields (the version alone is not bumped for
every change of the model, and such an entry would load and then fail). Files with errors are never cached: their
diagnostics are recomputed every time. A corrupt or unreadable cache entry is
ignored and rewritten; the cache can always be deleted.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import tempfile
from pathlib import Path
from typing import Iterable

from .. import __version__
from .diagnostics import ContentError
from .loader import (DeckSet, LoadedDeck, check_duplicate_ids, discover, display_path, parse_deck, read_deck_text,
                     unexpected_failure)


@functools.cache
def model_fingerprint() -> str:
    """A hash of the deck model's JSON Schema: it changes whenever a field, type or constraint does."""
    from .model import Deck

    schema = json.dumps(Deck.model_json_schema(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(schema.encode("utf-8")).hexdigest()


def _entry_path(cache_dir: Path, data: bytes) -> Path:
    key = f"{__version__}\0{model_fingerprint()}\0".encode()
    digest = hashlib.sha256(key + data).hexdigest()
    return cache_dir / f"{digest}.pickle"


def _read_entry(entry: Path, path: Path, display: str) -> LoadedDeck | None:
    try:
        with entry.open("rb") as handle:
            cached = pickle.load(handle)
    except Exception:  # noqa: BLE001 - a damaged pickle can raise anything (MemoryError, OverflowError...)
        return None
    if not isinstance(cached, LoadedDeck):
        return None
    # The same content may live at another path (a copy of a deck): re-label it.
    return LoadedDeck(path, display, cached.deck, cached.source)


def _write_entry(cache_dir: Path, entry: Path, loaded: LoadedDeck) -> None:
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a concurrent reader never sees half an entry.
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(loaded, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)
    except (OSError, pickle.PicklingError):
        pass  # a cache that cannot be written only costs speed


def load_decks_cached(paths: Iterable[Path], cache_dir: Path) -> DeckSet:
    """Like ``load_decks``, but reuses parsed decks whose file content has not changed."""
    result = DeckSet()
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
    return check_duplicate_ids(candidates, result)
