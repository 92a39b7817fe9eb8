"""Held-out data is really held out: no held-out message (tests/heldout/) equals, or is one
word away from, a training example (data/) or a message of another held-out file; and the
checker (tests/heldout/leaks.py) catches what it should and nothing more. Pure Python."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from tests.heldout import leaks

ROOT = Path(__file__).resolve().parents[2]
HELDOUT = ROOT / "tests" / "heldout"


# -- the data --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def results():
    return leaks.check(ROOT)


def _show(found) -> str:
    return "\n".join(f"  {l.kind}: {l.text!r} ~ {l.other!r}" for l in found[:20])


def test_every_heldout_file_is_read():
    names = {p.name for p in leaks.heldout_files(ROOT)}
    assert {
        "nlu.yml",
        "nlu_more.yml",
        "conversations.json",
        "understanding.yml",
        "understanding_fresh.yml",
    } <= names
    for path in leaks.heldout_files(ROOT):
        assert leaks.read_texts(path), f"no messages read from {path.name}"
    assert ROOT / "data" / "nlu.yml" in leaks.data_files(ROOT)


def test_conversation_file_gives_every_user_message():
    import json

    data = json.loads((HELDOUT / "conversations.json").read_text())
    expected = len(data["single"]) + sum(len(c) for c in data["multi"])
    assert len(leaks.read_texts(HELDOUT / "conversations.json")) == expected


def test_no_heldout_message_leaks_from_the_training_data(results):
    for (a, b), found in results.items():
        if b.parent.name == "data":
            assert not found, f"{a.name} vs data/{b.name}: {len(found)} leaks\n{_show(found)}"


def test_heldout_files_do_not_share_messages(results):
    for (a, b), found in results.items():
        if b.parent.name != "data":
            assert not found, f"{a.name} vs {b.name}: {len(found)} leaks\n{_show(found)}"


def test_the_cli_exits_zero():
    assert leaks.main([str(ROOT)]) == 0


# -- the checker -----------------------------------------------------------------------------


def test_normalising():
    assert (
        leaks.normalise("  What\u2019s   a GOOD [foam roller](equipment)?! ")
        == "whats a good foam roller"
    )
    assert leaks.normalise("cat-cow stretch...") == "cat cow stretch"
    assert leaks.normalise('[hip pads]{"entity": "equipment"} help?') == "hip pads help"


def test_catches_a_copy_that_is_exact_after_normalising():
    found = leaks.find_leaks(["Is FOAM-rolling enough?!"], ["is foam rolling enough", "hello"])
    assert [(l.kind, l.other) for l in found] == [("exact", "is foam rolling enough")]
    assert leaks.find_leaks(["What\u2019s foam rolling good for"], ["whats foam rolling good for"])


@pytest.mark.parametrize(
    "heldout",
    [
        "do bridges really help my back",  # one word inserted
        "do help my back",  # one word deleted
        "do planks help my back",  # one word substituted
        "do bridges help my back please",  # one word added at the end
    ],
)
def test_catches_a_copy_one_word_apart(heldout):
    found = leaks.find_leaks([heldout], ["do bridges help my back"])
    assert [l.kind for l in found] == ["one word"]
    assert leaks.relation(heldout, "do bridges help my back") == "one word"


@pytest.mark.parametrize(
    "heldout",
    [
        "do bridges really help my upper back",  # two words inserted
        "do planks help your back",  # two words substituted
        "bridges my back",  # two words deleted
        "do bridges my back help",  # a swap is two edits
    ],
)
def test_does_not_flag_texts_two_words_apart(heldout):
    assert leaks.find_leaks([heldout], ["do bridges help my back"]) == []
    assert leaks.relation(heldout, "do bridges help my back") is None


def test_two_different_single_words_share_nothing():
    assert leaks.find_leaks(["hello"], ["thanks"]) == []
    assert [l.kind for l in leaks.find_leaks(["hello"], ["hello there"])] == ["one word"]


# -- the understanding set's shape -----------------------------------------------------------

TOPICS = {
    "foam_rolling",
    "how_to_foam_roll",
    "stretches",
    "posture",
    "strengthening",
    "equipment",
    "running_technique",
    "foam_rolling_alone",
    "avoid",
    "overview",
    "frequency",
    "professional",
    "common",
}
MINIMUM = {
    "compound": 40,
    "alternatives": 30,
    "near_miss": 40,
    "half_covered": 20,
    "warning_sign": 40,
    "harmless": 25,
    "small_talk": 20,
    "plain": 30,
}


def test_understanding_set_is_complete_and_well_formed():
    messages = yaml.safe_load((HELDOUT / "understanding.yml").read_text())["messages"]
    counts = Counter(m["kind"] for m in messages)
    assert set(counts) == set(MINIMUM)
    assert all(counts[k] >= n for k, n in MINIMUM.items()), counts
    assert len(messages) >= 230
    allowed = TOPICS | {
        "seek_care",
        "alternatives",
        "not_covered",
        "greet",
        "goodbye",
        "thank",
        "any",
    }
    for m in messages:
        assert set(m) <= {"text", "kind", "expect", "context", "exclude", "closest"}, m
        assert m["text"].strip() and m["expect"] and set(m["expect"]) <= allowed, m
        if "seek_care" in m["expect"]:
            assert m["expect"][0] == "seek_care", m
        if m["kind"] == "alternatives":
            assert m["exclude"] in {
                "foam_rolling",
                "stretching",
                "posture",
                "equipment",
                "technique",
            }, m
        if "closest" in m:
            assert m["kind"] == "near_miss" and m["closest"] in TOPICS, m
    two_message_signs = [m for m in messages if m["kind"] == "warning_sign" and m.get("context")]
    assert len(two_message_signs) >= 5
