"""Nesting limits are reported in prepdeck's words, whichever libyaml PyYAML bundles.

libyaml 0.2.6 refuses 1,000 levels of nesting itself, while scanning ahead and
so before our own count of 200; older releases let the document through to our
check. Either way the author reads the same located message.
"""

from __future__ import annotations

import pytest

from prepdeck.core.yaml_source import MAX_DEPTH, YamlError, parse

OUR_MESSAGE = f"nesting deeper than {MAX_DEPTH} levels"


def _flow(levels: int) -> str:
    return "x: " + "[" * levels + "]" * levels + "\n"


def _flow_mappings(levels: int) -> str:
    return "x: " + "{a: " * levels + "1" + "}" * levels + "\n"


def _block(levels: int) -> str:
    return "x:\n" + "".join("  " * depth + "-\n" for depth in range(levels))


@pytest.mark.parametrize("build", [_flow, _flow_mappings, _block], ids=["flow", "flow-mappings", "block"])
@pytest.mark.parametrize("levels", [MAX_DEPTH + 50, 1_500, 20_000])
def test_too_deep_nesting_is_our_located_error(build, levels):
    with pytest.raises(YamlError) as raised:
        parse(build(levels))
    error = raised.value
    assert (error.code, error.message) == ("too-deep", OUR_MESSAGE)
    assert error.line >= 1 and error.col >= 1


@pytest.mark.parametrize("build", [_flow, _flow_mappings, _block], ids=["flow", "flow-mappings", "block"])
def test_nesting_within_the_limit_parses(build):
    data, _ = parse(build(MAX_DEPTH - 5))
    depth, value = 0, data["x"]
    while isinstance(value, (list, dict)) and value:
        value = value[0] if isinstance(value, list) else value["a"]
        depth += 1
    assert depth >= MAX_DEPTH - 10
