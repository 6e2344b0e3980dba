"""`prepdeck export --csv`: Anki's text-import format with its header lines."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import genanki

from prepdeck.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "example_deck.yaml"

# The header lines Anki's importer reads (docs.ankiweb.net, "Importing › Text Files › File Headers").
EXPECTED_HEADERS = [
    "#separator:Comma",
    "#html:true",
    "#guid column:1",
    "#deck column:2",
    "#tags column:5",
    "#columns:GUID,Deck,Front,Back,Tags",
]


def export_csv(tmp_path: Path, *extra: str) -> tuple[list[str], list[list[str]]]:
    deck = tmp_path / "deck.yaml"
    if not deck.exists():
        shutil.copy(FIXTURE, deck)
    out = tmp_path / "out.csv"
    assert main(["export", "--csv", str(out), "--trainer-instances", "0", *extra, str(deck)]) == 0
    text = out.read_text(encoding="utf-8")
    lines = text.split("\n")
    headers = [line for line in lines if line.startswith("#")]
    body = "\n".join(line for line in lines[len(headers):])
    return headers, list(csv.reader(io.StringIO(body)))


def test_header_lines_open_the_file_in_order(tmp_path):
    headers, _ = export_csv(tmp_path)
    assert headers == EXPECTED_HEADERS


def test_one_row_per_card(tmp_path):
    _, rows = export_csv(tmp_path, "--instances", "1")
    assert all(len(row) == 5 for row in rows)
    # concept (2 cards: both directions) + question + 2 choices + 1 calculation instance
    assert len(rows) == 6
    assert len({row[0] for row in rows}) == len(rows)  # every card its own GUID
    assert {row[1] for row in rows} == {"prepdeck::Example deck with one item of every kind"}

    fronts = [row[2] for row in rows]
    term_first = next(row for row in rows if row[2] == '<div class="term">Epoch</div>')
    assert "One complete pass of the entire training dataset" in term_first[3]
    reverse = next(row for row in rows if row[2].startswith('<div class="definition">'))
    assert '<div class="term">Epoch</div>' in reverse[3]
    assert any("<li>goes down</li>" in front for front in fronts)
    question = next(row for row in rows if "Why does a larger batch size need more memory?" in row[2])
    assert "Model answer" in question[3] and "Activations for every example" in question[3]
    assert question[4].split() == ["batch-size", "memory", "prepdeck::question", "prepdeck::easy"]


def test_guids_are_stable_and_differ_from_the_apkg(tmp_path):
    _, first = export_csv(tmp_path)
    _, second = export_csv(tmp_path)
    assert [row[0] for row in first] == [row[0] for row in second]
    apkg_guid = genanki.guid_for("prepdeck", "example", "ex-epoch")
    assert apkg_guid not in {row[0] for row in first}


def test_every_data_line_is_quoted_so_anki_never_reads_it_as_a_comment(tmp_path):
    export_csv(tmp_path)
    lines = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    data = [line for line in lines[len(EXPECTED_HEADERS):] if line]
    assert data and all(line.startswith('"') for line in data)
