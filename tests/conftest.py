"""Fixtures shared by the study-engine tests (a test module may define its own to override)."""

from __future__ import annotations

import pytest
from study_helpers import example_decks

from prepdeck.store import Store


@pytest.fixture
def store(tmp_path):
    """A fresh progress database, closed after the test."""
    with Store.open(tmp_path / "progress.sqlite3") as opened:
        yield opened


@pytest.fixture
def decks():
    """The example deck, loaded and validated."""
    return example_decks()
