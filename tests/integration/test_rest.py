"""The running assistant over REST: answers, bad input, and conversations that survive it."""

from __future__ import annotations

import json
import uuid

import pytest
import requests

from bot import answers
from rasa_addons.channels import TOO_LONG
from tests.servers import listening_addresses


@pytest.fixture
def bot(assistant):
    return assistant


def new_sender() -> str:
    return "t-" + uuid.uuid4().hex[:10]


def test_answer_names_its_section_and_offers_suggestions(bot):
    sender = new_sender()
    first = bot.say(sender, "hello")
    assert first[0]["text"] == answers.DISCLAIMER
    reply = bot.say(sender, "which stretches help my upper back?")
    assert len(reply) == 1
    assert "cat-cow stretch" in reply[0]["text"]
    assert "“Stretching Exercises”" in reply[0]["text"]
    assert (
        2
        <= len(
            [
                b
                for b in reply[0]["buttons"]
                if b["payload"].startswith("/ask_") and "ask_more" not in b["payload"]
            ]
        )
        <= 3
    )


def test_suggestion_payload_answers_its_question(bot):
    sender = new_sender()
    bot.say(sender, "hi")
    assert "jumping jacks" in bot.text(sender, "/ask_avoid")


def test_restart_starts_over_with_a_reply(bot):
    from bot import wording

    sender = new_sender()
    assert bot.say(sender, "hello")[0]["text"] == answers.DISCLAIMER
    bot.say(sender, "which stretches help my upper back?")
    assert [m["text"] for m in bot.say(sender, "/restart")] == [wording.RESTARTED]
    # A new conversation: the disclaimer again, then the answer.
    reply = bot.say(sender, "what should i avoid?")
    assert reply[0]["text"] == answers.DISCLAIMER
    assert "jumping jacks" in json.dumps(reply)


def test_warning_signs_come_first(bot):
    sender = new_sender()
    reply = bot.say(sender, "my chest hurts and my arm is numb, what stretch should I do?")
    assert "medical care" in reply[0]["text"]
    assert "cat-cow" not in json.dumps(reply)


def test_out_of_scope_is_not_answered_from_the_article(bot):
    sender = new_sender()
    bot.say(sender, "hi")
    assert bot.text(sender, "what is the capital of France?") == answers.OUT_OF_SCOPE


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   ",
        "\x00\x01\x02\x1b[31m",
        "\u202e\u200b",
        "🙂" * 50,
        "%s' OR 1=1; DROP TABLE topics; --",
        "<script>alert(1)</script>",
        "/nonexistent_intent",
        '/ask_more{"topic": "<img src=x>"}',
    ],
)
def test_odd_messages_get_a_polite_reply_and_the_conversation_goes_on(bot, message):
    sender = new_sender()
    bot.say(sender, "hello")
    reply = bot.say(sender, message)
    assert reply and all(m.get("text") for m in reply)
    assert "Traceback" not in json.dumps(reply)
    after = bot.say(sender, "is foam rolling enough on its own?")
    assert "not be enough" in after[0]["text"]
    assert answers.DISCLAIMER not in json.dumps(after)  # same conversation, state kept


def test_a_message_over_2000_characters_is_refused_politely(bot):
    sender = new_sender()
    bot.say(sender, "hello")
    assert bot.text(sender, "upper back " * 300) == TOO_LONG  # 3.3 KB: under the 64 KB limit
    assert "cat-cow" in bot.text(sender, "what stretches should I do")


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[1, 2]",
        b'"text"',
        b"\xff\xfe\x00binary",
        b'{"sender": "x"}',
        b'{"message": "hi"}',
        b'{"sender": ["a"], "message": "hi"}',
        b'{"sender": "x", "message": 42}',
        json.dumps({"sender": "s" * 10_000, "message": "hi"}).encode(),
    ],
)
def test_malformed_requests_get_a_4xx(bot, body):
    r = requests.post(
        bot.url + "/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:200])
    assert "Traceback" not in r.text


def test_server_survived_everything(bot):
    assert bot.alive()
    assert requests.get(bot.url + "/", timeout=5).status_code == 200


def test_both_servers_listen_on_loopback_only(bot):
    """Read from the kernel's socket tables: the Rasa server and the action server (which has
    no authentication of its own) are bound to 127.0.0.1 and nothing else."""
    for port in (bot.port, bot.actions_port):
        assert listening_addresses(port) == {"127.0.0.1"}, port
