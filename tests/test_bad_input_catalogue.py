"""Every kind of bad input, through the public commands: one clear line, exit 1 or 2, never a traceback.

Most cases run in-process through ``prepdeck.cli.main`` (fast); a representative
subset also runs as ``python -m prepdeck`` in a subprocess, where a traceback, a
crash of the interpreter or a stray line would really reach the user.

``check`` is the one command whose errors are located diagnostics: its output must
be exactly the expected ``path:line:col: error: ...`` lines (plus the count on stderr).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import threading
from contextlib import closing
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Callable

import pytest

from prepdeck.cli import main
from prepdeck.store import connection

FIXTURE = Path(__file__).parent / "fixtures" / "example_deck.yaml"
HEADER = "id: bad\ntitle: Bad deck\n"
QUESTION = ("questions:\n  - id: q1\n    source: s\n    prompt: What is an epoch?\n"
            "    model_answer: One full pass over the training data.\n")
LOCATED = re.compile(r"^\S+:\d+:\d+: error: \S")


def calculation(answer: str, *, extra: str = "") -> str:
    """A deck whose one calculation has ``answer`` as its formula (JSON quoting is valid YAML)."""
    return (HEADER + "calculations:\n  - id: c1\n    source: s\n    prompt: \"{n} samples\"\n"
            "    params:\n      n: {choices: [10, 20]}\n" + f"    answer: {json.dumps(answer)}\n" + extra)


def question_with(line: str) -> str:
    """The one-question deck with ``line`` (a field of the question) added."""
    return HEADER + QUESTION + line + "\n"


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


@dataclass(frozen=True)
class Case:
    """One kind of bad input: the files it needs, the command, and the one line it must produce."""

    name: str
    argv: tuple[str, ...]
    code: int
    expect: str  # a fragment of the one error line (for check: the diagnostic after "path:")
    files: dict[str, str | bytes] = field(default_factory=dict)
    setup: Callable[[Path], None] | None = None
    stdin: bytes = b""
    subprocess: bool = False  # also run it as a real process
    in_process: bool = True  # False when a regression would hang the test run instead of failing it


def run_in_process(argv, stdin: bytes, capsys, monkeypatch) -> Result:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse's usage errors end the process, as they do for users
        code = exit_.code
    out, err = capsys.readouterr()
    return Result(code, out, err)


def run_process(argv, stdin: bytes, cwd: Path, env: dict[str, str] | None = None) -> Result:
    environment = {**os.environ, "PREPDECK_HOME": str(cwd / "home"), **(env or {})}
    environment.pop("PREPDECK_DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "prepdeck", *argv], input=stdin, cwd=cwd, env=environment,
                          capture_output=True, timeout=120)
    return Result(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"))


def assert_clean(result: Result) -> None:
    text = result.out + result.err
    assert "Traceback" not in text and "internal error" not in text, text[-2000:]


def assert_one_line_error(result: Result, code: int, expect: str) -> None:
    """Exactly one line on stderr, naming the problem, and the exit code for its kind."""
    assert_clean(result)
    lines = result.err.splitlines()
    assert len(lines) == 1, lines
    assert expect in lines[0], lines[0]
    assert lines[0].startswith("prepdeck") or LOCATED.match(lines[0]), lines[0]
    assert result.code == code, (result.code, lines[0])


def assert_located(result: Result, path: str, expected: list[str]) -> None:
    """``check``: the error lines are exactly ``path:`` + each expected diagnostic; exit 1."""
    assert_clean(result)
    errors = [line for line in result.out.splitlines() if ": error: " in line]
    assert len(errors) == len(expected), errors
    for line, fragment in zip(errors, expected):
        assert LOCATED.match(line) and line.startswith(f"{path}:"), line
        assert fragment in line, line
    assert result.err.splitlines()[-1].startswith(f"{len(expected)} error(s)")
    assert result.code == 1


# --------------------------------------------------------------------------- setups


def sparse_file(name: str, size: int) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        with (root / name).open("wb") as handle:
            handle.truncate(size)  # sparse: nothing is written, the loader must refuse it by size
    return make


def symlink_loop(root: Path) -> None:
    (root / "loop-a.yaml").symlink_to("loop-b.yaml")
    (root / "loop-b.yaml").symlink_to("loop-a.yaml")


def folder_with_a_loop(root: Path) -> None:
    (root / "decks").mkdir()
    (root / "decks" / "loop.yaml").symlink_to("loop.yaml")


def folder_with_a_pipe(root: Path) -> None:
    (root / "decks").mkdir()
    os.mkfifo(root / "decks" / "pipe.yaml")  # reading it would wait for a writer forever


def empty_folder_named_like_a_deck(root: Path) -> None:
    (root / "d.yaml").mkdir()


DECK_CASES = [
    # ---- files that are not decks
    Case("yaml-syntax-error-via-list", ("list", "deck.yaml"), 1, "YAML syntax error",
         files={"deck.yaml": HEADER + "questions: [unclosed\n"}, subprocess=True),
    Case("100MB-file-via-list", ("list", "huge.yaml"), 1, "decks are limited to 20 MB",
         setup=sparse_file("huge.yaml", 100 * 1024 * 1024), subprocess=True),
    Case("100MB-file-via-quiz", ("quiz", "--plain", "huge.yaml", "--db", "p.sqlite3"), 1,
         "decks are limited to 20 MB", setup=sparse_file("huge.yaml", 100 * 1024 * 1024)),
    Case("empty-file-via-quiz", ("quiz", "--plain", "empty.yaml", "--db", "p.sqlite3"), 1, "file is empty",
         files={"empty.yaml": ""}),
    Case("binary-file-via-list", ("list", "image.yaml"), 1, "not a YAML text file",
         files={"image.yaml": b"\x89PNG\r\n\x1a\n\x00\x00"}),
    Case("folder-without-decks", ("check", "d.yaml"), 2, "no deck files",
         setup=empty_folder_named_like_a_deck, subprocess=True),
    Case("folder-without-decks-via-grade", ("grade", "--decks", "d.yaml", "q1", "--answer", "x"), 2,
         "no deck files", setup=empty_folder_named_like_a_deck),
    Case("missing-path", ("check", "nowhere.yaml"), 2, "nowhere.yaml: no such file or directory"),
    Case("missing-path-via-quiz", ("quiz", "--plain", "nowhere", "--db", "p.sqlite3"), 2, "no such file"),
    Case("missing-path-via-grade", ("grade", "--decks", "nowhere", "q1", "--answer", "x"), 2, "no such file"),
    Case("symlink-loop", ("check", "loop-a.yaml"), 2, "loop-a.yaml: Too many levels of symbolic links",
         setup=symlink_loop, subprocess=True),
    Case("symlink-loop-via-list", ("list", "loop-a.yaml"), 2, "symbolic links", setup=symlink_loop),
    Case("symlink-loop-in-a-folder-via-list", ("list", "decks"), 1, "cannot read file", setup=folder_with_a_loop),
    Case("deep-nesting-via-list", ("list", "deep.yaml"), 1, "nesting deeper than 200 levels",
         files={"deep.yaml": HEADER + "x: " + "[" * 200_000 + "]" * 200_000 + "\n"}, subprocess=True),
    Case("too-many-values-via-list", ("list", "flat.yaml"), 1, "document has more than 250,000 values",
         files={"flat.yaml": HEADER + "x: [" + "1," * 300_000 + "1]\n"}),
    Case("only-a-pipe-in-the-folder", ("check", "decks"), 2, "no deck files", setup=folder_with_a_pipe,
         subprocess=True, in_process=False),
    # ---- arguments that are not what the command takes
    Case("unknown-command", ("frobnicate",), 2, "invalid choice: 'frobnicate'", subprocess=True),
    Case("unknown-option", ("check", "--frobnicate"), 2, "unrecognized arguments"),
    Case("bad-mode", ("quiz", "--plain", "--mode", "speed"), 2, "invalid choice: 'speed'"),
    Case("seed-beyond-64-bits", ("quiz", "--plain", "--seed", str(2**63), "--db", "p.sqlite3"), 2,
         "must be below 2**63"),
    Case("negative-count", ("generate", "--family", "steps", "--count", "0"), 2, "--count must be between"),
    Case("date-in-the-past", ("stats", "--on", "2000-01-01", "--db", "p.sqlite3"), 2, "is in the past"),
    Case("not-a-date", ("stats", "--on", "tomorrow-ish", "--db", "p.sqlite3"), 2, "expected a date"),
    Case("tui-without-a-terminal", ("tui",), 2, "needs a terminal"),
    # ---- ids that do not exist
    Case("unknown-item-id-to-grade", ("grade", "--decks", str(FIXTURE), "ex-nope", "--answer", "x"), 2,
         "no item has id 'ex-nope'", subprocess=True),
    Case("misspelt-item-id-to-grade", ("grade", "--decks", str(FIXTURE), "ex-batch-memroy", "--answer", "x"), 2,
         "did you mean 'ex-batch-memory'"),
    Case("unknown-item-id-to-generate", ("generate", "--item", "ex-nope", str(FIXTURE)), 2,
         "no item has id 'ex-nope'"),
    Case("non-generating-item-to-generate", ("generate", "--item", "ex-epoch", str(FIXTURE)), 2,
         "only calculation and generated items"),
    Case("unknown-family", ("generate", "--family", "nope"), 2, "unknown family 'nope'"),
    Case("follow-up-out-of-range", ("grade", "--decks", str(FIXTURE), "ex-batch-memory", "--follow-up", "9",
                                    "--answer", "x"), 2, "--follow-up must be 1-2"),
    Case("calculation-without-seed", ("grade", "--decks", str(FIXTURE), "ex-steps", "--answer", "8000"), 2,
         "give --seed N"),
    Case("unknown-deck-to-export", ("export", "--csv", "out.csv", "--deck", "nope", str(FIXTURE)), 2,
         "unknown deck id(s): nope"),
    # ---- answers that cannot be read
    Case("answer-file-missing", ("grade", "--decks", str(FIXTURE), "ex-epoch", "--answer-file", "none.txt"), 2,
         "none.txt: no such file"),
    Case("answer-file-is-a-folder", ("grade", "--decks", str(FIXTURE), "ex-epoch", "--answer-file", "."), 2,
         "Is a directory"),
    Case("answer-over-16MB", ("grade", "--decks", str(FIXTURE), "ex-epoch", "--answer-file", "big.txt"), 1,
         "the answer is over 16 MB", setup=sparse_file("big.txt", 17 * 1024 * 1024)),
    Case("answer-given-twice", ("grade", "--decks", str(FIXTURE), "ex-epoch", "-", "--answer", "x"), 2,
         "give the answer only once"),
    Case("invalid-option-answer", ("grade", "--decks", str(FIXTURE), "ex-memory-choice", "--answer", "\x1b[2J"),
         1, "answer with an option number"),
    # ---- outputs that cannot be written
    Case("export-to-missing-folder", ("export", "--csv", "no/such/out.csv", str(FIXTURE)), 1,
         "folder no/such does not exist"),
    Case("export-to-a-folder", ("export", "--anki", ".", str(FIXTURE)), 1, "is a directory"),
    Case("export-nothing-drawable", ("export", "--csv", "out.csv", "deck.yaml"), 1,
         "nothing to export: the selected decks gave no notes (c1: answer: power too large",
         files={"deck.yaml": calculation("9**9**9")}),
    Case("new-over-an-existing-file", ("new", str(FIXTURE)), 2, "already exists; not overwriting it"),
    Case("new-with-a-bad-id", ("new", "--id", "Bad Id", "deck.yaml"), 2, "--id 'Bad Id'"),
]

# Hostile formulas: each is a located error in check, and one line from generate and grade.
HOSTILE_FORMULAS = {
    "huge-power": ("9**9**9", "power too large"),
    "round-to-minus-10**300-digits": ("round(n, -10**300) + n * 0 + 1 / (n - n)", "division by zero"),
    "deep-nesting": ("-" * 60 + "n", "nested too deeply"),
    "unknown-name": ("m + n", "unknown name 'm'"),
    "attribute-access": ("n.__class__", "attribute access is not allowed"),
    "lambda": ("(lambda: n)", "lambda is not allowed"),
    "comprehension": ("[x for x in n]", "a comprehension is not allowed"),
    "string": ("'abc'", "a string is not allowed"),
    "call-of-open": ("open(n)", "unknown function in `open(n)`"),
    "call-of-import": ("__import__('os').system('true')", "unknown function"),
    "dunder-name": ("__builtins__", "unknown name '__builtins__'"),
    "keyword-argument": ("log(n, base=2)", "keyword arguments are not allowed"),
    "walrus": ("(x := n)", "assignment (:=) is not allowed"),
    "syntax-error": ("n +* 2", "invalid formula syntax"),
}

# Schema errors, one per kind of field: (the offending line added to the deck, fragment).
SCHEMA_ERRORS = {
    "str": (question_with("    notes: [a, list]"), "questions[0].notes: expected a string, got a list"),
    "int": (calculation("n", extra="    tolerance: {sig_figs: 2.5}\n"),
            "tolerance.sig_figs: expected a whole number, got the number 2.5"),
    "float": (question_with("    rubric: [{description: d, keywords: [a, b], weight: heavy}]"),
              "weight: expected a number, got 'heavy'"),
    "bool": (calculation("n", extra="    integer: maybe\n"), "integer: expected true or false, got 'maybe'"),
    "list": (question_with("    hints: just one"), "questions[0].hints: expected a list"),
    "mapping": (calculation("n", extra="    tolerance: tight\n"), "tolerance: expected a mapping, got 'tight'"),
    "literal": (question_with("    difficulty: brutal"), "difficulty: must be one of"),
    "id-pattern": (question_with("    follow_ups: [{prompt: p, ref: Not An Id}]"), "'Not An Id' is not a valid id"),
    "nested-model": (question_with("    rubric: [just a sentence]"), "questions[0].rubric[0]: expected a mapping"),
    "finite-number": (calculation("n").replace("choices: [10, 20]", "min: .nan, max: 5"),
                      "params.n.min: expected a finite number"),
    "non-text-key": (HEADER + "1: one\n" + QUESTION, "key '1' is read as a number, not a name"),
    "huge-number": (HEADER + "x: " + "9" * 5000 + "\n" + QUESTION, "a number 5,000 characters long"),
    "too-many-steps": (calculation("n").replace("choices: [10, 20]", "min: 0, max: 1.0e+300, step: 1.0e-300"),
                       "params.n: the range has too many steps"),
}


def _prepare(case: Case, root: Path) -> None:
    for name, content in case.files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    if case.setup:
        case.setup(root)


IN_PROCESS_CASES = [case for case in DECK_CASES if case.in_process]


@pytest.mark.parametrize("case", IN_PROCESS_CASES, ids=[case.name for case in IN_PROCESS_CASES])
def test_bad_input_gives_one_line_and_the_right_exit_code(case, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PREPDECK_HOME", str(tmp_path / "home"))
    _prepare(case, tmp_path)
    assert_one_line_error(run_in_process(case.argv, case.stdin, capsys, monkeypatch), case.code, case.expect)


SUBPROCESS_CASES = [case for case in DECK_CASES if case.subprocess]


@pytest.mark.parametrize("case", SUBPROCESS_CASES, ids=[case.name for case in SUBPROCESS_CASES])
def test_bad_input_gives_one_line_from_a_real_process(case, tmp_path):
    _prepare(case, tmp_path)
    assert_one_line_error(run_process(case.argv, case.stdin, tmp_path), case.code, case.expect)


@pytest.mark.parametrize("name", HOSTILE_FORMULAS)
def test_hostile_formula_is_located_by_check_and_one_line_elsewhere(name, tmp_path, capsys, monkeypatch):
    formula, expect = HOSTILE_FORMULAS[name]
    monkeypatch.chdir(tmp_path)
    text = calculation(formula)
    Path("deck.yaml").write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"    answer: {json.dumps(formula)}") + 1

    result = run_in_process(["check", "deck.yaml"], b"", capsys, monkeypatch)
    assert_located(result, "deck.yaml", [expect])
    assert re.match(rf"deck\.yaml:{line}:13: error: calculations\[0\] \(c1\): answer: ", result.out), result.out

    for argv in (["generate", "--item", "c1", "--seed", "1", "deck.yaml"],
                 ["grade", "--decks", "deck.yaml", "c1", "--seed", "1", "--answer", "3"]):
        assert_one_line_error(run_in_process(argv, b"", capsys, monkeypatch), 1, expect)


def test_hostile_formulas_reach_a_quiz_as_a_skipped_card_not_a_crash(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("deck.yaml").write_text(calculation("9**9**9"), encoding="utf-8")
    result = run_in_process(["quiz", "--plain", "--mode", "calc", "--db", "p.sqlite3", "--seed", "1", "deck.yaml"],
                            b"5\n\n", capsys, monkeypatch)
    assert_clean(result)
    assert result.code == 0 and "c1: skipped, no question could be drawn" in result.out


def test_a_file_whose_formulas_would_take_too_long_to_check_gets_a_located_error(tmp_path, capsys, monkeypatch):
    from prepdeck.core.generate import check

    monkeypatch.chdir(tmp_path)
    # The real budget (20 million characters) takes ~100 such items to exhaust; a smaller one, same rule.
    monkeypatch.setattr(check, "FORMULA_BUDGET", 1_000_000)
    padded = "max(n" + ", 0" * 130 + ")"  # 395 characters: each of the 2,000 seeded draws costs that much
    calcs = "".join(f"  - id: c{i}\n    source: s\n    prompt: \"{{n}}\"\n    params:\n      n: {{min: 1, max: 100000}}\n"
                    f"    answer: {json.dumps(padded)}\n" for i in range(8))
    Path("deck.yaml").write_text(HEADER + "calculations:\n" + calcs, encoding="utf-8")
    result = run_in_process(["check", "deck.yaml"], b"", capsys, monkeypatch)
    assert_located(result, "deck.yaml", ["error: calculations[1] (c1): checking this file's formulas needs more than "
                                         "1,000,000 characters of evaluation"])


SPARSE_CONSTRAINTS = (HEADER + "calculations:\n  - id: c1\n    source: s\n    prompt: \"{a} + {b}\"\n    params:\n"
                      "      a: {min: 1, max: 100}\n      b: {min: 1, max: 100}\n"
                      "    constraints: [\"a == 37 and b == 91 or a * b == 1\"]\n    answer: a + b\n")


def test_constraints_that_almost_never_hold_are_refused_and_a_draw_is_bounded(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("deck.yaml").write_text(SPARSE_CONSTRAINTS, encoding="utf-8")
    result = run_in_process(["check", "deck.yaml"], b"", capsys, monkeypatch)
    assert_located(result, "deck.yaml", ["calculations[0] (c1): constraints: "])
    # Drawing gives up after its bounded tries instead of walking all 10,000 combinations every time.
    result = run_in_process(["generate", "--item", "c1", "--seed", "3", "deck.yaml"], b"", capsys, monkeypatch)
    assert_one_line_error(result, 1, "the constraints rejected 2,000 draws in a row")


def test_a_rounding_formula_that_would_never_finish_is_checked_in_a_real_process(tmp_path):
    # round(5, -10**300) used to compute 10**(10**300) while folding constants.
    (tmp_path / "deck.yaml").write_text(calculation("round(5, -10**300) + n"), encoding="utf-8")
    result = run_process(["check", "deck.yaml"], b"", tmp_path)
    assert_clean(result)
    assert result.code == 0, result.out + result.err


GENERATED_DECK = (HEADER + "generated:\n"
                  "  - id: g-bad\n    family: lr-schedule\n    params: {}\n    source: s\n"
                  "  - id: g-good\n    family: steps\n    params: {}\n    source: s\n")


def test_check_rejects_family_settings_that_fail_some_draws(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = HEADER + ("generated:\n  - id: g-lr\n    family: lr-schedule\n    params: {lr: 10, batch_size: 1}\n"
                     "    source: s\n")
    Path("deck.yaml").write_text(text, encoding="utf-8")
    result = run_in_process(["check", "deck.yaml"], b"", capsys, monkeypatch)
    assert_located(result, "deck.yaml", ["deck.yaml:6:13: error: generated[0] (g-lr): "])
    assert "seeded draws fail with these params" in result.out and "diverged" in result.out


def test_a_base_batch_of_one_draws_every_time():
    from prepdeck.core.generate.families import family

    for seed in range(8):  # used to fail 3 draws in 20 with a TypeError
        assert family("scaling").generate(seed, {"base_batch": 1}).answer


def _failing_draw(monkeypatch):
    """Make every draw of item g-bad (lr-schedule) fail the way a family bug would: an unexpected exception."""
    module = sys.modules["prepdeck.core.generate.instantiate"]
    real_family = module.family

    class Broken:
        def generate(self, seed, params):
            raise TypeError("must be real number, not NoneType")

    monkeypatch.setattr(module, "family", lambda name: Broken() if name == "lr-schedule" else real_family(name))


def test_a_card_that_fails_to_draw_is_skipped_and_the_session_goes_on(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("deck.yaml").write_text(GENERATED_DECK, encoding="utf-8")
    _failing_draw(monkeypatch)
    result = run_in_process(["quiz", "--plain", "--mode", "trainer", "--db", "p.sqlite3", "--seed", "1", "deck.yaml"],
                            b"100\n\n", capsys, monkeypatch)  # one answer, then the input ends
    assert_clean(result)
    assert result.code == 0, result.err
    assert "skipped, no question could be drawn" in result.out and "TypeError" in result.out
    assert "answered 1" in result.out  # the other card was served and recorded
    with closing(sqlite3.connect(tmp_path / "p.sqlite3")) as conn:
        assert conn.execute("SELECT count(*) FROM attempts").fetchone() == (1,)


def test_a_card_that_fails_to_draw_is_skipped_by_export(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("deck.yaml").write_text(GENERATED_DECK, encoding="utf-8")
    _failing_draw(monkeypatch)
    result = run_in_process(["export", "--csv", "out.csv", "--trainer-instances", "1", "deck.yaml"], b"",
                            capsys, monkeypatch)
    assert_clean(result)
    assert result.code == 0 and "1 note(s)" in result.out
    assert "skipped g-bad" in result.err and "TypeError" in result.err


@pytest.mark.parametrize("kind", SCHEMA_ERRORS)
def test_schema_error_of_every_field_type_is_one_located_line(kind, tmp_path, capsys, monkeypatch):
    text, expect = SCHEMA_ERRORS[kind]
    monkeypatch.chdir(tmp_path)
    Path("deck.yaml").write_text(text, encoding="utf-8")
    assert_located(run_in_process(["check", "deck.yaml"], b"", capsys, monkeypatch), "deck.yaml", [expect])
    # The same deck given to another command: the same located line, on stderr, and exit 1.
    assert_one_line_error(run_in_process(["list", "deck.yaml"], b"", capsys, monkeypatch), 1, expect)


YAML_FILE_ERRORS = {
    "syntax-error": (HEADER + "questions: [unclosed\n", "YAML syntax error"),
    "alias-bomb": (HEADER + "a: &a [x, x, x, x, x, x, x, x, x]\n"
                   + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n"
                             for i in range(8)), "possible alias bomb"),
    "invalid-utf8": ((HEADER + "description: caf").encode() + b"\xe9\n" + QUESTION.encode(), "invalid UTF-8"),
    "binary": (b"\x7fELF\x02\x01\x01\x00\x00\x00", "not a YAML text file"),
    "empty": ("", "file is empty"),
    "deep-flow-nesting": (HEADER + "x: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n", "nesting deeper than"),
    "deep-block-nesting": (HEADER + "x:\n" + "- " * 100_000 + "x\n", "nesting deeper than"),
    "aliases-of-a-long-string": (HEADER + 's: &s "' + "x" * 1_000_000 + '"\nl: [' + ", ".join(["*s"] * 45) + "]\n",
                                 "the text expands to more than 40,000,000 characters"),
    # Tags: a core tag whose text does not construct, and any tag outside YAML's core schema.
    "bool-tag-on-maybe": ("id: bad\ntitle: !!bool maybe\n" + QUESTION, "2:8: error: 'maybe' cannot be read as !!bool"),
    "int-tag-on-text": (HEADER + "x: !!int abc\n" + QUESTION, "3:4: error: 'abc' cannot be read as !!int"),
    "float-tag-on-nothing": (HEADER + 'x: !!float ""\n' + QUESTION, "3:4: error: '' cannot be read as !!float"),
    "python-object-tag": (HEADER + "x: !!python/object/apply:os.system [touch PWNED]\n" + QUESTION,
                          "3:4: error: tag '!!python/object/apply:os.system' is not supported"),
    "binary-tag": (HEADER + "x: !!binary aGVsbG8=\n" + QUESTION, "tag '!!binary' is not supported"),
    "set-tag": (HEADER + "x: !!set {a, b}\n" + QUESTION, "tag '!!set' is not supported"),
    "local-tag": (HEADER + "x: !custom value\n" + QUESTION, "tag '!custom' is not supported"),
    "str-tag-on-a-mapping": (HEADER + "x: !!str {a: 1}\n" + QUESTION, "tag '!!str' is not supported"),
}


@pytest.mark.parametrize("kind", YAML_FILE_ERRORS)
def test_broken_yaml_file_is_one_located_line(kind, tmp_path, capsys, monkeypatch):
    content, expect = YAML_FILE_ERRORS[kind]
    monkeypatch.chdir(tmp_path)
    path = Path("deck.yaml")
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    assert_located(run_in_process(["check", "deck.yaml"], b"", capsys, monkeypatch), "deck.yaml", [expect])


def test_a_deck_with_a_bad_tag_never_blocks_the_valid_decks_beside_it(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("decks").mkdir()
    Path("decks/a-bad.yaml").write_text("id: bad\ntitle: !!bool maybe\n" + QUESTION, encoding="utf-8")
    Path("decks/good.yaml").write_text(HEADER.replace("bad", "good") + QUESTION.replace("q1", "g1"),
                                       encoding="utf-8")
    result = run_in_process(["list", "decks"], b"", capsys, monkeypatch)
    assert_clean(result)
    assert "g1" in result.out and "1 item(s) in 1 deck(s)" in result.out
    assert result.err.splitlines() == ["decks/a-bad.yaml:2:8: error: 'maybe' cannot be read as !!bool"]


def test_check_watch_outlives_a_deck_with_a_bad_tag(tmp_path):
    from prepdeck.cli import build_parser
    from prepdeck.commands.check import collect
    from prepdeck.commands.watch import run_watch

    deck = tmp_path / "deck.yaml"
    deck.write_text(HEADER + QUESTION, encoding="utf-8")
    args = build_parser().parse_args(["check", "--watch", str(deck)])
    out = io.StringIO()
    steps = iter(range(100))

    def sleep(seconds: float) -> None:
        if next(steps) == 0:
            deck.write_text(HEADER + "x: !!int abc\n" + QUESTION, encoding="utf-8")
            os.utime(deck, ns=(deck.stat().st_atime_ns, deck.stat().st_mtime_ns + 2_000_000_000))

    assert run_watch(args, collect, out=out, sleep=sleep, polls=4) == 0
    reports = out.getvalue().split("── ")[1:]
    assert len(reports) == 2 and "'abc' cannot be read as !!int" in reports[1]
    assert "internal error" not in out.getvalue()


def test_oversized_file_is_refused_by_size_before_reading(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sparse_file("huge.yaml", 100 * 1024 * 1024)(tmp_path)
    result = run_in_process(["check", "huge.yaml"], b"", capsys, monkeypatch)
    assert_located(result, "huge.yaml", ["huge.yaml:1:1: error: file is 104.9 MB; decks are limited to 20 MB"])


def test_a_folder_named_like_a_deck_inside_a_deck_folder_is_skipped(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "decks" / "x.yaml").mkdir(parents=True)
    (tmp_path / "decks" / "real.yaml").write_text(HEADER + QUESTION, encoding="utf-8")
    result = run_in_process(["list", "decks"], b"", capsys, monkeypatch)
    assert_clean(result)
    assert result.code == 0 and "1 item(s) in 1 deck(s)" in result.out


def test_a_symlink_loop_inside_a_folder_is_one_located_line_and_other_decks_still_load(tmp_path, capsys,
                                                                                         monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder_with_a_loop(tmp_path)
    (tmp_path / "decks" / "real.yaml").write_text(HEADER + QUESTION, encoding="utf-8")
    result = run_in_process(["check", "decks"], b"", capsys, monkeypatch)
    assert_located(result, "decks/loop.yaml", ["1:1: error: cannot read file: "])


# --------------------------------------------------------------------------- huge and strange answers

# The example deck's one item tagged training-loop is a concept, answered in free text:
# quiz runs below are pinned to it, whatever order a session would pick.
ONE_CARD = ("--tag", "training-loop")
ONE_MB = ("activations are held at once, so memory doubles with the batch; " * 16_000)[:1_000_000]
CONTROL = "".join(chr(c) for c in range(1, 32) if c not in (10, 13)) + "\x7f\x1b[31m\u202e\u200b"


def _child_cpu() -> float:
    """CPU seconds used by finished child processes: unlike wall time, a busy CI host does not inflate it."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def test_a_1mb_answer_to_grade_is_graded_quickly_in_a_real_process(tmp_path):
    (tmp_path / "answer.txt").write_text(ONE_MB, encoding="utf-8")
    before = _child_cpu()
    result = run_process(["grade", "--decks", str(FIXTURE), "ex-batch-memory", "--answer-file", "answer.txt",
                          "--json"], b"", tmp_path)
    used = _child_cpu() - before
    assert_clean(result)
    assert result.code == 0
    graded = json.loads(result.out)
    assert graded["verdict"] == "strong" and any("20,000" in note for note in graded["notes"])
    assert used < 5.0, f"grading a 1 MB answer took {used:.1f} s of CPU"  # a hang, not a benchmark


def test_a_1mb_answer_to_quiz_plain_is_graded_quickly_and_recorded(tmp_path):
    before = _child_cpu()
    result = run_process(["quiz", "--plain", str(FIXTURE), "--db", "p.sqlite3", *ONE_CARD],
                         ONE_MB.encode() + b"\n\n", tmp_path)
    used = _child_cpu() - before
    assert_clean(result)
    assert result.code == 0 and "answered 1" in result.out
    with closing(sqlite3.connect(tmp_path / "p.sqlite3")) as conn:
        assert conn.execute("SELECT length(answer) FROM attempts").fetchall() == [(len(ONE_MB),)]
    assert used < 5.0, f"a 1 MB quiz answer took {used:.1f} s of CPU"


def test_an_answer_of_control_characters_is_graded_not_fatal(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for argv in (["grade", "--decks", str(FIXTURE), "ex-batch-memory", "--answer", CONTROL],
                 ["grade", "--decks", str(FIXTURE), "ex-steps", "--seed", "1", "--answer", CONTROL]):
        result = run_in_process(argv, b"", capsys, monkeypatch)
        assert_clean(result)
        assert result.code == 0 and "weak" in result.out
    result = run_in_process(["quiz", "--plain", str(FIXTURE), "--db", "p.sqlite3", *ONE_CARD],
                            (CONTROL + "\n\n").encode(), capsys, monkeypatch)
    assert_clean(result)
    assert result.code == 0 and "answered 1" in result.out


def test_a_line_longer_than_any_answer_is_cut_not_held_in_memory():
    from prepdeck.commands.quiz_plain import MAX_ANSWER_CHARS, PlainQuiz

    stream = io.StringIO("x" * (MAX_ANSWER_CHARS + 5000) + "\nnext\n")
    quiz = PlainQuiz(session=None, stdin=stream, stdout=io.StringIO())  # type: ignore[arg-type]
    assert len(quiz._readline()) == MAX_ANSWER_CHARS
    assert quiz._readline() == "next"


def test_escape_sequences_in_deck_text_and_file_names_are_shown_never_sent(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    deck = HEADER + QUESTION.replace("What is an epoch?", '"What is \\e[2J an \\x9b epoch?"')
    Path("deck.yaml").write_text(deck, encoding="utf-8")
    Path("bad\x1b]0;pwned\x07.yaml").write_text("", encoding="utf-8")
    outputs = [run_in_process(["list", "deck.yaml"], b"", capsys, monkeypatch),
               run_in_process(["quiz", "--plain", "deck.yaml", "--db", "p.sqlite3"], b"x\n\n", capsys, monkeypatch),
               run_in_process(["check", "bad\x1b]0;pwned\x07.yaml"], b"", capsys, monkeypatch),
               run_in_process(["check", "missing\x1b[2J.yaml"], b"", capsys, monkeypatch)]
    for result in outputs:
        assert_clean(result)
        text = result.out + result.err
        assert not any(ord(c) < 32 and c not in "\n\t" or 0x7f <= ord(c) < 0xa0 for c in text), repr(text)
    assert "What is \\x1b[2J an \\u009b epoch?" in outputs[1].out
    assert "bad\\x1b]0;pwned\\x07.yaml:1:1: error: file is empty" in outputs[2].out
    assert "missing\\x1b[2J.yaml: no such file" in outputs[3].err


def test_json_output_stays_json_when_it_carries_control_characters(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "deck\x85\x7f.yaml"  # C1 and DEL, which JSON may hold raw but a terminal must not get
    Path(name).write_text(HEADER + QUESTION, encoding="utf-8")
    result = run_in_process(["list", "--json", name], b"", capsys, monkeypatch)
    assert_clean(result)
    assert not any(0x7f <= ord(c) < 0xa0 for c in result.out)
    assert [row["path"] for row in json.loads(result.out)] == [name]


def test_undecodable_file_names_and_narrow_consoles_cost_a_character_not_the_command(tmp_path):
    (tmp_path / "caf\udce9.yaml").write_text("")  # the file name is the bytes b"caf\xe9.yaml"
    result = run_process(["check", "caf\udce9.yaml"], b"", tmp_path, {"PYTHONIOENCODING": "utf-8:strict"})
    assert_clean(result)
    assert result.code == 1 and "file is empty" in result.out
    result = run_process(["grade", "--decks", str(FIXTURE), "ex-batch-memory", "--answer", "activations at once"],
                         b"", tmp_path, {"PYTHONIOENCODING": "ascii"})
    assert_clean(result)
    assert result.code == 0 and "score 0.67" in result.out


# --------------------------------------------------------------------------- grade --batch

def test_a_malformed_batch_line_is_named_by_number_and_the_other_lines_are_graded(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lines = [
        json.dumps({"item": "ex-batch-memory", "answer": "the activations are held at once, so memory doubles"}),
        '{"item": "ex-epoch", "answer": ',  # cut off
        json.dumps({"item": "ex-nope", "answer": "x"}),
        "[1, 2]",
        json.dumps({"item": "ex-steps", "seed": 1, "answer": "0.5"}),
    ]
    Path("answers.jsonl").write_bytes("\n".join(lines).encode() + b"\n\xff\xfe\n")
    result = run_in_process(["grade", "--decks", str(FIXTURE), "--batch", "answers.jsonl"], b"", capsys, monkeypatch)
    assert_clean(result)
    assert result.code == 1
    records = [json.loads(line) for line in result.out.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3, 4, 5, 6]
    assert records[0]["verdict"] == "strong" and records[4]["kind"] == "calculation"
    assert [("error" in r) for r in records] == [False, True, True, True, False, True]
    errors = result.err.splitlines()
    assert [e.split(": error: ")[0] for e in errors[:-1]] == [f"answers.jsonl:{n}" for n in (2, 3, 4, 6)]
    assert "no item has id 'ex-nope'" in errors[1]
    assert errors[-1] == "4 line(s) could not be graded"


def test_each_hostile_batch_line_gets_its_own_error_and_later_lines_are_still_graded(tmp_path, capsys,
                                                                                      monkeypatch):
    monkeypatch.chdir(tmp_path)
    good = json.dumps({"item": "ex-batch-memory", "answer": "activations at once; memory doubles"})
    lines = [
        '{"item": "ex-epoch", "answer": ' + "[" * 100_000 + "]" * 100_000 + "}",  # 100k levels deep
        '{"item": "ex-epoch", "answer": "x", "id": ' + "7" * 5000 + "}",  # a 5,000-digit number
        good,
    ]
    Path("answers.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_in_process(["grade", "--decks", str(FIXTURE), "--batch", "answers.jsonl"], b"", capsys, monkeypatch)
    assert_clean(result)
    records = [json.loads(line) for line in result.out.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3]
    assert [("error" in r) for r in records] == [True, True, False]
    assert records[2]["verdict"] in ("strong", "partial", "weak")  # graded, whatever the grade
    assert "nested too deeply" in records[0]["error"] and "cannot be read" in records[1]["error"]
    errors = result.err.splitlines()
    assert [e.split(": error: ")[0] for e in errors[:-1]] == [f"answers.jsonl:{n}" for n in (1, 2)]
    assert errors[-1] == "2 line(s) could not be graded" and result.code == 1


# --------------------------------------------------------------------------- the progress database


@pytest.fixture(scope="module")
def progress_db(tmp_path_factory) -> bytes:
    """The bytes of a real progress database holding one attempt."""
    root = tmp_path_factory.mktemp("db")
    done = subprocess.run([sys.executable, "-m", "prepdeck", "quiz", "--plain", str(FIXTURE), "--db", "p.sqlite3",
                           *ONE_CARD], input=b"one pass over the data\n\n", cwd=root,
                          capture_output=True, timeout=120)
    assert done.returncode == 0 and b"answered 1" in done.stdout, done.stdout + done.stderr
    return (root / "p.sqlite3").read_bytes()


def _damaged(db: bytes) -> bytes:
    page = 4096
    return db[:page] + b"\xff" * (len(db) - page)  # the header survives, every table page is garbage


def _newer(db: bytes, path: Path) -> bytes:
    path.write_bytes(db)
    with closing(sqlite3.connect(path)) as conn:  # closed, so the WAL is folded into the file
        conn.execute("PRAGMA user_version = 99")
    return path.read_bytes()


def _foreign(db: bytes, path: Path) -> bytes:
    path.unlink(missing_ok=True)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
        conn.commit()
    return path.read_bytes()


DB_KINDS = {
    "not-sqlite": (lambda db, path: b"name,score\nalice,3\n", "not a progress database"),
    "corrupt": (lambda db, path: _damaged(db), "damaged or not an SQLite file"),
    "newer-version": (_newer, "written by a newer prepdeck (schema v99"),
    "another-programs-database": (_foreign, "an SQLite database from another program"),
}
DB_COMMANDS = {
    "quiz": ["quiz", "--plain", str(FIXTURE), "--db", "p.sqlite3", *ONE_CARD],
    "stats": ["stats", str(FIXTURE), "--db", "p.sqlite3"],
    "export-attempts": ["export", "--attempts", "out.csv", "--db", "p.sqlite3"],
}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("command", DB_COMMANDS)
@pytest.mark.parametrize("kind", DB_KINDS)
def test_a_bad_database_is_one_line_and_left_untouched(kind, command, progress_db, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make, expect = DB_KINDS[kind]
    db = tmp_path / "p.sqlite3"
    db.write_bytes(make(progress_db, db))
    before = _digest(db)
    result = run_in_process(DB_COMMANDS[command], b"an answer\n\n", capsys, monkeypatch)
    assert_one_line_error(result, 1, expect)
    assert _digest(db) == before
    assert not Path("out.csv").exists()


OUT_OF_RANGE_CARDS = {
    "state-99": ("state = 99", "state 99 is not 1, 2 or 3"),
    "due-2**62-ms": (f"due_ms = {2**62}", f"due time {2**62} ms is out of range"),
    "negative-stability": ("stability = -3.5", "stability -3.5 is out of range"),
}


@pytest.mark.parametrize("kind", OUT_OF_RANGE_CARDS)
def test_an_out_of_range_row_is_named_and_skipped_and_left_untouched(kind, progress_db, tmp_path, capsys,
                                                                   monkeypatch):
    monkeypatch.chdir(tmp_path)
    change, expect = OUT_OF_RANGE_CARDS[kind]
    db = tmp_path / "p.sqlite3"
    db.write_bytes(progress_db)
    with closing(sqlite3.connect(db)) as conn:
        conn.execute(f"UPDATE cards SET {change} WHERE item_id = 'ex-epoch'")
        conn.commit()
        damaged_row = conn.execute("SELECT * FROM cards WHERE item_id = 'ex-epoch'").fetchall()
    # Two free-text items: the damaged one, and ex-batch-memory, which must still be served.
    result = run_in_process(["quiz", "--plain", str(FIXTURE), "--db", "p.sqlite3", "--tag", "training-loop",
                             "--tag", "memory"], b"activations at once\n\n", capsys, monkeypatch)
    assert_clean(result)
    assert result.code == 0, result.err
    assert f"skipped cards row 1 (example / ex-epoch): {expect}; the file was left untouched" in result.out
    assert "answered 1" in result.out and "ex-batch-memory" in result.out  # the rest of the session went on
    result = run_in_process(["stats", str(FIXTURE), "--db", "p.sqlite3"], b"", capsys, monkeypatch)
    assert_clean(result)
    assert result.code == 0 and "attempts 2" in result.out
    assert result.err.splitlines() == [f"prepdeck: warning: {db.name}: the progress database is damaged: "
                                       f"cards row 1 (example / ex-epoch): {expect}; it was left untouched "
                                       "(these stats leave the damaged part out)"]
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT * FROM cards WHERE item_id = 'ex-epoch'").fetchall() == damaged_row


# (change, how the row is named, attempts stats still counts: a tally skips a row only for the columns it reads)
OUT_OF_RANGE_ATTEMPTS = {
    "answered-2**62-ms": (f"answered_ms = {2**62}", f"answer time {2**62} ms is out of range", 1),
    "negative-duration": ("duration_ms = -5", "duration -5 ms is out of range", 2),
    "score-7.5": ("score = 7.5", "score 7.5 is not between 0 and 1", 1),
    "unknown-verdict": ("verdict = 'bogus'", "verdict 'bogus' is not strong, partial or weak", 1),
    "criteria-not-json": ("criteria = '{oops'", "criteria are not a JSON list", 2),
}


@pytest.mark.parametrize("kind", OUT_OF_RANGE_ATTEMPTS)
def test_an_out_of_range_attempt_row_is_named_once_and_skipped_by_every_reader(kind, progress_db, tmp_path, capsys,
                                                                                monkeypatch):
    monkeypatch.chdir(tmp_path)
    change, expect, counted = OUT_OF_RANGE_ATTEMPTS[kind]
    db = tmp_path / "p.sqlite3"
    db.write_bytes(progress_db)
    with closing(sqlite3.connect(db)) as conn:  # a second, damaged copy of the one attempt
        conn.execute("PRAGMA ignore_check_constraints = ON")
        columns = [row[1] for row in conn.execute("PRAGMA table_info(attempts)") if row[1] != "id"]
        conn.execute(f"INSERT INTO attempts ({', '.join(columns)}) SELECT {', '.join(columns)} FROM attempts")
        conn.execute(f"UPDATE attempts SET {change} WHERE id = 2")
        conn.commit()
        deck_id, item_id = conn.execute("SELECT deck_id, item_id FROM attempts WHERE id = 2").fetchone()
        damaged_row = conn.execute("SELECT * FROM attempts WHERE id = 2").fetchall()
    named = f"attempts row 2 ({deck_id} / {item_id}): {expect}"

    result = run_in_process(["stats", str(FIXTURE), "--db", "p.sqlite3"], b"", capsys, monkeypatch)
    assert_clean(result)
    assert result.code == 0 and f"attempts {counted}" in result.out  # the good attempt is still counted
    assert [line for line in result.err.splitlines() if "attempts row" in line] == [
        f"prepdeck: warning: {db.name}: the progress database is damaged: {named}; it was left untouched "
        "(these stats leave the damaged part out)"]

    result = run_in_process(["export", "--attempts", "out.csv", "--db", "p.sqlite3"], b"", capsys, monkeypatch)
    assert_clean(result)
    assert result.code == 0 and "1 attempt(s)" in result.out
    assert result.err.splitlines() == [f"prepdeck: warning: {db.name}: skipped {named}; the file was left untouched"]
    assert len(Path("out.csv").read_text(encoding="utf-8").splitlines()) == 2  # the header and the good attempt

    from prepdeck.store import Store  # the TUI's readers: its stats plot, home scores and "continue"
    with Store.open_for_reading(db) as store:
        answered = store.attempts()[0].answered_at
        assert [row.id for row in store.attempts()] == [1]
        assert sum(point.tally.attempts for point in store.daily(answered.date(), answered.date())) == counted
        assert store.recent_scores(answered - timedelta(days=1)).total.attempts == counted
        assert store.last_session() is not None
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT * FROM attempts WHERE id = 2").fetchall() == damaged_row


def test_stats_on_a_database_failing_quick_check_says_so(progress_db, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "p.sqlite3"
    db.write_bytes(progress_db)
    with closing(sqlite3.connect(db)) as conn:  # a row breaking its table's CHECK: quick_check finds it
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute("UPDATE attempts SET verdict = 'bogus'")
        conn.commit()
    result = run_in_process(["stats", str(FIXTURE), "--db", "p.sqlite3"], b"", capsys, monkeypatch)
    assert_clean(result)
    assert result.code == 0 and "attempts 0" in result.out  # the row is named below and left out
    assert "the progress database is damaged: CHECK constraint failed in attempts" in result.err


def test_a_corrupt_database_gives_one_line_from_a_real_process(progress_db, tmp_path):
    (tmp_path / "p.sqlite3").write_bytes(_damaged(progress_db))
    assert_one_line_error(run_process(DB_COMMANDS["stats"], b"", tmp_path), 1, "damaged or not an SQLite file")


def test_a_database_path_that_is_a_folder_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("p.sqlite3").mkdir()
    for argv in DB_COMMANDS.values():
        assert_one_line_error(run_in_process(argv, b"", capsys, monkeypatch), 1, "is a directory")


def test_a_read_only_database_can_be_read_but_not_written(progress_db, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "p.sqlite3"
    db.write_bytes(progress_db)
    db.chmod(stat.S_IRUSR | stat.S_IRGRP)
    before = _digest(db)
    try:
        assert_one_line_error(run_in_process(DB_COMMANDS["quiz"], b"an answer\n\n", capsys, monkeypatch), 1,
                              "the progress database is read-only")
        for name in ("stats", "export-attempts"):
            result = run_in_process(DB_COMMANDS[name], b"", capsys, monkeypatch)
            assert_clean(result)
            assert result.code == 0 and result.err == ""
        assert "attempts 1" in run_in_process(DB_COMMANDS["stats"], b"", capsys, monkeypatch).out
        assert len(Path("out.csv").read_text(encoding="utf-8").splitlines()) == 2  # header and the one attempt
    finally:
        db.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert _digest(db) == before


def test_a_writable_database_in_a_read_only_folder_names_the_folder(progress_db, tmp_path, capsys, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "p.sqlite3"
    db.write_bytes(progress_db)
    before = _digest(db)
    monkeypatch.chdir(folder)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        result = run_in_process(DB_COMMANDS["quiz"], b"an answer\n\n", capsys, monkeypatch)
    finally:
        folder.chmod(stat.S_IRWXU)
    assert_one_line_error(result, 1, f"the folder {folder} is read-only, so SQLite cannot create")
    assert "chmod u+w {folder}".format(folder=folder) in result.err
    assert _digest(db) == before


def _only_before_the_handler(traceback_text: str) -> bool:
    """Whether every prepdeck frame in a traceback is the package's import or __main__'s first lines."""
    import re

    frames = re.findall(r'File "([^"]*)", line (\d+), in (\S+)', traceback_text)
    ours = [(path, int(line), name) for path, line, name in frames if f"prepdeck{os.sep}" in path]
    return all(name == "<module>" and (path.endswith("__init__.py") or (path.endswith("__main__.py") and line <= 11))
               for path, line, name in ours)


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.1, 0.2, 0.3])
def test_ctrl_c_at_start_up_is_one_line_and_exit_130(delay, tmp_path):
    import signal
    import time

    env = {**os.environ, "PREPDECK_HOME": str(tmp_path / "home")}
    env.pop("PREPDECK_DEBUG", None)
    child = subprocess.Popen([sys.executable, "-m", "prepdeck", "quiz", "--plain", str(FIXTURE), "--db", "p.sqlite3"],
                             cwd=tmp_path, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    time.sleep(delay)  # the quiz then waits for an answer on the open pipe, so it is always still running
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    text = err.decode("utf-8", "replace")
    if "KeyboardInterrupt" in text and _only_before_the_handler(text):
        # CPython itself was still starting (site, runpy, or loading prepdeck/__init__ and the first
        # line of __main__) on a loaded machine: its own report, before the handler could exist.
        return
    assert "Traceback" not in text, text
    if child.returncode == -signal.SIGINT:
        # Ended by the signal itself: before Python was up (silent), or, on a loaded machine, by
        # CPython's own re-raise of SIGINT at exit after our line was written. Never a traceback.
        assert text in ("", "prepdeck: interrupted\n"), text
    else:
        assert child.returncode == 130 and text.splitlines() == ["prepdeck: interrupted"], (child.returncode, text)


def test_ctrl_c_while_modules_load_ends_the_process_with_one_line_and_130():
    # Deterministic: the interrupt arrives while prepdeck.cli is being imported.
    code = ("import os, signal, builtins; real = builtins.__import__\n"
            "def imp(name, *a, **k):\n"
            "    if name == 'cli' or name.endswith('.cli'): os.kill(os.getpid(), signal.SIGINT)\n"
            "    return real(name, *a, **k)\n"
            "builtins.__import__ = imp\n"
            "from prepdeck.entry import run; run()")
    done = subprocess.run([sys.executable, "-c", code, "list"], capture_output=True, timeout=60)
    assert (done.returncode, done.stderr, done.stdout) == (130, b"prepdeck: interrupted\n", b"")


@pytest.fixture
def locked(progress_db, tmp_path, monkeypatch):
    """A database another program holds an exclusive lock on (rollback journal: readers wait too)."""
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 100)  # give up quickly; the default waits 5 s
    db = tmp_path / "p.sqlite3"
    db.write_bytes(progress_db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    yield db
    holder.execute("ROLLBACK")
    holder.close()


@pytest.mark.parametrize("command", DB_COMMANDS)
def test_a_locked_database_is_one_line(command, locked, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_in_process(DB_COMMANDS[command], b"an answer\n\n", capsys, monkeypatch)
    assert_one_line_error(result, 1, "the progress database is locked by another program")


def test_a_write_lock_during_a_quiz_loses_no_earlier_attempt(progress_db, tmp_path, capsys, monkeypatch):
    # In WAL mode (prepdeck's own) readers are not blocked: the quiz starts, and fails
    # with one line when it cannot commit the answer; what was recorded before stays.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 100)
    db = tmp_path / "p.sqlite3"
    db.write_bytes(progress_db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run_in_process(DB_COMMANDS["quiz"], b"an answer\n\n", capsys, monkeypatch)
        assert_one_line_error(result, 1, "locked by another program")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(*) FROM attempts").fetchone() == (1,)


# --------------------------------------------------------------------------- export targets


def test_export_writes_through_a_pipe_and_a_symlink_without_replacing_them(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkfifo("pipe.csv")
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(Path("pipe.csv").read_bytes()), daemon=True)
    reader.start()
    result = run_in_process(["export", "--csv", "pipe.csv", str(FIXTURE)], b"", capsys, monkeypatch)
    reader.join(timeout=30)
    assert_clean(result)
    assert result.code == 0
    assert stat.S_ISFIFO(os.lstat("pipe.csv").st_mode)  # still the pipe, not a file renamed over it
    assert received and received[0].startswith(b"#separator:")

    Path("real.csv").write_text("old", encoding="utf-8")
    os.symlink("real.csv", "link.csv")
    result = run_in_process(["export", "--csv", "link.csv", str(FIXTURE)], b"", capsys, monkeypatch)
    assert result.code == 0
    assert os.path.islink("link.csv") and Path("real.csv").read_text(encoding="utf-8").startswith("#separator:")


def test_export_never_follows_a_file_planted_at_its_temporary_name(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    victim = tmp_path / "elsewhere" / "secret.txt"
    victim.parent.mkdir()
    victim.write_text("secret", encoding="utf-8")
    victim.chmod(0o600)
    # The name the old export used for its temporary file; it must not write through it.
    os.symlink(victim, f".out.csv.{os.getpid()}.tmp")
    result = run_in_process(["export", "--csv", "out.csv", str(FIXTURE)], b"", capsys, monkeypatch)
    assert_clean(result)
    assert result.code == 0 and Path("out.csv").read_text(encoding="utf-8").startswith("#separator:")
    assert victim.read_text(encoding="utf-8") == "secret"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp") and not p.is_symlink()]


def test_export_keeps_the_mode_of_the_file_it_replaces(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for argv in (["export", "--csv", "out", str(FIXTURE)], ["export", "--anki", "out", str(FIXTURE)]):
        Path("out").write_text("old", encoding="utf-8")
        Path("out").chmod(0o600)
        result = run_in_process(argv, b"", capsys, monkeypatch)
        assert result.code == 0 and Path("out").read_bytes() != b"old"
        assert stat.S_IMODE(os.stat("out").st_mode) == 0o600


def test_export_refuses_a_read_only_target(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("out.csv").write_text("keep me", encoding="utf-8")
    Path("out.csv").chmod(0o444)
    try:
        result = run_in_process(["export", "--csv", "out.csv", str(FIXTURE)], b"", capsys, monkeypatch)
        assert_one_line_error(result, 1, "out.csv: the file is read-only; not replacing it")
        assert Path("out.csv").read_text(encoding="utf-8") == "keep me"
    finally:
        Path("out.csv").chmod(0o644)


def test_the_catalogue_covers_at_least_thirty_kinds_of_bad_input():
    kinds = (len(DECK_CASES) + len(HOSTILE_FORMULAS) + len(SCHEMA_ERRORS) + len(YAML_FILE_ERRORS)
             + len(DB_KINDS) + len(OUT_OF_RANGE_CARDS) + len(OUT_OF_RANGE_ATTEMPTS) + 2)  # + a locked and a read-only database
    assert kinds >= 30
