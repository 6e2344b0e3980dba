"""A grade result's dict form is exactly what ``dataclasses.asdict`` gives, for every part of it."""

from __future__ import annotations

import dataclasses

from prepdeck.core.grading.result import Contradiction, CriterionResult, GradeResult, Hit, Penalty


def test_to_dict_is_asdict_for_a_result_with_every_kind_of_part():
    hit = Hit("learning rate", "lr", 0, 2, 91.5, negated=True, role="subject", flipped=True)
    result = GradeResult(
        0.4, "partial",
        (CriterionResult("raise the lr", True, 2.0, (hit, hit), ("warm-up",), contradicted=False,
                         core=True, claim="lr up", credit=0.5),
         CriterionResult("no hits", False, 1.0)),
        penalties=(Penalty("bigger is better", "bigger is better", 3, 19, 0.2, "it is not"),),
        contradictions=(Contradiction("raise the lr", "lower the lr", 20, 32, 0.33, core=True),),
        derived=True, notes=("a note",))

    plain = result.to_dict()

    assert plain == dataclasses.asdict(result)
    assert repr(plain) == repr(dataclasses.asdict(result))  # same types too: tuples stay tuples
    assert plain["criteria"][0]["hits"][1]["similarity"] == 91.5
