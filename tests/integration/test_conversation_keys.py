"""A reader's conversation is theirs alone, against the running assistant: socket.io session ids
are issued by the server (an id it did not issue is replaced), a socket can only speak in the
session it was confirmed, and a REST sender id never reaches a socket.io conversation. Two
tabs of one reader and a reload still continue their conversation. (Slack and Telegram:
tests/integration/test_messaging.py.)"""

from __future__ import annotations

import asyncio
import uuid

import requests

from bot import answers
from tests.integration.test_socketio import Chat

STRETCHES, AVOID = ("which stretches help?", "cat-cow"), ("what should I avoid?", "high-impact")


def run(coroutine):
    return asyncio.run(coroutine)


def test_a_session_id_the_server_did_not_issue_is_replaced(assistant):
    chosen = uuid.uuid4().hex

    async def chat():
        c = Chat(assistant.url)
        c.session = chosen
        async with c:
            assert c.session != chosen
            assert answers.DISCLAIMER in await c.ask("hello")

    run(chat())


def test_an_issued_session_continues_after_a_reload_and_in_a_second_tab(assistant):
    async def chat():
        async with Chat(assistant.url) as first:
            issued = first.session
            assert answers.DISCLAIMER in await first.ask(STRETCHES[0])
        reload = Chat(assistant.url)
        reload.session = issued
        async with reload:
            assert reload.session == issued
            tab = Chat(assistant.url)
            tab.session = issued
            async with tab:
                assert tab.session == issued
                reply = await reload.ask(AVOID[0])
                assert AVOID[1] in reply and answers.DISCLAIMER not in reply
                assert AVOID[1] in await tab.reply()  # the other tab sees the answer too
                reply = await tab.ask("tell me more")
                assert answers.DISCLAIMER not in reply

    run(chat())


def test_a_socket_cannot_speak_in_another_readers_session(assistant):
    async def chat():
        async with Chat(assistant.url) as reader, Chat(assistant.url) as other:
            await reader.ask("hello")
            await other.send({"message": STRETCHES[0], "session_id": reader.session})
            refusal = await other.reply()
            assert refusal.startswith("Sorry, I could not read that"), refusal
            # the reader's next answer arrives, and nothing of the injected message with it
            reply = await reader.ask(AVOID[0])
            assert AVOID[1] in reply and STRETCHES[1] not in reply, reply

    run(chat())


def test_a_rest_sender_cannot_reach_a_socketio_conversation(assistant):
    async def chat():
        async with Chat(assistant.url) as reader:
            await reader.ask(STRETCHES[0])
            return reader.session

    session = run(chat())
    reply = requests.post(
        assistant.url + "/webhooks/rest/webhook",
        json={"sender": session, "message": "tell me more"},
        timeout=30,
    ).json()
    assert reply[0]["text"] == answers.DISCLAIMER  # a conversation of its own
    assert reply[0]["recipient_id"] == session
    assert STRETCHES[1] not in "\n".join(m.get("text", "") for m in reply)
