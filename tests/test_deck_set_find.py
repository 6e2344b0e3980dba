"""DeckSet.find: the item with an id, kept right when the set's decks change."""

from __future__ import annotations

import pytest

from prepdeck.core.loader import DeckSet, load_decks
from prepdeck.paths import bundled_content_dir


def test_find_sees_a_deck_added_after_a_lookup_and_forgets_one_removed():
    bundled = load_decks([bundled_content_dir()])
    first, second = bundled.decks[0], bundled.decks[1]
    item_of_first = next(first.deck.items())
    item_of_second = next(second.deck.items())
    decks = DeckSet(decks=[first])

    assert decks.find(item_of_first.id) == (first, item_of_first)
    with pytest.raises(KeyError):
        decks.find(item_of_second.id)

    decks.decks.append(second)
    assert decks.find(item_of_second.id) == (second, item_of_second)

    decks.decks.remove(first)
    with pytest.raises(KeyError):
        decks.find(item_of_first.id)
