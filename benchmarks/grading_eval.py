"""How the grader agrees with the blind-labelled evaluation set (tests/grading_eval).

Every labelled answer is graded through the same core function the session
uses for its item (a question, a concept, or follow-up N of a question), with
the deck's thresholds and lexicon. It prints:

- band agreement: the share of answers whose verdict is their label, with the
  confusion matrix and the agreement per deck;
- the adversarial pairs: how many are ordered right-above-wrong by at least
  ``MARGIN``, how many wrong answers grade strong and how many right ones weak;
- over the whole set, weak-labelled answers graded strong and strong-labelled
  answers graded weak.

Usage: python benchmarks/grading_eval.py [--show N]   (N: print the N worst misses)
The labels are the set's; nothing here may be tuned to particular answers.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from prepdeck.core.item_grading import grade_key
from prepdeck.core.loader import DeckSet, load_decks
from prepdeck.paths import bundled_content_dir

EVAL_DIR = Path(__file__).resolve().parents[1] / "tests" / "grading_eval"
LABELS = ("strong", "partial", "weak")
MARGIN = 0.15


@dataclass(frozen=True)
class Graded:
    deck: str
    key: str
    label: str
    answer: str
    score: float
    verdict: str


@dataclass(frozen=True)
class PairResult:
    key: str
    how: str
    right: float
    wrong: float
    right_verdict: str
    wrong_verdict: str

    @property
    def ordered(self) -> bool:
        return self.right - self.wrong >= MARGIN - 1e-9


def _read(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def grade_set(decks: DeckSet, folder: Path = EVAL_DIR) -> tuple[list[Graded], list[PairResult]]:
    cache: dict[tuple[str, str], tuple[float, str]] = {}

    def score(key: str, answer: str) -> tuple[float, str]:
        if (key, answer) not in cache:
            result = grade_key(decks, key, answer)
            cache[(key, answer)] = (result.score, result.verdict)
        return cache[(key, answer)]

    graded = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "pairs.yaml":
            continue
        for key, labelled in _read(path).items():
            for label in LABELS:
                for answer in labelled.get(label) or ():
                    graded.append(Graded(path.stem, key, label, answer, *score(key, answer)))
    pairs = []
    for pair in _read(folder / "pairs.yaml"):
        right, wrong = score(pair["item"], pair["right"]), score(pair["item"], pair["wrong"])
        pairs.append(PairResult(pair["item"], pair["how"], right[0], wrong[0], right[1], wrong[1]))
    return graded, pairs


@dataclass(frozen=True)
class Summary:
    answers: int
    agreement: float
    pairs: int
    pairs_ordered: int
    pair_wrong_strong: int
    pair_right_weak: int
    weak_graded_strong: int
    strong_graded_weak: int


def summarise(graded: list[Graded], pairs: list[PairResult]) -> Summary:
    return Summary(
        answers=len(graded),
        agreement=sum(g.verdict == g.label for g in graded) / max(len(graded), 1),
        pairs=len(pairs),
        pairs_ordered=sum(p.ordered for p in pairs),
        pair_wrong_strong=sum(p.wrong_verdict == "strong" for p in pairs),
        pair_right_weak=sum(p.right_verdict == "weak" for p in pairs),
        weak_graded_strong=sum(g.label == "weak" and g.verdict == "strong" for g in graded),
        strong_graded_weak=sum(g.label == "strong" and g.verdict == "weak" for g in graded),
    )


def report(graded: list[Graded], pairs: list[PairResult], show: int = 0) -> Summary:
    summary = summarise(graded, pairs)
    print(f"Blind evaluation set: {summary.answers} labelled answers, {summary.pairs} adversarial pairs")
    print(f"  band agreement          {summary.agreement:6.1%}   (goal >= 85%)")
    print(f"  pairs ordered by >= {MARGIN:.2f} {summary.pairs_ordered:3d}/{summary.pairs}")
    print(f"  pair wrong graded strong {summary.pair_wrong_strong:3d}   pair right graded weak {summary.pair_right_weak:3d}")
    print(f"  set: weak-labelled graded strong {summary.weak_graded_strong}, "
          f"strong-labelled graded weak {summary.strong_graded_weak}")
    matrix = Counter((g.label, g.verdict) for g in graded)
    print("  label \\ verdict   " + "".join(f"{v:>9}" for v in LABELS))
    for label in LABELS:
        print(f"  {label:<17}" + "".join(f"{matrix[(label, v)]:9d}" for v in LABELS))
    for deck in sorted({g.deck for g in graded}):
        mine = [g for g in graded if g.deck == deck]
        print(f"  {deck:<24} {sum(g.verdict == g.label for g in mine) / len(mine):6.1%} of {len(mine)}")
    by_how = Counter(p.how for p in pairs)
    ordered_by_how = Counter(p.how for p in pairs if p.ordered)
    print("  pairs by kind: " + ", ".join(f"{how} {ordered_by_how[how]}/{n}" for how, n in sorted(by_how.items())))
    if show:
        rank = {"strong": 2, "partial": 1, "weak": 0}
        misses = sorted((g for g in graded if g.verdict != g.label),
                        key=lambda g: -abs(rank[g.label] - rank[g.verdict]))
        for g in misses[:show]:
            print(f"  MISS {g.key} label {g.label} got {g.verdict} {g.score:.2f}: {' '.join(g.answer.split())[:150]}")
        for p in pairs:
            if not p.ordered or p.wrong_verdict == "strong" or p.right_verdict == "weak":
                print(f"  PAIR {p.key} ({p.how}): right {p.right:.2f} {p.right_verdict}, "
                      f"wrong {p.wrong:.2f} {p.wrong_verdict}")
    return summary


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=0, help="print the N worst misses and every failing pair")
    args = parser.parse_args(argv)
    decks = load_decks([bundled_content_dir()])
    if decks.diagnostics:
        print("\n".join(d.format() for d in decks.diagnostics), file=sys.stderr)
        return 2
    report(*grade_set(decks), show=args.show)
    return 0


if __name__ == "__main__":
    sys.exit(run())
