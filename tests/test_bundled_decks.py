"""The decks shipped with prepdeck: installed with the package, valid, and complete."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

from prepdeck.core.model_base import KINDS
from prepdeck.paths import bundled_content_dir

SEEDS = ("000_21cfd9ac93f63250.txt", "001_a3f875b6efd247f3.txt", "003_20f5dbbfdb3bbf45.txt", "004_68a590d5c1aaae6b.txt")


def _prepdeck(*args: str, cwd) -> subprocess.CompletedProcess[str]:
    # Run from an unrelated directory, as a user would: the decks must come from the package.
    return subprocess.run([sys.executable, "-m", "prepdeck", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def test_bundled_content_ships_with_the_package():
    content = bundled_content_dir()
    assert content.is_dir()
    assert len(list(content.rglob("*.yaml"))) >= 4


def test_check_on_bundled_decks_exits_zero(tmp_path):
    result = _prepdeck("check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_list_json_covers_every_kind_and_seed_with_enough_items(tmp_path):
    result = _prepdeck("list", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) >= 80
    assert {"id", "deck", "kind", "prompt", "tags", "source"} <= set(rows[0])
    kinds = Counter(row["kind"] for row in rows)
    assert set(kinds) == set(KINDS), kinds
    for seed in SEEDS:
        assert any(seed in row["source"] for row in rows), f"no item cites {seed}"
    assert len({row["id"] for row in rows}) == len(rows)


def test_every_bundled_concept_has_an_authored_rubric_its_definition_meets():
    from prepdeck.core.grading import grade_item
    from prepdeck.core.loader import load_decks

    decks = load_decks([bundled_content_dir()])
    weak = []
    for loaded in decks.decks:
        for concept in loaded.deck.concepts:
            assert concept.rubric, f"{concept.id}: no authored rubric"
            result = grade_item(concept, concept.definition, loaded.deck.thresholds, loaded.lexicon)
            if result.verdict != "strong":
                weak.append((concept.id, round(result.score, 2)))
    assert weak == []
