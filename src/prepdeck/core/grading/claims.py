"""Claims: whether an answer says what a criterion claims, says its opposite, or neither.

A claim is met when one of its subject phrases and one of its predicate
phrases (and each ``also`` idea) occur in the same clause (see ``clauses``)
with positive polarity. Polarity is a parity count of flips:

- each negation cue whose scope covers the matched words (see ``polarity``);
- a subject, predicate or further idea found in its opposite direction
  (a lexicon direction word turned over: "large" for "small");
- the claim's own ``negated``.

Two flips cancel; odd parity contradicts the claim. Within a clause each
subject occurrence is paired with its nearest predicate occurrence; a clause
that both supports and contradicts the claim counts for neither. When the
question itself names the subject, a clause may leave it implied ("bump it
up 8x" answering "how should the learning rate change?") if it refers back
with a pronoun next to the predicate ("bump it up", "it should go up"), or if the answer opens with the
predicate ("raise, in proportion to the batch"). A subject denied outright at the
end of a clause ("early stopping is a myth") contradicts the claim too. A
clause opened by "so", "because" and the like goes on about the subject of the
clause before it in the sentence, and each clause after a label ("small
batches: ...") goes on about the label's subject; such a carried subject may meet a claim but
never contradicts one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, NamedTuple, Sequence

from ..rubric_model import Claim
from .clauses import CLAUSE_CONJUNCTIONS, CONSEQUENCES, Clause
from .lexicon_index import PHRASE_CUES, Lexicon
from .normalise import Token
from .polarity import Cue

REFERRING_WORDS = frozenset("it its them they their this these that those".split())
REFER_DISTANCE = 2
ARTICLES = frozenset("a an the".split())
AUXILIARIES = frozenset("is are was were be been being do does did has have had will would can could should "
                        "may might must not no never".split())


class Variant(NamedTuple):
    slot: int  # phrase index in the rubric's PhraseSet
    flips: int  # 1 when the phrase is the claim's words turned to their opposite direction
    keyword: str  # the rubric phrase it stands for


@dataclass(frozen=True)
class CompiledClaim:
    subject: tuple[Variant, ...]
    predicate: tuple[Variant, ...]
    also: tuple[tuple[Variant, ...], ...]
    negated: bool
    subject_implied: bool  # the question names the subject, so an answer may leave it implied


def compile_claim(claim: Claim, add: Callable[[str], int], lexicon: Lexicon,
                  prompt_has: Callable[[Sequence[str]], bool]) -> CompiledClaim:
    """The claim's phrases and their variants added to a phrase list through ``add``."""
    texts: dict[int, str] = {}

    def variants(phrases: Sequence[str]) -> tuple[Variant, ...]:
        found: dict[str, Variant] = {}
        for phrase in phrases:
            for text, flips in lexicon.variants(phrase):
                if text not in found or found[text].flips > flips:
                    found[text] = Variant(add(text), flips, phrase)
                    texts[found[text].slot] = text
        return tuple(found.values())

    subject = variants(claim.subject)
    # The question implies the subject only when it names it and not also its opposite
    # ("small versus large batches" implies neither).
    implied = prompt_has([texts[v.slot] for v in subject if not v.flips]) and \
        not prompt_has([texts[v.slot] for v in subject if v.flips])
    return CompiledClaim(subject, variants(claim.predicate),
                         tuple(variants(group) for group in claim.also_groups()), claim.negated, implied)


class Occurrence(NamedTuple):
    first: int
    last: int
    similarity: float
    flips: int
    keyword: str
    role: str  # subject, predicate or also


@dataclass(frozen=True)
class ClaimOutcome:
    """How an answer stands to a claim, with the words that show it."""

    status: str  # "met", "contradicted", "partial" (subject and predicate, an idea missing) or "absent"
    evidence: tuple[Occurrence, ...] = ()
    clause: Clause | None = None  # the clause that meets or contradicts the claim
    missing: tuple[str, ...] = ()  # parts not found (first phrasing of each)


def _occurrences(variants: Sequence[Variant], every, clause_of: Sequence[int], role: str) -> dict[int, list[Occurrence]]:
    by_clause: dict[int, list[Occurrence]] = {}
    for variant in variants:
        for (first, last), similarity in every[variant.slot].items():
            if clause_of[first] == clause_of[last]:
                by_clause.setdefault(clause_of[first], []).append(
                    Occurrence(first, last, similarity, variant.flips, variant.keyword, role))
    return by_clause


def _overlap(a: Occurrence, b: Occurrence) -> bool:
    return a.first <= b.last and b.first <= a.last


def _distance(anchor: Occurrence, other: Occurrence) -> float:
    if other.first > anchor.last:
        return other.first - anchor.last
    return anchor.first - other.last + 0.5  # before the anchor: a little farther


def _nearest(anchor: Occurrence, options: Sequence[Occurrence], taken: Sequence[Occurrence]) -> Occurrence | None:
    free = [o for o in options if not any(_overlap(o, t) for t in taken)]
    if not free:
        return None
    return min(free, key=lambda o: (_distance(anchor, o), o.flips, -o.similarity))


def _negations(spans: Sequence[Occurrence], cues_in: dict[int, list[Cue]], clause_of: Sequence[int]) -> int:
    clauses = {clause_of[span.first] for span in spans}
    return sum(1 for clause in clauses for cue in cues_in.get(clause, ())
               if any(cue.covers(span.first, span.last) for span in spans))


def _cues_by_clause(cues: Sequence[Cue], clause_of: Sequence[int]) -> dict[int, list[Cue]]:
    """Cues by the clause they stand in. A cue's scope never leaves its clause and an occurrence
    never spans two, so only the cues of an occurrence's own clause can cover it: on a long
    answer this spares testing every cue against every occurrence."""
    by_clause: dict[int, list[Cue]] = {}
    for cue in cues:
        by_clause.setdefault(clause_of[cue.first], []).append(cue)
    return by_clause


def _reads_back(tokens: Sequence[Token], clause: Clause, predicate: Occurrence) -> bool:
    """A pronoun next to the predicate stands for the subject: within ``REFER_DISTANCE`` words,
    not counting auxiliaries and negations ("they are not learned"), or inside it ("bump it up")."""
    if any(tokens[i].word in REFERRING_WORDS for i in range(predicate.first, predicate.last + 1)):
        return True
    for step in (-1, 1):
        index = predicate.first - 1 if step < 0 else predicate.last + 1
        counted = 0
        while clause.first <= index <= clause.last and counted < REFER_DISTANCE:
            word = tokens[index].word
            if word in REFERRING_WORDS:
                return True
            if word not in AUXILIARIES:
                counted += 1
            index += step
    return False


def _opens_answer(tokens: Sequence[Token], predicate: Occurrence) -> bool:
    """The answer starts with the predicate, its subject left unsaid as in a reply to the question
    ("increase it 8x" for "how should the learning rate change?", "16" for "how many micro-batches?"):
    no word before it but auxiliaries, negations and an article ("the difference between ...")."""
    return all(token.word in AUXILIARIES or token.word in ARTICLES for token in tokens[:predicate.first])


def evaluate_claim(claim: CompiledClaim, every, tokens: Sequence[Token], clauses: Sequence[Clause],
                   clause_of: Sequence[int], cues: Sequence[Cue]) -> ClaimOutcome:
    """Whether the answer meets, contradicts or only partly states ``claim``."""
    subjects = _occurrences(claim.subject, every, clause_of, "subject")
    predicates = _occurrences(claim.predicate, every, clause_of, "predicate")
    alsos = [_occurrences(group, every, clause_of, "also") for group in claim.also]
    sentence_of = [clause.sentence for clause in clauses]
    cues_in = _cues_by_clause(cues, clause_of)
    met: list[ClaimOutcome] = []
    contradicted: list[ClaimOutcome] = []
    partial: list[ClaimOutcome] = []
    for index in sorted(set(subjects) | set(predicates)):
        clause = clauses[index]
        found_predicates = predicates.get(index, [])
        pairs: list[tuple[Occurrence | None, Occurrence]] = []
        for subject in subjects.get(index, []):
            nearest = _nearest(subject, found_predicates, [subject])
            if nearest is not None:
                pairs.append((subject, nearest))
            elif not claim.negated and any(cue.covers(subject.first, subject.last) and cue.scope_first < cue.first
                                           and _cue_words(tokens, cue) not in PHRASE_CUES for cue in cues_in.get(index, ())):
                contradicted.append(ClaimOutcome("contradicted", (subject,), clause))
        carried = False
        source = clause.headed_by if clause.headed_by in subjects else _previous_subject(
            index, subjects, clauses, tokens)
        if not pairs and index not in subjects and source in subjects and found_predicates \
                and clauses[source].sentence == clause.sentence \
                and (source == clause.headed_by or tokens[clause.first].word in CONSEQUENCES):
            # "the bigger the batch, ..., so updates are steadier": the consequence is said of the same
            # subject, and so is each item after a label. A carried subject may meet the claim but
            # never contradicts it.
            subject = subjects[source][-1]
            carried_predicate = _nearest(subject, found_predicates, [subject])
            if carried_predicate is not None:
                pairs, carried = [(subject, carried_predicate)], True
        if not pairs and claim.subject_implied and index not in subjects:
            implied: list[tuple[Occurrence | None, Occurrence]] = [
                (None, predicate) for predicate in found_predicates
                if _reads_back(tokens, clause, predicate) or (index == 0 and _opens_answer(tokens, predicate))]
            pairs = implied[:1]
        outcomes = set()
        for said_subject, predicate in pairs:
            spans = [span for span in (said_subject, predicate) if span is not None]
            anchor = said_subject or predicate
            ideas = [_nearest(anchor, group.get(index, []), spans)
                     or _nearest(anchor, _in_sentence(group, index, sentence_of), spans) for group in alsos]
            present = [idea for idea in ideas if idea is not None]
            parity = sum(span.flips for span in spans + present) + _negations(spans + present, cues_in, clause_of) + claim.negated
            evidence = tuple(spans + present)
            if parity % 2 and carried:
                continue
            if parity % 2:
                outcomes.add("contradicted")
                contradicted.append(ClaimOutcome("contradicted", evidence, clause))
            elif len(present) == len(ideas):
                outcomes.add("met")
                met.append(ClaimOutcome("met", evidence, clause))
            else:
                lacking = tuple(group[0].keyword for group, idea in zip(claim.also, ideas) if idea is None and group)
                partial.append(ClaimOutcome("partial", evidence, clause, lacking))
        if outcomes == {"met", "contradicted"}:  # a clause that says both says neither
            met = [o for o in met if o.clause != clause]
            contradicted = [o for o in contradicted if o.clause != clause]
    if contradicted:
        return contradicted[0]
    if met:
        return max(met, key=lambda o: sum(e.similarity for e in o.evidence))
    if partial:
        return partial[0]
    absent = [claim.subject[0].keyword if not subjects and not claim.subject_implied else None,
              claim.predicate[0].keyword if not predicates else None]
    absent += [group[0].keyword for group, found in zip(claim.also, alsos) if group and not found]
    return ClaimOutcome("absent", (), None, tuple(m for m in absent if m))


def _previous_subject(index: int, subjects: dict[int, list[Occurrence]], clauses: Sequence[Clause],
                      tokens: Sequence[Token]) -> int:
    """The nearest earlier clause of the same sentence naming the subject, not across a contrast."""
    for earlier in range(index - 1, -1, -1):
        if clauses[earlier].sentence != clauses[index].sentence:
            return -1
        if earlier in subjects:
            return earlier
        opener = tokens[clauses[earlier].first].word
        if opener in CLAUSE_CONJUNCTIONS and opener not in CONSEQUENCES:
            return -1
    return -1


def _in_sentence(by_clause: dict[int, list[Occurrence]], index: int, sentence_of: Sequence[int]) -> list[Occurrence]:
    """Occurrences in the other clauses of clause ``index``'s sentence."""
    sentence = sentence_of[index]
    return [o for clause, found in by_clause.items() if clause != index and sentence_of[clause] == sentence
            for o in found]


def _cue_words(tokens: Sequence[Token], cue: Cue) -> tuple[str, ...]:
    return tuple(tokens[i].word for i in range(cue.first, cue.last + 1))
