"""Small English word lists the grader needs: function words, negation cues, common words.

They are plain frozensets so that membership tests are cheap in the scorer's
inner loops. All entries are case-folded surface forms (not stems).
"""

from __future__ import annotations

# Words that never carry the content of an answer on their own. Used to tell a
# sentence from a keyword list and to keep derived rubrics to content words.
FUNCTION_WORDS = frozenset("""
a about above across after again against all almost along already also although always am
among an and another any anyone anything are around as at be because been before being below
between both but by can could did do does doing done down during each either else enough
etc even ever every for from further had has have having he her here hers herself him himself
his how however i if in into is it its itself just least less let like may me might mine more
most much must my myself neither no nor not now of off often on once one only onto or other
others otherwise our ours ourselves out over own per quite rather same several shall she should
since so some such than that the their theirs them themselves then there these they this those
though through thus to too toward towards under until up upon us very via was we well were what
whatever when whenever where whereas whether which while who whom whose why will with within
without would yet you your yours yourself yourselves
""".split())

# Words dropped from both keyword phrases and answers before n-grams are formed,
# so that "larger batches are always better" matches "a larger batch is always
# better". Only articles, forms of "be" and "of": dropping them never changes
# what a phrase claims.
SKIP_WORDS = frozenset("a an the is are was were be been being am of".split())

# Negation cues, and the word each is matched as. Folding them to one form lets
# a keyword "no effect" match "does not have an effect", and "without dropout"
# match "no dropout".
NEGATION_CUES = {
    "not": "not", "no": "not", "never": "not", "nor": "not", "neither": "not",
    "without": "not", "nothing": "nothing", "none": "none",
    "nobody": "nobody", "nowhere": "nowhere",
}

# A cue followed by one of these is not a negation: "not only", "no matter".
PSEUDO_NEGATION_NEXT = frozenset("only just matter doubt least".split())

# Words that end the scope of a negation, as a clause boundary does.
SCOPE_TERMINATORS = frozenset("""
but however although though whereas while yet except because since so unless instead rather
therefore hence which who whom whose
""".split())

# Contractions whose stem changes when "n't" is split off ("can't" -> "can not").
NT_BASES = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}

# Frequent general-English content words. In a derived rubric they weigh less
# than rarer words: "use" or "make" in a model answer says little about whether
# a candidate understood the topic.
COMMON_WORDS = frozenset("""
able actually add added adding allow allows amount answer area back bad based basic become
becomes begin best better big bit call called case cases certain change changed changes
changing clear come comes common consider considered contain contains correct could create
created current day different difficult directly does doing done each easy effect end enough
entire every example examples fact far fast few find first follow following form full get gets
give given gives go goes going good great group hand happen happens hard help high higher
important increase instead keep kind know large larger last later lead leads left less level
like likely line little long look lot low lower main make makes making many mean means method
might more most move much name need needed needs new next non number numbers often old one
order other part particular people place point possible problem problems process put rather
real really reason result results right run same say see seen set show shows side simple since
single small smaller so some something specific start state step still such sure system take
takes term terms than thing things think three time times together total true try turn two
type types understand up usable use used useful uses using usually value values various way
ways well whole work works world would wrong
""".split())

# Interchangeable words for derived rubrics. An authored rubric lists its own
# synonyms; a rubric derived from a model answer has only the author's wording,
# so "one full pass over the whole training set" would miss "complete", "entire"
# and "dataset". Each group is words a grader would accept for one another in
# the ML-interview setting; a word belongs to at most one group.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("complete", "full", "whole", "entire"),
    ("dataset", "data"),
    ("example", "sample", "instance", "record", "datapoint"),
    ("update", "step", "iteration"),
    ("weights", "parameters"),
    ("large", "big", "bigger", "larger", "huge"),
    ("small", "little", "tiny", "smaller"),
    ("fast", "quick", "rapid", "faster", "quicker"),
    ("slow", "sluggish", "slower"),
    ("increase", "raise", "grow", "boost"),
    ("decrease", "reduce", "lower", "shrink", "cut"),
    ("memory", "ram", "vram"),
    ("noise", "randomness", "fluctuation", "jitter"),
    ("stable", "steady", "smooth"),
    ("loss", "error", "cost"),
    ("pass", "sweep", "cycle"),
    ("accuracy", "performance"),
    ("optimum", "minimum"),
    ("hardware", "gpu", "accelerator"),
)

SYNONYMS: dict[str, tuple[str, ...]] = {}
for _group in SYNONYM_GROUPS:
    for _word in _group:
        SYNONYMS.setdefault(_word, tuple(w for w in _group if w != _word))
