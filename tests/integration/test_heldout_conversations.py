"""The held-out conversation checks (tests/heldout/conversations.json, written apart from the
training data) against the running assistant over REST. Each case opens a conversation with
an unjudged "hello" so the disclaimer cannot satisfy a check; replies must contain the
topic's keys and none of its forbidden ones. Floors are the issue's targets."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest

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


def judge(spec: str, reply: str) -> bool:
    return any(passes(CASES["topics"][t], reply) for t in spec.split("|"))


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
        reply = bot.text(sender, text)
        out[kind(spec)].append((judge(spec, reply), spec, text, reply[:160]))
    for conversation in CASES["multi"]:
        sender = "h-" + uuid.uuid4().hex[:10]
        bot.say(sender, "hello")
        turns = [
            (judge(spec, reply := bot.text(sender, text)), spec, text, reply[:120])
            for spec, text in conversation
        ]
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
