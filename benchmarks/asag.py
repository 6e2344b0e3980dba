"""How well prepdeck's grading agrees with human graders on public short-answer data.

Every student answer is scored against its reference answer through the
auto-rubric (``prepdeck grade --batch`` with ``model_answer`` and ``prompt``),
exactly as an item with only a model answer is graded. Nothing is trained on
the data. Printed beside each figure: plain ``fuzz.token_set_ratio``, measured
in the same run.

- Mohler et al. 2011 (assignments 1-6, grades 0-5): Pearson r with the human
  average grade.
- SemEval-2013 Task 7 training data (correct / incorrect): the weighted F1 of
  a score threshold. The threshold is chosen on the training data; as only
  training data is available, it is reported both in-sample and with 5-fold
  cross-validation over questions (each fold's threshold chosen on the others).

Usage: python benchmarks/asag.py [DATA_DIR]   (default: ../shared/data/asag
relative to the repository root). The data is read in place, never copied.
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
from rapidfuzz import fuzz, utils

from prepdeck.cli import main as prepdeck

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "asag"


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def grade_batch(requests: list[dict]) -> tuple[list[float], float]:
    """Scores from ``prepdeck grade --batch``, and answers graded per second."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in requests), encoding="utf-8")
        out = io.StringIO()
        start = time.perf_counter()
        with contextlib.redirect_stdout(out):
            code = prepdeck(["grade", "--batch", str(path)])
        elapsed = time.perf_counter() - start
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    if code != 0 or len(results) != len(requests):
        errors = [r["error"] for r in results if "error" in r][:3]
        raise SystemExit(f"batch grading failed: {errors}")
    return [r["score"] for r in results], len(requests) / elapsed


def baseline(reference: str, answer: str) -> float:
    return fuzz.token_set_ratio(reference, answer, processor=utils.default_process)


def weighted_f1(labels: np.ndarray, predicted: np.ndarray) -> float:
    total = 0.0
    for value in (True, False):
        truth, guess = labels == value, predicted == value
        tp = np.sum(truth & guess)
        precision = tp / max(np.sum(guess), 1)
        recall = tp / max(np.sum(truth), 1)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        total += f1 * np.sum(truth)
    return float(total / len(labels))


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    candidates = np.unique(scores)
    f1s = [weighted_f1(labels, scores >= t) for t in candidates]
    return float(candidates[int(np.argmax(f1s))])


def cross_validated_f1(scores: np.ndarray, labels: np.ndarray, groups: list[str], folds: int = 5) -> float:
    questions = sorted(set(groups))
    np.random.default_rng(0).shuffle(questions)
    fold_of = {q: i % folds for i, q in enumerate(questions)}
    fold = np.array([fold_of[g] for g in groups])
    predicted = np.zeros(len(labels), dtype=bool)
    for k in range(folds):
        threshold = best_threshold(scores[fold != k], labels[fold != k])
        predicted[fold == k] = scores[fold == k] >= threshold
    return weighted_f1(labels, predicted)


def mohler(data: Path) -> None:
    rows = read_jsonl(data / "mohler-dev.jsonl")
    scores, rate = grade_batch([{"model_answer": r["reference_answer"], "prompt": r["question"],
                                 "answer": r["student_answer"]} for r in rows])
    human = np.array([r["score_avg"] for r in rows])
    ours = np.corrcoef(scores, human)[0, 1]
    base = np.corrcoef([baseline(r["reference_answer"], r["student_answer"]) for r in rows], human)[0, 1]
    graders = np.corrcoef([r["score_me"] for r in rows], [r["score_other"] for r in rows])[0, 1]
    print(f"Mohler 2011 ({len(rows)} answers): Pearson r with the human average")
    print(f"  prepdeck auto-rubric   r = {ours:.3f}   ({ours / base:.2f}x token_set_ratio, {rate:,.0f} answers/s)")
    print(f"  token_set_ratio        r = {base:.3f}")
    print(f"  the two human graders  r = {graders:.3f}")


def semeval(data: Path, dataset: str) -> None:
    rows = [r for r in read_jsonl(data / "semeval2013-train.jsonl") if r["dataset"] == dataset]
    requests = [{"model_answer": ref, "prompt": r["question"], "answer": r["student_answer"], "id": i}
                for i, r in enumerate(rows) for ref in r["reference_answers"]]
    flat, rate = grade_batch(requests)
    ours = np.zeros(len(rows))
    for request, score in zip(requests, flat):  # the best match over all reference answers
        ours[request["id"]] = max(ours[request["id"]], score)
    base = np.array([max(baseline(ref, r["student_answer"]) for ref in r["reference_answers"]) for r in rows])
    labels = np.array([r["label_2way"] == "correct" for r in rows])
    groups = [r["question_id"] for r in rows]
    print(f"SemEval-2013 {dataset} ({len(rows)} answers, {len(set(groups))} questions): weighted F1 of a threshold")
    for name, scores in (("prepdeck auto-rubric", ours), ("token_set_ratio", base)):
        threshold = best_threshold(scores, labels)
        in_sample = weighted_f1(labels, scores >= threshold)
        cv = cross_validated_f1(scores, labels, groups)
        print(f"  {name:<22} in-sample {in_sample:.3f} (threshold {threshold:.3g}), "
              f"5-fold over questions {cv:.3f}")
    print(f"  ({rate:,.0f} answers/s through grade --batch)")


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA, help="the ASAG data folder")
    args = parser.parse_args(argv)
    data = args.data.resolve()
    if not (data / "mohler-dev.jsonl").is_file():
        print(f"asag.py: no ASAG data in {data} (expected mohler-dev.jsonl; see its README)", file=sys.stderr)
        return 2
    mohler(data)
    semeval(data, "sciEntsBank")
    semeval(data, "beetle")
    return 0


if __name__ == "__main__":
    sys.exit(run())
