"""The starter deck written by ``prepdeck new``: one commented example of every item kind.

The text is a template rather than a dumped model so that it can carry the
comments that teach an author the format. It must pass ``prepdeck check``
as written; a test holds it to that.
"""

from __future__ import annotations

import json
import re

from .model import is_valid_id

_TEMPLATE = """\
# yaml-language-server: $schema=<<SCHEMA>>
# A prepdeck deck. Check it after each edit with `prepdeck check FILE`,
# or keep `prepdeck check --watch FILE` running in a terminal.
# Every id must be unique across all decks. Progress is keyed by it, so never
# reuse or renumber an id once someone has practised the item.
id: <<ID>>
title: <<TITLE>>
description: Starter deck with one example of every item kind. Replace them with your own.
thresholds: {strong: 0.75, partial: 0.4}  # score bands: strong at 0.75 and above, partial at 0.4

concepts:
  # A term and its definition: a two-way flashcard and a short free-text question.
  - id: <<ID>>.epoch
    term: Epoch
    aliases: [training epoch]
    definition: One complete pass of the learning algorithm over the entire training dataset.
    example: With 1,000 samples and a batch size of 100, one epoch is 10 parameter updates.
    analogy: Reading a textbook from cover to cover once.
    see_also: [<<ID>>.updates]
    tags: [training-loop]
    source: Where this comes from (a book chapter, an article, a URL)

questions:
  # A free-text question, scored against the rubric. Each rubric criterion has a
  # description for people and keywords for the scorer. Each keyword entry is one
  # idea: a phrase, or a list of alternative phrasings of which any one counts.
  - id: <<ID>>.batch-memory
    prompt: Why does a larger batch size need more GPU memory?
    model_answer: >-
      All examples in a batch go through the network at the same time, and the
      activations of every one of them must be kept for the backward pass.
      Activation memory therefore grows in proportion to the batch size: doubling
      the batch roughly doubles it, which is why a large batch can run out of memory.
    rubric:
      - description: The activations of every example in the batch are held at once
        keywords:
          - [activations, intermediate values, feature maps]
          - [same time, simultaneously, at once, in parallel]
        min_hits: 2  # both ideas are needed to meet this criterion
        weight: 2
      - description: Memory grows roughly in proportion to the batch size
        keywords:
          - [proportion, proportional, linearly, scales with]
          - [doubling, doubles, twice as much]
        misconceptions:
          - phrases: [batch size does not affect memory]
            penalty: 0.3
            explanation: Activation memory grows with the number of examples in the batch.
    follow_ups:
      - What can you do when the batch you want does not fit in GPU memory?
      - prompt: What is gradient accumulation?
        model_answer: >-
          Summing the gradients of several small batches before making one update,
          to get the update of a larger batch without its memory cost.
    hints: [Think about what the backward pass needs from the forward pass.]
    tags: [batch-size, memory]
    difficulty: easy
    source: Where this comes from

calculations:
  # A numeric problem with fresh numbers on every draw. {name} and {name:,}
  # insert values into the prompt and the explanation; formulas are arithmetic
  # over the parameter names, with ceil, floor, min, max, log and friends.
  - id: <<ID>>.updates
    prompt: >-
      A dataset has {n:,} samples, the batch size is {b} and you train for {e} epochs.
      How many parameter updates happen?
    params:
      n: {choices: [1000, 10000, 50000, 60000]}
      b: {choices: [32, 64, 100, 125]}
      e: {min: 2, max: 20}
    derived:
      per_epoch: ceil(n / b)  # the last, smaller batch is still one update
    answer: per_epoch * e
    integer: true
    tolerance: {abs: 0}
    units: updates
    explanation: "ceil({n:,} / {b}) = {per_epoch:,} updates per epoch; × {e} epochs = {answer:,} updates."
    wrong_answers:
      - formula: per_epoch
        diagnosis: That is the number of updates in one epoch; multiply by the number of epochs.
      - formula: n * e
        diagnosis: That counts samples seen, not updates; each update uses a whole batch.
    fixed_examples:
      - params: {n: 50000, b: 125, e: 20}
        answer: 8000
    tags: [training-loop]
    source: Where this comes from

choices:
  # Multiple choice: options plus the text of the correct one.
  - id: <<ID>>.memory-choice
    prompt: If you increase the batch size, the memory needed for training
    options: [goes up, goes down, stays the same]
    answer: goes up
    explanation: More examples are processed at once, so more activations are held in memory.
    tags: [batch-size, memory]
    source: Where this comes from
  # True or false: no options, and answer true or false.
  # (Avoid false statements built on "always" or "never": they can be answered by that word alone.)
  - id: <<ID>>.fewer-updates
    prompt: "True or false: at the same number of epochs, a larger batch makes fewer parameter updates."
    answer: true
    explanation: >-
      Each epoch takes ceil(N / B) updates, so a larger batch B makes fewer of them; that is why
      the learning rate is usually scaled up with the batch size.
    tags: [batch-size, steps]
    source: Where this comes from

generated:
  # A question family answered by a real run of the built-in numpy mini-trainer.
  - id: <<ID>>.steps-run
    family: steps
    params: {}
    prompt: A real training run on synthetic data.
    tags: [training-loop]
    source: prepdeck mini-trainer
"""


def deck_id_from_name(name: str) -> str | None:
    """A deck id made from a file name (``My Deck.yaml`` gives ``my-deck``), or ``None``."""
    candidate = re.sub(r"[^a-z0-9_.-]+", "-", name.lower()).strip("-._")
    return candidate if candidate and is_valid_id(candidate) else None


def title_from_id(deck_id: str) -> str:
    words = re.sub(r"[-_.]+", " ", deck_id).strip()
    return words[:1].upper() + words[1:]


def scaffold_deck(deck_id: str, title: str, schema_ref: str) -> str:
    """The starter deck's YAML text; item ids are prefixed with ``deck_id`` to keep them unique."""
    if not is_valid_id(deck_id):
        raise ValueError(f"invalid deck id {deck_id!r}")
    # A JSON string is a valid YAML double-quoted scalar, whatever the title holds.
    quoted_title = json.dumps(title, ensure_ascii=False)
    schema = " ".join(schema_ref.split())
    return (_TEMPLATE.replace("<<ID>>", deck_id).replace("<<TITLE>>", quoted_title)
            .replace("<<SCHEMA>>", schema))
