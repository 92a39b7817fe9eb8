"""How well the assistant understands readers: every message of a held-out file
(tests/heldout/understanding.yml) goes through the server's code path in one process (the
trained model with the project's NLU components and replacements, then the action's
`turn_from_tracker` and `bot.compose.respond` on a fresh remedy store), and the reply is
judged by what it answered (its parts: topics, seek_care, alternatives, not_covered, ...),
never by keywords.

    python tests/heldout/understand.py [FILE] [--model models/assistant.tar.gz] [--floors]
        [--show-errors]

Prints one table per kind and the wrong-topic rate; with --floors it exits 1 below the
project's floors (FLOORS below: the issue's targets, all met).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# `make test` fails below these: the targets the project set itself, met by today's figures,
# so a change that makes the assistant understand less fails.
FLOORS = {
    "plain": 0.96,
    "compound": 0.90,
    "alternatives": 0.90,
    "near_miss": 0.95,
    "warning_sign": 1.0,
}
TARGETS = FLOORS
MAX_FALSE_ALARMS_PER_20 = 1
MAX_WRONG_TOPIC_SHARE = 0.01
WRONG_TOPIC_TARGET = MAX_WRONG_TOPIC_SHARE
SMALL_TALK = {"greet", "goodbye", "thank"}
NOT_TOPICS = SMALL_TALK | {"seek_care", "alternatives", "not_covered", "out_of_scope", "any"}


class Conversation:
    """One reader's conversation: the NLU of the trained model, then the action's code."""

    def __init__(self, agent, factory) -> None:
        self.agent, self.factory = agent, factory
        self.slots: dict = {}
        self.previous: str | None = None

    async def say(self, text: str):
        from rasa_sdk import Tracker

        from actions.actions import turn_from_tracker
        from bot import compose

        parsed = await self.agent.parse_message(text)
        events = []
        if self.previous is not None:
            events.append({"event": "user", "text": self.previous, "parse_data": {}})
        tracker = Tracker(
            "eval", dict(self.slots), parsed, events, False, None, {}, "action_listen"
        )
        turn = turn_from_tracker(tracker)
        with self.factory() as session:
            reply = compose.respond(session, turn)
            session.commit()
        self.slots.update(reply.state)
        self.previous = text
        return parsed, reply


def judge(case: dict, parts: list[str], excluded: str | None) -> tuple[bool, bool]:
    """(right, wrong_topic): whether the reply answers what `expect` asks for, and whether
    it gave the answer of a topic that was not asked about."""
    expect = list(case["expect"])
    kind = case["kind"]
    topics = [p for p in parts if p not in NOT_TOPICS]
    wanted = {e for e in expect if e not in NOT_TOPICS}
    wrong_topic = bool(set(topics) - wanted) and "any" not in expect
    if kind == "harmless":
        right = "seek_care" not in parts and (
            "any" in expect or not wanted or bool(set(topics) & wanted)
        )
        return right, wrong_topic and "any" not in expect and bool(wanted)
    if kind == "warning_sign":
        return bool(parts) and parts[0] == "seek_care", False
    if kind == "alternatives":
        return parts[:1] == ["alternatives"] and excluded == case.get("exclude"), wrong_topic
    if kind == "near_miss":
        return parts[:1] == ["not_covered"], wrong_topic
    if expect and expect[0] == "seek_care":
        return bool(parts) and parts[0] == "seek_care", False
    return parts == expect, wrong_topic


def load(model: str):
    """The trained model with the project's replacements (as the server runs it) and a fresh
    in-memory remedy store: (agent, session factory)."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker
    from sqlalchemy.pool import StaticPool

    from rasa_addons import patches

    patches.install()
    import structlog
    from rasa.core.agent import Agent

    from bot import store
    from bot.store import loading

    agent = Agent.load(model)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    engine = create_engine(
        "sqlite://", future=True, poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    store.create_schema(engine)
    factory = sessionmaker(bind=engine, future=True, expire_on_commit=False)
    with factory() as session:
        loading.load(session)
        session.commit()
    store.set_session_factory(factory)
    return agent, factory


async def run(path: Path, model: str, show_errors: bool) -> dict:
    agent, factory = load(model)
    cases = yaml.safe_load(path.read_text())["messages"]
    totals, rights, wrong_by_kind = Counter(), Counter(), Counter()
    false_alarms, errors = 0, []
    for case in cases:
        conversation = Conversation(agent, factory)
        await conversation.say("hello")
        for earlier in case.get("context", []):
            await conversation.say(earlier)
        parsed, reply = await conversation.say(case["text"])
        parts = list(reply.parts)
        right, wrong = judge(case, parts, getattr(reply, "excluded", None))
        totals[case["kind"]] += 1
        rights[case["kind"]] += right
        wrong_by_kind[case["kind"]] += wrong
        false_alarms += case["kind"] == "harmless" and "seek_care" in parts
        if not right or wrong:
            errors.append((case, parts, parsed["intent"]["name"]))
    if show_errors:
        for case, parts, intent in errors:
            print(
                f"  [{case['kind']}] {case['text']!r}: expected {case['expect']}, got {parts} ({intent})"
            )
    return {
        "totals": totals,
        "rights": rights,
        "wrong_by_kind": wrong_by_kind,
        "wrong_topics": sum(wrong_by_kind.values()),
        "n": len(cases),
        "false_alarms": false_alarms,
    }


def report(result: dict) -> list[str]:
    """Prints the tables; returns the floors missed."""
    totals, rights = result["totals"], result["rights"]
    missed = []
    wrong = result["wrong_by_kind"]
    print(
        f"{'kind':14s} {'n':>4s} {'right':>6s} {'share':>6s} {'floor':>6s} {'target':>6s}"
        f" {'wrong topic':>11s}"
    )
    for kind in sorted(totals):
        share = rights[kind] / totals[kind]
        floor, target = FLOORS.get(kind), TARGETS.get(kind)
        print(
            f"{kind:14s} {totals[kind]:4d} {rights[kind]:6d} {share:6.3f} "
            f"{floor if floor else '':>6} {target if target else '':>6} {wrong[kind]:11d}"
        )
        if floor and share < floor:
            missed.append(f"{kind} {share:.3f} < {floor}")
    harmless = totals["harmless"]
    alarms = result["false_alarms"]
    per20 = alarms * 20 / harmless if harmless else 0.0
    print(
        f"\nfalse alarms (sent to medical care) on harmless look-alikes: {alarms}/{harmless} "
        f"({per20:.1f} per 20)"
    )
    share = result["wrong_topics"] / result["n"]
    print(
        f"answers on a wrong topic: {result['wrong_topics']}/{result['n']} ({share:.3f}; "
        f"floor {MAX_WRONG_TOPIC_SHARE}, target {WRONG_TOPIC_TARGET})"
    )
    if per20 > MAX_FALSE_ALARMS_PER_20:
        missed.append(f"false alarms {per20:.1f} per 20 > {MAX_FALSE_ALARMS_PER_20}")
    if share > MAX_WRONG_TOPIC_SHARE:
        missed.append(f"wrong-topic share {share:.3f} > {MAX_WRONG_TOPIC_SHARE}")
    return missed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "heldout", type=Path, nargs="?", default=ROOT / "tests/heldout/understanding.yml"
    )
    ap.add_argument("--model", default=str(ROOT / "models" / "assistant.tar.gz"))
    ap.add_argument("--floors", action="store_true")
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    missed = report(asyncio.run(run(args.heldout, args.model, args.show_errors)))
    if args.floors and missed:
        print("below the floors: " + "; ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
