"""Multiple-choice options are shown shuffled, seeded by the session, so position gives nothing away."""

from __future__ import annotations

from study_helpers import make

from prepdeck.core.session_cards import shuffled_options


def _choice_card(decks, store, seed):
    session = make(decks, store, seed=seed, mode="quiz", deck_ids=("example",), count=10)
    while (card := session.next_card()) is not None:
        if card.item_id == "ex-memory-choice":
            return session, card
        session.skip()
    raise AssertionError("the example deck's multiple-choice item was not served")


def test_the_same_seed_shows_the_same_order(decks, tmp_path):
    from prepdeck.store import Store

    orders = []
    for run in range(2):
        with Store.open(tmp_path / f"p{run}.sqlite3") as store:
            _, card = _choice_card(decks, store, seed=11)
            orders.append(card.options)
    assert orders[0] == orders[1]


def test_the_correct_option_is_graded_wherever_it_is_shown(decks, store):
    item = decks.find("ex-memory-choice")[1]
    session, card = _choice_card(decks, store, seed=5)
    assert sorted(card.options) == sorted(item.options)
    shown_at = card.options.index(item.answer) + 1
    feedback = session.answer(str(shown_at))
    assert feedback.correct is True


def test_over_many_sessions_the_answer_is_not_always_in_the_same_place():
    options = ("right", "wrong a", "wrong b", "wrong c")
    places = {shuffled_options(options, seed, "item").index("right") for seed in range(40)}
    assert places == {0, 1, 2, 3}


def test_true_false_keeps_its_order(decks, store):
    session = make(decks, store, seed=3, mode="quiz", deck_ids=("example",), count=10)
    while (card := session.next_card()) is not None:
        if card.item_id == "ex-bigger-always-better":
            assert card.options == ("true", "false")
            return
        session.skip()
    raise AssertionError("the true/false item was not served")
