"""Argument types for whole-number options, shared by commands (no heavy imports)."""

from __future__ import annotations

import argparse

MAX_SEED = 2**63
"""Seeds are stored with each session as an SQLite INTEGER (64-bit signed)."""


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def positive(text: str) -> int:
    value = _whole(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def non_negative(text: str) -> int:
    value = _whole(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def seed(text: str) -> int:
    value = non_negative(text)
    if value >= MAX_SEED:
        raise argparse.ArgumentTypeError(f"must be below 2**63 ({MAX_SEED:,})")
    return value
