"""Question families: replay, valid JSON, and every answer re-derived from the run the question reports."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from prepdeck.core.generate import GeneratedQuestion, GenerationError, families, generate_family, instantiate
from prepdeck.core.model import Generated

SEEDS = range(4)
NAMES = ["steps", "lr-divergence", "batch-sweep", "early-stopping", "lr-schedule", "dropout-gap", "scaling"]


def test_the_registry_lists_the_bundled_family_names() -> None:
    assert list(families()) == NAMES
    for family in families().values():
        assert family.description and family.params_model.model_validate({})  # `params: {}` works


def test_importing_the_package_does_not_import_numpy() -> None:
    code = ("import sys, prepdeck.core.generate as g; g.families(); "
            "import prepdeck.core.generate.check; assert 'numpy' not in sys.modules, 'numpy imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("name", NAMES)
def test_same_seed_replays_bit_identical_questions(name: str) -> None:
    for seed in SEEDS:
        first, again = generate_family(name, seed), generate_family(name, seed)
        assert first == again
        assert json.dumps(first.to_dict(), allow_nan=False) == json.dumps(again.to_dict(), allow_nan=False)
        assert first.seed == seed and first.family == name


@pytest.mark.parametrize("name", NAMES)
def test_questions_are_well_formed(name: str) -> None:
    prompts = set()
    for seed in range(6):
        question = generate_family(name, seed)
        prompts.add(question.prompt)
        json.dumps(question.to_dict(), allow_nan=False)  # finite floats or None only
        assert question.curves and all(set(c) == {"train_loss", "val_loss"} for c in question.curves.values())
        if question.options:
            assert isinstance(question.answer, str) and question.answer in question.options
            assert set(question.options) <= set(question.curves)
        else:
            assert isinstance(question.answer, float) and math.isfinite(question.answer)
            for wrong in question.wrong_answers:
                assert wrong.value != question.answer and wrong.diagnosis
    assert len(prompts) > 1, "different seeds should give different questions"


def _final(curve: list) -> float:
    return [value for value in curve if value is not None][-1]


def _rederive(question: GeneratedQuestion) -> float | str:
    """The answer worked out from the question's own params and curves, without the family's code."""
    p, curves = question.params, question.curves
    assert curves is not None
    if question.family == "steps":
        per_epoch = p["n"] // p["batch_size"] if p["drop_last"] else math.ceil(p["n"] / p["batch_size"])
        return float(per_epoch * p["epochs"])
    if question.family == "lr-divergence":
        if p["ask"] == "diverged":
            ended = [label for label in question.options if label in question.diverged]
            return min(ended, key=lambda label: float(label.split("=")[1]))
        stable = [label for label in question.options if label not in question.diverged]
        return min(stable, key=lambda label: curves[label]["train_loss"][-1])
    if question.family == "batch-sweep":
        if p["ask"] == "lowest":
            stable = [label for label in question.options if label not in question.diverged]
            return min(stable, key=lambda label: curves[label]["train_loss"][-1])
        return float(math.ceil(p["n"] / p["asked_batch"]) * p["epochs"])
    if question.family == "early-stopping":
        val = curves["no early stopping"]["val_loss"]
        if p["ask"] == "best":
            return float(val.index(min(val)) + 1)
        best, best_epoch = math.inf, 0
        for epoch, value in enumerate(val, 1):
            if value < best:
                best, best_epoch = value, epoch
            elif epoch - best_epoch >= p["patience"]:
                return float(epoch)
        raise AssertionError("patience never ran out")
    if question.family == "lr-schedule":
        exponent = p["step"] // p["every"] if p["schedule"] == "step" else p["step"] / p["every"]
        return p["lr"] * p["gamma"] ** exponent
    if question.family == "dropout-gap":
        gaps = {label: _final(c["val_loss"]) - _final(c["train_loss"]) for label, c in curves.items()}
        if p["ask"] == "shrink":
            return gaps["no dropout"] - gaps[f"dropout={p['dropout']:g}"]
        return min(gaps, key=gaps.get)
    if question.family == "scaling":
        baseline = next(c["train_loss"] for label, c in curves.items() if label.endswith("(baseline)"))
        if p["ask"] == "slowest":
            return max(question.options, key=lambda label: _final(curves[label]["train_loss"])
                       if label not in question.diverged else math.inf)

        def distance(label: str) -> float:
            curve = curves[label]["train_loss"]
            if label in question.diverged:
                return math.inf
            return sum(abs(math.log(a) - math.log(b)) for a, b in zip(curve, baseline)) / len(curve)
        return min(question.options, key=distance)
    raise AssertionError(question.family)


VARIANTS = [("steps", {}), ("steps", {"drop_last": True}), ("steps", {"n": 1000, "batch_size": 1000, "epochs": 3}),
            ("lr-divergence", {"ask": "diverged"}), ("lr-divergence", {"ask": "fastest"}),
            ("lr-divergence", {"learning_rates": [0.1, 1, 20, 60], "ask": "diverged"}),
            ("batch-sweep", {"ask": "lowest"}), ("batch-sweep", {"ask": "updates"}),
            ("early-stopping", {"ask": "best"}), ("early-stopping", {"ask": "stop"}),
            ("lr-schedule", {"schedule": "step"}), ("lr-schedule", {"schedule": "exponential", "ask_by": "epoch"}),
            ("dropout-gap", {"ask": "shrink"}), ("dropout-gap", {"ask": "smallest"}),
            ("scaling", {"ask": "tracks"}), ("scaling", {"ask": "slowest"})]


@pytest.mark.parametrize(("name", "params"), VARIANTS, ids=[f"{n}-{p}" for n, p in VARIANTS])
def test_answers_are_rederived_from_the_reported_run(name: str, params: dict) -> None:
    for seed in SEEDS:
        question = generate_family(name, seed, params)
        expected = _rederive(question)
        if isinstance(expected, str):
            assert question.answer == expected
        else:
            assert question.answer == pytest.approx(expected, rel=1e-9)


def test_steps_explanation_agrees_with_the_formula() -> None:
    question = generate_family("steps", 0, {"n": 1001, "batch_size": 100, "epochs": 3, "drop_last": False})
    assert question.answer == 33 and "ceil(1,001 / 100) = 11" in question.explanation


def test_divergence_is_visible_in_the_curves() -> None:
    for seed in range(6):
        question = generate_family("lr-divergence", seed, {"ask": "diverged"})
        epoch = question.diverged[question.answer]
        curve = question.curves[question.answer]["train_loss"]
        # Drawn up to the epoch it blew up, at a finite height above every earlier epoch, then nothing.
        assert curve[epoch - 1] is not None and math.isfinite(curve[epoch - 1])
        assert all(value < curve[epoch - 1] for value in curve[: epoch - 1])
        assert all(value is None for value in curve[epoch:])
        for label in question.options:
            if float(label[3:]) < float(question.answer[3:]):
                assert label not in question.diverged and None not in question.curves[label]["train_loss"]


@pytest.mark.parametrize(("params", "fragment"), [
    ({"bogus": 1}, "params.bogus: Extra inputs are not permitted"),
    ({"epochs": 0}, "params.epochs"),
    ({"batch_size": "big"}, "params.batch_size"),
])
def test_bad_params_give_one_clear_line(params: dict, fragment: str) -> None:
    with pytest.raises(GenerationError, match=fragment):
        generate_family("steps", 0, params)


def test_unknown_family() -> None:
    with pytest.raises(GenerationError, match="unknown question family 'nope'; known families: steps"):
        generate_family("nope", 0)


def test_generated_item_runs_its_family_with_its_params() -> None:
    item = Generated(id="gen", source="test", family="steps", params={"n": 640, "batch_size": 64, "epochs": 2},
                     prompt="Framing.")
    question = instantiate(item, 11)
    assert question.item_id == "gen" and question.family == "steps" and question.answer == 20
    assert question.prompt.startswith("Framing.\n\n") and question == instantiate(item, 11)
    broken = Generated(id="broken", source="test", family="steps", params={"epochs": -1})
    with pytest.raises(GenerationError, match="broken: family 'steps': params.epochs"):
        instantiate(broken, 0)
