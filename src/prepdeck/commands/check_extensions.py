"""The deck checks contributed by the grading and generation engines.

``prepdeck check`` runs the core lint checks plus whatever is listed here, so
engines can add checks without the lint module depending on them.
"""

from __future__ import annotations

from ..core.lint import DeckCheck


def extra_checks(thorough: bool = False) -> list[DeckCheck]:
    """The engines' checks; ``thorough`` adds the slow ones (200 real trainer draws per generated item)."""
    from ..core.generate.check import check_generation
    from ..core.grading.checks import CHECKS as GRADING_CHECKS

    checks: list[DeckCheck] = [check_generation, *GRADING_CHECKS]
    if thorough:
        from ..core.generate.variety import check_variety

        checks.append(check_variety)
    return checks
