"""The socket.io channel (what the widget talks to) with a real socket.io client: origins
other than the server's own are refused, and hostile events get a polite reply while the
server stays up and the conversation keeps its state."""

from __future__ import annotations

import asyncio
import uuid

import pytest
import requests
import socketio

from bot import answers
from rasa_addons.channels import NOT_TEXT, TOO_LONG


class Chat:
    """One socket.io connection with a persistent session, collecting the bot's replies."""

    def __init__(self, url: str, origin: str | None = None):
        self.url, self.origin = url, origin
        self.client = socketio.AsyncClient(reconnection=False)
        self.replies: asyncio.Queue = asyncio.Queue()
        self.session: str | None = None
        self.client.on("bot_uttered", self.replies.put_nowait)

    async def __aenter__(self) -> Chat:
        confirmed: asyncio.Future = asyncio.get_running_loop().create_future()
        self.client.on("session_confirm", lambda s: confirmed.done() or confirmed.set_result(s))
        headers = {"Origin": self.origin} if self.origin else {}
        await self.client.connect(
            self.url, headers=headers, transports=["websocket"], socketio_path="/socket.io"
        )
        await self.client.emit("session_request", {"session_id": self.session})
        self.session = await asyncio.wait_for(confirmed, 10)
        return self

    async def __aexit__(self, *_) -> None:
        await self.client.disconnect()

    async def send(self, data) -> None:
        await self.client.emit("user_uttered", data)

    async def ask(self, message) -> str:
        await self.send({"message": message, "session_id": self.session})
        return await self.reply()

    async def reply(self, timeout: float = 30) -> str:
        """The text of every reply to the last message (they arrive one event each)."""
        texts = [(await asyncio.wait_for(self.replies.get(), timeout)).get("text", "")]
        while True:
            try:
                texts.append((await asyncio.wait_for(self.replies.get(), 1.5)).get("text", ""))
            except asyncio.TimeoutError:
                return "\n".join(texts)


def run(coroutine):
    return asyncio.run(coroutine)


def test_the_servers_own_origin_can_chat(assistant):
    async def chat():
        async with Chat(assistant.url, origin=assistant.url) as c:
            assert answers.DISCLAIMER in await c.ask("hello")
            assert "cat-cow" in await c.ask("which stretches help?")

    run(chat())


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1.evil.example"])
def test_other_origins_are_refused(assistant, origin):
    async def chat():
        with pytest.raises(socketio.exceptions.ConnectionError):
            async with Chat(assistant.url, origin=origin):
                pass

    run(chat())


@pytest.mark.parametrize(
    "message",
    [
        "",
        "\x00\x01\x1b[31m\u202e",
        "<script>alert(1)</script>",
        "'; DROP TABLE events; --",
        '/ask_more{"topic": "x"}',
        "/nonexistent_intent",
    ],
)
def test_odd_text_gets_a_polite_reply_and_the_conversation_goes_on(assistant, message):
    async def chat():
        async with Chat(assistant.url) as c:
            await c.ask("hello")
            reply = await c.ask(message)
            assert reply and "Traceback" not in reply
            after = await c.ask("is foam rolling enough on its own?")
            assert "not be enough" in after and answers.DISCLAIMER not in after

    run(chat())


@pytest.mark.parametrize(
    "message, expected",
    [
        ("upper back " * 300, TOO_LONG),  # over 2,000 characters, under the 32 KB message cap
        (b"\xff\xfe\x00binary", NOT_TEXT),
        ({"text": "hi"}, NOT_TEXT),
        (42, NOT_TEXT),
        (None, NOT_TEXT),
    ],
)
def test_huge_or_non_text_messages_are_answered_politely(assistant, message, expected):
    async def chat():
        async with Chat(assistant.url) as c:
            await c.ask("hello")
            assert await c.ask(message) == expected
            assert "cat-cow" in await c.ask("what stretches should I do")

    run(chat())


@pytest.mark.parametrize(
    "data",
    [
        "just a string",
        ["a", "list"],
        7,
        None,
        {"message": "hi", "session_id": "s" * 10_000},
        {"message": "hi", "session_id": {"nested": 1}},
        {"message": "hi"},
    ],
)
def test_malformed_events_get_a_polite_reply(assistant, data):
    async def chat():
        async with Chat(assistant.url) as c:
            await c.send(data)
            reply = await c.reply()
            assert reply.startswith(("I can only read text", "Sorry, I could not read that"))
            assert "Traceback" not in reply
            assert "cat-cow" in await c.ask("which stretches help?")

    run(chat())


def test_metadata_that_is_not_json_is_ignored(assistant):
    async def chat():
        async with Chat(assistant.url) as c:
            await c.send(
                {
                    "message": "which stretches help?",
                    "session_id": c.session,
                    "customData": "{not json",
                }
            )
            assert "cat-cow" in await c.reply()

    run(chat())


def test_an_unusable_session_id_starts_a_fresh_conversation(assistant):
    async def chat():
        c = Chat(assistant.url)
        c.session = "x" * 10_000
        async with c:
            assert len(c.session) == 64 and c.session != "x" * 10_000
            assert answers.DISCLAIMER in await c.ask("hello")

    run(chat())


def test_a_session_survives_a_reconnect(assistant):
    async def chat():
        first = Chat(assistant.url)
        async with first:
            session = first.session  # issued by the server
            assert answers.DISCLAIMER in await first.ask("which stretches help?")
        again = Chat(assistant.url)
        again.session = session
        async with again:
            assert again.session == session
            reply = await again.ask("what should I avoid?")
            assert "jumping jacks" in reply and answers.DISCLAIMER not in reply

    run(chat())


def test_the_http_api_is_off_by_default(assistant):
    for path in ("/status", "/version", f"/conversations/{uuid.uuid4().hex}/tracker"):
        assert requests.get(assistant.url + path, timeout=10).status_code == 404, path
    assert (
        requests.post(assistant.url + "/model/parse", json={"text": "hi"}, timeout=10).status_code
        == 404
    )


def test_server_survived_everything(assistant):
    assert assistant.alive()
    assert requests.get(assistant.url + "/", timeout=5).status_code == 200
