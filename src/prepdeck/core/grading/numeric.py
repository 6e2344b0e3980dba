"""Numeric answers: read a number the way candidates write it, and compare it within tolerance.

"8000", "8,000", "8 000", "8k", "8e3", "8 × 10^3", "8000 steps" and "~8000"
all read as 8000. In prose the final stated value counts: the first number
after the last "=", "≈" or "so" ("60000/128 = 468.75, so ~469" is 469), else
the last number of the last sentence. An answer that opens with a short
statement of a number and then explains ("313 updates (312 with drop_last)")
is read from that opening. An answer stating two different final values
("312 or 313") is not graded silently: it gets a message. Tolerances are those of the item (absolute,
relative or significant figures, any of which suffices; none set means exact
up to float rounding), shared with the generator through ``within``. A
wrong answer that matches one the author foresaw gets that diagnosis.
"""

from __future__ import annotations

import math
import re
from typing import Sequence

from ..generate.question import WrongAnswerValue
from ..generate.tolerance import within
from ..model import Thresholds, Tolerance
from .result import NumericResult
from .scorer import verdict_for

MAX_NUMERIC_CHARS = 2_000  # a numeric answer is short; the rest of a paste is ignored

_GROUP = r"[,\u00a0\u202f\u2009 _']"
_NUMBER = re.compile(
    r"(?<![^\W\d_])(?P<sign>[-+\u2212])?"
    r"(?P<mantissa>\d{1,3}(?:" + _GROUP + r"\d{3})+(?:\.\d+)?(?!\d)"  # 8,000 / 8 000 / 1,234.5
    r"|\d+,\d{1,2}(?![\d,])"  # decimal comma: 2,5
    r"|\d+(?:\.\d*)?|\.\d+)"
    r"(?:[eE](?P<exp>[-+\u2212]?\d+))?"
    r"(?:\s*[x×*·]\s*10\s*(?:\^|\*\*)\s*(?P<times_pow>[-+\u2212]?\d+)"
    r"|\s*(?:\^|\*\*)\s*(?P<pow>[-+\u2212]?\d+)"
    r"|\s*/\s*(?P<denominator>\d+(?:\.\d+)?)(?![\d.]))?"
    r"(?:(?P<suffix>[kKmMbBtT]|\s*(?:thousand|million|billion|trillion|bn|mn))(?![^\W\d_]))?"
    r"(?P<percent>\s*%)?",
)
_SUFFIX = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6,
           "b": 1e9, "bn": 1e9, "billion": 1e9, "t": 1e12, "trillion": 1e12}


def _int(text: str) -> int:
    return int(text.replace("\u2212", "-"))


# Words and signs after which a worked answer states its result ("= 468.75, so ~469").
_FINAL_MARKERS = re.compile(r"=|≈|\b(?:so|therefore|hence|thus|answer is|which gives|that gives)\b", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?;])\s+")
_ALTERNATIVE = re.compile(r"\bor\b", re.IGNORECASE)


def _final_statement(text: str) -> tuple[str, bool]:
    """The part of ``text`` stating the final value, and whether a marker ("=", "so") introduced it.

    After the last marker followed by a number, the first number is the answer; with no
    marker, the last number of the last sentence holding one is.
    """
    last = None
    for match in _FINAL_MARKERS.finditer(text):
        if any(ch.isdigit() for ch in text[match.end():]):
            last = match
    if last is not None:
        return text[last.end():], True
    pieces = [piece for piece in _SENTENCE_BREAK.split(text) if any(ch.isdigit() for ch in piece)]
    return (pieces[-1] if pieces else text), False


def _value(match: re.Match) -> tuple[float, bool] | None:
    mantissa = match["mantissa"]
    if re.fullmatch(r"\d+,\d{1,2}", mantissa):
        value = float(mantissa.replace(",", "."))
    else:
        value = float(re.sub(_GROUP, "", mantissa))
    try:
        if match["exp"]:
            value *= 10.0 ** _int(match["exp"])
        if match["times_pow"]:
            value *= 10.0 ** _int(match["times_pow"])
        elif match["pow"]:
            value = value ** _int(match["pow"])
        elif match["denominator"]:
            denominator = float(match["denominator"])
            if denominator == 0:
                return None
            value /= denominator
    except (OverflowError, ZeroDivisionError):  # "1e999", "0^-1": no number a candidate meant
        return None
    if match["suffix"]:
        value *= _SUFFIX[match["suffix"].strip().lower()]
    if match["sign"] in ("-", "\u2212"):
        value = -value
    if not math.isfinite(value):
        return None
    return value, bool(match["percent"])


class TwoFinalValues(ValueError):
    """The answer states two different final values ("312 or 313")."""

    def __init__(self, values: tuple[float, ...]):
        self.values = values
        super().__init__("the answer states two different final values ("
                         + " and ".join(f"{v:g}" for v in values) + "): give one answer")


_LEAD_END = re.compile(r"[:;,.]\s|\s\(")
LEAD_WORDS = 8
_GOES_ON = ("×", "x ", "*", "/", "+", "-", "=", "·", "so ", "so,", "which ", "hence", "therefore", "thus")


def answer_lead(text: str) -> str | None:
    """The short opening statement of ``text`` when it states a number and the rest only explains.

    "313 updates (312 with drop_last)" and "10. ceil(1000/4096) = 1 batch ..." answer first and
    explain after; a computation that goes on ("= 400 per epoch, × 20 = 8,000") or a
    conclusion ("..., so ~469") does not end at its first comma.
    """
    match = _LEAD_END.search(text)
    if match is None:
        return None
    lead, rest = text[:match.start()], text[match.end():].lstrip().lower()
    if len(lead.split()) > LEAD_WORDS or not any(ch.isdigit() for ch in lead) or rest.startswith(_GOES_ON):
        return None
    return lead


def _read(text: str) -> tuple[float, bool] | None:
    """The final stated number of ``text`` and whether it had a % sign; raises ``TwoFinalValues``."""
    text = text[:MAX_NUMERIC_CHARS]
    text = answer_lead(text) or text
    tail, marked = _final_statement(text)
    readings = [reading for reading in map(_value, _NUMBER.finditer(tail)) if reading is not None]
    if not readings:
        return None
    distinct = tuple(dict.fromkeys(value for value, _ in readings))
    if len(distinct) > 1 and _ALTERNATIVE.search(tail):
        raise TwoFinalValues(distinct[:2])
    return readings[0] if marked else readings[-1]


def parse_number(text: str) -> float | None:
    """The number a candidate meant, or None when the text holds none (or two different ones)."""
    try:
        read = _read(text)
    except TwoFinalValues:
        return None
    return None if read is None else read[0]


def _factor_note(value: float, expected: float) -> str | None:
    if value == 0 or expected == 0 or (value < 0) != (expected < 0):
        return None
    quotient = abs(value) / abs(expected)
    if not math.isfinite(quotient) or quotient == 0:
        return None  # beyond float range: not a units slip worth naming
    ratio = math.log10(quotient)
    power = round(ratio)
    if power != 0 and abs(ratio - power) < 1e-6:
        return f"off by a factor of 10^{power}: check the units and the order of magnitude"
    return None


def grade_number(answer: str, expected: float, tolerance: Tolerance,
                 wrong_answers: Sequence[WrongAnswerValue] = (),
                 thresholds: Thresholds = Thresholds()) -> NumericResult:
    """Grade a numeric answer: correct within ``tolerance``, else diagnosed where foreseen."""
    try:
        read = _read(answer)
    except TwoFinalValues as error:
        return NumericResult(False, None, expected, 0.0, verdict_for(0.0, thresholds), notes=(str(error),))
    if read is None:
        return NumericResult(False, None, expected, 0.0, verdict_for(0.0, thresholds),
                             notes=("no number found in the answer",))
    value, percent = read
    readings = [value, value / 100] if percent else [value]
    for reading in readings:
        if within(reading, expected, tolerance):
            return NumericResult(True, reading, expected, 1.0, verdict_for(1.0, thresholds))
    for wrong in wrong_answers:
        if any(within(reading, wrong.value, tolerance) for reading in readings):
            return NumericResult(False, value, expected, 0.0, verdict_for(0.0, thresholds),
                                 diagnosis=wrong.diagnosis)
    note = _factor_note(value, expected)
    return NumericResult(False, value, expected, 0.0, verdict_for(0.0, thresholds),
                         notes=(note,) if note else ())
