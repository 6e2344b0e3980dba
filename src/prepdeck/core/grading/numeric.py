"""Numeric answers: read a number the way candidates write it, and compare it within tolerance.

"8000", "8,000", "8 000", "8k", "8e3", "8 × 10^3", "8000 steps" and "~8000"
all read as 8000. In a worked answer ("50000 / 125 × 20 = 8000") the number
after the last "=" is the answer. Tolerances are those of the item (absolute,
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


def _read(text: str) -> tuple[float, bool] | None:
    """The first number in ``text`` (after its last "="), and whether it had a % sign."""
    text = text[:MAX_NUMERIC_CHARS]
    if "=" in text:
        tail = text.rsplit("=", 1)[1]
        if any(ch.isdigit() for ch in tail):
            text = tail
    match = _NUMBER.search(text)
    if match is None:
        return None
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


def parse_number(text: str) -> float | None:
    """The number a candidate meant, or None when the text holds none."""
    read = _read(text)
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
    read = _read(answer)
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
