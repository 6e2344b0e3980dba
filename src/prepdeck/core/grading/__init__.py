"""Grading: fair, explainable scoring of free-text and numeric answers.

The public API is importable from here; the submodules each do one job:
``normalise`` (text to tokens), ``negation``, ``ngrams`` and ``matching``
(keyword phrases against n-grams with rapidfuzz), ``rubric`` (compiled,
cached rubrics), ``auto_rubric`` (a rubric from a model answer),
``keyword_list``, ``scorer`` (the grade), ``numeric`` (numeric answers) and
``checks`` (author checks for ``prepdeck check``).

Names are loaded on first use, so importing the result types (as the TUI
does at start-up) does not import numpy and rapidfuzz.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "CriterionResult": "result", "GradeResult": "result", "Hit": "result", "NumericResult": "result",
    "Penalty": "result", "Verdict": "result",
    "derive_rubric": "auto_rubric",
    "grade_number": "numeric", "parse_number": "numeric",
    "grade_item": "scorer", "grade_text": "scorer", "verdict_for": "scorer",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from .auto_rubric import derive_rubric
    from .numeric import grade_number, parse_number
    from .result import CriterionResult, GradeResult, Hit, NumericResult, Penalty, Verdict
    from .scorer import grade_item, grade_text, verdict_for


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
