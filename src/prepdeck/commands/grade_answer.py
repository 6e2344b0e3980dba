"""The answer-size limit of ``grade``; grading itself is ``core.item_grading``, shared with evaluations."""

from __future__ import annotations

from ..core.item_grading import Graded, find_item, grade_answer

MAX_ANSWER_BYTES = 16 * 1024 * 1024

__all__ = ["MAX_ANSWER_BYTES", "Graded", "find_item", "grade_answer"]
