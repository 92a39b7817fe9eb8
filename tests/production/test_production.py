"""The production profile (ops/profile.py) for real on loopback: PostgreSQL, Redis, the action
server, two Rasa servers and nginx. Load through nginx, then one fault at a time during load,
and every conversation's events checked in PostgreSQL afterwards."""
from __future__ import annotations

import asyncio
import json
import os
import shutil
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

from ops.profile import Profile
from bot.answers import UNAVAILABLE
from ops.bench.bench import questions

JWT_SECRET = "prod-test-jwt-secret-0123456789-abcdefghij"


QUESTIONS = questions(seed=3)


@pytest.fixture(scope="module")
def prod():
    directory = Path(tempfile.mkdtemp(prefix="faq-prod-"))
    os.chmod(directory, 0o755)  # PostgreSQL runs as its own user
    profile = Profile(directory, extra_env={"RASA_ENABLE_API": "true",
                                            "RASA_JWT_SECRET": JWT_SECRET})
    try:
        profile.start()
        yield profile
    finally:
        profile.stop()
        if not os.environ.get("PROD_TEST_KEEP"):  # set it to read the logs after a failure
            shutil.rmtree(directory, ignore_errors=True)


class Load:
    """Concurrent conversations through nginx; records every turn's outcome."""

    def __init__(self, url: str, prefix: str, conversations: int, turns: int):
        self.url, self.prefix = url, prefix
        self.conversations, self.turns = conversations, turns
        self.sent: dict[str, list[str]] = defaultdict(list)
        self.replies: dict[str, list[tuple[int, str]]] = defaultdict(list)

    async def _conversation(self, http: aiohttp.ClientSession, c: int) -> None:
        sender = f"{self.prefix}-{c}"
        for t in range(self.turns):
            text = QUESTIONS[(c * 7 + t) % len(QUESTIONS)]
            self.sent[sender].append(text)
            try:
                async with http.post(self.url + "/webhooks/rest/webhook",
                                     json={"sender": sender, "message": text}) as r:
                    body = await r.json(content_type=None) if r.status == 200 else None
                    reply = "\n".join(m.get("text", "") for m in body or [])
                    self.replies[sender].append((r.status, reply))
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                self.replies[sender].append((0, repr(error)))

    async def run(self) -> "Load":
        start = time.monotonic()
        timeout = aiohttp.ClientTimeout(total=120)
        async with aiohttp.ClientSession(timeout=timeout,
                                         connector=aiohttp.TCPConnector(limit=0)) as http:
            await asyncio.gather(*(self._conversation(http, c) for c in range(self.conversations)))
        self.elapsed = time.monotonic() - start
        return self

    def summary(self, name: str) -> None:
        """One line of figures, shown by `pytest -s tests/test_production.py`."""
        outcomes = self.outcomes()
        unavailable = sum(1 for _, reply in outcomes if reply == UNAVAILABLE)
        print(f"\n[{name}] {self.conversations} conversations x {self.turns} turns: "
              f"{len(outcomes)} replies in {self.elapsed:.1f} s, {len(self.errors())} errors, "
              f"{unavailable} 'temporarily unavailable'", end="")

    def outcomes(self) -> list[tuple[int, str]]:
        return [o for replies in self.replies.values() for o in replies]

    def errors(self) -> list[tuple[int, str]]:
        return [o for o in self.outcomes() if o[0] != 200 or not o[1]]

    def answered(self, sender: str) -> list[str]:
        """The messages of `sender` that got a real answer (not 'unavailable')."""
        return [text for text, (status, reply) in zip(self.sent[sender], self.replies[sender])
                if status == 200 and reply and reply != UNAVAILABLE]


def during(load: Load, fault, after: float = 1.5) -> Load:
    """Run `load`, and `fault()` in a thread `after` seconds into it."""
    thread = threading.Thread(target=lambda: (time.sleep(after), fault()))
    thread.start()
    asyncio.run(load.run())
    thread.join()
    return load


def stored(prod: Profile, prefix: str) -> dict[str, list[str]]:
    """Each conversation's user messages as PostgreSQL holds them, in order."""
    engine = sa.create_engine(prod.postgres.url(), future=True)
    with engine.connect() as db:
        rows = db.execute(sa.text(
            "SELECT sender_id, data FROM events WHERE type_name = 'user' AND sender_id LIKE :p "
            "ORDER BY id"), {"p": prefix + "-%"}).all()
    engine.dispose()
    found: dict[str, list[str]] = defaultdict(list)
    for sender, data in rows:
        found[sender].append(json.loads(data)["text"])
    return found


def follow_up(prod: Profile, load: Load) -> None:
    """After the fault, every conversation goes on and gets a real answer."""
    for sender in load.sent:
        r = requests.post(prod.url + "/webhooks/rest/webhook", timeout=30,
                          json={"sender": sender, "message": "which stretches help?"})
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


def test_action_server_stopped_during_load(prod):
    def fault():
        prod.stop_actions()
        time.sleep(3)
        prod.start_actions()

    load = during(Load(prod.url, "actions", 40, 10), fault)
    load.summary("action server stopped for 3 s")
    assert load.errors() == []  # never silence, never a 5xx
    assert any(reply == UNAVAILABLE for _, reply in load.outcomes())
    follow_up(prod, load)
    db = stored(prod, "actions")
    for sender, sent in load.sent.items():
        assert db[sender] == sent, sender  # the turns answered "unavailable" are kept too


def test_redis_stopped_during_load(prod):
    def fault():
        prod.redis.stop()
        time.sleep(3)
        prod.redis.start()

    load = during(Load(prod.url, "redis", 40, 10), fault)
    load.summary("Redis stopped for 3 s")
    assert load.errors() == []
    unavailable = [o for o in load.outcomes() if o[1] == UNAVAILABLE]
    assert unavailable  # the reader is told, and the logs say why
    logs = " ".join(p.read_text(errors="replace") for p in (prod.dir / "log").glob("rasa-*.log"))
    assert "redis" in logs.lower() and "connection" in logs.lower()
    follow_up(prod, load)
    db = stored(prod, "redis")
    for sender in load.sent:
        answered = load.answered(sender)
        assert [m for m in db[sender] if m in answered] == answered, sender


def test_postgresql_restarted_during_load(prod):
    load = during(Load(prod.url, "pg", 40, 10), prod.postgres.restart)
    load.summary("PostgreSQL restarted")
    assert load.errors() == []
    follow_up(prod, load)
    db = stored(prod, "pg")
    assert set(db) == set(load.sent)  # no conversation lost
    for sender in load.sent:
        answered = load.answered(sender)
        assert [m for m in db[sender] if m in answered] == answered, sender


def test_a_rasa_server_killed_during_load(prod):
    load = during(Load(prod.url, "kill", 60, 10), lambda: prod.kill_rasa(0), after=2)
    load.summary("kill -9 of one Rasa server")
    assert load.errors() == []
    assert not [o for o in load.outcomes() if o[1] == UNAVAILABLE]  # no turn lost
    db = stored(prod, "kill")
    for sender, sent in load.sent.items():
        kept = [m for i, m in enumerate(db[sender]) if i == 0 or m != db[sender][i - 1]]
        assert kept == [m for i, m in enumerate(sent) if i == 0 or m != sent[i - 1]], sender


def test_http_api_needs_a_valid_jwt(prod):
    status = prod.url + "/status"
    assert requests.get(status, timeout=10).status_code == 401
    forged = jwt.encode({"user": {"username": "x", "role": "admin"}},
                        "not-the-secret-but-just-as-long-as-it-0123", algorithm="HS256")
    assert requests.get(status, headers={"Authorization": f"Bearer {forged}"},
                        timeout=10).status_code == 401
    token = jwt.encode({"user": {"username": "ops", "role": "admin"}}, JWT_SECRET,
                       algorithm="HS256")
    r = requests.get(status, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert r.status_code == 200 and "model_file" in r.json()


def test_no_secret_in_any_log(prod):
    secrets = [prod.postgres.password, prod.redis.password, JWT_SECRET]
    for path in list((prod.dir / "log").glob("*.log")) + [prod.dir / "postgres" / "postgres.log"]:
        text = path.read_text(errors="replace")
        assert not [s for s in secrets if s in text], path


def test_action_server_listens_on_loopback_only(prod):
    import socket
    addresses = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None)
                 if a[0] == socket.AF_INET and not a[4][0].startswith("127.")}
    for address in addresses:
        with socket.socket() as s:
            s.settimeout(1)
            assert s.connect_ex((address, prod.actions_port)) != 0, address


@pytest.mark.parametrize("body, expected", [
    (b"{not json", 400), (b"\xff\xfe\x00binary", 400), (b'{"sender": ["a"], "message": "hi"}', 400),
    (json.dumps({"sender": "s" * 10_000, "message": "hi"}).encode(), 400),
    (json.dumps({"sender": "big", "message": "back " * 20_000}).encode(), 413),
])
def test_hostile_requests_through_nginx_get_a_4xx(prod, body, expected):
    r = requests.post(prod.url + "/webhooks/rest/webhook", data=body, timeout=30,
                      headers={"Content-Type": "application/json"})
    assert r.status_code == expected
    assert "Traceback" not in r.text and "nginx/" not in r.text  # no stack, no version


def test_widget_chats_through_nginx_over_websocket(prod):
    import socketio

    async def chat() -> str:
        client = socketio.AsyncClient(reconnection=False)
        replies: asyncio.Queue = asyncio.Queue()
        client.on("bot_uttered", replies.put_nowait)
        await client.connect(prod.url, headers={"Origin": prod.url}, transports=["websocket"])
        await client.emit("session_request", {"session_id": "through-nginx"})
        await client.emit("user_uttered", {"message": "which stretches help?",
                                           "session_id": "through-nginx"})
        texts = []
        while not any("cat-cow" in t for t in texts):
            texts.append((await asyncio.wait_for(replies.get(), 30)).get("text", ""))
        await client.disconnect()
        return "\n".join(texts)

    assert "cat-cow" in asyncio.run(chat())
    assert "which stretches help?" in stored(prod, "through")["through-nginx"]
