"""Hypothesis strategies for the fuzzer (tests/fuzz/test_fuzz.py): what a hostile or broken
client can send to the REST channel and the socket.io channel.

Texts mix plain questions with odd characters (lone surrogates, control and invisible
formatting characters, right-to-left overrides, emoji, combining marks), `/intent{...}`
payloads, and now and then a huge text. JSON values nest objects and arrays of any of them.
Senders and session ids are odd strings, numbers, or values of the wrong type; a string id
is made unique by the test (`Unique`), so one example's conversation is never another's and a
failing example replays the same way.

Needs hypothesis only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from hypothesis import strategies as st

QUESTIONS = [
    "hello",
    "which stretches help my upper back?",
    "how often should I foam roll?",
    "my chest hurts when I run",
    "what is the capital of France?",
    "tell me more",
    "the second one",
    "I don't own a roller, what else can I do?",
    "which stretches help, and how often should I roll?",
    "/ask_avoid",
    "/ask_more",
    "/restart",
    "/session_start",
    "/stop",
]
ODD_CHARACTERS = [
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\r\n",
    "\t",
    "\u200b",
    "\u200f",
    "\u2028",
    "\u202e",
    "\ufeff",
    "\ufffd",
    "\uffff",
    "\ud800",
    "\udbff",
    "\udc00",
    "\udfff",
    "\ud83d",  # the first half of an emoji alone
    "\U0001f642",
    "\U0010ffff",
    "e\u0301\u0301\u0301",
    "\u0130",
    "ß",
    "\U00020000",
    "<script>alert(1)</script>",
    "'; DROP TABLE events; --",
    "%s%n{0}${x}",
    "\\u0000",
    "\\ud800",
    '"',
    "\\",
]

# Any character at all, lone surrogates included (Hypothesis leaves category Cs out unless told).
any_character = st.characters(codec=None, exclude_categories=())
odd_text = st.lists(
    st.one_of(st.sampled_from(ODD_CHARACTERS), st.text(any_character, max_size=8)), max_size=12
).map("".join)


@st.composite
def question_with_odd_characters(draw) -> str:
    text = draw(st.sampled_from(QUESTIONS))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(ODD_CHARACTERS)) + text[at:]
    return text


def huge(unit: st.SearchStrategy[str], low: int = 2_000, high: int = 200_000):
    """A short text repeated to between `low` and `high` characters."""
    return st.builds(
        lambda piece, size: (piece * (size // len(piece) + 1))[:size],
        unit.filter(bool),
        st.integers(low, high),
    )


intent_payload = st.builds(
    lambda name, entities: f"/{name}{json.dumps(entities, ensure_ascii=False)}",
    st.sampled_from(["ask_more", "ask_how_to_foam_roll", "greet", "nonexistent", "", "ask_"]),
    st.dictionaries(st.sampled_from(["topic", "exercise", "x", ""]), odd_text, max_size=3),
)

texts = st.one_of(
    st.sampled_from(QUESTIONS),
    question_with_odd_characters(),
    odd_text,
    st.text(any_character, max_size=60),
    intent_payload,
    huge(st.sampled_from(["upper back ", "\ud800", "\x00", "🙂", "a"]), high=60_000),
)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**63, max_value=2**70),  # too big for many JSON libraries
    st.floats(allow_nan=True, allow_infinity=True),  # NaN and Infinity are not JSON
    texts,
)


def json_values(max_leaves: int = 10):
    return st.recursive(
        json_scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.one_of(odd_text, texts), inner, max_size=4),
        ),
        max_leaves=max_leaves,
    )


def nested(depth: int, leaf: object = "x") -> object:
    """`depth` objects inside each other, `leaf` at the bottom."""
    value = leaf
    for _ in range(depth):
        value = {"a": value}
    return value


metadata = st.one_of(
    st.dictionaries(
        st.one_of(odd_text, st.sampled_from(["a", "session_id", "sender"])), json_values()
    ),
    json_values(),
    st.builds(nested, st.integers(1, 400), json_scalars),
    st.builds(
        lambda n, v: {f"k{i}": v for i in range(n)}, st.integers(100, 5_000), odd_text
    ),  # many keys
    huge(st.sampled_from(["\ud800", "x"]), high=300_000).map(lambda s: {"a": s}),
    st.text(any_character, max_size=40).map(lambda s: json.dumps({"a": s})),  # JSON in a string
)


@dataclass(frozen=True)
class Unique:
    """A string id the test makes unique: `odd` followed by a fresh suffix."""

    odd: str


ids = st.one_of(
    st.builds(Unique, odd_text),
    st.builds(Unique, st.sampled_from(["U024BE7LH", "123456789", "-100123", "me", " "])),
    st.builds(Unique, huge(st.sampled_from(["s", "\ud800", "\u202e"]), 100, 20_000)),
    st.sampled_from(["", " ", "\t\n", "\x00", "\ud800"]),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@st.composite
def rest_bodies(draw) -> object:
    """A REST request's JSON value: mostly an object with sender, message and metadata, any of
    them missing or of the wrong type, plus stray keys; sometimes not an object at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(json_values())
    body: dict = {}
    if draw(st.integers(0, 9)):
        body["sender"] = draw(ids)
    if draw(st.integers(0, 9)):
        body["message"] = draw(st.one_of(texts, texts, texts, json_values()))
    if draw(st.booleans()):
        body["metadata"] = draw(metadata)
    for key in draw(
        st.lists(st.sampled_from(["input_channel", "stream", "text", "x", "\ud800"]), max_size=2)
    ):
        body[key] = draw(json_values(3))
    return body


def encode(value: object, how: str) -> bytes:
    """The request body for `value`: JSON text with \\uXXXX escapes (a lone surrogate stays
    an escape, as a client in any language can send it), or raw characters, a lone surrogate
    then written as the three bytes UTF-8 forbids."""
    if how == "escaped":
        return json.dumps(value, default=_odd).encode()
    return json.dumps(value, ensure_ascii=False, default=_odd).encode("utf-8", "surrogatepass")


def _odd(value: object) -> str:
    """A `Unique` id left in a body the server is to refuse: its odd text alone."""
    if isinstance(value, Unique):
        return value.odd
    raise TypeError(f"not JSON: {value!r}")


encodings = st.sampled_from(["escaped", "escaped", "raw"])
content_types = st.sampled_from(
    [
        "application/json",
        "application/json",
        "application/json; charset=utf-8",
        "application/json; charset=latin-1",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "",
        None,
    ]
)


@st.composite
def malformed_bodies(draw) -> bytes:
    """A body that is not one JSON value, or not in UTF-8: cut short, with junk in it, deeply
    nested, binary, empty, or a JSON value preceded by a byte order mark."""
    body = encode(draw(rest_bodies()), draw(encodings))
    kind = draw(st.integers(0, 8))
    if kind == 0:
        return body[: draw(st.integers(0, max(len(body) - 1, 0)))]
    if kind == 1:
        at = draw(st.integers(0, len(body)))
        return body[:at] + draw(st.binary(min_size=1, max_size=8)) + body[at:]
    if kind == 2:
        return draw(st.binary(max_size=200))
    if kind == 3:
        opener = draw(st.sampled_from([b"[", b'{"a":', b'{"sender":']))
        return opener * draw(st.integers(1, 100_000))
    if kind == 4:
        return draw(
            st.sampled_from([b"", b" ", b"null", b"NaN", b"[]", b"{}", b'"', b"\x00", b"{,}"])
        )
    if kind == 5:
        return b"\xef\xbb\xbf" + body  # UTF-8 byte order mark
    if kind == 6:
        return body.decode("utf-8", "surrogatepass").encode("utf-16", "surrogatepass")
    if kind == 7:
        return body + draw(st.sampled_from([b"garbage", b"}", b"\x00", b" {}", b"\n[1]"]))
    return draw(huge(st.sampled_from(["\x00", "{", "ab"]), 1_000, 2_000_000)).encode()


session_requests = st.one_of(
    st.none(),
    st.fixed_dictionaries({}, optional={"session_id": ids}),
    st.fixed_dictionaries({"session_id": ids}),
    json_values(4),
)


@st.composite
def uttered_events(draw) -> tuple[str, object]:
    """A user_uttered event's data, and whose session it names: "own" (the session the server
    confirmed; the test fills it in), or "other" (an odd id, or none)."""
    if draw(st.integers(0, 9)) == 0:
        return "other", draw(st.one_of(json_values(4), st.binary(max_size=50)))
    data: dict = {}
    if draw(st.integers(0, 9)):
        data["message"] = draw(
            st.one_of(texts, texts, texts, json_values(), st.binary(max_size=50))
        )
    whose = "own" if draw(st.integers(0, 4)) else "other"
    if whose == "own":
        data["session_id"] = None  # the confirmed session id
    elif draw(st.booleans()):
        data["session_id"] = draw(ids)
    if draw(st.booleans()):
        data["metadata"] = draw(metadata)
    return whose, data
