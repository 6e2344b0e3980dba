"""Reading a pick-one answer: an option's number, its letter, its text, or a unique start of it.

True/false items also accept yes/no, t/f and y/n. An answer that matches no
option, or more than one, is refused with a message saying what is accepted,
so a typo is never recorded as a wrong answer.
"""

from __future__ import annotations

import string
import unicodedata

from .session_types import ChoiceResult, InvalidAnswer

TRUE_FALSE = ("true", "false")
_TRUE_WORDS = {"true", "t", "yes", "y"}
_FALSE_WORDS = {"false", "f", "no", "n"}


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.replace(")", " ").replace(".", " ").split())


def pick(options: tuple[str, ...], answer: str) -> int:
    """The index of the option ``answer`` names; ``InvalidAnswer`` when it names none or several."""
    given = _normalise(answer)
    if not given:
        raise InvalidAnswer(_expected(options))
    if options == TRUE_FALSE:
        if given in _TRUE_WORDS:
            return 0
        if given in _FALSE_WORDS:
            return 1
    if given.isdigit() and 1 <= int(given) <= len(options):
        return int(given) - 1
    letters = string.ascii_lowercase[: len(options)]
    if len(given) == 1 and given in letters:
        return letters.index(given)
    texts = [_normalise(option) for option in options]
    if given in texts:
        return texts.index(given)
    starts = [index for index, text in enumerate(texts) if text.startswith(given)]
    if len(starts) == 1:
        return starts[0]
    raise InvalidAnswer(_expected(options))


def _expected(options: tuple[str, ...]) -> str:
    if options == TRUE_FALSE:
        return "answer true or false (or yes/no)"
    return f"answer with an option number 1-{len(options)}, its letter, or its text"


def grade_choice(options: tuple[str, ...], correct_index: int, answer: str) -> ChoiceResult:
    """Compare the picked option with the correct one."""
    index = pick(options, answer)
    return ChoiceResult(correct=index == correct_index, chosen=options[index], expected=options[correct_index])
