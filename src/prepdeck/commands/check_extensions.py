"""The deck checks contributed by the grading and generation engines.

``prepdeck check`` runs the core lint checks plus whatever is listed here, so
engines can add checks without the lint module depending on them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..core.authored_rubrics import derived_rubrics
from ..core.diagnostics import Diagnostic
from ..core.lint import DeckCheck
from ..core.loader import LoadedDeck
from ..paths import bundled_content_dir


def bundled_only(check: DeckCheck) -> DeckCheck:
    """``check`` applied to the decks shipped with prepdeck, and to no other deck."""
    bundled = bundled_content_dir().resolve()

    def run(loaded: LoadedDeck) -> Iterator[Diagnostic]:
        if Path(loaded.path).resolve().is_relative_to(bundled):
            yield from check(loaded)
    return run


def extra_checks(thorough: bool = False) -> list[DeckCheck]:
    """The engines' checks; ``thorough`` adds the slow ones (200 real trainer draws per generated item)."""
    from ..core.generate.check import check_generation
    from ..core.grading.checks import CHECKS as GRADING_CHECKS

    checks: list[DeckCheck] = [check_generation, *GRADING_CHECKS, bundled_only(derived_rubrics)]
    if thorough:
        from ..core.generate.variety import check_variety

        checks.append(check_variety)
    return checks
