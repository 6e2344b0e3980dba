"""The deck checks contributed by the grading and generation engines.

``prepdeck check`` runs the core lint checks plus whatever is listed here, so
engines can add checks without the lint module depending on them.
"""

from __future__ import annotations

from ..core.lint import DeckCheck


def extra_checks() -> list[DeckCheck]:
    from ..core.generate.check import check_generation
    from ..core.grading.checks import CHECKS as GRADING_CHECKS

    return [check_generation, *GRADING_CHECKS]
