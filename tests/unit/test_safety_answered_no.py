"""Warning signs the reader asks about and answers "no" to at once ("dizzy? nope") and the
idiom "tripped over my words" are not signs; a sign answered "yes", or a "no" that answers
something else, still is."""

from __future__ import annotations

import pytest

from bot.safety import warning_signs


@pytest.mark.parametrize(
    "text",
    [
        "pain at night? nope, only after intervals",
        "chest pain?? no. just stiff shoulders",
        "numb fingers? nah, just tight traps. what stretches help",
        "he tripped over his own words trying to explain my stride",
    ],
)
def test_a_sign_answered_no_or_an_idiom_is_not_a_sign(text):
    assert warning_signs(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "pain at night? yes, most nights",
        "night pain? no idea if that counts, it wakes me every night",
        "chest pain? no. dizzy? yes, i nearly fainted",
        "i tripped over a kerb and landed on my back, now it hurts",
    ],
)
def test_a_sign_answered_yes_or_left_open_is_still_a_sign(text):
    assert warning_signs(text) != []


def test_nothing_like_that_is_a_denial():
    assert warning_signs("no chest pain, nothing like that, just stiff traps") == []


def test_never_felt_anything_like_this_is_still_a_sign():
    assert warning_signs("ive never had chest pain like this before") != []
