"""The text-speak table (bot/spelling.py): what it reads, and what it leaves alone."""

from __future__ import annotations

import re

import pytest

from bot import spelling


@pytest.mark.parametrize(
    "text, read",
    [
        ("wat stretchs shud i do", "what stretches should i do"),
        ("how i shud run 2 not hurt bak", "how i should run 2 not hurt back"),
        ("physo worth it 4 ths bak ache", "physio worth it 4 this back ache"),
        # words that already mean something stay as they are
        ("what stretches should i do", "what stretches should i do"),
        ("4 times a week, 2 stretches", "4 times a week, 2 stretches"),
        ("shudder", "shudder"),
    ],
)
def test_a_text_is_read_word_by_word(text, read):
    assert spelling.standard_spelling(text) == read


def test_a_token_is_read_whatever_its_case():
    assert spelling.standard_word("Shud") == "should"
    assert spelling.standard_word("SHUD") == "should"
    assert spelling.standard_word("Stretches") == "Stretches"


def test_no_variant_is_itself_a_word_the_table_reads_to():
    words = set(spelling.STANDARD.values())
    assert not words & set(spelling.STANDARD)


def test_every_variant_is_one_lowercase_token_without_digits_alone():
    for variant in spelling.STANDARD:
        assert re.fullmatch(r"[a-z0-9']+", variant), variant
        assert not variant.isdigit(), variant
