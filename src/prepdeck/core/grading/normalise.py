"""Answer text to match-ready tokens, each keeping its character span in the original.

Normalisation follows the design: Unicode NFKC, case folding, accents removed,
punctuation dropped, British ``-ise``/``-our`` spellings folded to ``-ize``/``-or``.
Each word gets two match forms: a light stem that only strips inflections
("batches", "updating", "updated" -> "batch", "updat"), which stays close
enough to the typed word for typos to be tolerated, and a Snowball stem, which
also folds derivations ("evaporated", "evaporation" -> "evapor") and is only
ever compared exactly. Contractions are split ("doesn't" -> "does", "not") so
negation sees them. Spans always index the text as given.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from .lexicon import NEGATION_CUES, NT_BASES, SKIP_WORDS

# Only the first MAX_ANSWER_CHARS characters of an answer are scored, so a
# pasted megabyte stays fast; the result says when this happened.
MAX_ANSWER_CHARS = 20_000

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Text between two words that ends a clause (and so a negation's scope).
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}\n\r\u2014\u2013]|\s-\s")
_BRITISH = (
    (re.compile(r"^(\w{3,})is(e|ed|es|ing|ation|ations|er|ers)$"), r"\1iz\2"),
    (re.compile(r"^(\w{2,})ys(e|ed|es|ing)$"), r"\1yz\2"),
    (re.compile(r"^(\w{2,})our(s|ed|ing|al)?$"), r"\1or\2"),
)
_SUFFIXES = ("'s", "'re", "'ve", "'ll", "'d", "'m")
_VOWELS = frozenset("aeiouy")
_NO_UNDOUBLE = frozenset("lsz")


class Token(NamedTuple):
    """One word of the text: its match forms, its folded surface form and its span."""

    norm: str  # inflections stripped; compared with keywords allowing typos
    root: str  # Snowball stem; compared exactly, so "evaporated" meets "evaporation"
    word: str  # case-folded surface word, for word-list tests
    start: int
    end: int
    breaks: bool  # a clause boundary lies between the previous token and this one


@lru_cache(maxsize=1)
def _stemmer():
    # Imported lazily: the stemmer is only needed once something is graded.
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def fold(raw: str) -> str:
    """NFKC, case-fold and strip accents from one word."""
    text = unicodedata.normalize("NFKC", raw).casefold().replace("’", "'")
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _has_vowel(text: str) -> bool:
    return any(ch in _VOWELS for ch in text)


def _strip_verb_ending(word: str, suffix: str) -> str:
    base = word[: -len(suffix)]
    if len(base) < 3 or not _has_vowel(base) or (suffix == "ed" and base[-1] == "e"):
        return word  # "string", "speed"
    if len(base) >= 4 and base[-1] == base[-2] and base[-1] not in _VOWELS | _NO_UNDOUBLE:
        base = base[:-1]  # "stopped" -> "stop", "embedding" -> "embed"
    return base


def light_stem(word: str) -> str:
    """Strip English inflections only: plurals, -ed, -ing, -ly and a final -e."""
    if len(word) < 4 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("ches", "shes", "sses", "xes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        word = _strip_verb_ending(word, "ing")
    elif word.endswith("ed") and len(word) > 4:
        word = _strip_verb_ending(word, "ed")
    elif word.endswith("ly") and len(word) > 5:
        word = word[:-2]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


@lru_cache(maxsize=65536)
def forms(word: str) -> tuple[str, str]:
    """The light stem and the Snowball stem of one folded word."""
    cue = NEGATION_CUES.get(word)
    if cue is not None:
        return cue, cue
    if not word.isalpha():
        return word, word  # numbers and codes are matched exactly
    for pattern, replacement in _BRITISH:
        word = pattern.sub(replacement, word)
    return light_stem(word), _stemmer().stemWord(word)


def _pieces(word: str, start: int, end: int):
    """Split a folded word into (word, start, end) pieces, undoing contractions."""
    if "'" not in word:
        if word == "cannot":
            yield "can", start, end - 3
            yield "not", end - 3, end
        else:
            yield word, start, end
        return
    if word.endswith("n't") and len(word) > 3:
        base = word[:-3]
        yield NT_BASES.get(base, base), start, end - 3
        yield "not", end - 3, end
        return
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            yield word[: -len(suffix)], start, end - len(suffix)
            return
    yield word.replace("'", ""), start, end


@lru_cache(maxsize=65536)
def _analyse(raw: str) -> tuple[tuple[str, str, str, int, int], ...]:
    """A word as typed -> its pieces: (norm, root, folded word, start, end) relative to it."""
    word = raw.lower() if raw.isascii() else fold(raw)
    if ("'" in word or word == "cannot") and len(word) == len(raw):
        return tuple((*forms(part), part, start, end) for part, start, end in _pieces(word, 0, len(raw)))
    word = word.replace("'", "")  # folding may change the length: keep the span whole
    return ((*forms(word), word, 0, len(raw)),)


def _breaks(text: str, start: int, end: int) -> bool:
    """Whether the text between two words ends a clause."""
    if _CLAUSE_BREAK.search(text, start, end) is None:
        return False
    # "8,000" and "1.5": a comma or point between digits ends nothing.
    return not (end - start == 1 and text[start] in ",." and start > 0 and end < len(text)
                and text[start - 1].isdigit() and text[end].isdigit())


def tokenize(text: str) -> list[Token]:
    """Every word of ``text`` in order, with spans into ``text`` itself."""
    tokens: list[Token] = []
    append = tokens.append
    new = tuple.__new__  # Token(...) without the NamedTuple keyword handling: this loop is hot
    previous = 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        # Most gaps are one space; only look closer at the others.
        breaks = start != previous and (start - previous != 1 or text[previous] != " ") \
            and _breaks(text, previous, start)
        previous = end
        for norm, root, word, p_start, p_end in _analyse(match.group()):
            append(new(Token, (norm, root, word, start + p_start, start + p_end, breaks)))
            breaks = False
    return tokens


def content_tokens(text: str) -> list[Token]:
    """The tokens of ``text`` that take part in matching (articles and "be" dropped)."""
    return [t for t in tokenize(text) if t.word not in SKIP_WORDS]


def truncate(answer: str) -> tuple[str, bool]:
    """The part of ``answer`` that is scored, and whether anything was cut."""
    if len(answer) <= MAX_ANSWER_CHARS:
        return answer, False
    return answer[:MAX_ANSWER_CHARS], True
