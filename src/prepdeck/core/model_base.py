"""The building blocks every deck content type shares: the strict base model and the field types."""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"

ItemId = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=120)]
NonEmptyStr = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Tag = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=60)]
Formula = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]
# inf and nan (YAML's .inf and .nan) would draw nan answers; no parameter needs them.
Number = Union[int, Annotated[float, Field(allow_inf_nan=False)]]

ItemKind = Literal["concept", "question", "calculation", "choice", "generated"]
KINDS: tuple[ItemKind, ...] = ("concept", "question", "calculation", "choice", "generated")


class StrictModel(BaseModel):
    """Base for every content type: unknown fields are errors, values immutable."""

    # protected_namespaces=(): authors' field names such as model_answer are ours, and pydantic
    # before 2.10 warns about any field starting with "model_".
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, protected_namespaces=())

TOPIC_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
TopicKey = Annotated[str, StringConstraints(pattern=TOPIC_PATTERN, max_length=80)]
