"""`prepdeck export --anki`: the .apkg is a valid Anki package with stable ids.

Expected ids are derived here from the documented scheme (SHA-256 of the
prepdeck ids, genanki's guid_for), not copied from the exporter's output.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import genanki
import pytest

from prepdeck.cli import main
from prepdeck.commands.export import ProgressLine

FIXTURE = Path(__file__).parent / "fixtures" / "example_deck.yaml"
FIELD_SEPARATOR = "\x1f"


@pytest.fixture(autouse=True)
def _own_progress_database(tmp_path, monkeypatch):
    # --anki marks the cards suspended in the progress database: never read the developer's own.
    monkeypatch.setenv("PREPDECK_HOME", str(tmp_path / "home"))


def expected_deck_id(deck: str) -> int:
    digest = hashlib.sha256(f"prepdeck:{deck}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def read_package(path: Path, tmp_path: Path) -> dict:
    """Notes, cards, decks and models of an .apkg, read with zipfile and sqlite3 only."""
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        assert {"collection.anki2", "media"} <= set(archive.namelist())
        assert json.loads(archive.read("media")) == {}
        db = tmp_path / f"{path.stem}-collection.anki2"
        db.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(db)
    try:
        notes = {guid: {"id": nid, "mid": mid, "tags": tags.split(), "fields": flds.split(FIELD_SEPARATOR)}
                 for nid, guid, mid, tags, flds in connection.execute("SELECT id, guid, mid, tags, flds FROM notes")}
        cards = connection.execute("SELECT id, nid, did, ord FROM cards").fetchall()
        decks_json, models_json = connection.execute("SELECT decks, models FROM col").fetchone()
    finally:
        connection.close()
    return {"notes": notes, "cards": cards, "decks": json.loads(decks_json), "models": json.loads(models_json)}


def guid(item: str, variant: str = "") -> str:
    return genanki.guid_for(*(["prepdeck", "example", item] + ([variant] if variant else [])))


def export(tmp_path: Path, deck: Path, name: str = "out.apkg", *extra: str) -> Path:
    out = tmp_path / name
    assert main(["export", "--anki", str(out), "--trainer-instances", "0", *extra, str(deck)]) == 0
    return out


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    path = tmp_path / "deck.yaml"
    shutil.copy(FIXTURE, path)
    return path


def test_package_holds_every_item_as_notes_with_fields_and_tags(tmp_path, deck, capsys):
    package = read_package(export(tmp_path, deck, "out.apkg", "--instances", "3"), tmp_path)
    notes = package["notes"]

    concept = notes[guid("ex-epoch")]
    assert concept["fields"][:2] == [
        "Epoch", "One complete pass of the entire training dataset through the learning algorithm."]
    assert "Also called: training epoch" in concept["fields"][2]
    assert {"training-loop", "prepdeck::concept"} <= set(concept["tags"])

    question = notes[guid("ex-batch-memory")]
    prompt, hints, answer, rubric, follow_ups, _ = question["fields"]
    assert prompt == "Why does a larger batch size need more memory?"
    assert "activations of the forward pass" in answer
    assert "Activations for every example in the batch are held at once" in rubric
    assert "batch size does not affect memory" in rubric
    assert "What is gradient accumulation?" in follow_ups and "Summing gradients" in follow_ups
    assert "backward pass" in hints
    assert {"batch-size", "memory", "prepdeck::question", "prepdeck::easy"} <= set(question["tags"])

    choice = notes[guid("ex-memory-choice")]
    assert "<li>goes down</li>" in choice["fields"][1]
    assert choice["fields"][2] == "A. goes up"
    true_false = notes[guid("ex-bigger-always-better")]
    assert true_false["fields"][2] == "False"

    # The worked example 50,000 / 125 × 20 = 8,000, plus two seeded draws.
    worked = notes[guid("ex-steps", "fixed-0")]
    assert "50,000 samples" in worked["fields"][0] and "125" in worked["fields"][0]
    assert worked["fields"][2] == "8,000 steps"
    assert "400 steps per epoch" in worked["fields"][3]
    calc_notes = [n for n in notes.values() if "prepdeck::calculation" in n["tags"]]
    assert len(calc_notes) == 3
    assert len({n["fields"][0] for n in calc_notes}) == 3

    # 1 concept + 1 question + 2 choices + 3 calculation instances; the trainer item is skipped.
    assert len(notes) == 7
    assert not any("trainer" in n["tags"] for n in notes.values())
    assert "skipped 1 mini-trainer item(s)" in capsys.readouterr().err


def test_cards_decks_and_models_are_consistent(tmp_path, deck):
    package = read_package(export(tmp_path, deck), tmp_path)
    deck_id = expected_deck_id("example")
    assert package["decks"][str(deck_id)]["name"] == "prepdeck::Example deck with one item of every kind"

    note_ids = {n["id"] for n in package["notes"].values()}
    assert all(nid in note_ids and did == deck_id for _, nid, did, _ in package["cards"])
    concept_id = package["notes"][guid("ex-epoch")]["id"]
    assert sorted(o for _, nid, _, o in package["cards"] if nid == concept_id) == [0, 1]  # both directions
    assert len({card_id for card_id, *_ in package["cards"]}) == len(package["cards"])

    models = package["models"]
    for note in package["notes"].values():
        model = models[str(note["mid"])]
        assert len(model["flds"]) == len(note["fields"])
    concept_model = models[str(package["notes"][guid("ex-epoch")]["mid"])]
    assert [t["qfmt"] for t in concept_model["tmpls"]] == [
        '{{#Term}}<div class="term">{{Term}}</div>{{/Term}}',
        '{{#Definition}}<div class="definition">{{Definition}}</div>{{/Definition}}',
    ]


def test_reexport_after_editing_keeps_every_id(tmp_path, deck):
    first = read_package(export(tmp_path, deck, "first.apkg"), tmp_path)

    text = deck.read_text(encoding="utf-8")
    text = text.replace("Reading a textbook from cover to cover once.", "Watching a whole series once.")
    text = text.replace("Why does a larger batch size need more memory?",
                        "Why does a larger batch size need more accelerator memory?")
    text = text.replace("choices:\n", "choices:\n  - id: ex-new\n    prompt: 'True or false: epochs are steps.'\n"
                                      "    answer: false\n    explanation: An epoch is many steps.\n"
                                      "    source: test\n", 1)
    deck.write_text(text, encoding="utf-8")
    second = read_package(export(tmp_path, deck, "second.apkg"), tmp_path)

    for key, note in first["notes"].items():
        assert second["notes"][key]["id"] == note["id"]
        assert second["notes"][key]["mid"] == note["mid"]
    assert second["decks"].keys() == first["decks"].keys()
    assert set(second["notes"]) - set(first["notes"]) == {guid("ex-new")}
    assert "Watching a whole series once." in second["notes"][guid("ex-epoch")]["fields"][2]
    assert second["notes"][guid("ex-batch-memory")]["fields"][0].endswith("more accelerator memory?")
    first_cards = {(nid, o): cid for cid, nid, _, o in first["cards"]}
    assert all(first_cards.get((nid, o), cid) == cid for cid, nid, _, o in second["cards"])


def test_text_is_html_escaped(tmp_path):
    deck = tmp_path / "html.yaml"
    deck.write_text(
        "id: html\ntitle: A <b> & C\ndescription: <img src=x onerror=alert(1)> & more\nconcepts:\n"
        "  - id: h1\n    term: <script>alert(1)</script>\n    definition: 'x < y & \"z\"'\n    source: s\n",
        encoding="utf-8")
    package = read_package(export(tmp_path, deck), tmp_path)
    (note,) = package["notes"].values()
    assert note["fields"][0] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert note["fields"][1] == 'x &lt; y &amp; "z"'
    (exported,) = [d for d in package["decks"].values() if d["name"].startswith("prepdeck::")]
    assert exported["desc"] == "&lt;img src=x onerror=alert(1)&gt; &amp; more"


def test_deck_selection_and_bad_input(tmp_path, deck, capsys):
    other = tmp_path / "other.yaml"
    other.write_text("id: other\ntitle: Other\nconcepts:\n  - id: o1\n    term: T\n    definition: D\n"
                     "    source: s\n", encoding="utf-8")
    out = tmp_path / "one.apkg"
    assert main(["export", "--anki", str(out), "--deck", "other", str(deck), str(other)]) == 0
    package = read_package(out, tmp_path)
    assert list(package["notes"]) == [genanki.guid_for("prepdeck", "other", "o1")]
    assert str(expected_deck_id("other")) in package["decks"]

    capsys.readouterr()
    assert main(["export", "--anki", str(out), "--deck", "nope", str(deck)]) == 2
    assert "unknown deck id(s): nope" in capsys.readouterr().err

    assert main(["export", str(deck)]) == 2
    assert main(["export", "--anki", str(tmp_path / "missing" / "x.apkg"), str(deck)]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err

    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\ntitle: [\n", encoding="utf-8")
    target = tmp_path / "never.apkg"
    assert main(["export", "--anki", str(target), str(broken)]) == 1
    assert not target.exists()
    err = capsys.readouterr().err
    assert "broken.yaml:" in err and "not exporting" in err


def test_progress_only_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    piped = io.StringIO()
    line = ProgressLine(piped, "exporting", delay=0)
    line(1, 2)
    line.close()
    assert piped.getvalue() == ""

    tty = Terminal()
    line = ProgressLine(tty, "exporting", delay=0)
    line(1, 2)
    line(2, 2)
    line.close()
    assert "\rexporting: 2/2 items" in tty.getvalue()
    assert tty.getvalue().endswith("\r\033[K")


def test_left_out_and_undrawable_items_are_reported_not_fatal(tmp_path, deck, capsys):
    text = deck.read_text(encoding="utf-8")
    # A calculation whose constraint rejects every draw: it loads, but no instance can be drawn.
    text = text.replace("    constraints: [n % b == 0]\n", "    constraints: [n < 0]\n")
    text = text.replace("      - params: {n: 50000, b: 125, e: 20}\n        answer: 8000\n", "      []\n")
    text = text.replace("    fixed_examples:\n      []\n", "")
    deck.write_text(text, encoding="utf-8")
    out = tmp_path / "partial.apkg"
    assert main(["export", "--anki", str(out), "--trainer-instances", "0", str(deck)]) == 0
    err = capsys.readouterr().err
    assert "prepdeck: warning: skipped ex-steps: ex-steps:" in err
    assert "skipped 1 mini-trainer item(s): they need a live run" in err
    notes = read_package(out, tmp_path)["notes"]
    assert len(notes) == 4 and not any("prepdeck::calculation" in n["tags"] for n in notes.values())

    assert main(["export", "--anki", str(out), "--instances", "0", "--trainer-instances", "1", str(deck)]) == 0
    assert "skipped 1 calculation item(s): --instances is 0" in capsys.readouterr().err
    notes = read_package(out, tmp_path)["notes"]
    assert [n for n in notes.values() if "prepdeck::generated" in n["tags"]]
