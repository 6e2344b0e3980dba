"""``prepdeck check`` reads one deck at a time, and reports exactly what loading every deck and linting them does."""

from __future__ import annotations

import shutil
from pathlib import Path

from prepdeck.commands.check_extensions import extra_checks
from prepdeck.core.lint import check_one_deck_at_a_time, lint
from prepdeck.core.loader import load_decks
from prepdeck.paths import bundled_content_dir

FIXTURES = Path(__file__).parent / "fixtures"


def _refs(*ids: str) -> str:
    return "follow_ups:\n" + "".join(f"  - prompt: And {ref}?\n    ref: {ref}\n" for ref in ids)


def _deck(deck_id: str, *questions: tuple[str, str]) -> str:
    """A deck of questions (id, YAML lines after the prompt and model answer)."""
    lines = [f"id: {deck_id}", f"title: Deck {deck_id}", "lexicon:", "  directions: [[rise, fall], [rise, sink]]",
             "questions:"]
    for item_id, extra in questions:
        lines += [f"  - id: {item_id}", f"    prompt: Why does {item_id} matter?",
                  "    model_answer: Because it sets how much memory each step needs.", "    source: test"]
        lines += [f"    {line}" for line in extra.splitlines()]
    return "\n".join(lines) + "\n"


def test_one_deck_at_a_time_reports_what_loading_them_all_reports(tmp_path):
    folder = tmp_path / "decks"
    shutil.copytree(bundled_content_dir(), folder / "bundled")
    shutil.copy(FIXTURES / "example_deck.yaml", folder / "example.yaml")
    (folder / "a-first.yaml").write_text(_deck(
        "first", ("f1", _refs("l1", "nowhere", "d1")),  # l1: in a later deck; d1: only in a rejected deck
        ("f2", _refs("l2"))))
    (folder / "b-dup-deck.yaml").write_text(_deck("first", ("d1", "")))  # reuses a deck id: left out
    (folder / "c-dup-item.yaml").write_text(_deck("other", ("f2", ""), ("o1", _refs("f1"))))
    (folder / "d-broken.yaml").write_text("id: [unclosed\n")
    (folder / "z-later.yaml").write_text(_deck("later", ("l1", ""), ("l2", _refs("o1"))))
    checks = extra_checks()
    decks = load_decks([folder])
    expected = decks.diagnostics + lint(decks, checks)
    got = check_one_deck_at_a_time([folder], checks)
    assert [d.format() for d in got] == [d.format() for d in expected]
    codes = {d.code for d in got}
    assert {"duplicate-id", "unknown-ref"} <= codes  # the cross-deck cases were exercised
    assert any("'nowhere'" in d.message for d in got) and not any("'l1'" in d.message for d in got)
    assert any("'d1'" in d.message for d in got)  # an id only a rejected deck has is unknown
    assert any(d.message.startswith("lexicon.directions") for d in got)
