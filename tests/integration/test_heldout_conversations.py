"""The held-out conversation checks (tests/heldout/conversations.json, written apart from the
training data) against the running assistant over REST. Each case opens a conversation with
an unjudged "hello" so the disclaimer cannot satisfy a check. A reply is judged by which
topic it came from (each article answer is recognised by its text, from the content files),
or by what kind of reply it is: seek care, not covered, did you mean. Specs without a topic
("others", "capabilities") are judged by their keys; "reply" needs any reply."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest

from bot import wording
from bot.content import load_content

# The held-out file's names for the article's topics.
SPEC_TOPICS = {
    "benefits": "foam_rolling",
    "how_to_roll": "how_to_foam_roll",
    "stretches": "stretches",
    "posture": "posture",
    "strengthen": "strengthening",
    "equipment": "equipment",
    "technique": "running_technique",
    "alone": "foam_rolling_alone",
    "avoid": "avoid",
    "overview": "overview",
    "consistency": "frequency",
    "professional": "professional",
    "common": "common",
}
NO_ANSWER = {"not_covered", "did_you_mean"}
# The other methods (the alternatives reply) answer "what else helps?" as the overview does,
# and "should I do more than foam rolling?" as the foam-rolling-alone answer does (the same
# rule as tests/heldout/evaluate.py's ALSO_RIGHT).
ALSO_RIGHT = {"overview", "alone"}

CASES = json.loads(
    (Path(__file__).resolve().parent.parent / "heldout" / "conversations.json").read_text()
)


def norm(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2013", " ").replace("\u2014", " ")
    return re.sub(r"\s+", " ", text.replace("-", " "))


def passes(rule: dict, reply: str) -> bool:
    r = norm(reply)
    if not r.strip():
        return False
    ok = True
    if "any" in rule:
        ok &= any(norm(k) in r for k in rule["any"])
    if "at_least" in rule:
        ok &= sum(norm(k) in r for k in rule["of"]) >= rule["at_least"]
    if "none" in rule:
        ok &= not any(norm(k) in r for k in rule["none"])
    return ok


def _signatures() -> list[tuple[str, str]]:
    """(normalised text, topic) for every text an article answer is built from."""
    data = load_content().data
    found = [(norm(topic["answer"])[:80], key) for key, topic in data["topics"].items()]
    kinds = {kind: item["topic"] for kind, item in data["exercise_kinds"].items()}
    found += [(norm(e["purpose"])[:80], kinds[e["kind"]]) for e in data["exercises"]]
    found += [(norm(e["purpose"])[:80], "equipment") for e in data["equipment"]]
    found += [(norm(k["answer"])[:80], k["topic"]) for k in data["exercise_kinds"].values()]
    return found


def _passages() -> list[tuple[str, list[str]]]:
    """(start of a "read the full passage" reply, the topics of that section)."""
    data = load_content().data
    out = []
    for section in data["sections"]:
        keys = [k for k, topic in data["topics"].items() if topic["section"] == section["slug"]]
        start = wording.PASSAGE_IN_FULL.split("{body}")[0].format(heading=section["heading"])
        out.append((start.strip(), keys))
    return out


SIGNATURES = _signatures()
PASSAGES = _passages()
KINDS = [
    (wording.SEEK_CARE.split("{")[0], "seek_care"),
    (wording.NOT_COVERED.split("{")[0], "not_covered"),
    (wording.OUT_OF_SCOPE_PART.split("{")[0], "not_covered"),
    (wording.OUT_OF_SCOPE[:40], "not_covered"),
    (wording.DID_YOU_MEAN, "did_you_mean"),
    (wording.ALTERNATIVES.split("{")[0], "alternatives"),
    (wording.ALL_METHODS, "alternatives"),
]


def parts_of(messages: list[str]) -> list[str]:
    """What each message of a reply answered: a topic, or a kind of reply; the closest
    passage under "not covered" is not an answer."""
    parts = []
    for text in messages:
        kind = next((k for start, k in KINDS if text.startswith(start)), None)
        if kind:
            parts.append(kind)
            continue
        passage = next((keys for start, keys in PASSAGES if text.startswith(start)), None)
        if passage is not None:
            parts += passage
            continue
        r = norm(text)
        parts += [key for signature, key in SIGNATURES if signature in r][:1]
    return parts


def judge(spec: str, reply: str, messages: list[str] | None = None) -> bool:
    """Whether the reply answers the spec ("a|b": either), by topic where there is one."""
    if messages is None:
        messages = [reply]
    parts = parts_of(messages)
    for name in spec.split("|"):
        if name == "reply":
            if reply.strip():
                return True
        elif name == "fallback":
            if not parts or set(parts) <= NO_ANSWER:
                return True
        elif name == "redflag":
            if parts[:1] == ["seek_care"] and passes(CASES["topics"][name], reply):
                return True
        elif name in SPEC_TOPICS:
            if SPEC_TOPICS[name] in parts:
                return True
            if name in ALSO_RIGHT and parts == ["alternatives"]:
                return True
        elif passes(CASES["topics"][name], reply):
            return True
    return False


def kind(spec: str) -> str:
    first = spec.split("|")[0]
    return first if first in ("fallback", "redflag", "reply") else "answerable"


@pytest.fixture(scope="module")
def results(assistant):
    bot = assistant
    out = {"answerable": [], "fallback": [], "redflag": [], "reply": [], "multi": []}
    for spec, text in CASES["single"]:
        sender = "h-" + uuid.uuid4().hex[:10]
        bot.say(sender, "hello")
        messages = [m.get("text", "") for m in bot.say(sender, text)]
        reply = "\n".join(messages)
        out[kind(spec)].append((judge(spec, reply, messages), spec, text, reply[:160]))
    for conversation in CASES["multi"]:
        sender = "h-" + uuid.uuid4().hex[:10]
        bot.say(sender, "hello")
        turns = []
        for spec, text in conversation:
            messages = [m.get("text", "") for m in bot.say(sender, text)]
            reply = "\n".join(messages)
            turns.append((judge(spec, reply, messages), spec, text, reply[:120]))
        out["multi"].append((all(ok for ok, *_ in turns), turns))
    for group, rows in out.items():
        misses = [row for row in rows if not row[0]]
        print(f"{group}: {len(rows) - len(misses)}/{len(rows)}")
        for row in misses:
            print("   miss", row[1:])
    return out


def rate(rows) -> float:
    return sum(1 for row in rows if row[0]) / len(rows)


def test_answerable_questions_get_the_right_answer(results):
    assert rate(results["answerable"]) >= 0.95


def test_uncovered_questions_get_no_article_answer(results):
    assert rate(results["fallback"]) >= 0.90


def test_every_warning_sign_gets_seek_care(results):
    assert rate(results["redflag"]) == 1.0


def test_small_talk_gets_a_reply(results):
    assert rate(results["reply"]) == 1.0


def test_follow_ups_are_answered_in_context(results):
    assert rate(results["multi"]) >= 6 / 7
