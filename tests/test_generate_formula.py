"""The safe formula evaluator: the whitelist, the bounds, and the hostile-formula catalogue."""

from __future__ import annotations

import math
import operator
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prepdeck.core.generate import FormulaError, GenerationError, compile_formula, evaluate
from prepdeck.errors import PrepdeckError


@pytest.mark.parametrize(("text", "names", "expected"), [
    ("ceil(n / b) * e", {"n": 50000, "b": 125, "e": 20}, 8000),
    ("ceil(n / b) * e", {"n": 1001, "b": 100, "e": 3}, 33),
    ("floor(n / b) * e", {"n": 1001, "b": 100, "e": 3}, 30),
    ("n // b + (n % b > 0)", {"n": 1001, "b": 100}, 11),
    ("lr * gamma ** (step // every)", {"lr": 0.1, "gamma": 0.5, "step": 250, "every": 100}, 0.025),
    ("min(a, b, c) + max(a, b)", {"a": 3, "b": 7, "c": 5}, 10),
    ("abs(x) + sqrt(16) + log2(8) + log10(1000) + log(exp(2))", {"x": -1}, 1 + 4 + 3 + 3 + 2),
    ("cos(0) + cos(x)", {"x": 3.141592653589793}, 0.0),
    ("log(8, 2)", {}, 3),
    ("round(2.567, 2)", {}, 2.57),
    ("x if x > 0 else -x", {"x": -4}, 4),
    ("n % b == 0 and n > b", {"n": 100, "b": 25}, 1),
    ("not (n % b == 0) or n < b", {"n": 100, "b": 25}, 0),
    ("1 < x <= 3", {"x": 3}, 1),
    ("-x + +y", {"x": 2, "y": 5}, 3),
    ("2 ** 10", {}, 1024),
    ("2 ** -1", {}, 0.5),
])
def test_allowed_formulas(text: str, names: dict, expected: float) -> None:
    assert evaluate(text, names) == pytest.approx(expected)


def test_integer_arithmetic_stays_exact() -> None:
    # 2**60 + 1 is not representable as a float; integer operations must not round it.
    assert compile_formula("n * n + 1").value({"n": 2**30}) == 2**60 + 1


def test_names_are_reported() -> None:
    assert compile_formula("ceil(n / b) * e").names == {"n", "b", "e"}


HOSTILE = {
    "9**9**9": "power too large",
    "10**400": "power too large",
    "2**2000": "too large",
    "(10**200) * (10**200) * (10**200) * (10**200) * (10**200) * (10**200)": "too large",
    "exp(10000)": "too large",
    "1e308 ** 2": "too large",
    "(" * 300 + "1" + ")" * 300: "",
    "-" * 1500 + "1": "nested too deeply",
    " + ".join(["1"] * 600): "too long",
    "x" * 2500: "too long",
    "n.__class__": "attribute access",
    "().__class__.__bases__[0].__subclasses__()": "",
    "n[0]": "indexing",
    "lambda: 1": "lambda",
    "[i for i in range(10)]": "comprehension",
    "{i: i for i in range(3)}": "comprehension",
    "sum(i for i in range(10))": "",
    "'abc'": "string",
    "f'{n}'": "string",
    "b'abc'": "string",
    "__import__('os').system('true')": "unknown function",
    "open('/etc/passwd')": "unknown function",
    "eval('1')": "unknown function",
    "min": "is a function",
    "max(n=1, b=2)": "keyword arguments",
    "(x := 3)": "assignment",
    "[1, 2]": "list",
    "(1, 2)": "tuple",
    "n if": "syntax",
    "1 +": "syntax",
    "import os": "syntax",
    "n; m": "syntax",
    "1j": "not allowed",
    "True": "not allowed",
    "None": "not allowed",
    "n << 2": "operator not allowed",
    "n & 1": "operator not allowed",
    "n is m": "comparison not allowed",
    "n in m": "comparison not allowed",
    "sqrt()": "takes 1 argument",
    "min(1)": "takes 2 or more",
    "": "empty",
}


@pytest.mark.parametrize("text", list(HOSTILE))
def test_hostile_formulas_are_rejected_quickly(text: str) -> None:
    started = time.perf_counter()
    with pytest.raises(FormulaError) as caught:
        formula = compile_formula(text)
        formula.value({"n": 4, "m": 2, "x": 1})
    assert time.perf_counter() - started < 1.0, "a hostile formula must never hang"
    message = str(caught.value)
    assert HOSTILE[text].lower() in message.lower()
    assert "\n" not in message and len(message) < 400
    # A FormulaError reaches the user as one line, like every PrepdeckError.
    assert isinstance(caught.value, GenerationError) and isinstance(caught.value, PrepdeckError)


def test_hostile_power_is_caught_at_compile_time() -> None:
    # No names involved: folded (and refused) when compiled, so `prepdeck check` sees it.
    with pytest.raises(FormulaError, match="power too large"):
        compile_formula("n + 9**9**9")


def test_hostile_power_with_names_is_refused_before_computing() -> None:
    formula = compile_formula("b ** e")
    started = time.perf_counter()
    with pytest.raises(FormulaError, match="power too large"):
        formula.value({"b": 9, "e": 9**9})
    assert time.perf_counter() - started < 1.0


def test_unknown_names_with_known_set() -> None:
    with pytest.raises(FormulaError, match="unknown name 'q'"):
        compile_formula("n + q", known={"n"})
    with pytest.raises(FormulaError, match="unknown name 'q'"):
        evaluate("n + q", {"n": 1})


@pytest.mark.parametrize(("text", "names", "fragment"), [
    ("n / b", {"n": 1, "b": 0}, "division by zero in `n / b`"),
    ("n // b", {"n": 1, "b": 0}, "division by zero"),
    ("n % b", {"n": 1, "b": 0}, "division by zero"),
    ("log(x)", {"x": 0}, "math domain error in `log(x)`"),
    ("sqrt(x)", {"x": -1}, "math domain error"),
    ("x ** 0.5", {"x": -8}, "negative number to a fractional power"),
    ("0 ** x", {"x": -1}, "division by zero"),
    ("round(x, 1.5)", {"x": 2}, "whole number"),
])
def test_evaluation_errors_name_the_subexpression(text: str, names: dict, fragment: str) -> None:
    with pytest.raises(FormulaError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        evaluate(text, names)


def test_overflowing_float_is_returned_not_hidden() -> None:
    # Non-finite results are reported by the caller (check: "non-finite"), not silently clamped.
    assert math.isinf(evaluate("x * 10", {"x": 1e308}))


def test_whitespace_and_newlines_are_accepted() -> None:
    assert evaluate("ceil(n /\n   b)", {"n": 10, "b": 3}) == 4


# An independent oracle: random expression trees evaluated by hand with the operator module.
_OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul}


@st.composite
def expressions(draw: st.DrawFn, depth: int = 0) -> tuple[str, int]:
    if depth >= 4 or draw(st.booleans()):
        if draw(st.booleans()):
            value = draw(st.integers(-50, 50))
            return (f"({value})", value)
        name = draw(st.sampled_from(["a", "b", "c"]))
        return (name, {"a": 7, "b": -3, "c": 12}[name])
    kind = draw(st.sampled_from(["+", "-", "*", "min", "max", "abs"]))
    left_text, left = draw(expressions(depth + 1))
    right_text, right = draw(expressions(depth + 1))
    if kind in _OPS:
        return (f"({left_text} {kind} {right_text})", _OPS[kind](left, right))
    if kind == "abs":
        return (f"abs({left_text})", abs(left))
    return (f"{kind}({left_text}, {right_text})", (min if kind == "min" else max)(left, right))


@settings(max_examples=150, deadline=None)
@given(expressions())
def test_random_arithmetic_matches_an_independent_evaluation(case: tuple[str, int]) -> None:
    text, expected = case
    assert compile_formula(text).value({"a": 7, "b": -3, "c": 12}) == expected
