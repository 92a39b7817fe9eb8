"""Round trips of "did this help?" against the running assistant: an answer's rating buttons are
clicked over REST, socket.io (the widget's channel), Slack (an interactive payload) and
Telegram (a callback query), and the remedy store then holds one rating per answer with the
question as asked, its topic and its section, changed in place by a second click, and
nothing that names the reader. `rasa shell`'s typed /helpful and /unhelpful: test_shell.py."""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from urllib.parse import urlencode

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bot import store, wording
from tests.integration import test_messaging as messaging
from tests.integration.test_messaging import (
    slack_event,
    slack_headers,
    slack_post,
    telegram_message,
    telegram_post,
)
from tests.integration.test_socketio import Chat

# The assistant with Slack and Telegram on, and their stand-ins: test_messaging's fixtures
# (module-scoped: this module gets an assistant and stand-ins of its own).
bot, slack_api, telegram_api = messaging.bot, messaging.slack_api, messaging.telegram_api
QUESTION, TOPIC, SECTION = "which stretches help?", "stretches", "stretching-exercises"
REF = re.compile(r'^/rate_answer\{"ref":"([0-9a-f]+)","helpful":(true|false)\}$')


@pytest.fixture(scope="module")
def db(bot):
    engine = create_engine(f"sqlite:///{bot.workdir / 'remedies.db'}", future=True)
    yield engine
    engine.dispose()


def rating_buttons(payloads: list[str]) -> dict[bool, str]:
    """The two rating payloads of an answer, by verdict, all naming the same answer."""
    found = {m.group(2) == "true": p for p in payloads if (m := REF.match(p))}
    assert set(found) == {True, False}, payloads
    assert len({REF.match(p).group(1) for p in found.values()}) == 1
    return found


def ref_of(payload: str) -> str:
    return REF.match(payload).group(1)


def rows(db, ref: str) -> tuple[list, list]:
    with Session(db) as session:
        answered = list(session.scalars(select(store.Answered).where(store.Answered.ref == ref)))
        ratings = list(session.scalars(select(store.Rating).where(store.Rating.ref == ref)))
        session.expunge_all()
    return answered, ratings


def assert_rated(db, ref: str, helpful: bool, *reader: str) -> None:
    """One answer and one rating for `ref`, with the question, topic and section, the verdict,
    and no trace of the reader's ids in either table."""
    [answer], [rating] = rows(db, ref)
    assert (answer.question, answer.topic, answer.section) == (QUESTION, TOPIC, SECTION)
    assert (rating.question, rating.topic, rating.section) == (QUESTION, TOPIC, SECTION)
    assert rating.helpful is helpful
    with db.connect() as conn:
        for table in ("answered", "ratings"):
            for row in conn.exec_driver_sql(f"SELECT * FROM {table}"):  # noqa: S608
                values = " ".join(str(v) for v in row)
                assert not [r for r in reader if r in values], (table, row)


def test_rest_rating_round_trip(bot, db):
    sender = "reader-" + uuid.uuid4().hex[:8]
    bot.say(sender, "hello")
    answer = bot.say(sender, QUESTION)
    buttons = answer[-1]["buttons"]
    payloads = [b["payload"] for b in buttons]
    assert [b["title"] for b in buttons[-2:]] == [wording.RATE_HELPFUL, wording.RATE_UNHELPFUL]
    click = rating_buttons(payloads)
    ref = ref_of(click[True])

    assert bot.text(sender, click[True]) == wording.RATED_HELPFUL
    assert_rated(db, ref, True, sender)
    down = bot.say(sender, click[False])
    assert down[0]["text"] == wording.RATED_UNHELPFUL
    assert "/ask_professional" in [b["payload"] for b in down[0]["buttons"]]
    assert_rated(db, ref, False, sender)  # the same row, changed


def test_rest_rating_for_an_unknown_answer_is_polite(bot, db):
    sender = "reader-" + uuid.uuid4().hex[:8]
    bot.say(sender, "hello")
    made_up = '/rate_answer{"ref":"0123456789abcdef","helpful":false}'
    assert bot.text(sender, made_up) == wording.RATING_UNKNOWN
    assert rows(db, "0123456789abcdef") == ([], [])
    assert bot.text(sender, "/helpful") == wording.RATING_UNKNOWN  # no answer yet


def test_socketio_rating_round_trip(bot, db):
    async def chat() -> tuple[str, list]:
        async with Chat(bot.url, origin=bot.url) as c:
            await c.ask("hello")
            await c.send({"message": QUESTION, "session_id": c.session})
            event = await asyncio.wait_for(c.replies.get(), 30)
            while not event.get("quick_replies"):  # the text comes a paragraph an event
                event = await asyncio.wait_for(c.replies.get(), 30)
            payloads = [q["payload"] for q in event["quick_replies"]]
            click = rating_buttons(payloads)
            assert await c.ask(click[False]) == wording.RATED_UNHELPFUL
            assert_rated(db, ref_of(click[False]), False, c.session)
            assert await c.ask(click[True]) == wording.RATED_HELPFUL
            return ref_of(click[True]), c.session

    ref, session_id = asyncio.run(chat())
    assert_rated(db, ref, True, session_id)


def slack_click(bot, value: str, user: str, channel: str) -> None:
    payload = {
        "type": "block_actions",
        "user": {"id": user},
        "channel": {"id": channel},
        "message": {"ts": "1.0"},
        "actions": [{"type": "button", "value": value, "action_id": "rate"}],
    }
    body = urlencode({"payload": json.dumps(payload)}).encode()
    headers = slack_headers(body, content_type="application/x-www-form-urlencoded")
    assert slack_post(bot, body, headers).status_code == 200


def blocks_of(call: dict) -> list[dict]:
    blocks = call["body"].get("blocks") or []
    return blocks if isinstance(blocks, list) else json.loads(blocks)


def test_slack_rating_round_trip(bot, db, slack_api):
    user, channel = "U" + uuid.uuid4().hex[:8].upper(), "D" + uuid.uuid4().hex[:8].upper()
    slack_api.clear()
    body = slack_event(QUESTION, user=user, channel=channel)
    assert slack_post(bot, body, slack_headers(body)).status_code == 200
    call = slack_api.wait_until("chat.postMessage", lambda b: "cat-cow" in json.dumps(b))
    blocks = blocks_of(call)
    # the text, the suggestions (all of them: Rasa's own SlackBot drops more than five), and
    # the rating buttons in a block of their own
    assert [b["type"] for b in blocks] == ["section", "actions", "actions"]
    suggestions = [e["value"] for e in blocks[1]["elements"]]
    assert '/ask_more{"topic":"stretches"}' in suggestions
    click = rating_buttons([e["value"] for e in blocks[2]["elements"]])
    assert [e["text"]["text"] for e in blocks[2]["elements"]] == [
        wording.RATE_HELPFUL,
        wording.RATE_UNHELPFUL,
    ]

    slack_click(bot, click[False], user, channel)
    slack_api.wait_until(
        "chat.postMessage", lambda b: "didn't help" in json.dumps(b, ensure_ascii=False)
    )
    assert_rated(db, ref_of(click[False]), False, user, channel)
    slack_click(bot, click[True], user, channel)
    slack_api.wait_until("chat.postMessage", lambda b: wording.RATED_HELPFUL in json.dumps(b))
    assert_rated(db, ref_of(click[True]), True, user, channel)


def telegram_tap(bot, data: str, chat: int, update_id: int) -> None:
    tap = {
        "update_id": update_id,
        "callback_query": {
            "id": f"cbq-{update_id}",
            "from": {"id": chat, "is_bot": False, "first_name": "R"},
            "data": data,
            "chat_instance": "1",
            "message": {"message_id": 5, "date": 0, "chat": {"id": chat, "type": "private"}},
        },
    }
    assert telegram_post(bot, tap).status_code == 200


def test_telegram_rating_round_trip(bot, db, telegram_api):
    chat = 700000 + int(time.time()) % 100000
    telegram_api.clear()
    assert (
        telegram_post(bot, telegram_message(QUESTION, chat=chat, update_id=501)).status_code == 200
    )
    call = telegram_api.wait_until(
        "sendMessage", lambda b: "cat-cow" in b.get("text", "") and "reply_markup" in b
    )
    keyboard = call["body"]["reply_markup"]["inline_keyboard"]
    last = keyboard[-1]  # the two rating buttons side by side, after the suggestions
    assert [k["text"] for k in last] == [wording.RATE_HELPFUL, wording.RATE_UNHELPFUL]
    assert all(len(k["callback_data"].encode()) <= 64 for row in keyboard for k in row)
    click = rating_buttons([k["callback_data"] for k in last])

    telegram_tap(bot, click[False], chat, 502)
    telegram_api.wait_until("sendMessage", lambda b: b.get("text") == wording.RATED_UNHELPFUL)
    assert_rated(db, ref_of(click[False]), False, str(chat))
    telegram_tap(bot, click[True], chat, 503)
    telegram_api.wait_until("sendMessage", lambda b: b.get("text") == wording.RATED_HELPFUL)
    assert_rated(db, ref_of(click[True]), True, str(chat))
