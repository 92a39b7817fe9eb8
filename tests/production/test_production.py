"""The production profile (ops/profile.py) for real on loopback: PostgreSQL, Redis, the action
server, two Rasa servers and nginx. Load through nginx, then one fault at a time during load,
and every conversation's events checked in PostgreSQL afterwards.

A fault is injected once the load is under way, not on a timer, and the load goes on until
the fault is over; each test checks that the fault really happened while turns were in
flight (the reader saw it, or the server's state shows it) before judging the outcome."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import aiohttp
import jwt
import pytest
import requests
import sqlalchemy as sa

from bot.answers import UNAVAILABLE
from ops.bench.bench import questions
from ops.launcher import port_open, wait_until
from ops.profile import Profile
from tests.servers import listening_addresses

JWT_SECRET = "prod-test-jwt-secret-0123456789-abcdefghij"


QUESTIONS = questions(seed=3)


@pytest.fixture(scope="module")
def prod():
    directory = Path(tempfile.mkdtemp(prefix="faq-prod-"))
    os.chmod(directory, 0o755)  # PostgreSQL runs as its own user
    profile = Profile(directory, jwt_secret=JWT_SECRET)
    try:
        profile.start()
        yield profile
    finally:
        profile.stop()
        if not os.environ.get("PROD_TEST_KEEP"):  # set it to read the logs after a failure
            shutil.rmtree(directory, ignore_errors=True)


def reader_address(c: int) -> str:
    """Conversation c's own loopback address: nginx limits requests and connections per
    address, and readers on the internet each come from theirs."""
    return f"127.0.{1 + c // 250}.{1 + c % 250}"


class Load:
    """Concurrent conversations through nginx, each from its own address; records every
    turn's outcome and when it was sent and answered. With `until` (a threading.Event) each
    conversation goes on past its `turns` until the event is set, so a fault injected during
    the load ends during it."""

    def __init__(
        self,
        url: str,
        prefix: str,
        conversations: int,
        turns: int,
        until: threading.Event | None = None,
        max_turns: int = 400,
    ):
        self.url, self.prefix = url, prefix
        self.conversations, self.turns = conversations, turns
        self.until, self.max_turns = until, max_turns
        self.sent: dict[str, list[str]] = defaultdict(list)
        self.replies: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.times: dict[str, list[tuple[float, float]]] = defaultdict(list)

    def _more(self, t: int) -> bool:
        if t < self.turns:
            return True
        return self.until is not None and not self.until.is_set() and t < self.max_turns

    async def _conversation(self, c: int) -> None:
        connector = aiohttp.TCPConnector(limit=0, local_addr=(reader_address(c), 0))
        timeout = aiohttp.ClientTimeout(total=120)
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as http:
            await self._turns(http, c)

    async def _turns(self, http: aiohttp.ClientSession, c: int) -> None:
        sender = f"{self.prefix}-{c}"
        t = 0
        while self._more(t):
            text = QUESTIONS[(c * 7 + t) % len(QUESTIONS)]
            self.sent[sender].append(text)
            sent_at = time.monotonic()
            try:
                async with http.post(
                    self.url + "/webhooks/rest/webhook", json={"sender": sender, "message": text}
                ) as r:
                    body = await r.json(content_type=None) if r.status == 200 else None
                    reply = "\n".join(m.get("text", "") for m in body or [])
                    self.replies[sender].append((r.status, reply))
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                self.replies[sender].append((0, repr(error)))
            self.times[sender].append((sent_at, time.monotonic()))
            t += 1

    async def run(self) -> Load:
        start = time.monotonic()
        await asyncio.gather(*(self._conversation(c) for c in range(self.conversations)))
        self.elapsed = time.monotonic() - start
        return self

    def summary(self, name: str) -> None:
        """One line of figures, shown by `pytest -s tests/production`."""
        outcomes = self.outcomes()
        unavailable = sum(1 for _, reply in outcomes if reply == UNAVAILABLE)
        print(
            f"\n[{name}] {self.conversations} conversations, {len(outcomes)} replies in "
            f"{self.elapsed:.1f} s, {len(self.errors())} errors, "
            f"{unavailable} 'temporarily unavailable'",
            end="",
        )

    def outcomes(self) -> list[tuple[int, str]]:
        return [o for replies in list(self.replies.values()) for o in list(replies)]

    def count(self) -> int:
        return sum(len(replies) for replies in list(self.replies.values()))

    def errors(self) -> list[tuple[int, str]]:
        return [o for o in self.outcomes() if o[0] != 200 or not o[1]]

    def answered(self, sender: str) -> list[str]:
        """The messages of `sender` that got a real answer (not 'unavailable')."""
        return [
            text
            for text, (status, reply) in zip(self.sent[sender], self.replies[sender])
            if status == 200 and reply and reply != UNAVAILABLE
        ]

    def unavailable_after(self, moment: float) -> int:
        """Turns sent after `moment` whose reply was 'temporarily unavailable'."""
        return sum(
            1
            for sender in list(self.replies)
            for (sent_at, _), (_, reply) in zip(
                list(self.times[sender]), list(self.replies[sender])
            )
            if sent_at >= moment and reply == UNAVAILABLE
        )

    def in_flight(self, began: float, ended: float) -> int:
        """Turns that were waiting for their reply at some moment between began and ended."""
        return sum(
            1
            for times in self.times.values()
            for sent_at, answered_at in times
            if sent_at <= ended and answered_at >= began
        )

    def sent_after(self, moment: float) -> int:
        return sum(1 for times in self.times.values() for sent_at, _ in times if sent_at > moment)


class Fault:
    """What `during` injected: when it began and ended (after being observed)."""

    began = ended = 0.0


def during(load: Load, fault, start_after: int = 40, timeout: float = 120) -> Fault:
    """Run `load`; once `start_after` turns have been answered, call `fault(load, window)` in a
    thread. The fault returns once it has observed its effect; the load goes on until it has
    returned and every conversation has had about one more turn (load.until is set then), so
    the fault always happens during the load and the load outlives it. An error in the fault
    thread fails the test."""
    assert load.until is not None, "a Load made with until=threading.Event()"
    window, errors = Fault(), []

    def inject() -> None:
        try:
            wait_until(lambda: load.count() >= start_after, "the load under way", timeout)
            window.began = time.monotonic()
            fault(load, window)
            window.ended = time.monotonic()
            after = load.count() + load.conversations
            wait_until(lambda: load.count() >= after, "turns after the fault", timeout)
        except BaseException as error:  # reported by the test's thread
            errors.append(error)
        finally:
            load.until.set()

    thread = threading.Thread(target=inject)
    thread.start()
    asyncio.run(load.run())
    thread.join()
    if errors:
        raise errors[0]
    assert window.ended, "the fault did not finish"
    assert load.in_flight(window.began, window.ended) > 0, "no turn was in flight during the fault"
    assert load.sent_after(window.ended) > 0, "the load stopped before the fault was over"
    return window


def stored(prod: Profile, prefix: str) -> dict[str, list[str]]:
    """Each conversation's user messages as PostgreSQL holds them, in order, by the sender id
    the reader sent (without the channel's name a stored conversation id may start with)."""
    engine = sa.create_engine(prod.postgres.url(), future=True)
    with engine.connect() as db:
        rows = db.execute(
            sa.text(
                "SELECT sender_id, data FROM events WHERE type_name = 'user' "
                "AND (sender_id LIKE :p OR sender_id LIKE :q) ORDER BY id"
            ),
            {"p": prefix + "-%", "q": "%:" + prefix + "-%"},
        ).all()
    engine.dispose()
    found: dict[str, list[str]] = defaultdict(list)
    for sender, data in rows:
        found[sender.split(":", 1)[-1]].append(json.loads(data)["text"])
    return found


def follow_up(prod: Profile, load: Load) -> None:
    """After the fault, every conversation goes on and gets a real answer."""
    for sender in load.sent:
        r = requests.post(
            prod.url + "/webhooks/rest/webhook",
            timeout=30,
            json={"sender": sender, "message": "which stretches help?"},
        )
        assert r.status_code == 200 and "cat-cow" in r.text, (sender, r.text)
        load.sent[sender].append("which stretches help?")
        load.replies[sender].append((200, r.text))


def test_200_conversations_of_10_turns_through_nginx(prod):
    load = asyncio.run(Load(prod.url, "load", 200, 10).run())
    load.summary("load")
    assert len(load.outcomes()) == 2000
    assert load.errors() == []
    assert not [o for o in load.outcomes() if o[1] == UNAVAILABLE]
    db = stored(prod, "load")
    assert set(db) == set(load.sent)
    for sender, sent in load.sent.items():
        assert db[sender] == sent, sender  # all, in order, none from another conversation


def test_a_widget_session_issued_by_one_server_is_continued_by_the_other(prod):
    import socketio

    async def confirmed(port: int, session_id: str | None) -> str:
        client = socketio.AsyncClient(reconnection=False)
        answers: asyncio.Queue = asyncio.Queue()
        client.on("session_confirm", answers.put_nowait)
        server = f"http://127.0.0.1:{port}"  # straight to one Rasa server, as its own page
        await client.connect(server, headers={"Origin": server}, transports=["websocket"])
        await client.emit("session_request", {"session_id": session_id})
        answer = await asyncio.wait_for(answers.get(), 30)
        await client.disconnect()
        return answer if isinstance(answer, str) else answer["session_id"]

    first, second = prod.rasa_ports[:2]
    issued = asyncio.run(confirmed(first, None))
    assert asyncio.run(confirmed(second, issued)) == issued
    assert asyncio.run(confirmed(second, "made-up-by-the-client")) != "made-up-by-the-client"


def test_action_server_stopped_during_load(prod):
    def fault(load: Load, window: Fault) -> None:
        prod.stop_actions()
        wait_until(lambda: not port_open(prod.actions_port), "the action server's port closed")
        # observed by the readers: a turn sent after the stop was told "unavailable"
        wait_until(lambda: load.unavailable_after(window.began) > 0, "an 'unavailable' reply")
        prod.start_actions()

    load = Load(prod.url, "actions", 40, 10, until=threading.Event())
    during(load, fault)
    load.summary("action server stopped until a reader was told")
    assert load.errors() == []  # never silence, never a 5xx
    follow_up(prod, load)
    db = stored(prod, "actions")
    for sender, sent in load.sent.items():
        assert db[sender] == sent, sender  # the turns answered "unavailable" are kept too


def test_redis_stopped_during_load(prod):
    def fault(load: Load, window: Fault) -> None:
        prod.redis.stop()
        wait_until(lambda: not port_open(prod.redis.port), "Redis's port closed")
        wait_until(lambda: load.unavailable_after(window.began) > 0, "an 'unavailable' reply")
        prod.redis.start()

    load = Load(prod.url, "redis", 40, 10, until=threading.Event())
    during(load, fault)
    load.summary("Redis stopped until a reader was told")
    assert load.errors() == []
    logs = " ".join(p.read_text(errors="replace") for p in (prod.dir / "log").glob("rasa-*.log"))
    assert "redis" in logs.lower() and "connection" in logs.lower()  # the logs say why
    follow_up(prod, load)
    db = stored(prod, "redis")
    for sender in load.sent:
        answered = load.answered(sender)
        assert [m for m in db[sender] if m in answered] == answered, sender


def postmaster_started(prod: Profile) -> str:
    engine = sa.create_engine(prod.postgres.url(), future=True)
    try:
        with engine.connect() as db:
            return str(db.execute(sa.text("SELECT pg_postmaster_start_time()")).scalar())
    finally:
        engine.dispose()


def test_postgresql_restarted_during_load(prod):
    before = postmaster_started(prod)

    def fault(load: Load, window: Fault) -> None:
        prod.postgres.restart()
        # observed: a new server process answers (its start time changed)
        wait_until(lambda: postmaster_started(prod) != before, "PostgreSQL restarted", 60)

    load = Load(prod.url, "pg", 40, 10, until=threading.Event())
    during(load, fault)
    load.summary("PostgreSQL restarted")
    assert load.errors() == []
    follow_up(prod, load)
    db = stored(prod, "pg")
    assert set(db) == set(load.sent)  # no conversation lost
    for sender in load.sent:
        answered = load.answered(sender)
        assert [m for m in db[sender] if m in answered] == answered, sender


def stored_once_in_order(sent: list[str], outcomes: list[tuple[int, str]], db: list[str]):
    """The sent messages `db` does not hold, or None when it is not `sent` in order with only
    unanswered messages (an error, not a reply) left out, each message at most once."""
    left_out, i = [], 0
    for text, (status, reply) in zip(sent, outcomes):
        if i < len(db) and db[i] == text:
            i += 1
        elif status != 200 or not reply:
            left_out.append(text)
        else:
            return None  # an answered message missing or out of order
    return left_out if i == len(db) else None  # anything more is stored twice or foreign


def test_a_rasa_server_killed_during_load(prod):
    """kill -9 of one Rasa server while 60 conversations talk through nginx: the events table
    holds each message at most once, in order, and every answered one. Only the messages in
    flight on the killed server may go unanswered (nginx's 502, not resent: the dead server may
    have stored them), and every conversation answers again afterwards."""

    def fault(load: Load, window: Fault) -> None:
        prod.kill_rasa(0)
        assert prod.assistant.rasa[0].returncode == -9
        wait_until(lambda: not port_open(prod.rasa_ports[0]), "the killed server's port closed")
        # the load goes on through the other server for a while
        count = load.count()
        wait_until(lambda: load.count() >= count + 40, "40 more turns answered")

    try:
        load = Load(prod.url, "kill", 60, 10, until=threading.Event())
        window = during(load, fault)
    finally:
        prod.start_rasa(0)  # the other tests get both servers back
    load.summary("kill -9 of one Rasa server")
    errors = load.errors()
    assert {status for status, _ in errors} <= {502}, errors
    assert len(errors) <= load.in_flight(window.began, window.ended), errors
    assert not [o for o in load.outcomes() if o[1] == UNAVAILABLE]
    follow_up(prod, load)  # no conversation lost
    db = stored(prod, "kill")
    sent = sum(len(texts) for texts in load.sent.values())
    left_out = 0
    for sender in load.sent:
        missing = stored_once_in_order(load.sent[sender], load.replies[sender], db[sender])
        assert missing is not None, (sender, load.sent[sender], db[sender])
        left_out += len(missing)
    assert sum(len(texts) for texts in db.values()) == sent - left_out
    print(f" ({len(errors)} unanswered, {left_out} of them not stored, none stored twice)", end="")


def test_http_api_needs_a_valid_jwt(prod):
    status = prod.url + "/status"
    assert requests.get(status, timeout=10).status_code == 401
    forged = jwt.encode(
        {"user": {"username": "x", "role": "admin"}},
        "not-the-secret-but-just-as-long-as-it-0123",
        algorithm="HS256",
    )
    assert (
        requests.get(status, headers={"Authorization": f"Bearer {forged}"}, timeout=10).status_code
        == 401
    )
    token = jwt.encode(
        {"user": {"username": "ops", "role": "admin"}}, JWT_SECRET, algorithm="HS256"
    )
    r = requests.get(status, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert r.status_code == 200 and "model_file" in r.json()


def test_no_secret_in_any_log(prod):
    secrets = [prod.postgres.password, prod.redis.password, JWT_SECRET]
    for path in list((prod.dir / "log").glob("*.log")) + [prod.dir / "postgres" / "postgres.log"]:
        text = path.read_text(errors="replace")
        assert not [s for s in secrets if s in text], path


def test_every_part_listens_on_loopback_only(prod):
    """Read from the kernel's socket tables: each port of the profile has a listening socket,
    and every one is bound to 127.0.0.1 (not 0.0.0.0, not ::, not a public address)."""
    for part, port in prod.ports().items():
        addresses = listening_addresses(port)
        assert addresses, f"{part}: nothing listens on {port}"
        assert addresses == {"127.0.0.1"}, (part, port, addresses)


def test_the_action_server_is_unreachable_on_other_addresses(prod):
    """From outside loopback: every non-loopback address of this machine refuses it."""
    addresses = {
        a[4][0]
        for a in socket.getaddrinfo(socket.gethostname(), None)
        if a[0] == socket.AF_INET and not a[4][0].startswith("127.")
    }
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:  # the address outgoing traffic would use; no packet is sent
            s.connect(("192.0.2.1", 9))
            addresses.add(s.getsockname()[0])
        except OSError:
            pass
    addresses.discard("0.0.0.0")
    addresses = {a for a in addresses if not a.startswith("127.")}
    if not addresses:
        pytest.skip("this machine has no address besides loopback")
    for address in addresses:
        with socket.socket() as s:
            s.settimeout(1)
            assert s.connect_ex((address, prod.actions_port)) != 0, address


@pytest.mark.parametrize(
    "body, expected",
    [
        (b"{not json", 400),
        (b"\xff\xfe\x00binary", 400),
        (b'{"sender": ["a"], "message": "hi"}', 400),
        (json.dumps({"sender": "s" * 10_000, "message": "hi"}).encode(), 400),
        (json.dumps({"sender": "big", "message": "back " * 20_000}).encode(), 413),
    ],
)
def test_hostile_requests_through_nginx_get_a_4xx(prod, body, expected):
    r = requests.post(
        prod.url + "/webhooks/rest/webhook",
        data=body,
        timeout=30,
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == expected
    assert "Traceback" not in r.text and "nginx/" not in r.text  # no stack, no version


def test_widget_chats_through_nginx_over_websocket(prod):
    import socketio

    async def chat() -> tuple[str, str]:
        client = socketio.AsyncClient(reconnection=False)
        replies: asyncio.Queue = asyncio.Queue()
        confirmed: asyncio.Queue = asyncio.Queue()
        client.on("bot_uttered", replies.put_nowait)
        client.on("session_confirm", confirmed.put_nowait)
        await client.connect(prod.url, headers={"Origin": prod.url}, transports=["websocket"])
        await client.emit("session_request", {"session_id": None})
        session = await asyncio.wait_for(confirmed.get(), 30)  # issued by the server
        session = session if isinstance(session, str) else session["session_id"]
        await client.emit(
            "user_uttered", {"message": "which stretches help?", "session_id": session}
        )
        texts = []
        while not any("cat-cow" in t for t in texts):
            texts.append((await asyncio.wait_for(replies.get(), 30)).get("text", ""))
        await client.disconnect()
        return session, "\n".join(texts)

    session, texts = asyncio.run(chat())
    assert "cat-cow" in texts
    engine = sa.create_engine(prod.postgres.url(), future=True)
    with engine.connect() as db:
        stored_texts = [
            json.loads(data)["text"]
            for (data,) in db.execute(
                sa.text("SELECT data FROM events WHERE type_name = 'user' AND sender_id = :s"),
                {"s": f"socketio:{session}"},
            )
        ]
    engine.dispose()
    assert "which stretches help?" in stored_texts
