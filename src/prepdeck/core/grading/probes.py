"""Contradiction probes: does a claim rubric notice its own model answer turned around?

For every claim criterion of a rubric (questions, their follow-ups and concepts),
``prepdeck check`` builds probes from the model answer:

- the clause of the model answer that meets the claim, negated ("not" put
  before its predicate), must not score strong and must show that claim
  contradicted;
- that clause with each direction word of the matched subject or predicate
  turned to its opposite through the lexicon must contradict the claim too.

A rubric that misses its own model answer inverted gets a located warning
naming the criterion. (That the model answer itself scores strong is the
``model-answer-not-strong`` check.)
"""

from __future__ import annotations

from typing import Iterator, Sequence

from ..diagnostics import Diagnostic
from ..loader import LoadedDeck
from ..model import Criterion, Thresholds
from .clauses import split_clauses
from .lexicon_index import Lexicon, lexicon_for
from .normalise import tokenize
from .result import GradeResult, Hit
from .scorer import grade_text

def _clause_span(text: str, position: int) -> tuple[int, int] | None:
    """The character span of the clause of ``text`` holding character ``position``."""
    tokens = tokenize(text)
    clauses, clause_of = split_clauses(tokens, text)
    for index, token in enumerate(tokens):
        if token.end > position:
            clause = clauses[clause_of[index]]
            return tokens[clause.first].start, tokens[clause.last].end
    return None


def _flipped(hit: Hit, lexicon: Lexicon) -> str | None:
    """``hit``'s words with one direction turned over (through the lexicon), or None."""
    for text, flips in lexicon.variants(hit.text):
        if flips:
            return text
    return None


def _probes(model_answer: str, hits: Sequence[Hit], lexicon: Lexicon) -> Iterator[tuple[str, str]]:
    """(kind, probe text) for a claim met by ``hits`` in ``model_answer``."""
    predicate = next((hit for hit in hits if hit.role == "predicate"), None)
    if predicate is None:
        return
    span = _clause_span(model_answer, predicate.start)
    if span is None:
        return
    start, end = span
    inside = [hit for hit in hits if hit.role in ("subject", "predicate") and start <= hit.start < end]
    if any(hit.role == "subject" for hit in hits) and not any(hit.role == "subject" for hit in inside):
        return  # the subject is carried from another clause: such a reading never contradicts
    clause = model_answer[start:end]
    yield "negated", clause[:predicate.start - start] + "not " + clause[predicate.start - start:]
    for hit in inside:
        flipped = _flipped(hit, lexicon)
        if flipped:
            yield "flipped", clause[:hit.start - start] + flipped + clause[hit.end - start:]


def probe_problems(rubric: Sequence[Criterion], model_answer: str, prompt: str | None,
                   thresholds: Thresholds, lexicon_entries) -> Iterator[tuple[int, str]]:
    """(criterion index, what went wrong) for each probe the rubric fails."""
    def grade(answer: str) -> GradeResult:
        return grade_text(answer, rubric=rubric, thresholds=thresholds, prompt=prompt, lexicon=lexicon_entries)

    lexicon = lexicon_for(lexicon_entries)
    own = grade(model_answer)
    for index, (criterion, result) in enumerate(zip(rubric, own.criteria)):
        if criterion.claim is None or not result.met:
            continue
        for kind, text in _probes(model_answer, result.hits, lexicon):
            probe = grade(text)
            contradicted = probe.criteria[index].contradicted
            if kind == "negated" and (probe.verdict == "strong" or not contradicted):
                yield index, (f"its model answer negated (“{text}”) scores {probe.verdict} and "
                              + ("shows the claim contradicted" if contradicted
                                 else "does not show the claim contradicted"))
            elif kind == "flipped" and not contradicted:
                yield index, f"its model answer with a direction turned over (“{text}”) does not contradict the claim"


def _targets(loaded: LoadedDeck):
    deck = loaded.deck
    for q_index, question in enumerate(deck.questions):
        yield ("questions", q_index), question.id, question.rubric, question.model_answer, question.prompt
        for f_index, follow_up in enumerate(question.follow_ups):
            if follow_up.rubric and follow_up.model_answer:
                yield (("questions", q_index, "follow_ups", f_index), f"{question.id}#{f_index + 1}",
                       follow_up.rubric, follow_up.model_answer, follow_up.prompt)
    for c_index, concept in enumerate(deck.concepts):
        if concept.rubric:
            yield ("concepts", c_index), concept.id, concept.rubric, concept.definition, f"define {concept.term}"


def contradiction_probes(loaded: LoadedDeck) -> Iterator[Diagnostic]:
    """A located warning for each claim criterion that does not notice its model answer inverted."""
    for path, label, rubric, model_answer, prompt in _targets(loaded):
        if not any(criterion.claim is not None for criterion in rubric):
            continue
        seen: set[tuple[int, str]] = set()
        for index, problem in probe_problems(rubric, model_answer, prompt, loaded.deck.thresholds, loaded.lexicon):
            if (index, problem) in seen:
                continue
            seen.add((index, problem))
            line, col = loaded.source.locate((*path, "rubric", index, "claim"))
            yield Diagnostic(loaded.display_path, line, col, "warning", "probe-not-contradicted",
                             f"{label}: criterion “{rubric[index].description}”: {problem}")
