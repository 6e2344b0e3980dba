"""Author checks that run the grader over a deck's own content (``prepdeck check``).

- A model answer must score strong on its own rubric (an error: the rubric
  cannot recognise the answer it was written for).
- Every criterion must be reachable: some keyword of it occurs, not negated,
  in the model answer (a warning: candidates who answer as the author did
  will miss it).
- A rubric must discriminate: the other questions' model answers in the same
  deck should score weak on it (a warning naming the worst offender).

Only authored rubrics are checked; a derived rubric is its model answer's
words, so it passes the first two by construction.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic, Severity
from ..loader import LoadedDeck
from ..model import Criterion, Question, Thresholds
from .result import GradeResult
from .scorer import grade_text


def _diagnostic(loaded: LoadedDeck, path: tuple[object, ...], severity: Severity, code: str,
                message: str) -> Diagnostic:
    line, col = loaded.source.locate(path)
    return Diagnostic(loaded.display_path, line, col, severity, code, message)


def _self_score_problem(result: GradeResult) -> str:
    unmet = [c.description for c in result.criteria if not c.met]
    reasons = []
    if unmet:
        reasons.append("unmet: " + "; ".join(f"“{d}”" for d in unmet))
    if result.penalties:
        reasons.append("it contains the misconception " + ", ".join(f"“{p.text}”" for p in result.penalties))
    reasons.extend(note for note in result.notes)
    return f"scores {result.score:.2f} ({result.verdict}) on its own rubric" + (
        f" ({'; '.join(reasons)})" if reasons else "")


def _unreachable(rubric: list[Criterion], result: GradeResult) -> Iterator[tuple[int, str]]:
    for index, (criterion, outcome) in enumerate(zip(rubric, result.criteria)):
        if criterion.claim is not None:
            if outcome.met:
                continue
            if outcome.contradicted:
                quote = next((c.text for c in result.contradictions if c.description == outcome.description), "")
                yield index, f"the model answer contradicts its claim (“{quote}”)"
            else:
                missing = ", ".join(f"“{m}”" for m in outcome.missing)
                yield index, ("its claim is not stated in one clause of the model answer"
                              + (f" (missing: {missing})" if missing else ""))
            continue
        plain = [h for h in outcome.hits if not h.negated]
        if len(plain) >= criterion.min_hits:
            continue
        negated = [h.text for h in outcome.hits if h.negated]
        if not plain:
            detail = "none of its keywords occurs in the model answer"
            if negated:
                detail += " except in a negated clause (" + ", ".join(f"“{t}”" for t in negated) + ")"
        else:
            detail = (f"it needs {criterion.min_hits} keyword hits but the model answer has only "
                      f"{len(plain)} ({', '.join(f'“{h.text}”' for h in plain)})")
        yield index, detail


def model_answer_checks(loaded: LoadedDeck) -> Iterator[Diagnostic]:
    """Self-score and reachability of every authored rubric (questions and follow-ups)."""
    thresholds = loaded.deck.thresholds
    for q_index, question in enumerate(loaded.deck.questions):
        targets: list[tuple[tuple[object, ...], str, list[Criterion], str, str]] = [
            (("questions", q_index), question.model_answer, question.rubric, f"questions[{q_index}]",
                    question.prompt)]
        for f_index, follow_up in enumerate(question.follow_ups):
            if follow_up.rubric and follow_up.model_answer:
                targets.append((("questions", q_index, "follow_ups", f_index), follow_up.model_answer,
                                follow_up.rubric, f"questions[{q_index}].follow_ups[{f_index}]", follow_up.prompt))
        for path, model_answer, rubric, label, prompt in targets:
            if not rubric:
                continue
            result = grade_text(model_answer, rubric=rubric, thresholds=thresholds, prompt=prompt,
                                lexicon=loaded.lexicon)
            if result.verdict != "strong":
                yield _diagnostic(loaded, (*path, "model_answer"), "error", "model-answer-not-strong",
                                  f"{label} ({question.id}): the model answer {_self_score_problem(result)}")
            for c_index, detail in _unreachable(rubric, result):
                part = "claim" if rubric[c_index].claim is not None else "keywords"
                yield _diagnostic(
                    loaded, (*path, "rubric", c_index, part), "warning", "unreachable-criterion",
                    f"{label}.rubric[{c_index}] ({question.id}): criterion “{rubric[c_index].description}” "
                    f"is not reached by the model answer: {detail}")


def _worst_other(question: Question, others: list[Question], thresholds: Thresholds, lexicon=None):
    scored = [(grade_text(other.model_answer, rubric=question.rubric, thresholds=thresholds, prompt=question.prompt,
                          lexicon=lexicon), other)
              for other in others]
    not_weak = [(result, other) for result, other in scored if result.verdict != "weak"]
    if not not_weak:
        return None
    worst = max(not_weak, key=lambda pair: pair[0].score)
    return worst, len(not_weak)


def discrimination_checks(loaded: LoadedDeck) -> Iterator[Diagnostic]:
    """Warn where another question's model answer does not score weak on a rubric."""
    questions = loaded.deck.questions
    thresholds = loaded.deck.thresholds
    for index, question in enumerate(questions):
        if not question.rubric:
            continue
        others = [other for other in questions if other is not question]
        found = _worst_other(question, others, thresholds, loaded.lexicon)
        if found is None:
            continue
        (result, other), count = found
        also = f" (and {count - 1} other model answer(s) score above weak)" if count > 1 else ""
        met = [c.description for c in result.criteria if c.met]
        yield _diagnostic(
            loaded, ("questions", index, "rubric"), "warning", "rubric-not-discriminating",
            f"questions[{index}] ({question.id}): the rubric does not tell this question from "
            f"{other.id}, whose model answer scores {result.score:.2f} ({result.verdict}) on it{also}; "
            f"it meets " + "; ".join(f"“{d}”" for d in met) + ". Add keywords specific to this question")


def _probes(loaded: LoadedDeck) -> Iterator[Diagnostic]:
    from .probes import contradiction_probes

    return contradiction_probes(loaded)


CHECKS = (model_answer_checks, discrimination_checks, _probes)
