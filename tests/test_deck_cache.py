"""The parsed-deck cache: hits skip parsing, edits and corruption fall back to parsing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from prepdeck.core import deck_cache
from prepdeck.core.loader import load_decks

EXAMPLE = Path(__file__).parent / "fixtures" / "example_deck.yaml"


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    target = tmp_path / "decks" / "example.yaml"
    target.parent.mkdir()
    shutil.copy(EXAMPLE, target)
    return target


def _forbid_parsing(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("parsed although the cache should have answered")

    monkeypatch.setattr(deck_cache, "parse_deck", fail)


def test_second_load_comes_from_the_cache_and_equals_a_fresh_parse(deck_file, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = deck_cache.load_decks_cached([deck_file.parent], cache)
    _forbid_parsing(monkeypatch)
    second = deck_cache.load_decks_cached([deck_file.parent], cache)
    fresh = load_decks([deck_file.parent])
    assert second.decks[0].deck == first.decks[0].deck == fresh.decks[0].deck
    assert second.decks[0].item_position("ex-steps") == fresh.decks[0].item_position("ex-steps")


def test_an_edited_file_is_parsed_again(deck_file, tmp_path):
    cache = tmp_path / "cache"
    deck_cache.load_decks_cached([deck_file], cache)
    deck_file.write_text(deck_file.read_text().replace("title: Example deck", "title: Edited deck"))
    again = deck_cache.load_decks_cached([deck_file], cache)
    assert again.decks[0].deck.title.startswith("Edited deck")


def test_a_corrupt_cache_entry_is_ignored(deck_file, tmp_path):
    cache = tmp_path / "cache"
    deck_cache.load_decks_cached([deck_file], cache)
    for entry in cache.iterdir():
        entry.write_bytes(b"not a pickle")
    again = deck_cache.load_decks_cached([deck_file], cache)
    assert [d.deck.id for d in again.decks] == ["example"] and again.diagnostics == []


def test_decks_with_errors_are_reported_every_time_and_never_cached(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: b\ntitle: B\nquestions: [oops\n")
    cache = tmp_path / "cache"
    for _ in range(2):
        result = deck_cache.load_decks_cached([broken], cache)
        assert result.decks == [] and len(result.diagnostics) == 1
    assert not cache.exists() or list(cache.iterdir()) == []


def test_a_changed_model_rebuilds_the_cache_instead_of_trusting_it(deck_file, tmp_path, monkeypatch):
    from prepdeck.core import model

    cache = tmp_path / "cache"
    deck_cache.load_decks_cached([deck_file.parent], cache)
    assert len(list(cache.iterdir())) == 1

    class DeckWithANewField(model.Deck):
        reviewed_by: str = "nobody"

    # The same prepdeck version, but a model with one more field, as in a development install.
    monkeypatch.setattr(model, "Deck", DeckWithANewField)
    deck_cache.model_fingerprint.cache_clear()
    parsed = []
    real_parse = deck_cache.parse_deck
    monkeypatch.setattr(deck_cache, "parse_deck", lambda *a, **k: parsed.append(a) or real_parse(*a, **k))
    try:
        again = deck_cache.load_decks_cached([deck_file.parent], cache)
    finally:
        monkeypatch.undo()
        deck_cache.model_fingerprint.cache_clear()
    assert len(parsed) == 1, "the entry written under the old model was trusted"
    assert not again.diagnostics and again.decks[0].deck.id
    # Back on the original model, its own entry is still a hit.
    _forbid_parsing(monkeypatch)
    assert deck_cache.load_decks_cached([deck_file.parent], cache).decks[0].deck == again.decks[0].deck


def test_the_fingerprint_follows_the_schema_not_the_process(monkeypatch):
    from prepdeck.core import model

    first = deck_cache.model_fingerprint()
    deck_cache.model_fingerprint.cache_clear()
    assert deck_cache.model_fingerprint() == first  # stable, so warm starts hit

    class StricterDeck(model.Deck):
        title: str = model.Field(max_length=10)

    monkeypatch.setattr(model, "Deck", StricterDeck)
    deck_cache.model_fingerprint.cache_clear()
    try:
        assert deck_cache.model_fingerprint() != first
    finally:
        monkeypatch.undo()
        deck_cache.model_fingerprint.cache_clear()


class _Payload:
    """A pickle that runs code when loaded: what a hostile user could plant in a shared cache folder."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "ran"))


def test_a_planted_entry_never_runs_code_and_is_parsed_over(deck_file, tmp_path):
    import pickle

    cache = tmp_path / "cache"
    cache.mkdir()
    marker = tmp_path / "PWNED"
    entry = deck_cache._entry_path(cache, deck_file.read_bytes())
    entry.write_bytes(pickle.dumps(_Payload(marker)))
    loaded = deck_cache.load_decks_cached([deck_file], cache)
    assert not marker.exists()
    assert [d.deck.id for d in loaded.decks] == ["example"] and loaded.diagnostics == []
    assert entry.read_bytes().startswith(b"{")  # rewritten as JSON


def test_a_cached_deck_keeps_every_position(deck_file, tmp_path):
    cache = tmp_path / "cache"
    fresh = deck_cache.load_decks_cached([deck_file], cache).decks[0]
    cached = deck_cache.load_decks_cached([deck_file], cache).decks[0]
    assert cached.source.values == fresh.source.values and cached.source.keys == fresh.source.keys
