"""The matcher finds the same occurrences, in the same order, whether a long answer's n-grams
are compared with every phrase at once or only with phrases of the same first letter."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prepdeck.core.grading import matching
from prepdeck.core.grading.matching import PhraseSet
from prepdeck.core.grading.normalise import tokenize

PHRASES = PhraseSet(["learning rate", "batch size", "mini batch", "minibatch", "gradient noise", "lr",
                     "warm up", "number of examples", "generalization gap", "bs", "sharp minima"])
WORDS = ["learning", "leraning", "rate", "rates", "batch", "bacth", "size", "mini", "minibatch", "gradient",
         "gradients", "noise", "noisy", "lr", "bs", "warm", "up", "warmup", "number", "of", "training",
         "examples", "not", "generalisation", "gap", "sharp", "sharper", "minima", "the", "a", "is", "it"]


def _find_everything(text: str, bucket_above: int, monkeypatch) -> tuple:
    monkeypatch.setattr(matching, "BUCKET_ABOVE_PAIRS", bucket_above)
    tokens = tokenize(text)
    every: list[dict] = [{} for _ in PHRASES.phrases]
    best = PHRASES.find(tokens, [-1] * len(tokens), every)
    return best, [list(found.items()) for found in every]  # insertion order matters to claims


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=60))
def test_grouping_by_first_letter_changes_nothing(monkeypatch, words):
    text = " ".join(words)
    assert _find_everything(text, 0, monkeypatch) == _find_everything(text, 10**12, monkeypatch)


def test_a_typo_in_a_long_answer_is_still_found(monkeypatch):
    text = "the leraning rate went up. " * 300
    best, every = _find_everything(text, 0, monkeypatch)
    index = [p.text for p in PHRASES.phrases].index("learning rate")
    assert best[index][0] is not None and best[index][0].similarity < 100
    assert len(every[index]) == 300
