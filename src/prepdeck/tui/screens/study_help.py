"""The help text for each study mode, shown by ``?`` on the study screen."""

from __future__ import annotations

COMMON = """
Every answer is saved the moment its feedback appears, and what you type is kept as a
draft for the card, so **escape** (back to home) or **ctrl+q** never loses anything;
**Continue** on the home screen brings the session back. **u** (or **ctrl+z** outside the
answer box) undoes the last answer or rating: the card comes back to answer again.
Outside the answer box (**tab** leaves it), **b** buries the card until tomorrow and
**s** suspends it until you unsuspend it from Stats. A card you got wrong comes back
a few cards later. **ctrl+o** opens this card's deck file in `$EDITOR` at the card's line.
"""

ANSWER_BOX = """
Type your answer in the box (several lines are fine) and press **ctrl+s** to submit.
"""

HINTS = """**ctrl+g** shows a hint (an answer after a hint is rated at best *hard*).
"""

FREE_TEXT_REST = """
**ctrl+r** gives up and shows the answer (recorded as not recalled, so the card comes
back soon), **ctrl+n** skips (nothing is recorded; the card stays due).

The feedback shows the score and verdict, each rubric criterion as ✓ or ✗, and
your own answer with the matched evidence highlighted: green counted, struck-through
amber was found inside a negation ("not …") and did not count, red is a known
misconception that cost points. Then the model answer (**m** hides or shows it).

Disagree with the grade? **r** "I was right" or **w** "I was wrong": the override is
recorded and re-rates the card. **enter** or **n** goes on; follow-up questions come next.
"""

FLASH = """
The card shows one side: a term, or a definition with the term blanked out
(cards go both ways). Recall the other side, press **space** to flip, then rate
how well you knew it: **1** again, **2** hard, **3** good, **4** easy (**enter** rates
good). Each key shows when that rating brings the card back, as in Anki.
"""

CALC = """
New numbers every time. Type the number and press **enter** (8000, 8,000, 8k, 8e3 and
"8000 steps" all work). The feedback shows the working, and if your answer matches a
known mistake it says which ("that is steps per epoch"). **ctrl+r** gives up and shows
the answer with its working.
"""

TRAINER = """
Each question comes from real training runs of the numpy mini-trainer, drawn fresh
(it trains while the card loads). The plot shows loss per epoch for each run:
**ctrl+l** cycles between training loss, validation loss and both. Answer with a number
(**enter**), or pick an option with its number or the arrows and **enter**.
"""

INTERVIEW = """
A question, then its follow-ups in a chain, like an interviewer pressing on. There are
no hints, and the clock shows your time against the budget.
"""

REVIEW = """
Everything due today across every kind of card, then today's new items.
"""

FREE_TEXT = ANSWER_BOX + HINTS + FREE_TEXT_REST

MODE_TEXT = {
    "quiz": FREE_TEXT + "\nTrue/false and multiple choice: press the option's number, or the arrows and **enter**.\n",
    "flash": FLASH,
    "calc": CALC,
    "trainer": TRAINER,
    "review": REVIEW + FREE_TEXT + FLASH + CALC,
    "interview": INTERVIEW + ANSWER_BOX + FREE_TEXT_REST,
}


def study_help(mode: str) -> str:
    return MODE_TEXT.get(mode, FREE_TEXT) + COMMON
