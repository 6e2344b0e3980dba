"""The thorough check: a trainer question whose answer sits in one option position is flagged."""

from __future__ import annotations

from prepdeck.core.generate.variety import check_variety, measure
from prepdeck.core.loader import load_decks
from prepdeck.core.model import Generated

DECK = """\
id: v
title: V
generated:
  - id: fixed-rates
    family: lr-divergence
    source: s
    params: {{ask: diverged, learning_rates: [0.01, 0.1, 100, 200], epochs: 3}}
  - id: drawn-rates
    family: lr-divergence
    source: s
    params: {{ask: diverged, epochs: 3}}
"""


def _deck(tmp_path):
    path = tmp_path / "v.yaml"
    path.write_text(DECK.format())
    decks = load_decks([path])
    assert not decks.diagnostics, decks.diagnostics
    return decks.decks[0]


def test_an_answer_always_in_the_same_place_is_flagged_and_a_varied_one_is_not(tmp_path):
    found = list(check_variety(_deck(tmp_path), draws=16))
    assert [d.code for d in found] == ["answer-position"]
    assert "(fixed-rates)" in found[0].message and "option 3 is the answer in 100%" in found[0].message


def test_drawn_learning_rates_put_the_diverged_run_in_several_places():
    item = Generated(id="x", source="s", family="lr-divergence", params={"ask": "diverged", "epochs": 3})
    variety = measure(item, draws=16)
    assert variety.with_options == 16 and len(variety.positions) >= 3


def test_numeric_questions_stop_after_a_short_probe():
    item = Generated(id="x", source="s", family="steps", params={})
    variety = measure(item, draws=200)
    assert variety.with_options == 0 and variety.draws < 200
