"""Exports of decks and progress to other tools' formats."""
