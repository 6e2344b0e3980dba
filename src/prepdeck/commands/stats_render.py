"""Plain-text rendering of ``prepdeck stats``."""

from __future__ import annotations

from pathlib import Path

from ..core.clock import local_date
from ..store.stats import Stats, Tally


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def _tally(tally: Tally) -> str:
    text = f"{tally.attempts:>5} attempt(s)"
    if tally.graded:
        text += f"   right {tally.correct}/{tally.graded} ({_percent(tally.accuracy)})"
    if tally.mean_score is not None:
        text += f"   mean score {tally.mean_score:.2f}"
    return text


def stats_lines(stats: Stats, path: Path, *, exists: bool) -> list[str]:
    today = stats.forecast[0][0]
    lines = [f"progress database: {path}" + ("" if exists else " (none yet: start with 'prepdeck quiz --plain')")]
    total = stats.total
    head = f"attempts {total.attempts}"
    if total.graded:
        head += f" · right {total.correct}/{total.graded} ({_percent(total.accuracy)})"
    if total.mean_score is not None:
        head += f" · mean score {total.mean_score:.2f}"
    head += f" · streak {stats.streak} day(s)"
    lines.append(head)
    for title, table in (("by deck", stats.by_deck), ("by tag", stats.by_tag)):
        if table:
            lines.append(f"{title}:")
            lines.extend(f"  {name:<28} {_tally(tally)}" for name, tally in table.items())
    if stats.weakest:
        lines.append("weakest items:")
        width = max(len(f"{item.deck_id}/{item.item_id}") for item in stats.weakest)
        for item in stats.weakest:
            name = f"{item.deck_id}/{item.item_id}"
            due = ""
            if item.due is not None:
                day = local_date(item.due)
                due = "   due today" if day <= today else f"   due {day.isoformat()}"
            lines.append(f"  {name:<{width}}   right {item.tally.correct}/{item.tally.graded}"
                         f" ({_percent(item.tally.accuracy)}){due}")
    forecast = " · ".join(f"{day.strftime('%a %d')}: {count}" for day, count in stats.forecast[1:])
    lines.append(f"due today {stats.due_today} · next days: {forecast}")
    recall = stats.recall
    if recall is not None:
        text = f"predicted recall on {recall.on.isoformat()}: "
        if recall.studied:
            text += f"{_percent(recall.mean_studied)} across {recall.studied} studied item(s)"
        else:
            text += "nothing studied yet"
        if recall.items:
            text += f"; {_percent(recall.mean_all)} across all {recall.items} item(s) loaded"
        lines.append(text)
    if stats.orphans:
        lines.append("orphans (no longer in their deck; history kept):")
        lines.extend(f"  {o.deck_id}/{o.item_id} ({o.kind or 'unknown kind'}, {o.attempts} attempt(s), "
                     f"last {o.last_seen.date().isoformat()})" for o in stats.orphans)
    if stats.unloaded_decks:
        names = ", ".join(f"{deck} ({count} item(s))" for deck, count in stats.unloaded_decks.items())
        lines.append(f"decks with history but not loaded: {names}; pass their paths to include them")
    return lines
