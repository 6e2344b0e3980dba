"""Contradiction probes in ``prepdeck check``: a claim rubric must notice its own model answer inverted."""

from __future__ import annotations

from prepdeck.cli import main

DECK = """\
id: probes
title: Probes
questions:
  - id: q-lr
    source: test
    prompt: You multiply the batch size by 8. What do you do with the learning rate?
    model_answer: Increase the learning rate by the same factor, with a warm-up.
    rubric:
      - description: Raise the learning rate
        weight: 2
        claim:
          subject: [learning rate, lr]
          predicate: [{predicate}]
      - description: Warm up
        keywords: [[warm-up, warm up]]
"""


def check(tmp_path, capsys, predicate: str) -> tuple[int, list[str]]:
    deck = tmp_path / "probes.yaml"
    deck.write_text(DECK.format(predicate=predicate), encoding="utf-8")
    code = main(["check", str(deck)])
    lines = [line for line in capsys.readouterr().out.splitlines() if "probe-not-contradicted" in line
             or "criterion “Raise the learning rate”" in line]
    return code, lines


def test_a_claim_that_notices_its_model_answer_inverted_gives_no_warning(tmp_path, capsys):
    code, lines = check(tmp_path, capsys, "increase, raise")
    assert code == 0 and lines == []


def test_a_claim_that_accepts_either_direction_is_a_located_warning_naming_the_criterion(tmp_path, capsys):
    code, lines = check(tmp_path, capsys, "increase, decrease, change")
    assert code == 0  # a warning, not an error
    assert len(lines) == 1
    path = tmp_path / "probes.yaml"
    assert lines[0].startswith(f"{path}:12:11: warning: q-lr: criterion “Raise the learning rate”: its model "
                               "answer with a direction turned over (“decrease the learning rate by the same factor")
    assert lines[0].endswith("does not contradict the claim")
