"""Latency of the grader beside a bare rapidfuzz ``cdist`` over the same n-grams.

For every sample answer of the bundled questions (tests/grading_samples) and
for a 100,000-character paste, it times a full ``grade_item`` (tokenising,
negation, matching, scoring) and a bare ``process.cdist`` of the same rubric
phrases against the same n-grams, measured in the same run, and prints p50
and p99 of each with their ratio. Goals: p50 within 3x of the bare cdist, and
the paste under 50 ms. It also prints the throughput of ``grade --batch``.

Usage: python benchmarks/grading.py [--repeat N]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml
from rapidfuzz import process
from rapidfuzz.distance import OSA

from prepdeck.cli import main as prepdeck
from prepdeck.core.grading import grade_item
from prepdeck.core.grading.matching import MAX_EDITS
from prepdeck.core.grading.normalise import tokenize, truncate
from prepdeck.core.grading.rubric import compile_rubric
from prepdeck.core.loader import load_decks
from prepdeck.paths import bundled_content_dir

ROOT = Path(__file__).resolve().parents[1]
PASTE_CHARS = 100_000


def samples(decks) -> list[tuple[object, object, str]]:
    """(deck, question, answer) for every sample answer of a bundled question with an authored rubric."""
    found = []
    for path in sorted((ROOT / "tests" / "grading_samples").glob("*.yaml")):
        for question_id, labelled in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            try:
                loaded, item = decks.find(question_id)
            except KeyError:
                continue
            if item.rubric:
                found.extend((loaded, item, answer) for answers in labelled.values() for answer in answers)
    return found


def paste(decks) -> str:
    """A long answer made of the decks' own prose, as if a candidate pasted an article."""
    parts = []
    for _, item in decks.items():
        parts.extend(str(getattr(item, name)) for name in ("prompt", "model_answer", "definition", "explanation")
                     if getattr(item, name, None))
    text = "\n".join(parts)
    return (text * (PASTE_CHARS // max(len(text), 1) + 1))[:PASTE_CHARS]


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def bare_cdist(question, answer: str):
    """The cdist call the grader makes for this answer, alone."""
    phrases = compile_rubric(question.rubric, prompt=question.prompt).phrases
    choices = phrases.ngrams(tokenize(truncate(answer)[0])).keys
    return lambda: process.cdist(phrases.queries, choices, scorer=OSA.distance,
                                 score_cutoff=MAX_EDITS, dtype=np.int8, workers=1)


def report(label: str, full: list[float], bare: list[float]) -> None:
    f50, f99 = np.percentile(full, 50) * 1e3, np.percentile(full, 99) * 1e3
    b50, b99 = np.percentile(bare, 50) * 1e3, np.percentile(bare, 99) * 1e3
    print(f"{label}")
    print(f"  grade_item   p50 {f50:8.3f} ms   p99 {f99:8.3f} ms")
    print(f"  bare cdist   p50 {b50:8.3f} ms   p99 {b99:8.3f} ms")
    print(f"  ratio        p50 {f50 / b50:8.2f} x    p99 {f99 / b99:8.2f} x")


def batch_rate(cases) -> float:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.jsonl"
        lines = [json.dumps({"item": item.id, "answer": answer}) for _, item, answer in cases]
        path.write_text("\n".join(lines * max(1, 5000 // len(lines))) + "\n", encoding="utf-8")
        count = len(path.read_text(encoding="utf-8").splitlines())
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            code = prepdeck(["grade", "--batch", str(path)])
        elapsed = time.perf_counter() - start
    if code != 0:
        raise SystemExit("batch grading failed")
    return count / elapsed


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30, help="timings per answer (default 30)")
    args = parser.parse_args(argv)
    decks = load_decks([bundled_content_dir()])
    cases = samples(decks)
    if not cases:
        print("grading.py: no sample answers for bundled questions with a rubric", file=sys.stderr)
        return 2
    full: list[float] = []
    bare: list[float] = []
    for loaded, question, answer in cases:
        grade_item(question, answer, loaded.deck.thresholds, loaded.lexicon)  # warm the caches, as a session does
        full += timed(lambda: grade_item(question, answer, loaded.deck.thresholds, loaded.lexicon), args.repeat)
        bare += timed(bare_cdist(question, answer), args.repeat)
    report(f"Sample answers ({len(cases)} answers to {len({q.id for _, q, _ in cases})} questions, "
           f"{args.repeat} runs each)", full, bare)
    text = paste(decks)
    paste_full: list[float] = []
    paste_bare: list[float] = []
    questions = list({q.id: (loaded, q) for loaded, q, _ in cases}.values())
    for loaded, question in questions:
        paste_full += timed(lambda: grade_item(question, text, loaded.deck.thresholds), 3)
        paste_bare += timed(bare_cdist(question, text), 3)
    report(f"A {len(text):,}-character paste (first {len(truncate(text)[0]):,} scored), "
           f"against each of {len(questions)} rubrics", paste_full, paste_bare)
    worst = max(paste_full) * 1e3
    print(f"  paste goal < 50 ms: p99 {np.percentile(paste_full, 99) * 1e3:.1f} ms, worst {worst:.1f} ms")
    rate = batch_rate(cases)
    bare_calls = [bare_cdist(question, answer) for _, question, answer in cases]
    start = time.perf_counter()
    for call in bare_calls:
        call()
    bare_rate = len(bare_calls) / (time.perf_counter() - start)
    print(f"grade --batch: {rate:,.0f} answers/s (goal > 1,000); the bare cdist of the same answers "
          f"{bare_rate:,.0f}/s in this run, ratio {bare_rate / rate:.1f} x")
    return 0


if __name__ == "__main__":
    sys.exit(run())
