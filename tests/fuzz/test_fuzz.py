"""A property-based fuzzer (Hypothesis) against the real assistant (tests/servers.py: the
action server and `rasa run` with the project's channels, on free loopback ports).

Three properties, each over generated requests:
- REST JSON: objects with odd, missing or wrongly typed sender, message and metadata, or
  values that are not objects; unicode with lone surrogates, control characters, huge sizes;
  sent as escaped JSON or as raw UTF-8 (a lone surrogate then as bytes UTF-8 forbids), with
  any content type.
- REST bodies that are not JSON: cut short, binary, deeply nested, in UTF-16, with junk.
- socket.io with a real python-socketio client: `session_request` with odd session ids and
  shapes, then `user_uttered` with odd shapes, texts and metadata.

Each passes when no request gets a 5xx (or no answer at all), a 200 from REST is a JSON
array, neither server's log gains an error or a traceback, and the conversation the request
named (or a new one, when it named none the server accepts) still answers "how do I foam
roll?" with the how-to-foam-roll answer read from the remedy store the server uses.

FUZZ_EXAMPLES sets how many requests the three properties generate between them (200 by
default, `make fuzz` 10,000): half REST JSON, a fifth malformed bodies, the rest socket.io.
A failing example is reported as found; FUZZ_SHRINK=1 shrinks it to a smaller one first.
The figures (requests per channel, failing examples, time) are printed at the end of the run.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
import socketio
from hypothesis import HealthCheck, Phase, given, settings
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bot.answers import UNAVAILABLE
from bot.store.models import Topic
from tests.fuzz import strategies as fs

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))
SHRINK = os.environ.get("FUZZ_SHRINK") == "1"
SHARES = {"rest": 0.5, "malformed": 0.2, "socketio": 0.3}
QUESTION = "how do I foam roll?"
TOPIC = "how_to_foam_roll"
WAIT = 60  # seconds a reply may take before the conversation counts as silent
REFUSED = object()

PROBLEM = re.compile(
    r"Traceback \(most recent call last\)|^\S+ \S+ +(ERROR|CRITICAL) |^\w+(\.\w+)*(Error|Exception): "
)


def examples(kind: str) -> int:
    return max(1, round(EXAMPLES * SHARES[kind]))


def fuzz_settings(kind: str):
    return settings(
        max_examples=examples(kind),
        deadline=None,
        database=None,
        print_blob=True,
        report_multiple_bugs=True,
        suppress_health_check=list(HealthCheck),
        # Shrinking replays a failing example against the server hundreds of times, for up
        # to five minutes a test: on when FUZZ_SHRINK=1, off by default (fail fast).
        phases=list(Phase) if SHRINK else [p for p in Phase if p is not Phase.shrink],
    )


def timeout() -> float:
    return max(900, EXAMPLES * 1.0)


@dataclass
class Figures:
    requests: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SHARES, 0))
    failing: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SHARES, 0))
    started: float | None = None

    def count(self, kind: str) -> None:
        """One more request of `kind`, failing until `passed(kind)` says otherwise."""
        if self.started is None:
            self.started = time.monotonic()
        self.requests[kind] += 1
        self.failing[kind] += 1

    def passed(self, kind: str) -> None:
        self.failing[kind] -= 1

    def line(self) -> str:
        total, failed = sum(self.requests.values()), sum(self.failing.values())
        parts = ", ".join(f"{k} {v} ({self.failing[k]} failing)" for k, v in self.requests.items())
        return (
            f"fuzz: {total} generated requests ({parts}); {failed} failing examples "
            f"(shrinking included); {time.monotonic() - (self.started or time.monotonic()):.0f} s"
        )


FIGURES = Figures()


def short(value: object, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class Harness:
    """The running assistant seen from outside: requests, its logs, the expected answer."""

    def __init__(self, assistant):
        self.assistant = assistant
        self.rest = assistant.url + "/webhooks/rest/webhook"
        self.logs = [assistant.rasa_log(), assistant.actions.log]
        self.offsets = {log: log.stat().st_size for log in self.logs}
        engine = create_engine(f"sqlite:///{Path(assistant.workdir) / 'remedies.db'}", future=True)
        with Session(engine) as session:
            self.answer = norm(
                session.scalars(select(Topic).where(Topic.key == TOPIC)).one().answer
            )
        engine.dispose()
        self.http = requests.Session()
        self.loop = asyncio.new_event_loop()

    def close(self) -> None:
        self.http.close()
        self.loop.close()

    # the property's parts

    def problems(self) -> list[str]:
        """Error and traceback lines the servers logged since the last call."""
        found = []
        for log in self.logs:
            with open(log, "rb") as f:
                f.seek(self.offsets[log])
                data = f.read()
            # only whole lines: a line being written is read next time
            data = data[: data.rfind(b"\n") + 1]
            self.offsets[log] += len(data)
            lines = data.decode("utf-8", "replace").splitlines()
            found += [f"{log.name}: {line}" for line in lines if PROBLEM.search(line)]
        return found

    def answers(self, replies: list[str]) -> bool:
        return any(self.answer in norm(text) for text in replies)

    # REST

    def post(self, body: bytes, content_type: str | None) -> tuple[int, str]:
        headers = {} if content_type is None else {"Content-Type": content_type}
        try:
            r = self.http.post(self.rest, data=body, headers=headers, timeout=WAIT)
        except requests.RequestException as error:
            return 0, f"no response: {error!r}"
        return r.status_code, r.text

    def ask(self, sender: object) -> tuple[int, list[str]]:
        status, text = self.post(
            fs.encode({"sender": sender, "message": QUESTION}, "escaped"), "application/json"
        )
        try:
            replies = [m.get("text", "") for m in json.loads(text)] if status == 200 else [text]
        except (ValueError, AttributeError):
            replies = [text]
        return status, replies

    # socket.io

    async def _connect(self, request: object) -> tuple[socketio.AsyncClient, object, asyncio.Queue]:
        client = socketio.AsyncClient(reconnection=False)
        replies: asyncio.Queue = asyncio.Queue()
        confirmed = asyncio.get_running_loop().create_future()
        client.on("bot_uttered", replies.put_nowait)
        client.on("session_confirm", lambda s=None: confirmed.done() or confirmed.set_result(s))
        # a connection the server closes (an oversized packet) is a refusal: no session
        client.on("disconnect", lambda: confirmed.done() or confirmed.set_result(REFUSED))
        await client.connect(self.assistant.url, transports=["websocket"])
        await client.emit("session_request", request)
        try:
            session = await asyncio.wait_for(confirmed, WAIT)
        except asyncio.TimeoutError:
            await client.disconnect()
            raise
        return client, session, replies

    async def _chat(self, request: object, whose: str, data: object) -> dict:
        seen: dict = {"confirmed": None, "replies": [], "reconnected": 0}
        try:
            client, session, replies = await self._connect(request)
            if session is REFUSED:  # then the same event in a new conversation
                seen["refused"] = True
                client, session, replies = await self._connect(None)
        except asyncio.TimeoutError:
            return seen
        seen["confirmed"] = session
        try:
            if whose == "own":
                data = {**data, "session_id": session}
            await client.emit("user_uttered", data)
            question = {"message": QUESTION, "session_id": session}
            await client.emit("user_uttered", question)
            deadline = time.monotonic() + WAIT
            while time.monotonic() < deadline:
                if not client.connected:  # the server closed the connection (an oversized
                    # packet): a reload, which continues the same session
                    seen["reconnected"] += 1
                    client, session, replies = await self._connect({"session_id": session})
                    await client.emit("user_uttered", {**question, "session_id": session})
                try:
                    reply = await asyncio.wait_for(replies.get(), 0.5)
                except asyncio.TimeoutError:
                    continue
                text = reply.get("text", "") if isinstance(reply, dict) else repr(reply)
                seen["replies"].append(text)
                # The event's own turn may say UNAVAILABLE (a turn with nothing to say, such
                # as "/restart"); one more, or one when the event went elsewhere, is the answer.
                if self.answers([text]) or seen["replies"].count(UNAVAILABLE) > (whose == "own"):
                    return seen
            seen["error"] = f"no answer in {WAIT} s"
        except (asyncio.TimeoutError, socketio.exceptions.SocketIOError) as error:
            seen["error"] = repr(error)
        finally:
            await client.disconnect()
        return seen

    def chat(self, request: object, whose: str, data: object) -> dict:
        return self.loop.run_until_complete(self._chat(request, whose, data))


@pytest.fixture(scope="module")
def fuzz(assistant):
    harness = Harness(assistant)
    harness.problems()  # start-up lines are not the fuzzer's
    yield harness
    harness.close()


def materialize(value: object) -> object:
    """Replace each `Unique` id with its odd text plus a fresh suffix."""
    if isinstance(value, fs.Unique):
        return f"{value.odd}~{uuid.uuid4().hex[:12]}"
    if isinstance(value, dict):
        return {k: materialize(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(materialize(v) for v in value)
    return value


def fresh() -> str:
    return "fuzz-" + uuid.uuid4().hex


def check_rest(fuzz: Harness, kind: str, body: bytes, content_type, sender: object) -> None:
    FIGURES.count(kind)
    status, text = fuzz.post(body, content_type)
    shown = f"request {short(body)} ({content_type}) -> {status} {short(text)}"
    assert 0 < status < 500, f"server error or no response: {shown}"
    if status == 200:
        assert isinstance(json.loads(text), list), f"a 200 that is not a JSON array: {shown}"
    follow, replies = fuzz.ask(sender)
    if 400 <= follow < 500:
        assert 400 <= status < 500, f"accepted, then the same sender refused: {shown}"
        follow, replies = fuzz.ask(fresh())
    assert fuzz.answers(replies), (
        f"the conversation no longer answers {QUESTION!r}: {shown}; "
        f"then {follow} {short(replies, 600)}"
    )
    problems = fuzz.problems()
    assert not problems, f"the servers logged errors: {shown}\n" + "\n".join(problems[:40])
    FIGURES.passed(kind)


@pytest.mark.timeout(timeout())
@fuzz_settings("rest")
@given(body=fs.rest_bodies(), how=fs.encodings, content_type=fs.content_types)
def test_rest_json_never_breaks_a_conversation(fuzz, body, how, content_type):
    body = materialize(body)
    sender = body.get("sender") if isinstance(body, dict) else None
    if not isinstance(sender, str | int) or isinstance(sender, bool):
        sender = fresh()
    check_rest(fuzz, "rest", fs.encode(body, how), content_type, sender)


@pytest.mark.timeout(timeout())
@fuzz_settings("malformed")
@given(body=fs.malformed_bodies(), content_type=fs.content_types)
def test_rest_bodies_that_are_not_json_are_refused_cleanly(fuzz, body, content_type):
    check_rest(fuzz, "malformed", body, content_type, fresh())


@pytest.mark.timeout(timeout())
@fuzz_settings("socketio")
@given(request=fs.session_requests, event=fs.uttered_events())
def test_socketio_events_never_break_a_conversation(fuzz, request, event):
    request, (whose, data) = materialize(request), materialize(event)
    FIGURES.count("socketio")
    seen = fuzz.chat(request, whose, data)
    shown = f"session_request {short(request)}, user_uttered {short(data)} -> {short(seen, 800)}"
    assert seen["confirmed"] is not None, f"no session_confirm: {shown}"
    assert fuzz.answers(seen["replies"]), (
        f"the conversation no longer answers {QUESTION!r}: {shown}"
    )
    problems = fuzz.problems()
    assert not problems, f"the servers logged errors: {shown}\n" + "\n".join(problems[:40])
    FIGURES.passed("socketio")


def test_the_logs_stay_clean_to_the_end(fuzz):
    """Errors logged after the last example (a slow turn of another conversation) count too."""
    assert fuzz.http.post(fuzz.rest, json={"sender": fresh(), "message": QUESTION}).ok
    assert not fuzz.problems()
