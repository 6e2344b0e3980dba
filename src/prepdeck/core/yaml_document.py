"""YAML text validated into a pydantic model, every problem located: what decks and lexicons share."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .diagnostics import ContentError, Diagnostic
from .validation_messages import describe_validation_error
from .yaml_source import SourceMap, YamlError, parse

M = TypeVar("M", bound=BaseModel)


def validate_document(text: str, display: str, model: type[M], expected: str) -> tuple[M, SourceMap]:
    """``text`` parsed and validated as ``model``; raises ``ContentError`` with every problem.

    ``expected`` says what the top level should be, for a file that is not a mapping
    (e.g. "a mapping with id, title and item lists").
    """
    try:
        data, source = parse(text)
    except YamlError as error:
        raise ContentError([Diagnostic(display, error.line, error.col, "error", error.code, error.message)]) from None
    if not isinstance(data, dict):
        line, col = source.locate(())
        kind = "a list" if isinstance(data, list) else "a single value"
        raise ContentError([Diagnostic(display, line, col, "error", "not-a-mapping",
                                       f"top level must be {expected}, not {kind}")])
    try:
        return model.model_validate(data), source
    except ValidationError as error:
        raise ContentError(describe_validation_error(error, source, display)) from None
