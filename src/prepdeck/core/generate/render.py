"""Filling prompt and explanation templates with drawn values.

Templates use ``str.format`` syntax (``{n}``, ``{n:,}``, ``{lr:.3g}``), but only
plain names are allowed: ``{n.__class__}`` or ``{n[0]}`` would let a deck reach
into Python objects, so they are refused. Whole-valued floats print as
integers, so ``{answer:,}`` shows ``8,000`` rather than ``8,000.0``.
"""

from __future__ import annotations

import string
from typing import Iterator, Mapping

from .errors import GenerationError

Number = int | float

_FORMATTER = string.Formatter()


def display_value(value: Number, spec: str = "") -> Number:
    """The value as it should be formatted: tidy floats, whole floats as ints.

    Without an explicit precision in ``spec``, floats are rounded to 10
    significant figures, which hides binary noise such as 0.30000000000000004.
    """
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        if "." not in spec:
            value = float(f"{value:.10g}")
        if value.is_integer() and abs(value) < 1e15:
            return int(value)
    return value


def template_fields(template: str) -> Iterator[tuple[str, str]]:
    """Each ``(name, format_spec)`` in the template; ``GenerationError`` when malformed."""
    try:
        parsed = list(_FORMATTER.parse(template))
    except ValueError as error:
        raise GenerationError(f"malformed template: {error} (write {{{{ and }}}} for literal braces)") from None
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier():
            raise GenerationError(f"template field {{{name}}} must be a plain name such as {{n}} or {{n:,}}")
        if conversion:
            raise GenerationError(f"template field {{{name}!{conversion}}}: conversions are not supported")
        if "{" in (spec or ""):
            raise GenerationError(f"template field {{{name}:{spec}}}: nested fields are not supported")
        yield name, spec or ""


def render(template: str, values: Mapping[str, Number]) -> str:
    """The template with every field replaced; ``GenerationError`` names the field at fault."""
    pieces: list[str] = []
    fields = iter(list(template_fields(template)))
    for literal, name, _, _ in _FORMATTER.parse(template):
        pieces.append(literal)
        if name is None:
            continue
        name, spec = next(fields)
        if name not in values:
            known = ", ".join(sorted(values)) or "none"
            raise GenerationError(f"template field {{{name}}} is not a parameter, derived value or 'answer' "
                                  f"(known: {known})")
        value = display_value(values[name], spec)
        try:
            pieces.append(format(value, spec))
        except ValueError as error:
            raise GenerationError(f"template field {{{name}:{spec}}} cannot format {value!r}: {error}") from None
    return "".join(pieces)
