"""Renderers for the stats screen: headline, bars per tag, due forecast, weakest items, recall."""

from __future__ import annotations

from datetime import date
from typing import Sequence

from textual.content import Content

from ...store.stats import ItemStats, Recall, Stats, Tally

BAR = 20


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _bar(fraction: float, width: int = BAR, style: str = "$accent") -> Content:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return Content.assemble(("█" * filled, style), ("░" * (width - filled), "$foreground-muted"))


def _accuracy_style(accuracy: float | None) -> str:
    if accuracy is None:
        return "$foreground-muted"
    return "$success" if accuracy >= 0.75 else "$warning" if accuracy >= 0.4 else "$error"


def headline(stats: Stats) -> Content:
    total = stats.total
    if not total.attempts:
        return Content.from_markup("[b]No answers recorded yet.[/b] Start a drill from the home screen.")
    parts = [
        Content.styled(f"{total.attempts} answers", "bold"),
        Content(f"{_pct(total.accuracy)} right"),
        Content(f"mean score {_pct(total.mean_score)}"),
        Content.styled(f"streak {stats.streak} day{'s' if stats.streak != 1 else ''}", "bold $text-accent"),
        Content(f"{stats.due_today} due today"),
    ]
    if stats.orphans:
        parts.append(Content.styled(f"{len(stats.orphans)} item(s) no longer in the decks (history kept)", "dim"))
    return Content(" · ").join(parts)


def tag_bars(by_tag: dict[str, Tally], limit: int = 15) -> Content:
    """Accuracy per tag, weakest first, as ``tag  ██████░░░░  62% (13)``."""
    graded = [(tag, tally) for tag, tally in by_tag.items() if tally.graded]
    if not graded:
        return Content.styled("No graded answers yet.", "italic")
    graded.sort(key=lambda pair: (pair[1].accuracy or 0.0, -pair[1].graded, pair[0]))
    width = min(22, max(len(tag) for tag, _ in graded))
    lines = []
    for tag, tally in graded[:limit]:
        name = tag if len(tag) <= width else tag[: width - 1] + "…"
        lines.append(Content.assemble(f"{name:<{width}} ", _bar(tally.accuracy or 0.0, style=_accuracy_style(tally.accuracy)),
                                      f" {_pct(tally.accuracy):>4}", (f" ({tally.graded})", "dim")))
    if len(graded) > limit:
        lines.append(Content.styled(f"… and {len(graded) - limit} more tag(s)", "dim"))
    return Content("\n").join(lines)


def forecast_bars(forecast: Sequence[tuple[date, int]]) -> Content:
    """Cards due on each of the next days; today includes everything overdue."""
    peak = max((count for _, count in forecast), default=0)
    lines = []
    for index, (day, count) in enumerate(forecast):
        label = "today" if index == 0 else day.strftime("%a %d")
        lines.append(Content.assemble(f"{label:<7}", _bar(count / peak if peak else 0.0), f" {count}"))
    return Content("\n").join(lines)


def weakest_lines(weakest: Sequence[ItemStats], limit: int = 8) -> Content:
    if not weakest:
        return Content.styled("Nothing yet.", "italic")
    lines = []
    for item in weakest[:limit]:
        recall = "" if item.retrievability is None else f" · recall now {_pct(item.retrievability)}"
        lines.append(Content.assemble((f"{_pct(item.tally.accuracy):>4} ", _accuracy_style(item.tally.accuracy)),
                                      item.item_id, (f" ({item.deck_id}, {item.tally.graded} graded{recall})", "dim")))
    return Content("\n").join(lines)


def recall_text(recall: Recall) -> Content:
    """Predicted recall on the chosen day, for what was studied and for all the loaded material."""
    if not recall.studied:
        return Content(f"On {recall.on.isoformat()}: nothing studied yet, so nothing to predict.")
    lines = [Content.assemble(
        (f"On {recall.on.isoformat()}: ", "bold"),
        (_pct(recall.mean_studied), f"bold {_accuracy_style(recall.mean_studied)}"),
        f" of the {recall.studied} item(s) you studied",
        ("" if recall.mean_all is None else f"; {_pct(recall.mean_all)} of all {recall.items} items", ""),
    )]
    for deck, values in recall.by_deck.items():
        if values.get("studied"):
            lines.append(Content.assemble(f"  {deck}: ", (_pct(values.get("mean_studied")), "bold"),
                                          (f" of {values['studied']} studied", "dim")))
    return Content("\n").join(lines)


MIN_PLOT_DAYS = 7


def accuracy_plot(days):
    """Daily accuracy (%) as a line, from the first day with answers (at least a week shown)."""
    from textual_plotext import PlotextPlot

    first = next((index for index, point in enumerate(days) if point.tally.graded), 0)
    days = days[min(first, max(0, len(days) - MIN_PLOT_DAYS)):]

    plot = PlotextPlot(id="accuracy-plot", classes="stats-section")
    plot.border_title = "Accuracy over time"
    plt = plot.plt
    xs = [index for index, point in enumerate(days) if point.tally.graded]
    ys = [100 * point.tally.accuracy for point in days if point.tally.graded]
    plt.plot(xs, ys, marker="braille", label="accuracy %")
    plt.scatter(xs, ys, marker="●")
    plt.ylim(0, 100)
    plt.xlim(0, len(days) - 1)
    step = max(1, len(days) // 6)
    ticks = list(range(0, len(days), step))
    if ticks[-1] != len(days) - 1:
        if len(ticks) > 1 and len(days) - 1 - ticks[-1] < step / 2:
            ticks.pop()  # today's label would collide with the one before it
        ticks.append(len(days) - 1)
    plt.xticks(ticks, [days[i].day.strftime("%m-%d") for i in ticks])
    plt.yticks([0, 25, 50, 75, 100])
    return plot
