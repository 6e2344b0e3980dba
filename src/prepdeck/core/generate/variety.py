"""The thorough ``check`` pass for trainer questions: can the answer be guessed by its position?

A generated item whose correct option sits in the same place (say, always the
largest learning rate) in most draws teaches a position, not a reading of the
curves. This pass draws each generated item many times with real training runs
(about 50 ms a draw on a laptop core, so 200 draws of every bundled item take
tens of seconds) and warns when one option position is the answer in more than
``MAX_SHARE`` of the draws that offer options. ``prepdeck check`` runs it with
``--thorough`` or ``--strict``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterator

from ..diagnostics import Diagnostic
from ..loader import LoadedDeck
from ..model import Generated
from .errors import GenerationError
from .instantiate import instantiate

DRAWS = 200
MAX_SHARE = 0.6
MIN_DRAWS = 10  # fewer draws with options than this say nothing about position
PROBE = 20  # an item with no options in its first PROBE draws asks for numbers: stop drawing it


@dataclass(frozen=True)
class Variety:
    """Where the correct option fell over a number of draws of one item."""

    draws: int
    with_options: int
    positions: Counter
    failures: int

    @property
    def top(self) -> tuple[int, float] | None:
        """The most frequent answer position (0-based) and its share of draws with options."""
        if not self.positions:
            return None
        position, count = self.positions.most_common(1)[0]
        return position, count / self.with_options


def measure(item: Generated, draws: int = DRAWS) -> Variety:
    """Draw ``item`` with seeds 0 .. draws - 1 and count where the answer sat among the options."""
    positions: Counter = Counter()
    with_options = failures = 0
    for seed in range(draws):
        try:
            question = instantiate(item, seed)
        except GenerationError:
            failures += 1
            continue
        if question.options:
            with_options += 1
            positions[question.options.index(str(question.answer))] += 1
        elif seed + 1 == PROBE and not with_options:
            return Variety(PROBE, 0, positions, failures)
    return Variety(draws, with_options, positions, failures)


def check_variety(loaded: LoadedDeck, draws: int = DRAWS) -> Iterator[Diagnostic]:
    """Warnings for the deck's generated items whose answers favour one option position."""
    for index, item in enumerate(loaded.deck.generated):
        found = measure(item, draws)
        top = found.top
        line, col = loaded.source.locate(("generated", index))
        where = f"generated[{index}] ({item.id})"
        if top is not None and found.with_options >= MIN_DRAWS and top[1] > MAX_SHARE:
            position, share = top
            yield Diagnostic(loaded.display_path, line, col, "warning", "answer-position",
                             f"{where}: option {position + 1} is the answer in {share:.0%} of "
                             f"{found.with_options} draws with options (limit {MAX_SHARE:.0%}); "
                             "candidates can answer by position: draw settings so other options win too")
        if found.failures > draws // 10:
            yield Diagnostic(loaded.display_path, line, col, "warning", "draw-failures",
                             f"{where}: {found.failures} of {draws} draws gave no question; sessions "
                             "will skip it that often")
