"""Fresh questions: calculation templates, the safe formula evaluator, and trainer families.

Importing this package does not import numpy (the TUI imports it at start-up);
the trainer is loaded when a family first generates a question.
"""

from .errors import FormulaError, GenerationError
from .families import Family, FamilyParams, families, generate_family
from .formula import Formula, compile_formula, evaluate
from .instantiate import instantiate
from .question import GeneratedQuestion, WrongAnswerValue

__all__ = [
    "Family", "FamilyParams", "Formula", "FormulaError", "GeneratedQuestion", "GenerationError",
    "WrongAnswerValue", "compile_formula", "evaluate", "families", "generate_family", "instantiate",
]
