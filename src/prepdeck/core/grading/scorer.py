"""Grade a free-text answer against a rubric: the score, the verdict and the evidence.

The score is the weight of the criteria met over the total weight, less the
penalty of every misconception found outside a negated clause, clamped to
0..1 (a derived rubric also credits key words used in another form, see
``_near_credit``). It is pure: the same answer and rubric always give the
same result.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence, Union

from rapidfuzz import fuzz, process

from ..model import Concept, Criterion, FollowUp, LexiconEntries, Question, Thresholds
from .auto_rubric import derive_rubric
from .claims import ClaimOutcome, evaluate_claim
from .clauses import split_clauses
from .keyword_list import is_keyword_list
from .lexicon_index import lexicon_for
from .matching import Found
from .normalise import MAX_ANSWER_CHARS, Token, tokenize, truncate
from .polarity import find_cues, token_scopes
from .result import Contradiction, CriterionResult, GradeResult, Hit, NumericResult, Penalty, Verdict
from .rubric import CompiledCriterion, CompiledRubric, compile_rubric

# A derived rubric lists every content word of the model answer; a good answer
# in the candidate's own words uses perhaps half of them, so meeting this
# fraction of their weight earns full marks.
DERIVED_FULL_CREDIT = 0.6
# A key word the answer does not use may still be there in another form: a word
# sharing its first NEAR_PREFIX letters ("pointer", "pointing") earns
# it in full, and a similar spelling earns part of it, from nothing at a
# rapidfuzz ratio of NEAR_FLOOR up to all of it at 100.
NEAR_PREFIX = 5
NEAR_FLOOR = 70.0
DERIVED_NOTE = (f"no authored rubric: graded by which key words of the model answer the answer uses "
                f"({DERIVED_FULL_CREDIT:.0%} of their weight earns full marks; words of the same stem or "
                "a similar spelling earn part); this is rougher than an authored rubric and cannot tell "
                "a claim from its denial")
TRUNCATED_NOTE = f"answer is longer than {MAX_ANSWER_CHARS:,} characters: only the first {MAX_ANSWER_CHARS:,} were scored"
KEYWORD_LIST_NOTE = ("capped at partial: the answer is a list of keywords with no sentences, "
                     "and in an interview a keyword list is not an explanation")
EMPTY_NOTE = "the answer is empty"
CONTRADICTION_NOTE = ("capped below strong: the answer contradicts a criterion (quoted beside it), and an "
                      "answer that says the opposite of a point is not a strong answer")
CORE_CONTRADICTION_NOTE = ("capped at weak: the answer contradicts a core criterion (quoted beside it), "
                           "the point the question turns on")

# Scores are rounded so that sums of weights such as 0.1 + 0.2 compare as authors expect.
DIGITS = 6

Gradable = Union[Question, Concept, FollowUp]


def verdict_for(score: float, thresholds: Thresholds) -> Verdict:
    """The verdict band a score falls in."""
    if score >= thresholds.strong - 1e-9:
        return "strong"
    if score >= thresholds.partial - 1e-9:
        return "partial"
    return "weak"


def keyword_list_cap(thresholds: Thresholds) -> float:
    """The highest score a keyword list can get: just under strong, never under partial."""
    return max(thresholds.partial, round(thresholds.strong - 0.01, DIGITS))


def _hit(text: str, tokens: Sequence[Token], keyword: str, found: Found) -> Hit:
    start, end = tokens[found.first].start, tokens[found.last].end
    return Hit(keyword, text[start:end], start, end, found.similarity, found.negated)


def _best(candidates: list[tuple[str, Found]]) -> tuple[str, Found] | None:
    if not candidates:
        return None
    return min(candidates, key=lambda pair: (-pair[1].similarity, pair[1].first))


def _criterion_result(compiled: CompiledCriterion, found, text: str, tokens: Sequence[Token]) -> CriterionResult:
    hits: list[Hit] = []
    missing: list[str] = []
    met_keywords = 0
    for indices, texts in zip(compiled.groups, compiled.group_texts):
        plain = _best([(kw, found[i][0]) for i, kw in zip(indices, texts) if found[i][0]])
        if plain:
            met_keywords += 1
            hits.append(_hit(text, tokens, *plain))
            continue
        missing.append(texts[0])
        negated = _best([(kw, found[i][1]) for i, kw in zip(indices, texts) if found[i][1]])
        if negated:
            hits.append(_hit(text, tokens, *negated))
    criterion = compiled.criterion
    needed = criterion.min_hits if criterion.claim is None else len(compiled.groups)
    return CriterionResult(criterion.description, met_keywords >= needed,
                           criterion.weight, tuple(hits), tuple(missing), core=compiled.core)


def _penalties(compiled: CompiledCriterion, found, text: str, tokens: Sequence[Token]) -> list[Penalty]:
    penalties = []
    for misconception, indices in zip(compiled.criterion.misconceptions, compiled.misconceptions):
        plain = _best([(misconception.phrases[k] if misconception.phrases else "claim", found[i][0])
                       for k, i in enumerate(indices) if found[i][0]])
        if plain:
            hit = _hit(text, tokens, *plain)
            penalties.append(Penalty(hit.keyword, hit.text, hit.start, hit.end,
                                     misconception.penalty, misconception.explanation))
    return penalties


def _near_credit(rubric: CompiledRubric, results: list[CriterionResult], text: str,
                 tokens: Sequence[Token]) -> None:
    """Credit unmet derived criteria whose key word the answer uses in another form, in place.

    A word sharing the key word's first ``NEAR_PREFIX`` letters earns its whole weight; a
    similar spelling earns part of it. Either way the criterion is shown met, with the word
    it was credited for and the share earned, so every ✓ is what the score counted.
    """
    unmet = [(index, compiled.group_texts[0][0]) for index, (compiled, result)
             in enumerate(zip(rubric.criteria, results)) if not result.met and compiled.group_texts]
    if not tokens or not unmet:
        return
    by_prefix: dict[str, Token] = {}
    for token in tokens:
        if len(token.word) >= NEAR_PREFIX:
            by_prefix.setdefault(token.word[:NEAR_PREFIX], token)
    words = sorted({t.word for t in tokens})
    first_token: dict[str, Token] = {}
    for token in tokens:
        first_token.setdefault(token.word, token)
    fuzzy: list[tuple[int, str]] = []
    for index, keyword in unmet:
        prefixed = by_prefix.get(keyword[:NEAR_PREFIX]) if len(keyword) >= NEAR_PREFIX else None
        if prefixed is not None:
            results[index] = _credited(results[index], keyword, text, prefixed, 100.0, 1.0)
        else:
            fuzzy.append((index, keyword))
    if not fuzzy:
        return
    matrix = process.cdist([k for _, k in fuzzy], words, scorer=fuzz.ratio, workers=1)
    for (index, keyword), row in zip(fuzzy, matrix):
        best = int(row.argmax())
        ratio = float(row[best])
        share = max(0.0, (ratio - NEAR_FLOOR) / (100.0 - NEAR_FLOOR))
        if share > 0:
            results[index] = _credited(results[index], keyword, text, first_token[words[best]], ratio, share)


def _credited(result: CriterionResult, keyword: str, text: str, token: Token, similarity: float,
              share: float) -> CriterionResult:
    hit = Hit(keyword, text[token.start:token.end], token.start, token.end, round(similarity, 1))
    return replace(result, met=True, hits=(hit,), missing=(), credit=round(share, DIGITS))


def _claim_hits(text: str, tokens: Sequence[Token], outcome: ClaimOutcome) -> tuple[Hit, ...]:
    hits = []
    for occurrence in outcome.evidence:
        start, end = tokens[occurrence.first].start, tokens[occurrence.last].end
        hits.append(Hit(occurrence.keyword, text[start:end], start, end, occurrence.similarity,
                        role=occurrence.role, flipped=bool(occurrence.flips)))
    return tuple(hits)


def _clause_span(tokens: Sequence[Token], outcome: ClaimOutcome) -> tuple[int, int]:
    clause = outcome.clause
    assert clause is not None
    return tokens[clause.first].start, tokens[clause.last].end


def _claim_result(compiled: CompiledCriterion, outcome: ClaimOutcome, text: str,
                  tokens: Sequence[Token]) -> CriterionResult:
    criterion = compiled.criterion
    claim = criterion.claim
    hits = _claim_hits(text, tokens, outcome) if outcome.status != "absent" else ()
    missing = outcome.missing
    if outcome.status == "absent" and not missing and claim is not None:
        missing = (claim.subject[0], claim.predicate[0])
    return CriterionResult(criterion.description, outcome.status == "met", criterion.weight, hits,
                           missing if outcome.status != "met" else (),
                           contradicted=outcome.status == "contradicted", core=compiled.core,
                           claim=claim.gist() if claim is not None else None)


def grade_compiled(answer: str, rubric: CompiledRubric, thresholds: Thresholds = Thresholds(),
                   derived: bool = False) -> GradeResult:
    """Grade ``answer`` against an already compiled rubric."""
    text, truncated = truncate(answer)
    tokens = tokenize(text)
    clauses, clause_of = split_clauses(tokens, text)
    cues = find_cues(tokens, clauses, clause_of, rubric.lexicon)
    # A derived keyword rubric only asks whether words are used: negation is not applied,
    # because the model answer's own polarity is unknown to it.
    scopes = [-1] * len(tokens) if derived and not rubric.has_claims else token_scopes(len(tokens), cues)
    every: list | None = [{} for _ in rubric.phrases.phrases] if rubric.has_claims else None
    found = rubric.phrases.find(tokens, scopes, every)
    results: list[CriterionResult] = []
    penalties: list[Penalty] = []
    contradictions: list[Contradiction] = []
    total = rubric.total_weight or 1.0
    for compiled in rubric.criteria:
        if compiled.claim is not None:
            outcome = evaluate_claim(compiled.claim, every, tokens, clauses, clause_of, cues)
            result = _claim_result(compiled, outcome, text, tokens)
            if result.contradicted:
                start, end = _clause_span(tokens, outcome)
                contradictions.append(Contradiction(result.description, text[start:end], start, end,
                                                    round(compiled.criterion.weight / total, DIGITS), compiled.core))
            results.append(result)
        else:
            results.append(_criterion_result(compiled, found, text, tokens))
        penalties.extend(_penalties(compiled, found, text, tokens))
        for misconception, claim in zip(compiled.criterion.misconceptions, compiled.misconception_claims):
            if claim is None:
                continue
            outcome = evaluate_claim(claim, every, tokens, clauses, clause_of, cues)
            if outcome.status == "met":
                start, end = _clause_span(tokens, outcome)
                penalties.append(Penalty(misconception.claim.gist() if misconception.claim else "", text[start:end],
                                         start, end, misconception.penalty, misconception.explanation))
    if derived:
        _near_credit(rubric, results, text, tokens)
    met_weight = sum(r.weight * r.credit for r in results if r.met)
    raw = met_weight / rubric.total_weight if rubric.total_weight else 0.0
    if derived:
        raw = min(1.0, raw / DERIVED_FULL_CREDIT)
    lost = sum(p.penalty for p in penalties) + sum(c.penalty for c in contradictions)
    score = round(min(1.0, max(0.0, raw - lost)), DIGITS)
    notes: list[str] = []
    if derived:
        notes.append(DERIVED_NOTE)
    if truncated:
        notes.append(TRUNCATED_NOTE)
    if not tokens:
        notes.append(EMPTY_NOTE)
    cap = keyword_list_cap(thresholds)
    if score > cap and is_keyword_list(tokens, text):
        score = cap
        notes.append(KEYWORD_LIST_NOTE)
    if contradictions:
        core = any(c.core for c in contradictions)
        limit = below(thresholds.partial) if core else below(thresholds.strong)
        if score > limit:
            score = limit
            notes.append(CORE_CONTRADICTION_NOTE if core else CONTRADICTION_NOTE)
    return GradeResult(score, verdict_for(score, thresholds), tuple(results), tuple(penalties),
                       contradictions=tuple(contradictions), derived=derived, notes=tuple(notes))


def below(threshold: float) -> float:
    """The highest score under ``threshold``'s band."""
    return max(0.0, round(threshold - 0.01, DIGITS))


def grade_text(answer: str, *, rubric: Sequence[Criterion] = (), model_answer: str | None = None,
               thresholds: Thresholds = Thresholds(), prompt: str | None = None,
               lexicon: LexiconEntries | None = None) -> GradeResult:
    """Grade a free-text answer.

    With a ``rubric`` the answer is graded against it. Without one, a rubric is
    derived from ``model_answer`` (words of ``prompt``, when given, count for
    less: repeating the question is not answering it) and the result says so.
    """
    compiled_lexicon = lexicon_for(lexicon)
    if rubric:
        return grade_compiled(answer, compile_rubric(rubric, compiled_lexicon, prompt), thresholds)
    if model_answer is None or not model_answer.strip():
        raise ValueError("grading needs a rubric or a model answer")
    derived = derive_rubric(model_answer, prompt=prompt)
    if not derived:
        raise ValueError("the model answer has no content words to grade against")
    return grade_compiled(answer, compile_rubric(derived, compiled_lexicon, prompt), thresholds, derived=True)


_ASKS_FOR_A_NUMBER = re.compile(r"\bhow (?:many|much)\b", re.IGNORECASE)


def numeric_follow_up_value(follow_up: FollowUp) -> float | None:
    """The number a follow-up asks for ("How many updates ...?"), read from its model answer's lead.

    The lead is the model answer's short opening statement (``numeric.answer_lead``; the
    rest explains the working), read as a numeric answer ("ceil(10,000 / 32) = 313: 312 full batches ..."
    is 313). None when the follow-up is not a numeric one.
    """
    if follow_up.rubric or not follow_up.model_answer or not _ASKS_FOR_A_NUMBER.search(follow_up.prompt):
        return None
    from .numeric import parse_number

    from .numeric import answer_lead

    lead = answer_lead(follow_up.model_answer)
    return None if lead is None else parse_number(lead)


def grade_item(item: Gradable, answer: str, thresholds: Thresholds = Thresholds(),
               lexicon: LexiconEntries | None = None) -> "GradeResult | NumericResult":
    """Grade an answer to a question, a concept ("define <term>") or a follow-up.

    A follow-up that asks for a number ("how many updates ...?") is graded as a number.
    """
    if isinstance(item, Question):
        return grade_text(answer, rubric=item.rubric, model_answer=item.model_answer,
                          thresholds=thresholds, prompt=item.prompt, lexicon=lexicon)
    if isinstance(item, Concept):
        prompt = f"define {item.term}"
        return grade_text(answer, rubric=item.rubric, model_answer=item.definition,
                          thresholds=thresholds, prompt=prompt, lexicon=lexicon)
    if isinstance(item, FollowUp):
        if not item.rubric and not (item.model_answer and item.model_answer.strip()):
            raise ValueError("this follow-up has neither a rubric nor a model answer to grade against")
        expected = numeric_follow_up_value(item)
        if expected is not None:
            from ..model import Tolerance
            from .numeric import grade_number

            tolerance = Tolerance(abs=0.5) if float(expected).is_integer() else Tolerance(rel=0.01)
            return grade_number(answer, expected, tolerance, thresholds=thresholds)
        return grade_text(answer, rubric=item.rubric, model_answer=item.model_answer,
                          thresholds=thresholds, prompt=item.prompt, lexicon=lexicon)
    raise TypeError(f"cannot grade free text for a {type(item).__name__}")
