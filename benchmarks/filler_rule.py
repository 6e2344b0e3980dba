"""Which filler rule keeps derived rubrics to what a model answer claims: a stop list or word frequency.

A derived rubric (concepts, and follow-ups without a rubric) is built from the content words
of the model answer. Words it uses only to talk ("gives", "same", "people", "3", "000") are
filler and should not be criteria. This compares, measured in the same run:

- ``none``: no filler rule (every non-function word is a criterion);
- ``stop list``: light verbs and citation pieces, ``auto_rubric.GENERIC_WORDS`` (what prepdeck uses);
- ``+ discourse``: that plus discourse words ("gives", "same", "people", ...) and digit-only pieces;
- ``zipf >= Z``: every word at least this frequent in general English (the ``wordfreq``
  package, if installed; it is not a prepdeck dependency) plus digit-only pieces.

on the blind evaluation set's derived items (band agreement, and the mean score of strong
minus weak answers) and on Mohler et al. 2011 (Pearson r with the human average). Run
benchmarks/asag.py for SemEval-2013 with each rule: there the discourse list cost 0.008 weighted
F1 on sciEntsBank ("gives", "same" carry meaning in science answers), which decided it.

Usage: python benchmarks/filler_rule.py [DATA_DIR]   (default: ../shared/data/asag)
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

import numpy as np
import yaml

from prepdeck.core.grading import auto_rubric
from prepdeck.core.grading.scorer import grade_text, numeric_follow_up_value
from prepdeck.core.item_grading import grade_key, split_key
from prepdeck.core.loader import load_decks
from prepdeck.core.model import Concept
from prepdeck.paths import bundled_content_dir

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = ROOT / "tests" / "grading_eval"
DEFAULT_DATA = ROOT / ".." / "shared" / "data" / "asag"


def derived_answers(decks):
    """(key, label, answer) for every labelled answer graded by a derived rubric."""
    found = []
    for path in sorted(EVAL_DIR.glob("*.yaml")):
        if path.name == "pairs.yaml":
            continue
        for key, labelled in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            item_id, follow_up = split_key(key)
            _, item = decks.find(item_id)
            if follow_up is not None:
                target = item.follow_ups[follow_up - 1]
                if target.rubric or target.ref or numeric_follow_up_value(target) is not None:
                    continue
            elif not (isinstance(item, Concept) and not item.rubric):
                continue
            found += [(key, label, answer) for label, answers in labelled.items() for answer in answers or ()]
    return found


def evaluate(decks, answers, mohler) -> tuple[float, float, float]:
    auto_rubric._derive.cache_clear()
    graded = [(label, grade_key(decks, key, answer)) for key, label, answer in answers]
    agreement = sum(result.verdict == label for label, result in graded) / len(graded)
    strong = statistics.mean(r.score for label, r in graded if label == "strong")
    weak = statistics.mean(r.score for label, r in graded if label == "weak")
    scores = [grade_text(r["student_answer"], model_answer=r["reference_answer"], prompt=r["question"]).score
              for r in mohler]
    r = float(np.corrcoef(scores, [row["score_avg"] for row in mohler])[0, 1])
    return agreement, strong - weak, r


def main(argv: list[str]) -> int:
    data = Path(argv[0]) if argv else DEFAULT_DATA
    mohler = [json.loads(line) for line in (data / "mohler-dev.jsonl").open(encoding="utf-8") if line.strip()]
    decks = load_decks([bundled_content_dir()])
    answers = derived_answers(decks)
    discourse = frozenset("gives give given giving gets get got same final people loosely roughly usually often "
                          "typically simply basically really actually just way ways thing things something lot "
                          "lots kind sort bit quite fairly".split())
    stop = auto_rubric.is_filler
    rules = {"none": lambda word: False, "stop list": stop,
             "+ discourse": lambda word: stop(word) or word in discourse or word.isdigit()}
    try:
        from wordfreq import zipf_frequency

        for cut in (5.5, 6.0):
            rules[f"zipf >= {cut}"] = (lambda c: lambda word: stop(word) or word.isdigit()
                                       or zipf_frequency(word, "en") >= c)(cut)
    except ImportError:
        print("(wordfreq is not installed: the frequency rules are left out)")
    original = auto_rubric.is_filler
    print(f"{len(answers)} labelled answers graded by derived rubrics; Mohler {len(mohler)} answers")
    print(f"  {'rule':<14} {'agreement':>9} {'strong-weak':>11} {'Mohler r':>9}")
    try:
        for name, rule in rules.items():
            auto_rubric.is_filler = rule
            agreement, gap, r = evaluate(decks, answers, mohler)
            print(f"  {name:<14} {agreement:9.1%} {gap:11.3f} {r:9.3f}")
    finally:
        auto_rubric.is_filler = original
        auto_rubric._derive.cache_clear()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
