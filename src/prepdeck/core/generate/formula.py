"""The safe formula evaluator behind calculation items.

A formula is one Python-syntax expression over parameter names, parsed with
``ast`` and checked against a whitelist: numbers, names, ``+ - * / // % **``,
comparisons, ``and``/``or``/``not``, ``x if c else y`` and a few math
functions. It is compiled into closures once (and cached), so evaluating a
calculation thousands of times in ``prepdeck check`` stays cheap. Nothing is
ever passed to ``eval``.

Sizes are bounded: the text, the number of syntax nodes, the nesting depth, and
every integer result (``9**9**9`` is refused before it is computed, so it can
never hang). Sub-expressions without names are folded at compile time, which is
how such a power is caught when the formula is checked rather than when a
candidate draws it.
"""

from __future__ import annotations

import ast
import warnings
import math
import operator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping

from .errors import FormulaError

Number = int | float
Env = Mapping[str, Number]
Evaluator = Callable[[Env], Number]

MAX_FORMULA_CHARS = 2000
MAX_NODES = 400
MAX_DEPTH = 40
MAX_INT_BITS = 1000  # about 300 digits: far beyond any interview number, still cheap and float-convertible
MAX_ROUND_DIGITS = 400  # more digits than any float or MAX_INT_BITS integer has


def _round(value: Number, ndigits: Number | None = None) -> Number:
    if ndigits is None:
        return round(value)
    if ndigits != int(ndigits):
        raise ValueError("round's second argument must be a whole number of digits")
    # round(5, -10**18) would compute 10**(10**18) and never return. Past MAX_ROUND_DIGITS
    # every float and every integer we allow rounds the same, so clamping changes no result.
    digits = max(-MAX_ROUND_DIGITS, min(MAX_ROUND_DIGITS, int(ndigits)))
    return round(value, digits)


def _log(value: Number, base: Number | None = None) -> float:
    return math.log(value) if base is None else math.log(value, base)


# name -> (function, minimum arguments, maximum arguments or None for any)
FUNCTIONS: dict[str, tuple[Callable[..., Number], int, int | None]] = {
    "ceil": (math.ceil, 1, 1),
    "floor": (math.floor, 1, 1),
    "round": (_round, 1, 2),
    "min": (min, 2, None),
    "max": (max, 2, None),
    "abs": (abs, 1, 1),
    "log": (_log, 1, 2),
    "log2": (math.log2, 1, 1),
    "log10": (math.log10, 1, 1),
    "exp": (math.exp, 1, 1),
    "sqrt": (math.sqrt, 1, 1),
    # Cosine learning-rate schedules: lr = peak * 0.5 * (1 + cos(pi * progress)); angles in radians.
    "cos": (math.cos, 1, 1),
}


def _check_int(value: Number, source: str) -> Number:
    if type(value) is int and value.bit_length() > MAX_INT_BITS:
        raise FormulaError(f"number too large in `{source}` (more than {MAX_INT_BITS} bits)")
    return value


def _power(base: Number, exponent: Number, source: str) -> Number:
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0 and abs(base) > 1:
        # Refuse before computing: the size of base**exponent is known from its bit length.
        bits = (base.bit_length() - 1) * exponent
        if bits > MAX_INT_BITS:
            digits = int(exponent * math.log10(abs(base))) + 1
            raise FormulaError(f"power too large in `{source}`: {base} ** {exponent} has {digits:,} digits")
    if base < 0 and exponent != int(exponent):
        raise FormulaError(f"math domain error in `{source}`: a negative number to a fractional power")
    return base ** exponent


_BINARY: dict[type, Callable[[Number, Number], Number]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
}
_COMPARE: dict[type, Callable[[Number, Number], bool]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge,
}
_FORBIDDEN: dict[type, str] = {
    ast.Attribute: "attribute access", ast.Subscript: "indexing", ast.Lambda: "lambda",
    ast.ListComp: "a comprehension", ast.SetComp: "a comprehension", ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a generator expression", ast.JoinedStr: "a string", ast.NamedExpr: "assignment (:=)",
    ast.List: "a list", ast.Tuple: "a tuple", ast.Dict: "a dict", ast.Set: "a set", ast.Starred: "unpacking",
    ast.Await: "await", ast.Yield: "yield", ast.YieldFrom: "yield", ast.Slice: "slicing",
}


@dataclass(frozen=True)
class Formula:
    """A compiled, checked formula; call ``evaluate(names)`` for its value."""

    text: str
    names: frozenset[str]
    _run: Evaluator = field(repr=False, compare=False)

    def value(self, env: Env) -> Number:
        """The exact value: integer arithmetic stays integer, comparisons give 0 or 1."""
        missing = self.names.difference(env)
        if missing:
            known = ", ".join(sorted(env)) or "none"
            raise FormulaError(f"unknown name {sorted(missing)[0]!r} in `{_clip(self.text)}` (known names: {known})")
        return self._run(env)

    def evaluate(self, env: Env) -> float:
        """The value as a float."""
        try:
            return float(self.value(env))
        except OverflowError:
            raise FormulaError(f"result of `{_clip(self.text)}` is too large for a float") from None


class _Compiler:
    """Turns a checked ``ast`` tree into nested closures, folding name-free parts."""

    def __init__(self, text: str):
        self.text = text
        self.names: set[str] = set()

    def source(self, node: ast.AST) -> str:
        return _clip(ast.get_source_segment(self.text, node) or self.text)

    def compile(self, node: ast.AST) -> tuple[Evaluator, bool]:
        """The evaluator of ``node`` and whether it depends on names."""
        build = getattr(self, f"_{type(node).__name__}", None)
        if build is None:
            what = _FORBIDDEN.get(type(node), type(node).__name__)
            raise FormulaError(f"{what} is not allowed in a formula: `{self.source(node)}`")
        run, dynamic = build(node)
        if dynamic:
            return run, True
        value = run({})  # constant: fold now, so hostile constants fail at check time
        return (lambda env: value), False

    def _Constant(self, node: ast.Constant) -> tuple[Evaluator, bool]:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            kind = "a string" if isinstance(value, (str, bytes)) else repr(value)
            raise FormulaError(f"{kind} is not allowed in a formula: `{self.source(node)}` (only numbers)")
        _check_int(value, self.source(node))
        return (lambda env: value), False

    def _Name(self, node: ast.Name) -> tuple[Evaluator, bool]:
        name = node.id
        if name in FUNCTIONS:
            raise FormulaError(f"`{name}` is a function; call it as {name}(...)")
        self.names.add(name)
        return (lambda env: env[name]), True

    def _BinOp(self, node: ast.BinOp) -> tuple[Evaluator, bool]:
        (left, dl), (right, dr) = self.compile(node.left), self.compile(node.right)
        source = self.source(node)
        if isinstance(node.op, ast.Pow):
            op = lambda a, b: _power(a, b, source)  # noqa: E731
        elif type(node.op) in _BINARY:
            op = _BINARY[type(node.op)]
        else:
            raise FormulaError(f"operator not allowed in a formula: `{source}` (use + - * / // % **)")
        check = isinstance(node.op, (ast.Mult, ast.Pow))

        def run(env: Env) -> Number:
            try:
                result = op(left(env), right(env))
            except ZeroDivisionError:
                raise FormulaError(f"division by zero in `{source}`") from None
            except OverflowError:
                raise FormulaError(f"result too large in `{source}`") from None
            except ValueError:  # e.g. a NaN exponent
                raise FormulaError(f"math domain error in `{source}`") from None
            return _check_int(result, source) if check else result
        return run, dl or dr

    def _UnaryOp(self, node: ast.UnaryOp) -> tuple[Evaluator, bool]:
        operand, dynamic = self.compile(node.operand)
        if isinstance(node.op, ast.USub):
            return (lambda env: -operand(env)), dynamic
        if isinstance(node.op, ast.UAdd):
            return operand, dynamic
        if isinstance(node.op, ast.Not):
            return (lambda env: int(not operand(env))), dynamic
        raise FormulaError(f"operator not allowed in a formula: `{self.source(node)}`")

    def _Compare(self, node: ast.Compare) -> tuple[Evaluator, bool]:
        parts = [self.compile(node.left), *(self.compile(c) for c in node.comparators)]
        ops = []
        for op in node.ops:
            if type(op) not in _COMPARE:
                raise FormulaError(f"comparison not allowed in a formula: `{self.source(node)}` "
                                   "(use == != < <= > >=)")
            ops.append(_COMPARE[type(op)])
        runs = [run for run, _ in parts]

        def run(env: Env) -> Number:
            left = runs[0](env)
            for op, right_run in zip(ops, runs[1:]):
                right = right_run(env)
                if not op(left, right):
                    return 0
                left = right
            return 1
        return run, any(d for _, d in parts)

    def _BoolOp(self, node: ast.BoolOp) -> tuple[Evaluator, bool]:
        parts = [self.compile(value) for value in node.values]
        runs = [run for run, _ in parts]
        if isinstance(node.op, ast.And):
            return (lambda env: int(all(run(env) for run in runs))), any(d for _, d in parts)
        return (lambda env: int(any(run(env) for run in runs))), any(d for _, d in parts)

    def _IfExp(self, node: ast.IfExp) -> tuple[Evaluator, bool]:
        (test, dt), (body, db), (orelse, do) = (self.compile(n) for n in (node.test, node.body, node.orelse))
        return (lambda env: body(env) if test(env) else orelse(env)), dt or db or do

    def _Call(self, node: ast.Call) -> tuple[Evaluator, bool]:
        source = self.source(node)
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            allowed = ", ".join(FUNCTIONS)
            raise FormulaError(f"unknown function in `{source}`; allowed functions: {allowed}")
        if node.keywords:
            raise FormulaError(f"keyword arguments are not allowed in a formula: `{source}`")
        name = node.func.id
        function, least, most = FUNCTIONS[name]
        count = len(node.args)
        if count < least or (most is not None and count > most):
            expected = f"{least}" if least == most else f"{least} or more" if most is None else f"{least} to {most}"
            raise FormulaError(f"{name}() takes {expected} argument(s), got {count}: `{source}`")
        parts = [self.compile(arg) for arg in node.args]
        runs = [run for run, _ in parts]

        def run(env: Env) -> Number:
            args = [arg(env) for arg in runs]
            try:
                return _check_int(function(*args), source)
            except ZeroDivisionError:
                raise FormulaError(f"division by zero in `{source}`") from None
            except OverflowError:
                raise FormulaError(f"result too large in `{source}`") from None
            except ValueError as error:
                detail = "" if str(error) == "math domain error" else f": {error}"
                raise FormulaError(f"math domain error in `{source}`{detail} "
                                   f"(argument {', '.join(_show(a) for a in args)})") from None
        return run, any(d for _, d in parts)


def _clip(text: str, limit: int = 80) -> str:
    """A formula or part of one, short enough to quote in a one-line message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _show(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _check_shape(tree: ast.AST) -> None:
    """Refuse oversized trees before compiling them recursively."""
    nodes = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise FormulaError(f"formula is too long (more than {MAX_NODES} parts)")
        if depth > MAX_DEPTH:
            raise FormulaError(f"formula is nested too deeply (more than {MAX_DEPTH} levels)")
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


@lru_cache(maxsize=2048)
def _compile_text(text: str) -> Formula:
    if len(text) > MAX_FORMULA_CHARS:
        raise FormulaError(f"formula is too long ({len(text):,} characters; at most {MAX_FORMULA_CHARS:,})")
    if not text:
        raise FormulaError("formula is empty")
    try:
        with warnings.catch_warnings():
            # Python warns about oddities such as "1if"; the author gets our error, not its warning.
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(text, mode="eval")
    except SyntaxError as error:
        where = f" at column {error.offset}" if error.offset else ""
        raise FormulaError(f"invalid formula syntax{where}: {error.msg}: `{_clip(text)}`") from None
    except (RecursionError, MemoryError, ValueError):
        raise FormulaError(f"formula is nested too deeply or malformed: `{_clip(text)}`") from None
    _check_shape(tree)
    compiler = _Compiler(text)
    run, _ = compiler.compile(tree.body)
    return Formula(text, frozenset(compiler.names), run)


def compile_formula(text: str, known: Iterable[str] | None = None) -> Formula:
    """Parse and check ``text``; with ``known``, names outside it are errors.

    Raises ``FormulaError`` for syntax errors, anything outside the whitelist,
    oversized formulas and constants (``9**9**9``), and unknown names.
    """
    if not isinstance(text, str):
        raise FormulaError(f"a formula must be text, not {type(text).__name__}")
    formula = _compile_text(" ".join(text.split()))
    if known is not None:
        unknown = sorted(formula.names.difference(known))
        if unknown:
            names = ", ".join(sorted(known)) or "none"
            raise FormulaError(f"unknown name {unknown[0]!r} in `{_clip(formula.text)}` (known names: {names})")
    return formula


def evaluate(formula_text: str, names: Env) -> float:
    """Compile (cached) and evaluate ``formula_text`` with ``names``; ``FormulaError`` on any problem."""
    return compile_formula(formula_text).evaluate(names)
