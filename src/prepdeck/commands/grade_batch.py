"""``prepdeck grade --batch``: grade a JSON Lines file of answers, one result line per input line.

Each input line is an object with ``answer`` and either ``item`` (an item id,
with ``seed`` for calculation and generated items and optionally
``follow_up``) or ``model_answer`` (with an optional ``prompt``). An ``id``
field is echoed back. Every output line carries the input ``line`` number; a
line that cannot be graded gets ``{"line": N, "error": ...}`` on standard
output and the same message, located, on standard error, and the other lines
are still graded. Blank lines are skipped. Exit 1 when any line failed.
"""

from __future__ import annotations

import json
import sys
from typing import Any, BinaryIO, Callable, Iterator

from ..errors import PrepdeckError, UsageError
from .grade_answer import MAX_ANSWER_BYTES

_ALLOWED = {"answer", "item", "seed", "follow_up", "model_answer", "prompt", "id"}


class LineError(Exception):
    """A line that cannot be graded; the message says why."""


def _bounded_lines(handle: BinaryIO) -> Iterator[bytes]:
    """Lines of ``handle``; one longer than the answer limit is cut short and the rest skipped.

    Reading in bounded pieces keeps memory flat even for an endless line
    (``/dev/zero``); the cut line is then refused by ``_parse`` as too long.
    """
    while True:
        line = handle.readline(MAX_ANSWER_BYTES + 2)
        if not line:
            return
        yield line
        if len(line) > MAX_ANSWER_BYTES and not line.endswith(b"\n"):
            while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass


def _lines(name: str) -> Iterator[bytes]:
    if name == "-":
        yield from _bounded_lines(sys.stdin.buffer)
        return
    try:
        handle = open(name, "rb")
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file") from None
    except OSError as error:
        raise UsageError(f"{name}: {error.strerror or error}") from None
    with handle:
        yield from _bounded_lines(handle)


def _field(record: dict[str, Any], key: str, kind: type | tuple[type, ...], required: bool = False) -> Any:
    value = record.get(key)
    if value is None:
        if required:
            raise LineError(f"missing {key!r}")
        return None
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        expected = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise LineError(f"{key!r} must be a {expected.replace('str', 'string').replace('int', 'whole number')}")
    return value


def _parse(raw: bytes) -> dict[str, Any]:
    if len(raw) > MAX_ANSWER_BYTES:
        raise LineError(f"line is over {MAX_ANSWER_BYTES // (1024 * 1024)} MB")
    try:
        record = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise LineError("not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise LineError(f"not valid JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        raise LineError("JSON nested too deeply") from None
    except ValueError as error:  # a number beyond Python's int-from-text digit limit
        raise LineError(f"JSON value cannot be read ({error})") from None
    if not isinstance(record, dict):
        raise LineError("each line must be a JSON object with 'answer' and 'item' or 'model_answer'")
    unknown = sorted(set(record) - _ALLOWED)
    if unknown:
        raise LineError(f"unknown field(s) {', '.join(map(repr, unknown))}; expected {', '.join(sorted(_ALLOWED))}")
    return record


def _grade(record: dict[str, Any], decks: Callable[[], Any]) -> dict[str, Any]:
    from ..core.grading import grade_text
    from .grade_answer import grade_answer
    from .grade_render import result_dict

    answer = _field(record, "answer", str, required=True)
    item = _field(record, "item", str)
    model_answer = _field(record, "model_answer", str)
    if (item is None) == (model_answer is None):
        raise LineError("give either 'item' or 'model_answer'")
    if item is not None:
        if record.get("prompt") is not None:
            raise LineError("'prompt' goes with 'model_answer', not with 'item'")
        graded = grade_answer(decks(), item, answer, seed=_field(record, "seed", int),
                              follow_up=_field(record, "follow_up", int))
        return result_dict(graded.result, **graded.context)
    if record.get("seed") is not None or record.get("follow_up") is not None:
        raise LineError("'seed' and 'follow_up' go with 'item', not with 'model_answer'")
    try:
        result = grade_text(answer, model_answer=model_answer, prompt=_field(record, "prompt", str))
    except ValueError as error:
        raise LineError(str(error)) from None
    return result_dict(result, item=None)


def run_batch(name: str, load_decks: Callable[[], Any]) -> int:
    """Grade every line of ``name``; decks are loaded only if some line names an item."""
    cache: list[Any] = []

    def decks() -> Any:
        if not cache:
            cache.append(load_decks())
        return cache[0]

    display = "<stdin>" if name == "-" else name
    failed = 0
    write = sys.stdout.write
    for number, raw in enumerate(_lines(name), 1):
        if not raw.strip():
            continue
        record: dict[str, Any] = {}
        try:
            record = _parse(raw)
            output = _grade(record, decks)
        except Exception as error:  # noqa: BLE001 - every line gets its own result or error
            failed += 1
            message = str(error) if isinstance(error, (LineError, PrepdeckError)) else (
                f"internal error on this line: {type(error).__name__}: {error} (please report it)")
            print(f"{display}:{number}: error: {message}", file=sys.stderr)
            output = {"error": message}
        output = {"line": number, **({"id": record["id"]} if "id" in record else {}), **output}
        write(json.dumps(output, ensure_ascii=False, separators=(",", ":")) + "\n")
    sys.stdout.flush()
    if failed:
        print(f"{failed} line(s) could not be graded", file=sys.stderr)
    return 1 if failed else 0
