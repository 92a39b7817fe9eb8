"""What a message may carry (rasa_addons.input_limits), without Rasa: lone surrogates and
control characters dropped, metadata capped and reduced to the keys the assistant reads,
socket.io session ids only the secret's holder can make, Slack event ids remembered for a
bounded time and number."""

from __future__ import annotations

import json

import pytest

from rasa_addons.input_limits import (
    MAX_METADATA_BYTES,
    METADATA_KEYS,
    MetadataTooLarge,
    SeenEvents,
    SessionIds,
    clean_text,
    clean_value,
    kept_metadata,
)


def test_lone_surrogates_are_dropped_and_pairs_kept():
    assert clean_text("stretches?\ud800 \udfff🙂") == "stretches? 🙂"
    assert clean_text("a\ud83d\ude00b".encode("utf-16", "surrogatepass").decode("utf-16")) == (
        "a😀b"
    )
    cleaned = clean_value({"k\udc00": ["x\ud800", {"y": "\udbff"}, 3, None]})
    assert cleaned == {"k": ["x", {"y": ""}, 3, None]}
    json.dumps(cleaned, ensure_ascii=False).encode("utf-8")


def test_metadata_keeps_only_the_keys_the_assistant_reads():
    assert METADATA_KEYS == frozenset()  # nothing in bot/, actions/ or rasa_addons/ reads one
    assert kept_metadata({"tracking": "x", "a": "\ud800"}) == {}
    assert kept_metadata({"lang": "en\ud800", "x": 1}, keys=frozenset({"lang"})) == {"lang": "en"}
    for not_metadata in (None, "text", [1], 5):
        assert kept_metadata(not_metadata) == {}


def test_metadata_over_the_cap_is_refused_before_keys_are_dropped():
    at_cap = {"a": "x" * (MAX_METADATA_BYTES - len('{"a":""}'))}
    assert kept_metadata(at_cap, keys=frozenset({"a"})) == at_cap
    with pytest.raises(MetadataTooLarge):
        kept_metadata({"a": "x" * MAX_METADATA_BYTES})
    with pytest.raises(MetadataTooLarge):  # a lone surrogate counts as its 6-byte escape
        kept_metadata({"a": "\ud800" * (MAX_METADATA_BYTES // 6)})
    deep: dict = {}
    for _ in range(5000):
        deep = {"a": deep}
    with pytest.raises(MetadataTooLarge):
        kept_metadata(deep)


def test_session_ids_are_accepted_only_from_the_secrets_holder():
    ids, other = SessionIds(b"s" * 32), SessionIds(b"t" * 32)
    issued = ids.new()
    assert len(issued) == 64 and ids.issued(issued) and ids.new() != issued
    assert not other.issued(issued)
    assert not ids.issued(issued[:32] + "0" * 32)
    assert not ids.issued(issued.upper())
    for value in (None, 7, "", "x" * 64, issued + "0", {"id": issued}):
        assert not ids.issued(value)


def test_seen_events_are_forgotten_after_their_time_and_beyond_the_limit():
    now = [0.0]
    seen = SeenEvents(seconds=60, limit=3, clock=lambda: now[0])
    assert seen.first_time("Ev1") and not seen.first_time("Ev1")
    now[0] = 59.0
    assert not seen.first_time("Ev1")
    now[0] = 60.0
    assert seen.first_time("Ev1")  # 60 s after it was first received
    for name in ("Ev2", "Ev3", "Ev4"):
        assert seen.first_time(name)
    assert len(seen) == 3 and seen.first_time("Ev1")  # the oldest was forgotten first
    now[0] = 1000.0
    assert seen.first_time("Ev5") and len(seen) == 1
