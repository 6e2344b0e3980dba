"""Located messages about content, in the compiler style authors already read."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding at ``path:line:col``; ``code`` is a stable machine-readable name."""

    path: str
    line: int
    col: int
    severity: Severity
    code: str
    message: str

    def format(self) -> str:
        """``path:line:col: severity: message`` on one line."""
        message = " ".join(self.message.split())
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {message}"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


class ContentError(Exception):
    """Content that cannot be used; carries the located diagnostics that say why."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)
