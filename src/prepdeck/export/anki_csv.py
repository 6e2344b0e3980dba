"""Write an export plan as a text file in Anki's import format (File › Import).

The header lines tell Anki (2.1.55 and later) how to read the file, so the
import needs no manual set-up::

    #separator:Comma
    #html:true
    #guid column:1
    #deck column:2
    #tags column:5
    #columns:GUID,Deck,Front,Back,Tags

The Front and Back columns map by name onto Anki's "Basic" note type. Each
card becomes one row (a concept gives two, term to definition and back), with
a GUID of its own, so importing a newer file updates the notes in place.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterator

from . import anki_ids
from .anki import deck_name
from .atomic import atomic_output
from .note_types import render_card
from .notes import ExportPlan

COLUMNS = ("GUID", "Deck", "Front", "Back", "Tags")


def header_lines() -> list[str]:
    """The ``#key:value`` lines that open the file, in the order Anki needs them.

    ``#separator`` comes first because Anki splits the ``#columns`` line with it.
    """
    return [
        "#separator:Comma",
        "#html:true",
        f"#guid column:{COLUMNS.index('GUID') + 1}",
        f"#deck column:{COLUMNS.index('Deck') + 1}",
        f"#tags column:{COLUMNS.index('Tags') + 1}",
        "#columns:" + ",".join(COLUMNS),
    ]


def rows(plan: ExportPlan) -> Iterator[tuple[str, str, str, str, str]]:
    """One row per card: GUID, deck, front HTML, back HTML, space-separated tags."""
    for export in plan.decks:
        deck = deck_name(export.title)
        for note in export.notes:
            for ordinal, card in enumerate(note.note_type.cards):
                front, back = render_card(card, note.fields)
                # Distinct from the .apkg GUIDs: the same GUID with another note
                # type would make Anki report a conflict instead of importing.
                guid = anki_ids.note_guid(note.deck_id, note.item_id, f"text:{note.variant}:{ordinal}")
                yield guid, deck, front, back, " ".join(note.tags)


def write_csv(plan: ExportPlan, out: Path) -> int:
    """Write ``plan`` to ``out`` (atomically); returns the number of rows."""
    count = 0
    with atomic_output(out) as temp:
        with temp.open("w", encoding="utf-8", newline="") as handle:
            for line in header_lines():
                handle.write(line + "\n")
            # Quote every field: Anki skips any line starting with '#' as a
            # comment, and a GUID or a front may well start with one.
            writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
            for row in rows(plan):
                writer.writerow(row)
                count += 1
    return count
