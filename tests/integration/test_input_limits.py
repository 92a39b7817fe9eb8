"""What one request can carry, against the running assistant over REST and socket.io (a real
socket.io client): a lone surrogate in a message or its metadata must not break the
conversation, metadata is capped and only the keys the assistant reads are stored, and
requests and socket.io messages have a size limit fit for a chat message."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import uuid

import requests

from bot import answers
from rasa_addons import input_limits as limits
from tests.integration.test_socketio import Chat

PLAIN = ("which stretches help?", "cat-cow")


def new_sender() -> str:
    return "lim-" + uuid.uuid4().hex[:10]


def post(bot, body: dict | bytes) -> requests.Response:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()  # ASCII: \ud800 escaped
    return requests.post(
        bot.url + "/webhooks/rest/webhook",
        data=data,
        headers={"Content-Type": "application/json"},
        timeout=30,
    )


def texts(response: requests.Response) -> str:
    return "\n".join(m.get("text", "") for m in response.json())


def stored(bot, marker: str) -> int:
    """How many stored events and slot snapshots of the conversation store hold `marker`."""
    with sqlite3.connect(bot.workdir / "tracker.db") as db:
        events = db.execute(
            "SELECT count(*) FROM events WHERE data LIKE ?", (f"%{marker}%",)
        ).fetchone()[0]
        slots = db.execute(
            "SELECT count(*) FROM conversation_slots WHERE slots LIKE ?", (f"%{marker}%",)
        ).fetchone()[0]
    return events + slots


def test_rest_lone_surrogate_in_metadata_does_not_break_the_conversation(assistant):
    sender = new_sender()
    first = post(assistant, {"sender": sender, "message": "hi", "metadata": {"a": "\ud800"}})
    assert first.status_code == 200
    assert answers.UNAVAILABLE not in texts(first)
    after = post(assistant, {"sender": sender, "message": PLAIN[0]})
    assert PLAIN[1] in texts(after), texts(after)


def test_rest_lone_surrogate_in_text_is_answered(assistant):
    sender = new_sender()
    reply = post(assistant, {"sender": sender, "message": PLAIN[0] + " \ud800\udfff\udc00"})
    assert reply.status_code == 200 and PLAIN[1] in texts(reply), texts(reply)
    assert PLAIN[1] in texts(post(assistant, {"sender": sender, "message": PLAIN[0]}))


def test_rest_lone_surrogate_in_sender_gets_a_4xx(assistant):
    reply = post(assistant, {"sender": "x\ud800", "message": "hi"})
    assert 400 <= reply.status_code < 500


def test_socketio_lone_surrogates_do_not_break_the_conversation(assistant):
    async def chat():
        async with Chat(assistant.url) as c:
            await c.send(
                {"message": "hello \ud800", "session_id": c.session, "metadata": {"k": "\udfff"}}
            )
            assert answers.UNAVAILABLE not in await c.reply()
            assert PLAIN[1] in await c.ask(PLAIN[0])

    asyncio.run(chat())


def test_rest_metadata_over_the_cap_gets_413_and_is_not_stored(assistant):
    sender, marker = new_sender(), uuid.uuid4().hex
    big = {"blob": marker + "x" * (limits.MAX_METADATA_BYTES + 10)}
    reply = post(assistant, {"sender": sender, "message": PLAIN[0], "metadata": big})
    assert reply.status_code == 413, (reply.status_code, reply.text[:200])
    assert stored(assistant, marker) == 0
    assert PLAIN[1] in texts(post(assistant, {"sender": sender, "message": PLAIN[0]}))


def test_rest_metadata_keys_the_assistant_does_not_read_are_not_stored(assistant):
    sender, marker = new_sender(), uuid.uuid4().hex
    reply = post(
        assistant, {"sender": sender, "message": PLAIN[0], "metadata": {"tracking": marker}}
    )
    assert reply.status_code == 200 and PLAIN[1] in texts(reply)
    assert stored(assistant, marker) == 0


def test_rest_request_over_the_size_limit_gets_413(assistant):
    body = {"sender": new_sender(), "message": "x" * (limits.MAX_REQUEST_BYTES + 1)}
    reply = post(assistant, body)
    assert reply.status_code == 413, (reply.status_code, reply.text[:200])
    assert PLAIN[1] in texts(post(assistant, {"sender": new_sender(), "message": PLAIN[0]}))


def test_socketio_message_over_the_size_limit_closes_that_connection(assistant):
    async def chat():
        c = Chat(assistant.url)
        gone = asyncio.Event()
        c.client.on("disconnect", gone.set)
        async with c:
            await c.send({"message": "x" * (limits.MAX_SOCKET_BYTES + 1), "session_id": c.session})
            await asyncio.wait_for(gone.wait(), 30)
            assert c.replies.empty()
        async with Chat(assistant.url) as again:  # the server is fine
            assert PLAIN[1] in await again.ask(PLAIN[0])

    asyncio.run(chat())


def test_socketio_metadata_over_the_cap_is_refused_politely(assistant):
    marker = uuid.uuid4().hex

    async def chat():
        async with Chat(assistant.url) as c:
            big = {"blob": marker + "x" * (limits.MAX_METADATA_BYTES + 10)}
            await c.send({"message": PLAIN[0], "session_id": c.session, "metadata": big})
            reply = await c.reply()
            assert PLAIN[1] not in reply and reply.startswith("Sorry, I could not read that")
            assert PLAIN[1] in await c.ask(PLAIN[0])

    asyncio.run(chat())
    assert stored(assistant, marker) == 0


def test_socketio_binary_event_with_too_many_attachments_closes_the_connection(assistant):
    """A binary event header announcing more attachments than any event carries: the
    connection is closed rather than the server waiting for (and keeping) them."""

    async def chat():
        c = Chat(assistant.url)
        gone = asyncio.Event()
        c.client.on("disconnect", gone.set)
        async with c:
            header = '51000-["user_uttered",{"_placeholder":true,"num":0}]'
            await c.client.eio.send(header)
            await asyncio.wait_for(gone.wait(), 30)
        async with Chat(assistant.url) as again:
            assert PLAIN[1] in await again.ask(PLAIN[0])

    asyncio.run(chat())


def test_server_survived_everything(assistant):
    assert assistant.alive()
    assert requests.get(assistant.url + "/", timeout=5).status_code == 200
