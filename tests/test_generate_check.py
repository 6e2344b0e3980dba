"""`prepdeck check` on generating items: located errors for formulas, draws, worked examples and families."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from prepdeck.cli import main
from prepdeck.core.diagnostics import Diagnostic
from prepdeck.core.generate.check import SAMPLE_DRAWS, check_generation
from prepdeck.core.loader import load_deck_file

HEADER = """\
id: t
title: Test deck
"""


def _check(tmp_path: Path, body: str) -> list[Diagnostic]:
    path = tmp_path / "deck.yaml"
    path.write_text(HEADER + body, encoding="utf-8")
    return list(check_generation(load_deck_file(path)))


def _line_of(tmp_path: Path, needle: str) -> int:
    lines = (tmp_path / "deck.yaml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def _calc(answer: str = "n * e", extra: str = "", constraints: str = "") -> str:
    """A deck body with one calculation; ``extra`` holds more item fields, one per line, unindented."""
    fields = "".join(f"    {line}\n" for line in textwrap.dedent(extra).splitlines())
    lines = [
        "calculations:",
        "  - id: c1",
        "    source: test",
        '    prompt: "{n} samples for {e} epochs"',
        "    params:",
        "      n: {choices: [10, 20]}",
        "      e: {min: 1, max: 4}",
        *([f"    constraints: {constraints}"] if constraints else []),
        f"    answer: {answer}",
    ]
    return "\n".join(lines) + "\n" + fields


def test_a_sound_calculation_has_no_findings(tmp_path: Path) -> None:
    assert _check(tmp_path, _calc()) == []


@pytest.mark.parametrize(("answer", "fragment"), [
    ("9**9**9", "power too large"),
    ("n * q", "unknown name 'q'"),
    ("n.__class__", "attribute access"),
    ("'text'", "string is not allowed"),
    ("[i for i in n]", "comprehension"),
])
def test_bad_formulas_are_located_at_the_answer(tmp_path: Path, answer: str, fragment: str) -> None:
    found = _check(tmp_path, _calc(answer=f'"{answer}"'))
    assert len(found) == 1
    assert found[0].severity == "error" and found[0].code == "formula" and fragment in found[0].message
    assert found[0].line == _line_of(tmp_path, "answer:")
    assert found[0].message.startswith("calculations[0] (c1): answer: ")


def test_a_draw_that_errors_is_reported_once_with_its_values_and_a_count(tmp_path: Path) -> None:
    found = _check(tmp_path, _calc(answer='"n / (e - 2)"'))
    assert len(found) == 1
    message = found[0].message
    assert found[0].code == "formula-error" and "division by zero in `n / (e - 2)`" in message
    assert "with n=10, e=2" in message and "[and 1 more of all 8 parameter combinations]" in message


def test_non_finite_and_non_integer_answers(tmp_path: Path) -> None:
    (non_finite,) = _check(tmp_path, _calc(answer='"n * 1e308 * 1e10"'))
    assert non_finite.code == "non-finite"
    (fractional,) = _check(tmp_path, _calc(answer='"n / 3"', extra="integer: true"))
    assert fractional.code == "not-integer" and "not a whole number" in fractional.message


def test_derived_and_wrong_answer_fields_are_located(tmp_path: Path) -> None:
    body = """\
    calculations:
      - id: c1
        source: test
        prompt: "{n}"
        params:
          n: {choices: [0, 5]}
        derived:
          inv: 1 / n
        constraints: [n >= 0]
        answer: n
        wrong_answers:
          - formula: log(n)
            diagnosis: why
    """
    body = textwrap.dedent(body)
    diagnostics = _check(tmp_path, body)
    assert [d.line for d in diagnostics] == [_line_of(tmp_path, "inv:")]
    body = body.replace("inv: 1 / n", "inv: 1 / (n + 1)")
    (wrong,) = _check(tmp_path, body)
    assert wrong.line == _line_of(tmp_path, "formula: log(n)") and "math domain error" in wrong.message


def test_unsatisfiable_and_sparse_constraints(tmp_path: Path) -> None:
    (never,) = _check(tmp_path, _calc(constraints="[n > 100]"))
    assert never.code == "constraints" and never.severity == "error" and "no draw satisfies" in never.message
    sparse = """\
    calculations:
      - id: c1
        source: test
        prompt: "{a}"
        params:
          a: {min: 1, max: 1000000}
        constraints: [a <= 100]
        answer: a
    """
    # Under 1% accepted: an error now, since a draw's tries are bounded and could all miss.
    (sparse_error,) = _check(tmp_path, textwrap.dedent(sparse))
    assert sparse_error.severity == "error" and f"of {SAMPLE_DRAWS:,} seeded draws (under 1%)" in sparse_error.message


def test_templates_are_checked(tmp_path: Path) -> None:
    body = _calc().replace('prompt: "{n} samples for {e} epochs"', 'prompt: "{n} samples, {missing}"')
    (found,) = _check(tmp_path, body)
    assert found.code == "template" and found.line == _line_of(tmp_path, "prompt:")
    body = _calc().replace('prompt: "{n} samples for {e} epochs"', 'prompt: "{n.__class__}"')
    (found,) = _check(tmp_path, body)
    assert "plain name" in found.message
    body = _calc(answer='"n / 3"').replace('prompt: "{n} samples for {e} epochs"', 'prompt: "{answer:d}"')
    (found,) = _check(tmp_path, body)
    assert found.code == "template" and "cannot format" in found.message


def test_fixed_examples_are_checked_against_the_formula(tmp_path: Path) -> None:
    body = _calc(extra="""\
        fixed_examples:
          - params: {n: 50000, e: 20}
            answer: 1000000
          - params: {n: 10, e: 3}
            answer: 31
          - params: {n: 10}
            answer: 10
        """)
    found = _check(tmp_path, body)
    assert [d.code for d in found] == ["fixed-example", "fixed-example"]
    assert found[0].line == _line_of(tmp_path, "answer: 31") and "gives 30" in found[0].message
    assert "missing parameter(s) e" in found[1].message


def test_a_fixed_example_within_tolerance_passes(tmp_path: Path) -> None:
    body = _calc(answer='"n / 3"', extra="""\
        tolerance: {rel: 0.01}
        fixed_examples:
          - params: {n: 10, e: 1}
            answer: 3.33
        """)
    assert _check(tmp_path, body) == []


def test_generated_items_name_known_families_with_valid_params(tmp_path: Path) -> None:
    body = """\
    generated:
      - id: g1
        source: test
        family: stpes
        params: {}
      - id: g2
        source: test
        family: early-stopping
        params:
          patience: 0
          colour: red
      - id: g3
        source: test
        family: lr-divergence
        params: {}
    """
    found = _check(tmp_path, textwrap.dedent(body))
    assert [d.code for d in found] == ["unknown-family", "family-params", "family-params"]
    assert found[0].line == _line_of(tmp_path, "family: stpes") and "known families: steps" in found[0].message
    assert found[1].line == _line_of(tmp_path, "patience: 0")
    assert found[2].line == _line_of(tmp_path, "colour: red") and "Extra inputs" in found[2].message


def test_prepdeck_check_reports_and_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text(HEADER + _calc(answer='"9**9**9"'), encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:" in out and "error: calculations[0] (c1): answer: power too large" in out
