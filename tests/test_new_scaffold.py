"""`prepdeck new`: a starter deck with every item kind that passes `prepdeck check` as written."""

from __future__ import annotations

import json

import pytest

from prepdeck.cli import main
from prepdeck.core.loader import load_deck_file
from prepdeck.core.model import SECTIONS
from prepdeck.export.schema import deck_json_schema


def test_scaffold_passes_check_strictly_with_every_registered_check(tmp_path, capsys):
    deck = tmp_path / "ml-basics.yaml"
    assert main(["new", str(deck)]) == 0
    capsys.readouterr()
    # --strict: not even a warning, whatever checks the engines have registered.
    assert main(["check", "--strict", str(deck)]) == 0, capsys.readouterr().out


def test_scaffold_has_every_kind_and_the_schema_line(tmp_path):
    deck = tmp_path / "ml-basics.yaml"
    assert main(["new", str(deck)]) == 0
    first_line = deck.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=prepdeck.schema.json"
    loaded = load_deck_file(deck)
    assert loaded.deck.id == "ml-basics"
    for section in SECTIONS:
        assert getattr(loaded.deck, section), f"no {section} in the scaffold"
    assert all(item.id.startswith("ml-basics.") for item in loaded.deck.items())
    schema = json.loads((tmp_path / "prepdeck.schema.json").read_text(encoding="utf-8"))
    assert schema == deck_json_schema()


def test_two_scaffolds_in_one_folder_check_together(tmp_path, capsys):
    assert main(["new", str(tmp_path / "one.yaml")]) == 0
    assert main(["new", str(tmp_path / "two.yml"), "--title", "Second: deck"]) == 0
    assert load_deck_file(tmp_path / "two.yml").deck.title == "Second: deck"
    capsys.readouterr()
    assert main(["check", str(tmp_path)]) == 0, capsys.readouterr().out


def test_refuses_to_overwrite(tmp_path, capsys):
    deck = tmp_path / "mine.yaml"
    deck.write_text("my work\n", encoding="utf-8")
    assert main(["new", str(deck)]) == 2
    assert deck.read_text(encoding="utf-8") == "my work\n"
    err = capsys.readouterr().err
    assert "already exists" in err and len(err.strip().splitlines()) == 1


def test_explicit_schema_reference_writes_no_schema_file(tmp_path):
    deck = tmp_path / "deck.yaml"
    assert main(["new", str(deck), "--schema", "../schema/deck.json", "--id", "custom"]) == 0
    assert deck.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../schema/deck.json\n")
    assert not (tmp_path / "prepdeck.schema.json").exists()
    assert load_deck_file(deck).deck.id == "custom"


def test_existing_schema_file_is_left_alone(tmp_path):
    (tmp_path / "prepdeck.schema.json").write_text("{}", encoding="utf-8")
    assert main(["new", str(tmp_path / "deck.yaml")]) == 0
    assert (tmp_path / "prepdeck.schema.json").read_text(encoding="utf-8") == "{}"


@pytest.mark.parametrize("argv", [
    ["new", "deck.txt"],                      # not a YAML name
    ["new", "missing-folder/deck.yaml"],      # folder does not exist
    ["new", "___.yaml"],                      # no id can be made from the name
    ["new", "deck.yaml", "--id", "Bad Id"],   # invalid explicit id
    ["new", "deck.yaml", "--id", "x" * 100],  # item ids would be too long
    ["new", "deck.yaml", "--title", "   "],
])
def test_bad_arguments_are_usage_errors(tmp_path, monkeypatch, capsys, argv):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "deck.yaml").exists()
