"""The line above each card: where it sits in the session, its deck, kind, tags and clock."""

from __future__ import annotations

from datetime import datetime, timedelta

from textual.content import Content

from ...core.session_types import KIND_LABELS, Card

DIRECTION_LABELS = {"term->definition": "term → definition", "definition->term": "definition → term"}


def clock_text(elapsed: timedelta, budget: timedelta | None) -> Content:
    """``1:05 / 3:00``, turning red once over the interview budget."""
    def fmt(delta: timedelta) -> str:
        seconds = max(0, int(delta.total_seconds()))
        return f"{seconds // 60}:{seconds % 60:02d}"

    if budget is None:
        return Content(fmt(elapsed))
    style = "bold $text-error" if elapsed > budget else "bold"
    return Content.styled(f"⏱ {fmt(elapsed)} / {fmt(budget)}", style)


def meta_line(card: Card, now: datetime) -> Content:
    """``3/10 · batch-size · question · memory, batch-size · new``."""
    kind = KIND_LABELS.get(card.kind, card.kind)
    if card.flash is not None:
        kind = f"{kind}: {DIRECTION_LABELS.get(card.flash.direction, card.flash.direction)}"
    parts: list[Content] = [
        Content.styled(f"{card.position}/{card.planned}", "bold"),
        Content(card.deck_id),
        Content.styled(kind, "$text-accent"),
    ]
    if card.parent_id:
        parts.append(Content.styled(f"after {card.parent_id}", "italic"))
    if card.tags:
        parts.append(Content.styled(", ".join(card.tags), "$text-muted"))
    if card.is_new:
        parts.append(Content.styled("new", "bold $text-success"))
    if card.returning:
        parts.append(Content.styled("again: back for another go", "bold $text-warning"))
    if card.time_budget is not None:
        parts.append(clock_text(now - card.presented_at, card.time_budget))
    return Content(" · ").join(parts)
