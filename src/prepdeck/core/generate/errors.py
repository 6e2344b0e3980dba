"""Errors raised while compiling formulas and drawing questions.

Both reach the user as one line (they are ``PrepdeckError`` s); ``prepdeck check``
turns them into located diagnostics instead.
"""

from __future__ import annotations

from ...errors import PrepdeckError


class GenerationError(PrepdeckError):
    """A question could not be drawn: bad parameters, unsatisfiable constraints, a failed run."""


class FormulaError(GenerationError):
    """A formula is not allowed (syntax, hostile construct, unknown name) or failed to evaluate.

    The message names the offending piece of the formula, so that it reads well
    after a ``path:line:col:`` prefix.
    """
