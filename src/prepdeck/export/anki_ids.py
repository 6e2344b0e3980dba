"""Stable Anki identifiers derived from prepdeck's deck and item ids.

Anki recognises a re-imported note by its GUID and keeps its review history,
so every identifier here is a pure function of prepdeck ids: exporting the same
deck twice, or after editing it, yields the same deck, note and card ids, and
the import updates notes in place instead of duplicating them.
"""

from __future__ import annotations

import hashlib

import genanki

# Anki's own deck and model ids are millisecond timestamps; genanki recommends
# this range for hand-made ones, which keeps them clear of Anki's built-ins.
DECK_ID_RANGE = (1 << 30, 1 << 31)
# Anki reads note and card ids as creation times in milliseconds. Keeping them
# inside 2001-2020 makes the "added" column plausible instead of a far-future date.
NOTE_ID_RANGE = (1_000_000_000_000, 1_600_000_000_000)


def stable_int(key: str, low: int, high: int) -> int:
    """A deterministic integer in ``[low, high)`` for ``key`` (SHA-256 based)."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return low + int.from_bytes(digest[:8], "big") % (high - low)


def deck_id(deck: str) -> int:
    """The Anki deck id of the prepdeck deck with id ``deck``."""
    return stable_int(f"prepdeck:{deck}", *DECK_ID_RANGE)


def note_guid(deck: str, item: str, variant: str = "") -> str:
    """The note GUID of an item; ``variant`` tells apart several notes of one item."""
    parts = ["prepdeck", deck, item] + ([variant] if variant else [])
    return genanki.guid_for(*parts)


def note_id(guid: str) -> int:
    """The preferred note id for a GUID (see ``IdAllocator`` for collisions)."""
    return stable_int(f"prepdeck:note:{guid}", *NOTE_ID_RANGE)


def card_id(guid: str, ordinal: int) -> int:
    """The preferred id of card ``ordinal`` of the note with this GUID."""
    return stable_int(f"prepdeck:card:{guid}:{ordinal}", *NOTE_ID_RANGE)


class IdAllocator:
    """Hands out preferred ids, stepping past any already taken in this export.

    Two keys hashing to the same id is rare (about 1 in 10^8 per pair) but
    would make the package invalid; probing upwards keeps ids unique, and is
    still deterministic for the same content.
    """

    def __init__(self) -> None:
        self._taken: set[int] = set()

    def take(self, preferred: int) -> int:
        candidate = preferred
        while candidate in self._taken:
            candidate += 1
        self._taken.add(candidate)
        return candidate
