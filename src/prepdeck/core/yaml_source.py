"""Read YAML text into plain Python data while remembering where every value came from.

libyaml (``CSafeLoader``) composes the node graph; we build the data ourselves so
that each value's line and column survive, duplicate keys are caught, and alias
expansion is bounded (a "billion laughs" document composes to a tiny graph but
would expand to billions of values).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from typing import Any

import yaml

from .plain_text import visible

try:  # libyaml is the fast path; the pure-Python loader is a correct fallback.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[Any, ...]

MAX_ALIAS_USES = 1_000
# Characters of text after alias expansion: twice the largest deck file. Aliases of one long string
# cost nothing to parse but every copy is processed (validated, cached, graded) on its own.
MAX_TEXT_CHARS = 40_000_000
# ~60 times the largest bundled deck. Every value costs libyaml a node and us an object,
# so a 20 MB file of "1," would otherwise take gigabytes and half a minute to refuse.
MAX_NODES = 250_000
MAX_DEPTH = 200
MAX_NUMBER_CHARS = 400  # ~1,300 bits: beyond any deck's needs; int() of longer text is refused or slow

# libyaml composes nodes recursively in C, so some 25,000 nested brackets overflow
# the C stack and kill the process outright (no exception to catch), and it holds
# every node before we can count them. Each level of nesting needs an indicator
# character of its own ('[', '{', '-', ':' or '?') and each value at least one
# character, so a short text with few indicators is safe; others are measured
# first with the event parser, which keeps its own stack and holds nothing.
_NESTING_INDICATORS = "[{-:?"
_SURELY_SHALLOW = 4_000
_NODE_EVENTS = (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)

# libyaml enforces limits of its own, which vary by release (0.2.6 added a nesting
# limit of 1,000, checked while scanning ahead, so before our own depth count sees
# the levels). Authors get our words for them, whichever libyaml PyYAML bundles.
_LIBYAML_LIMITS = (
    ("nesting depth", "too-deep", f"nesting deeper than {MAX_DEPTH} levels"),
    ("too long", "too-large", "the document is too large for the YAML parser"),
)


class YamlError(Exception):
    """A YAML problem at a 1-based line and column."""

    def __init__(self, line: int, col: int, code: str, message: str):
        super().__init__(message)
        self.line, self.col, self.code, self.message = line, col, code, message


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a document starts, by data path."""

    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Path_) -> tuple[int, int]:
        """Position of the deepest known prefix of ``path`` (the document start at worst)."""
        for end in range(len(path), -1, -1):
            position = self.values.get(tuple(path[:end]))
            if position is not None:
                return position
        return (1, 1)


def _mark(node: yaml.Node | yaml.Event) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_YAML_TAG = "tag:yaml.org,2002:"
# Tags a plain scalar may get from libyaml's resolver without the author writing one;
# a deck reads them as text, as it always has (a date, or a lone "=").
_IMPLICIT_TEXT_TAGS = {_YAML_TAG + "str", _YAML_TAG + "timestamp", _YAML_TAG + "value"}
_COLLECTION_TAGS = {yaml.SequenceNode: _YAML_TAG + "seq", yaml.MappingNode: _YAML_TAG + "map"}


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else tag


def _unsupported_tag(node: yaml.Node) -> YamlError:
    return YamlError(*_mark(node), "bad-tag",
                     f"tag {_short_tag(node.tag)!r} is not supported: decks use YAML's core schema "
                     "(text, numbers, true/false, null, lists and mappings); remove the tag")


class _Builder:
    """Turns a composed node graph into dicts, lists and scalars, recording positions.

    Only YAML's core schema is built: any other tag (``!!python/object``, ``!!binary``,
    ``!custom``) is refused with its position, as is a core tag whose text does not
    construct (``!!bool maybe``, ``!!int abc``).
    """

    _constructor = yaml.constructor.SafeConstructor()
    _scalar_tags = {
        _YAML_TAG + "int": _constructor.construct_yaml_int,
        _YAML_TAG + "float": _constructor.construct_yaml_float,
        _YAML_TAG + "bool": _constructor.construct_yaml_bool,
        _YAML_TAG + "null": _constructor.construct_yaml_null,
    }

    def __init__(self) -> None:
        self.source = SourceMap()
        self.seen: set[int] = set()
        self.active: set[int] = set()
        self.alias_uses = 0
        self.nodes = 0
        self.chars = 0

    def build(self, node: yaml.Node, path: Path_ = ()) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise YamlError(*_mark(node), "too-large", f"document has more than {MAX_NODES:,} values")
        if len(path) > MAX_DEPTH:
            raise YamlError(*_mark(node), "too-deep", f"nesting deeper than {MAX_DEPTH} levels")
        key = id(node)
        if key in self.active:
            raise YamlError(*_mark(node), "alias-cycle", "recursive alias: a node contains itself")
        if key in self.seen and not isinstance(node, yaml.ScalarNode):
            self.alias_uses += 1
            if self.alias_uses > MAX_ALIAS_USES:
                raise YamlError(
                    *_mark(node), "alias-bomb",
                    f"more than {MAX_ALIAS_USES} alias expansions (possible alias bomb)",
                )
        self.seen.add(key)
        self.source.values.setdefault(path, _mark(node))
        if isinstance(node, yaml.ScalarNode):
            self.chars += len(node.value)
            if self.chars > MAX_TEXT_CHARS:
                raise YamlError(*_mark(node), "alias-bomb",
                                f"the text expands to more than {MAX_TEXT_CHARS:,} characters "
                                "(aliases of long strings?)")
            convert = self._scalar_tags.get(node.tag)
            if convert is None:
                if node.tag not in _IMPLICIT_TEXT_TAGS:
                    raise _unsupported_tag(node)
                # Only a double-quoted escape ("\e", "\x1b") can put a control character here (libyaml
                # refuses raw ones); it has no place in interview text, and on a terminal it would act,
                # not show. Written out as \x1b it shows, in every front end, as the author wrote it.
                return visible(node.value) if node.style == '"' else node.value
            if len(node.value) > MAX_NUMBER_CHARS:
                raise YamlError(*_mark(node), "too-large",
                                f"a number {len(node.value):,} characters long; quote it if it is meant as text")
            try:
                return convert(node)
            except Exception:  # noqa: BLE001 - each constructor fails its own way (KeyError, ValueError...)
                raise YamlError(*_mark(node), "bad-tag",
                                f"{node.value!r} cannot be read as {_short_tag(node.tag)}") from None
        if node.tag != _COLLECTION_TAGS[type(node)]:
            raise _unsupported_tag(node)
        self.active.add(key)
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(child, path + (index,)) for index, child in enumerate(node.value)]
            return self._mapping(node, path)
        finally:
            self.active.discard(key)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(*_mark(key_node), "merge-key", "merge keys (<<) are not supported; repeat the fields")
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(*_mark(key_node), "bad-key", "a mapping key must be a plain scalar")
            key = self.build(key_node, path + ("<key>",))
            if not isinstance(key, str):
                # Every key in a deck is a field or parameter name; 1, true or null is a slip.
                raise YamlError(*_mark(key_node), "bad-key",
                                f"key {key_node.value!r} is read as {_kind_of(key)}, not a name; "
                                "quote it if it is meant as text")
            if key in result:
                line, _ = self.source.keys[path + (key,)]
                raise YamlError(
                    *_mark(key_node), "duplicate-key", f"duplicate key {key!r} (first defined on line {line})"
                )
            self.source.keys[path + (key,)] = _mark(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result


def _kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return "a number"


def _error_position(error: yaml.YAMLError) -> tuple[int, int]:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _limit_error(error: yaml.YAMLError) -> YamlError | None:
    """One of libyaml's own limits, reported as ours; None for any other error."""
    problem = str(getattr(error, "problem", None) or error)
    for marker, code, message in _LIBYAML_LIMITS:
        if marker in problem:
            return YamlError(*_error_position(error), code, message)
    return None


def _syntax_error(error: yaml.YAMLError, text: str) -> YamlError:
    limit = _limit_error(error)
    if limit is not None:
        return limit
    line, col = _error_position(error)
    problem = getattr(error, "problem", None) or str(error)
    lines = text.splitlines()
    for candidate in (line, line - 1):
        if 1 <= candidate <= len(lines):
            row = lines[candidate - 1]
            indent = row[: len(row) - len(row.lstrip(" \t"))]
            if "\t" in indent:
                return YamlError(candidate, indent.index("\t") + 1, "tab",
                                 "tab character in indentation; YAML indents with spaces only")
    context = getattr(error, "context", None)
    if context and problem.startswith("but "):
        message = f"YAML syntax error: {context}, {problem}"
    else:
        message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    return YamlError(line, col, "yaml-syntax", message)


def _check_shape(text: str) -> None:
    """Refuse too deep nesting and too many values before libyaml composes (and recurses on) them.

    Both limits are those of the builder, counted the same way or lower, so this
    never refuses a document the builder would accept.
    """
    if len(text) <= MAX_NODES and sum(text.count(c) for c in _NESTING_INDICATORS) <= _SURELY_SHALLOW:
        return
    loader = _Loader(text)
    depth = nodes = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, _NODE_EVENTS):
                nodes += 1
                if nodes > MAX_NODES:
                    raise YamlError(*_mark(event), "too-large", f"document has more than {MAX_NODES:,} values")
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                # One more than the builder allows: it counts the values inside, we the collections.
                if depth > MAX_DEPTH + 1:
                    raise YamlError(*_mark(event), "too-deep", f"nesting deeper than {MAX_DEPTH} levels")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError as error:
        limit = _limit_error(error)
        if limit is not None:
            raise limit from None
        return  # composing reports it, at the same place, before reaching any deeper part
    finally:
        loader.dispose()


def parse(text: str) -> tuple[Any, SourceMap]:
    """Parse one YAML document into data and its source map.

    Raises ``YamlError`` for syntax errors, tabs, duplicate keys, keys that are not
    text, alias bombs, recursive aliases, too deep nesting and an empty document.
    """
    # The collector finds nothing to free while building fresh containers, but
    # scanning them repeatedly makes large decks several times slower.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        _check_shape(text)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as error:
            raise _syntax_error(error, text) from None
        finally:
            loader.dispose()
        if node is None:
            raise YamlError(1, 1, "empty", "file is empty: expected a deck mapping")
        builder = _Builder()
        data = builder.build(node)
        return data, builder.source
    finally:
        if was_enabled:
            gc.enable()
