"""Slack and Telegram against the running assistant: events are posted to the real webhooks,
and replies are captured by Web API / Bot API stand-ins on loopback (tests/standins.py).
Forged, stale and unsigned requests must be refused and must produce no reply.

"No reply" is checked without sleeping: after the refused request, a valid one follows in
the same conversation, and once its answer has arrived (turns of one conversation are
served in order) nothing but that answer may have been sent."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import uuid
from urllib.parse import urlencode

import pytest
import requests

from bot import answers
from tests.servers import Assistant
from tests.standins import StandIn

SLACK_SECRET = "8f14e45fceea167a5a36dedd4bea2543"
SLACK_TOKEN = "xoxb-test-token"
TG_TOKEN = "123456:test-token"
TG_SECRET = "webhook-secret_0123456789"
TG_BOT = "back_pain_faq_bot"
# Answers told apart by a word only each has: what the refused message would have got, and
# what the valid message sent after it gets.
STRETCHES, AVOID = ("which stretches help?", "cat-cow"), ("what should I avoid?", "high-impact")
UPDATE_IDS = itertools.count(1000)  # Telegram updates sent after a refused one


@pytest.fixture(scope="module")
def slack_api():
    standin = StandIn({"chat.postMessage": {"channel": "D1", "ts": "1.000100"}}, telegram=False)
    yield standin
    standin.stop()


@pytest.fixture(scope="module")
def telegram_api():
    standin = StandIn(
        {
            "getMe": {"id": 123456, "is_bot": True, "username": TG_BOT},
            "sendMessage": {"message_id": 1, "chat": {"id": 42}, "date": 0},
        },
        telegram=True,
    )
    yield standin
    standin.stop()


@pytest.fixture(scope="module")
def bot(tmp_path_factory, slack_api, telegram_api):
    assistant = Assistant(
        tmp_path_factory.mktemp("messaging"),
        extra_env={
            "SLACK_BOT_TOKEN": SLACK_TOKEN,
            "SLACK_SIGNING_SECRET": SLACK_SECRET,
            "SLACK_API_URL": slack_api.url + "/api/",
            "TELEGRAM_TOKEN": TG_TOKEN,
            "TELEGRAM_VERIFY": TG_BOT,
            "TELEGRAM_WEBHOOK_URL": "https://faq.example.org/webhooks/telegram/webhook",
            "TELEGRAM_SECRET_TOKEN": TG_SECRET,
            "TELEGRAM_API_URL": telegram_api.url,
        },
    ).start()
    yield assistant
    assistant.stop()


# Slack ------------------------------------------------------------------------------------


def slack_headers(
    body: bytes,
    secret: str = SLACK_SECRET,
    timestamp: int | None = None,
    content_type: str = "application/json",
) -> dict:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest}",
        "Content-Type": content_type,
    }


def slack_event(
    text: str, user: str = "U1", channel: str = "D1", event_id: str | None = None
) -> bytes:
    return json.dumps(
        {
            "type": "event_callback",
            "team_id": "T1",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:12].upper()}",
            "event": {
                "type": "message",
                "channel_type": "im",
                "user": user,
                "channel": channel,
                "text": text,
                "ts": f"{time.time():.6f}",
            },
        }
    ).encode()


def slack_post(bot, body: bytes, headers: dict) -> requests.Response:
    return requests.post(
        bot.url + "/webhooks/slack/webhook", data=body, headers=headers, timeout=10
    )


def sent_text(call: dict) -> str:
    return json.dumps(call["body"])


def assert_slack_unanswered(
    bot, slack_api, user: str, channel: str, refused: tuple, follow: tuple
) -> None:
    """A valid event from the same user follows the refused one; once its answer is in,
    nothing of the refused message's answer may have been posted."""
    body = slack_event(follow[0], user=user, channel=channel)
    assert slack_post(bot, body, slack_headers(body)).status_code == 200
    slack_api.wait_until("chat.postMessage", lambda b: follow[1] in json.dumps(b))
    calls = slack_api.of("chat.postMessage")
    assert not [c for c in calls if refused[1] in sent_text(c)], calls
    assert {c["body"]["channel"] for c in calls} == {channel}


def test_slack_signed_message_gets_the_answer_with_block_kit_buttons(bot, slack_api):
    slack_api.clear()
    body = slack_event("which stretches help?")
    assert slack_post(bot, body, slack_headers(body)).status_code == 200
    calls = slack_api.wait_for("chat.postMessage", 2)
    assert all(c["headers"].get("Authorization") == f"Bearer {SLACK_TOKEN}" for c in calls)
    assert all(c["body"]["channel"] == "D1" for c in calls)
    answer = next(c["body"] for c in calls if c["body"].get("blocks"))
    blocks = (
        answer["blocks"] if isinstance(answer["blocks"], list) else json.loads(answer["blocks"])
    )
    assert "cat-cow" in blocks[0]["text"]["text"]
    buttons = blocks[1]["elements"]
    assert blocks[1]["type"] == "actions" and all(b["type"] == "button" for b in buttons)
    assert {"/ask_strengthening", '/ask_more{"topic":"stretches"}'} <= {b["value"] for b in buttons}


def test_slack_button_click_is_answered(bot, slack_api):
    slack_api.clear()
    payload = {
        "type": "block_actions",
        "user": {"id": "U2"},
        "channel": {"id": "D2"},
        "message": {"ts": "1.0"},
        "actions": [{"type": "button", "value": "/ask_avoid", "action_id": "a"}],
    }
    body = urlencode({"payload": json.dumps(payload)}).encode()
    response = slack_post(
        bot, body, slack_headers(body, content_type="application/x-www-form-urlencoded")
    )
    assert response.status_code == 200
    slack_api.wait_until("chat.postMessage", lambda body: "high-impact" in json.dumps(body))
    assert {c["body"]["channel"] for c in slack_api.of("chat.postMessage")} == {"D2"}


def test_slack_url_verification(bot):
    body = json.dumps({"type": "url_verification", "challenge": "3eZbrw1aBm2rZgRNFdxV"}).encode()
    response = slack_post(bot, body, slack_headers(body))
    assert response.status_code == 200 and "3eZbrw1aBm2rZgRNFdxV" in response.text


@pytest.mark.parametrize(
    "forgery",
    ["unsigned", "other secret", "stale", "tampered body", "future timestamp", "garbage signature"],
)
def test_slack_forged_or_stale_events_are_refused_and_unanswered(bot, slack_api, forgery):
    slack_api.clear()
    body = slack_event(STRETCHES[0], user="U666", channel="D666")
    headers = {
        "unsigned": {"Content-Type": "application/json"},
        "other secret": slack_headers(body, secret="not-the-signing-secret"),
        "stale": slack_headers(body, timestamp=int(time.time()) - 6 * 60),
        "tampered body": slack_headers(slack_event("hello", user="U666", channel="D666")),
        "future timestamp": slack_headers(body, timestamp=int(time.time()) + 6 * 60),
        "garbage signature": {**slack_headers(body), "X-Slack-Signature": "v0=" + "0" * 64},
    }[forgery]
    response = slack_post(bot, body, headers)
    assert response.status_code == 400
    assert_slack_unanswered(bot, slack_api, "U666", "D666", refused=STRETCHES, follow=AVOID)


def count_answers(slack_api, word: str) -> int:
    return len([c for c in slack_api.of("chat.postMessage") if word in sent_text(c)])


def answered_once(bot, slack_api, user: str, channel: str, first: tuple, follow: tuple) -> None:
    """A valid event from the same user follows; once its answer is in, the first message's
    answer must have been posted exactly once."""
    body = slack_event(follow[0], user=user, channel=channel)
    assert slack_post(bot, body, slack_headers(body)).status_code == 200
    slack_api.wait_until("chat.postMessage", lambda b: follow[1] in json.dumps(b))
    assert count_answers(slack_api, first[1]) == 1, slack_api.of("chat.postMessage")
    assert {c["body"]["channel"] for c in slack_api.of("chat.postMessage")} == {channel}


@pytest.mark.parametrize("reason", ["http_timeout", "http_error", "connection_failed"])
def test_slack_retries_of_a_delivered_event_are_not_answered_twice(bot, slack_api, reason):
    slack_api.clear()
    user, channel = f"U3{reason}", f"D3{reason}"
    body = slack_event(AVOID[0], user=user, channel=channel)
    assert slack_post(bot, body, slack_headers(body)).status_code == 200
    slack_api.wait_until("chat.postMessage", lambda b: AVOID[1] in json.dumps(b))
    headers = {**slack_headers(body), "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": reason}
    assert slack_post(bot, body, headers).status_code in (200, 201)
    answered_once(bot, slack_api, user, channel, first=AVOID, follow=STRETCHES)


@pytest.mark.parametrize("reason", ["http_error", "connection_failed"])
def test_slack_retry_whose_first_delivery_never_arrived_is_answered(bot, slack_api, reason):
    slack_api.clear()
    user, channel = f"U4{reason}", f"D4{reason}"
    body = slack_event(AVOID[0], user=user, channel=channel)
    headers = {**slack_headers(body), "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": reason}
    assert slack_post(bot, body, headers).status_code == 200
    slack_api.wait_until("chat.postMessage", lambda b: AVOID[1] in json.dumps(b))
    answered_once(bot, slack_api, user, channel, first=AVOID, follow=STRETCHES)


def test_slack_replayed_event_is_answered_once(bot, slack_api):
    """The same signed event posted again within the signature's five minutes, without any
    retry header, is acknowledged and not answered again."""
    slack_api.clear()
    body = slack_event(AVOID[0], user="U5", channel="D5")
    assert slack_post(bot, body, slack_headers(body)).status_code == 200
    slack_api.wait_until("chat.postMessage", lambda b: AVOID[1] in json.dumps(b))
    assert slack_post(bot, body, slack_headers(body)).status_code == 200
    answered_once(bot, slack_api, "U5", "D5", first=AVOID, follow=STRETCHES)


def rest(bot, sender: str, message: str) -> list[dict]:
    r = requests.post(
        bot.url + "/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        timeout=30,
    )
    r.raise_for_status()
    return r.json()


def test_a_rest_sender_cannot_reach_a_slack_conversation(bot, slack_api):
    slack_api.clear()
    body = slack_event(STRETCHES[0], user="U024BE7LH", channel="D024BE7LH")
    assert slack_post(bot, body, slack_headers(body)).status_code == 200
    slack_api.wait_until("chat.postMessage", lambda b: STRETCHES[1] in json.dumps(b))
    reply = rest(bot, "U024BE7LH", "tell me more")
    assert reply[0]["text"] == answers.DISCLAIMER, reply  # a new conversation, not the reader's
    assert reply[0]["recipient_id"] == "U024BE7LH"
    # and the Slack reader's own conversation goes on, answered in their channel
    slack_api.clear()
    body = slack_event(AVOID[0], user="U024BE7LH", channel="D024BE7LH")
    assert slack_post(bot, body, slack_headers(body)).status_code == 200
    call = slack_api.wait_until("chat.postMessage", lambda b: AVOID[1] in json.dumps(b))
    assert call["body"]["channel"] == "D024BE7LH"
    assert answers.DISCLAIMER not in json.dumps(slack_api.of("chat.postMessage"))


# Telegram ---------------------------------------------------------------------------------


def telegram_post(bot, update, secret: str | None = TG_SECRET, raw: bytes | None = None):
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    return requests.post(
        bot.url + "/webhooks/telegram/webhook",
        headers=headers,
        timeout=10,
        data=raw if raw is not None else json.dumps(update).encode(),
    )


def telegram_message(text: str, chat: int = 42, update_id: int = 1) -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "text": text,
            "chat": {"id": chat, "type": "private"},
            "from": {"id": chat, "is_bot": False, "first_name": "Runner"},
        },
    }


def assert_telegram_unanswered(bot, telegram_api, chat: int, refused: str | None) -> None:
    """A valid update from `chat` follows the refused one; once its answer is in, nothing
    else may have been sent (nor, if given, the refused message's answer word anywhere)."""
    update = telegram_message(AVOID[0], chat=chat, update_id=next(UPDATE_IDS))
    assert telegram_post(bot, update).status_code == 200
    telegram_api.wait_until("sendMessage", lambda b: AVOID[1] in b.get("text", ""))
    calls = telegram_api.of("sendMessage")
    assert {c["body"]["chat_id"] for c in calls} == {str(chat)}, calls
    if refused:
        assert not [c for c in calls if refused in sent_text(c)], calls


def test_telegram_webhook_registered_with_its_secret(bot, telegram_api):
    assert telegram_api.wait_for("getMe")
    (call,) = telegram_api.wait_for("setWebhook")
    assert call["path"] == f"/bot{TG_TOKEN}/setWebhook"
    assert call["body"]["url"] == "https://faq.example.org/webhooks/telegram/webhook"
    assert call["body"]["secret_token"] == TG_SECRET
    assert "callback_query" in call["body"]["allowed_updates"]


def test_telegram_valid_update_gets_the_answer_with_an_inline_keyboard(bot, telegram_api):
    telegram_api.clear()
    assert telegram_post(bot, telegram_message("which stretches help?")).status_code == 200
    calls = telegram_api.wait_for("sendMessage", 2)
    assert all(c["body"]["chat_id"] == "42" for c in calls)
    answer = next(c["body"] for c in calls if "reply_markup" in c["body"])
    assert "cat-cow" in answer["text"]
    keyboard = answer["reply_markup"]["inline_keyboard"]
    datas = [row[0]["callback_data"] for row in keyboard]
    assert "/ask_strengthening" in datas and all(len(d.encode()) <= 64 for d in datas)


def test_telegram_button_tap_is_answered(bot, telegram_api):
    telegram_api.clear()
    tap = {
        "update_id": 7,
        "callback_query": {
            "id": "cbq-1",
            "from": {"id": 43, "is_bot": False, "first_name": "R"},
            "data": "/ask_avoid",
            "chat_instance": "1",
            "message": {"message_id": 5, "date": 0, "chat": {"id": 43, "type": "private"}},
        },
    }
    assert telegram_post(bot, tap).status_code == 200
    assert telegram_api.wait_for("answerCallbackQuery")[0]["body"]["callback_query_id"] == "cbq-1"
    call = telegram_api.wait_until("sendMessage", lambda body: "high-impact" in body["text"])
    assert call["body"]["chat_id"] == "43"


@pytest.mark.parametrize(
    "secret", [None, "", "wrong-secret_0123456789", TG_SECRET + "x", TG_SECRET.upper()]
)
def test_telegram_forged_updates_are_refused_and_unanswered(bot, telegram_api, secret):
    telegram_api.clear()
    response = telegram_post(bot, telegram_message(STRETCHES[0], chat=666), secret)
    assert response.status_code == 403
    assert_telegram_unanswered(bot, telegram_api, 666, refused=STRETCHES[1])


@pytest.mark.parametrize(
    "raw",
    [
        b"{not json",
        b"[]",
        b'"text"',
        b'{"message": {}}',
        b'{"update_id": 1, "message": {"text": "hi"}}',
    ],
)
def test_telegram_malformed_updates_get_400(bot, telegram_api, raw):
    telegram_api.clear()
    assert telegram_post(bot, None, raw=raw).status_code == 400
    assert_telegram_unanswered(bot, telegram_api, 777, refused=None)


def test_a_rest_sender_cannot_reach_a_telegram_conversation(bot, telegram_api):
    telegram_api.clear()
    update = telegram_message(STRETCHES[0], chat=4242, update_id=next(UPDATE_IDS))
    assert telegram_post(bot, update).status_code == 200
    telegram_api.wait_until("sendMessage", lambda b: STRETCHES[1] in b.get("text", ""))
    reply = rest(bot, "4242", "tell me more")
    assert reply[0]["text"] == answers.DISCLAIMER, reply
    telegram_api.clear()
    update = telegram_message(AVOID[0], chat=4242, update_id=next(UPDATE_IDS))
    assert telegram_post(bot, update).status_code == 200
    call = telegram_api.wait_until("sendMessage", lambda b: AVOID[1] in b.get("text", ""))
    assert call["body"]["chat_id"] == "4242"
    assert answers.DISCLAIMER not in json.dumps(telegram_api.of("sendMessage"))


def test_telegram_photo_gets_a_polite_text_only_reply(bot, telegram_api):
    telegram_api.clear()
    update = telegram_message("", chat=44, update_id=9)
    del update["message"]["text"]
    update["message"]["photo"] = [{"file_id": "x", "file_unique_id": "y", "width": 1, "height": 1}]
    assert telegram_post(bot, update).status_code == 200
    (call,) = telegram_api.wait_for("sendMessage")
    assert "only read text" in call["body"]["text"]
