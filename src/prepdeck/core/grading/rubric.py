"""A rubric compiled for matching, cached so a batch of answers compiles it once.

Compiling parses every keyword and misconception phrase into match forms and
builds the ``PhraseSet`` the scorer runs over each answer. Criteria are frozen
models, so a compiled rubric is cached by the identity of its criteria; the
cache keeps the criteria alive, so an identity can never be reused while it
is a key.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock
from typing import Sequence

from ..model import Criterion
from .matching import PhraseSet

CACHE_SIZE = 512


@dataclass(frozen=True)
class CompiledCriterion:
    criterion: Criterion
    groups: tuple[tuple[int, ...], ...]  # phrase indices of each keyword's alternatives
    group_texts: tuple[tuple[str, ...], ...]
    misconceptions: tuple[tuple[int, ...], ...]  # phrase indices of each misconception's phrasings


@dataclass(frozen=True)
class CompiledRubric:
    criteria: tuple[CompiledCriterion, ...]
    phrases: PhraseSet
    total_weight: float


def _claim_phrases(misconception) -> list[str]:
    claim = misconception.claim
    return [f"{subject} {predicate}" for subject in claim.subject for predicate in claim.predicate]


def _compile(rubric: Sequence[Criterion]) -> CompiledRubric:
    texts: list[str] = []

    def add(text: str) -> int:
        texts.append(text)
        return len(texts) - 1

    compiled = []
    for criterion in rubric:
        claim = criterion.claim
        groups = criterion.keyword_groups() if claim is None else [claim.subject, claim.predicate, *claim.also_groups()]
        compiled.append(CompiledCriterion(
            criterion=criterion,
            groups=tuple(tuple(add(text) for text in group) for group in groups),
            group_texts=tuple(tuple(group) for group in groups),
            misconceptions=tuple(tuple(add(text) for text in (m.phrases or _claim_phrases(m)))
                                 for m in criterion.misconceptions),
        ))
    return CompiledRubric(tuple(compiled), PhraseSet(texts), sum(c.weight for c in rubric))


_cache: OrderedDict[tuple[int, ...], tuple[tuple[Criterion, ...], CompiledRubric]] = OrderedDict()
_lock = Lock()


def compile_rubric(rubric: Sequence[Criterion]) -> CompiledRubric:
    """The compiled form of ``rubric``, from the cache when these criteria were seen before."""
    criteria = tuple(rubric)
    key = tuple(map(id, criteria))
    with _lock:
        entry = _cache.get(key)
        if entry is not None:
            _cache.move_to_end(key)
            return entry[1]
    compiled = _compile(criteria)
    with _lock:
        _cache[key] = (criteria, compiled)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return compiled
