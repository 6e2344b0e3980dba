"""Turn pydantic validation errors into short, located messages for deck authors."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic
from .model import Deck
from .yaml_source import SourceMap

_EXPECTED = {
    "string_type": "a string",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def _describe_value(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _format_path(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types an annotation may hold (Annotated, Optional and Union removed)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _model_at(path: tuple[Any, ...]) -> type[BaseModel] | None:
    """The content model that the value at ``path`` should be, if any."""
    current: list[Any] = [Deck]
    for part in path:
        following: list[Any] = []
        for candidate in current:
            origin = typing.get_origin(candidate)
            if isinstance(candidate, type) and issubclass(candidate, BaseModel) and isinstance(part, str):
                field = candidate.model_fields.get(part)
                if field is not None:
                    following.extend(_unwrap(field.annotation))
            elif origin is list and isinstance(part, int):
                following.extend(_unwrap(typing.get_args(candidate)[0]))
            elif origin is dict and isinstance(part, str):
                following.extend(_unwrap(typing.get_args(candidate)[1]))
        current = following
    for candidate in current:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _clean_path(loc: tuple[Any, ...], source: SourceMap) -> tuple[Any, ...]:
    """Drop pydantic's internal loc parts (union member tags and the like)."""
    cleaned: tuple[Any, ...] = ()
    for index, part in enumerate(loc):
        candidate = cleaned + (part,)
        is_last = index == len(loc) - 1
        if candidate in source.values or (is_last and isinstance(part, str) and candidate in source.keys):
            cleaned = candidate
        elif is_last and isinstance(part, str) and _model_at(cleaned) is not None and part in _model_at(cleaned).model_fields:
            cleaned = candidate  # a missing field: name it although it has no position
    return cleaned


def _message(error: dict[str, Any], path: tuple[Any, ...]) -> tuple[str, str]:
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return "missing-field", "required field missing"
    if kind == "extra_forbidden":
        message = "unknown field"
        model = _model_at(path[:-1])
        if model is not None and isinstance(path[-1], str):
            # Imported here: loading a valid deck (and `--help`) should not load rapidfuzz,
            # which in older 3.x releases (3.6 at least) also imports numpy.
            from rapidfuzz import process

            match = process.extractOne(path[-1], list(model.model_fields), score_cutoff=60)
            if match:
                message += f" (did you mean {match[0]!r}?)"
            else:
                message += "; allowed: " + ", ".join(model.model_fields)
        return "unknown-field", message
    if kind in _EXPECTED:
        return "wrong-type", f"expected {_EXPECTED[kind]}, got {_describe_value(value)}"
    if kind in ("too_short", "string_too_short"):
        return "empty", "must not be empty"
    if kind == "string_pattern_mismatch":
        return "bad-id", (f"{_describe_value(value)} is not a valid id: use lowercase letters, digits, "
                          "'.', '_' and '-', starting with a letter or digit")
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return "bad-value", f"must be one of {expected}, got {_describe_value(value)}"
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return "invalid", message[:1].lower() + message[1:]


def describe_validation_error(error: ValidationError, source: SourceMap, display: str) -> list[Diagnostic]:
    """One located diagnostic per distinct problem, in file order."""
    seen: set[tuple[Any, ...]] = set()
    diagnostics: list[Diagnostic] = []
    details = [(detail, _clean_path(tuple(detail["loc"]), source)) for detail in error.errors()]
    # For nan in an int-or-float field, "not finite" is the message that helps, not "not whole".
    details.sort(key=lambda pair: pair[0]["type"] != "finite_number")
    # A misspelt required field shows up twice (unknown 'promtp', missing 'prompt');
    # the unknown-field message already names the fix, so the missing one is noise.
    suggested = set()
    for detail, path in details:
        if detail["type"] == "extra_forbidden":
            _, message = _message(detail, path)
            if "did you mean" in message:
                suggested.add(path[:-1] + (message.split("'")[-2],))
    for detail, path in details:
        if detail["type"] == "missing" and path in suggested:
            continue
        code, message = _message(detail, path)
        # A union field reports once per member type; one message per place is enough.
        if (path, code) in seen:
            continue
        seen.add((path, code))
        if code == "unknown-field" and path in source.keys:
            line, col = source.keys[path]
        else:
            line, col = source.locate(path)
        where = _format_path(path)
        diagnostics.append(Diagnostic(display, line, col, "error", code, f"{where}: {message}" if where else message))
    return sorted(diagnostics, key=lambda d: (d.line, d.col))
