"""Write an export plan as an Anki package (.apkg) with genanki.

Deck ids, note GUIDs, note ids and card ids all come from ``anki_ids``, so
importing a newer export of the same decks updates the notes already in the
collection and keeps their review history.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Iterator

import genanki

from . import anki_ids
from .atomic import atomic_output
from .note_types import CSS, NOTE_TYPES, NoteType, anki_templates
from .notes import ExportPlan, NoteSpec

DECK_PREFIX = "prepdeck"


class _StableNote(genanki.Note):
    """A genanki note whose note and card ids are fixed instead of taken from the clock."""

    def __init__(self, *, ids: Iterator[int], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._ids = ids

    def write_to_db(self, cursor, timestamp, deck_id, id_gen):  # noqa: ANN001 - genanki's signature
        # genanki draws the note id, then one id per card, from ``id_gen``.
        super().write_to_db(cursor, timestamp, deck_id, self._ids)


def _models() -> dict[str, genanki.Model]:
    """Fresh genanki models (genanki mutates templates while writing, so none are shared)."""
    return {
        key: genanki.Model(
            note_type.model_id, note_type.name,
            fields=[{"name": name} for name in note_type.fields],
            templates=anki_templates(note_type), css=CSS,
        )
        for key, note_type in NOTE_TYPES.items()
    }


def deck_name(title: str) -> str:
    """The Anki deck name: under a ``prepdeck`` parent, with ``::`` kept out of the title."""
    return f"{DECK_PREFIX}::{' '.join(title.replace('::', ': ').split())}"


def _note(spec: NoteSpec, model: genanki.Model, position: int,
          note_ids: anki_ids.IdAllocator, card_ids: anki_ids.IdAllocator) -> genanki.Note:
    guid = anki_ids.note_guid(spec.deck_id, spec.item_id, spec.variant)
    note_type: NoteType = spec.note_type
    ids = itertools.chain(
        [note_ids.take(anki_ids.note_id(guid))],
        (card_ids.take(anki_ids.card_id(guid, ordinal)) for ordinal in itertools.count()),
    )
    return _StableNote(model=model, fields=[spec.fields.get(name, "") for name in note_type.fields],
                       tags=list(spec.tags), guid=guid, due=position, ids=ids)


def build_package(plan: ExportPlan, suspended: frozenset[tuple[str, str]] = frozenset()) -> genanki.Package:
    """The genanki package for ``plan``: one Anki deck per prepdeck deck.

    Items in ``suspended`` (deck id, item id: the candidate suspended them in prepdeck)
    become suspended cards, so Anki keeps them aside too.
    """
    models = _models()
    note_ids, card_ids = anki_ids.IdAllocator(), anki_ids.IdAllocator()
    decks, position = [], 0
    for export in plan.decks:
        deck = genanki.Deck(anki_ids.deck_id(export.deck_id), deck_name(export.title),
                            description=export.description)
        for spec in export.notes:
            # ``due`` orders new cards, so Anki introduces them in deck-file order.
            note = _note(spec, models[spec.note_type.key], position, note_ids, card_ids)
            if (spec.deck_id, spec.item_id) in suspended:
                for card in note.cards:
                    card.suspend = True
            deck.add_note(note)
            position += 1
        decks.append(deck)
    return genanki.Package(decks)


def _write_package(package: genanki.Package, out: Path, timestamp: float) -> None:
    """genanki's ``Package.write_to_file``, minus its leaked temporary database in /tmp."""
    with tempfile.TemporaryDirectory(prefix="prepdeck-apkg-") as scratch:
        db_path = Path(scratch) / "collection.anki2"
        connection = sqlite3.connect(db_path)
        try:
            package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            connection.commit()
        finally:
            connection.close()
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(db_path, "collection.anki2")
            archive.writestr("media", json.dumps({}))


def write_apkg(plan: ExportPlan, out: Path, *, timestamp: float | None = None,
               suspended: frozenset[tuple[str, str]] = frozenset()) -> None:
    """Write ``plan`` to ``out`` atomically: a failed export never leaves half a file.

    ``timestamp`` is the modification time stamped on notes; Anki's importer
    updates an existing note only when the incoming one is newer, so it
    defaults to now.
    """
    package = build_package(plan, suspended)
    with atomic_output(out) as temp:
        _write_package(package, temp, time.time() if timestamp is None else timestamp)
