"""A rubric compiled for matching, cached so a batch of answers compiles it once.

Compiling parses every keyword, claim and misconception phrase into match
forms (a claim's phrases with their lexicon variants: synonyms, and opposite
directions marked as flips) and builds the ``PhraseSet`` the scorer runs over
each answer. Criteria are frozen models, so a compiled rubric is cached by the
identity of its criteria, of the compiled lexicon and the prompt; the cache
keeps the criteria alive, so an identity can never be reused while it is a key.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock
from typing import Sequence

from ..rubric_model import Criterion, core_indices
from .claims import CompiledClaim, compile_claim
from .lexicon_index import Lexicon
from .matching import PhraseSet
from .normalise import content_tokens

CACHE_SIZE = 512


@dataclass(frozen=True)
class CompiledCriterion:
    criterion: Criterion
    groups: tuple[tuple[int, ...], ...]  # phrase indices of each keyword's alternatives
    group_texts: tuple[tuple[str, ...], ...]
    misconceptions: tuple[tuple[int, ...], ...]  # phrase indices of each misconception's phrasings
    claim: CompiledClaim | None = None
    misconception_claims: tuple[CompiledClaim | None, ...] = ()
    core: bool = False


@dataclass(frozen=True)
class CompiledRubric:
    criteria: tuple[CompiledCriterion, ...]
    phrases: PhraseSet
    total_weight: float
    lexicon: Lexicon
    has_claims: bool


def _prompt_check(prompt: str | None):
    stems = [t.norm for t in content_tokens(prompt)] if prompt else []
    joined = " " + " ".join(stems) + " "

    def prompt_has(phrases: Sequence[str]) -> bool:
        for phrase in phrases:
            key = [t.norm for t in content_tokens(phrase)]
            if key and f" {' '.join(key)} " in joined:
                return True
        return False

    return prompt_has


def _never(phrases: Sequence[str]) -> bool:
    return False


def _compile(rubric: Sequence[Criterion], lexicon: Lexicon, prompt: str | None) -> CompiledRubric:
    texts: list[str] = []
    slots: dict[str, int] = {}

    def add(text: str) -> int:
        slot = slots.get(text)
        if slot is None:
            slot = slots[text] = len(texts)
            texts.append(text)
        return slot

    prompt_has = _prompt_check(prompt)
    cores = core_indices(list(rubric))
    compiled = []
    for number, criterion in enumerate(rubric):
        groups = criterion.keyword_groups()
        claim = None if criterion.claim is None else compile_claim(criterion.claim, add, lexicon, prompt_has)
        compiled.append(CompiledCriterion(
            criterion=criterion,
            groups=tuple(tuple(add(text) for text in group) for group in groups),
            group_texts=tuple(tuple(group) for group in groups),
            misconceptions=tuple(tuple(add(text) for text in m.phrases) for m in criterion.misconceptions),
            claim=claim,
            # A misconception costs points only when its subject is said outright, never implied.
            misconception_claims=tuple(None if m.claim is None else compile_claim(m.claim, add, lexicon, _never)
                                       for m in criterion.misconceptions),
            core=number in cores,
        ))
    has_claims = any(c.claim is not None or any(c.misconception_claims) for c in compiled)
    return CompiledRubric(tuple(compiled), PhraseSet(texts), sum(c.weight for c in rubric), lexicon, has_claims)


_cache: OrderedDict[tuple, tuple[tuple[Criterion, ...], Lexicon, CompiledRubric]] = OrderedDict()
_lock = Lock()


def compile_rubric(rubric: Sequence[Criterion], lexicon: Lexicon | None = None,
                   prompt: str | None = None) -> CompiledRubric:
    """The compiled form of ``rubric``, from the cache when these criteria were seen before."""
    if lexicon is None:
        from .lexicon_index import lexicon_for

        lexicon = lexicon_for(None)
    criteria = tuple(rubric)
    key = (tuple(map(id, criteria)), id(lexicon), prompt)
    with _lock:
        entry = _cache.get(key)
        if entry is not None:
            _cache.move_to_end(key)
            return entry[2]
    compiled = _compile(criteria, lexicon, prompt)
    with _lock:
        _cache[key] = (criteria, lexicon, compiled)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return compiled


