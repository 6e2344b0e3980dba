"""Derive a rubric from a model answer when the author wrote none.

Each distinct content word of the model answer becomes a criterion of its
own, and so does each hyphenated compound ("mini-batch"), matched as one
phrase. Rare, meaningful words weigh more than common ones: function words
are left out (except a few that state a claim, such as "once" or "before",
which weigh least), a word from the general-English list ``COMMON_WORDS`` weighs
least, and long words (which are rarer) weigh a little more. Words the
question itself uses weigh little, since repeating the question is not
answering it.

Measured on public graded answers (benchmarks/asag.py), stronger rarity
weighting, weighting by rarity across a whole deck, and criteria for word
pairs all agreed less with human graders than this mild scheme, so it is
kept mild on purpose.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Criterion
from .lexicon import COMMON_WORDS, FUNCTION_WORDS, NEGATION_CUES, SYNONYMS
from .normalise import Token, tokenize

COMMON_WEIGHT = 1.0
CONTENT_WEIGHT = 1.5
LONG_WORD = 8  # letters from which a word counts as rarer still
LONG_BONUS = 0.25
PROMPT_FACTOR = 0.25  # weight kept by a word the question already uses
# Function words that state a claim of their own: "runs at least once", "before
# the loop", "only the first". They are criteria too, at half a common word's
# weight, since short model answers often hinge on them.
CLAIM_WORDS = frozenset("once always before after only least most more less between above below "
                        "until during each every all both same".split())
CLAIM_WEIGHT = 0.5


def _weight(word: str, in_prompt: bool) -> float:
    if word in CLAIM_WORDS:
        weight = CLAIM_WEIGHT
    else:
        weight = COMMON_WEIGHT if word in COMMON_WORDS else CONTENT_WEIGHT
    if len(word) >= LONG_WORD:
        weight += LONG_BONUS
    if in_prompt:
        weight *= PROMPT_FACTOR
    return weight


# Words that are content words grammatically but never what an answer is graded
# on: light verbs, and the pieces of a citation ("Keskar et al. 2017"). Heavier
# verbs such as "use" or "give" stay: on public graded answers (benchmarks/asag.py)
# dropping them agreed less with human graders.
GENERIC_WORDS = frozenset("make makes made making take takes took taken taking et al eg ie etc".split())
# A parenthesised reference such as "(Goyal et al. 2017)" names a source, not an idea.
_CITATION = re.compile(r"\([^()]*\b(?:1[89]|20)\d\d\b[^()]*\)")


def is_filler(word: str) -> bool:
    """Whether ``word`` (case-folded) is left out of a derived rubric as filler.

    The filler rule is this short stop list (light verbs and citation pieces,
    ``GENERIC_WORDS``). Measured with benchmarks/filler_rule.py and
    benchmarks/asag.py, a longer list of discourse words ("gives", "same",
    "people", digit pieces) and word-frequency cut-offs (wordfreq zipf >= 5.5 or 6)
    each lowered agreement on public graded answers (SemEval-2013: "same" and
    "gives" carry meaning there; a frequency list drops "rate", "model",
    "training"), so neither is used.
    """
    return word in GENERIC_WORDS


def _is_content(token: Token) -> bool:
    word = token.word
    if word in CLAIM_WORDS:
        return True
    if is_filler(word):
        return False
    return (word not in FUNCTION_WORDS and word not in NEGATION_CUES
            and (len(word) > 1 or word.isdigit()))


def _units(text: str, tokens: list[Token]) -> list[list[Token]]:
    """Content words, with hyphenated compounds kept together as one unit."""
    units: list[list[Token]] = []
    previous: Token | None = None
    for token in tokens:
        joined = previous is not None and text[previous.end:token.start] == "-"
        if joined and units and units[-1][-1] is previous:
            units[-1].append(token)
        elif _is_content(token):
            units.append([token])
        previous = token
    return units


@lru_cache(maxsize=1024)
def _derive(model_answer: str, prompt: str | None) -> tuple[Criterion, ...]:
    model_answer = _CITATION.sub(" ", model_answer)
    tokens = tokenize(model_answer)
    prompt_roots = {t.root for t in tokenize(prompt)} if prompt else set()
    keywords: dict[str, tuple[str, float]] = {}  # match key -> (phrase, weight)
    for unit in _units(model_answer, tokens):
        phrase = "-".join(t.word for t in unit)
        key = "".join(t.root for t in unit)
        in_prompt = all(t.root in prompt_roots for t in unit)
        weight = max(_weight(t.word, in_prompt) for t in unit)
        if key not in keywords or keywords[key][1] < weight:
            keywords[key] = (phrase, weight)
    return tuple(
        Criterion(description=f"mentions “{phrase}”", keywords=[[phrase, *SYNONYMS.get(phrase, ())]], weight=weight)
        for phrase, weight in keywords.values()
    )


def derive_rubric(model_answer: str, prompt: str | None = None) -> list[Criterion]:
    """Criteria derived from the content words and compounds of ``model_answer``.

    ``prompt`` is the question asked, when known; its words weigh less. The
    same inputs always give equal criteria (within a process, the same objects,
    so the compiled rubric is cached).
    """
    return list(_derive(model_answer, prompt))
