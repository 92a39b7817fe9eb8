"""Ratings ("did this help?"): every article answer carries two rating buttons after its
suggestions and records the answer (question, topic, section) under a ref; a rating is one row
per answer, changed by a second click; nothing about the reader is stored, and an answering
turn makes no query beyond the records it writes."""

from __future__ import annotations

import asyncio
import json

from rasa_sdk.events import SlotSet
from sqlalchemy import event, inspect, select

from actions.actions import ActionRespond
from bot import answers, compose, store, wording
from bot.answers import Turn


def ask(session, text, intent, state=None, entities=None):
    turn = Turn(
        text=text,
        intent=intent,
        confidence=0.9,
        entities=entities or [],
        state={"disclaimer_shown": True, **(state or {})},
    )
    reply = compose.respond(session, turn)
    session.flush()
    return reply


def click(session, state, ref, helpful):
    """What Rasa gives the action for a rating button's payload."""
    payload = '/rate_answer{"ref":"%s","helpful":%s}' % (ref, json.dumps(helpful))
    return ask(
        session,
        payload,
        "rate_answer",
        state=state,
        entities=[{"entity": "ref", "value": ref}, {"entity": "helpful", "value": helpful}],
    )


def rating_payloads(message) -> list[dict]:
    return [b for b in message.buttons if b["payload"].startswith("/rate_answer")]


def answered(session):
    return list(session.scalars(select(store.Answered).order_by(store.Answered.id)))


def test_an_answer_ends_with_rating_buttons_after_its_suggestions_and_is_recorded(session):
    reply = ask(session, "which stretches help?", "ask_stretches")
    buttons = reply.messages[-1].buttons
    [ref] = [item.split(":")[0] for item in reply.state["answer_refs"]]
    assert buttons[-2:] == [
        {"title": wording.RATE_HELPFUL, "payload": '/rate_answer{"ref":"%s","helpful":true}' % ref},
        {
            "title": wording.RATE_UNHELPFUL,
            "payload": '/rate_answer{"ref":"%s","helpful":false}' % ref,
        },
    ]
    assert buttons[-3]["title"] == wording.READ_PASSAGE  # suggestions first
    assert all(len(b["payload"].encode()) <= 64 for b in buttons)  # Telegram's callback_data
    assert reply.state["answer_refs"] == [f"{ref}:stretches"]
    [row] = answered(session)
    assert (row.ref, row.question, row.topic, row.section) == (
        ref,
        "which stretches help?",
        "stretches",
        "stretching-exercises",
    )


def test_replies_that_are_not_article_answers_get_no_rating(session):
    for text, intent in [
        ("hi", "greet"),
        ("what's the weather in paris", "out_of_scope"),
        ("should I use ice or heat?", "ask_foam_rolling"),  # not covered: closest passage only
        ("I have chest pain when I run", "ask_overview"),  # a warning sign
    ]:
        reply = ask(session, text, intent)
        assert not any(rating_payloads(m) for m in reply.messages), text
        assert "answer_refs" not in reply.state
    assert answered(session) == []


def test_a_thumbs_up_is_thanked_and_a_second_click_changes_the_one_rating(session):
    first = ask(session, "which stretches help?", "ask_stretches")
    state = {**first.state}
    ref = state["answer_refs"][-1].split(":")[0]

    up = click(session, state, ref, True)
    assert [m.text for m in up.messages] == [wording.RATED_HELPFUL]
    [rating] = store.ratings(session)
    assert (rating.ref, rating.question, rating.topic, rating.section, rating.helpful) == (
        ref,
        "which stretches help?",
        "stretches",
        "stretching-exercises",
        True,
    )

    down = click(session, state, ref, False)
    session.expire_all()
    [rating] = store.ratings(session)
    assert rating.helpful is False and rating.ref == ref
    [message] = down.messages
    assert message.text == wording.RATED_UNHELPFUL
    payloads = [b["payload"] for b in message.buttons]
    assert payloads[-2:] == ["/ask_professional", '/ask_more{"topic":"stretches"}']
    closest = {
        "/" + store.topic(session, k).intent for k in store.topic(session, "stretches").next_topics
    }
    others = payloads[:-2]
    assert others and set(others) <= closest - {"/ask_stretches"}
    assert len(answered(session)) == 1  # a rating is not an answer


def test_typed_helpful_and_unhelpful_rate_the_latest_answer(session):
    first = ask(session, "which stretches help?", "ask_stretches")
    second = ask(session, "what should I avoid?", "ask_avoid", state=first.state)
    state = {**first.state, **second.state}
    assert [item.split(":")[1] for item in state["answer_refs"]] == ["stretches", "avoid"]
    latest = state["answer_refs"][-1].split(":")[0]

    down = ask(session, "/unhelpful", "unhelpful", state=state)
    assert down.messages[0].text == wording.RATED_UNHELPFUL
    up = ask(session, "/helpful", "helpful", state=state)
    assert up.messages[0].text == wording.RATED_HELPFUL
    session.expire_all()
    [rating] = store.ratings(session)
    assert (rating.ref, rating.topic, rating.helpful) == (latest, "avoid", True)


def test_a_typed_button_title_or_thumb_rates_the_latest_answer(session):
    first = ask(session, "which stretches help?", "ask_stretches")
    # the classifier cannot read emoji: these come as a fallback, and are ratings all the same
    ask(session, "👎 Not helpful", "nlu_fallback", state=first.state)
    [rating] = store.ratings(session)
    assert rating.helpful is False
    up = ask(session, "👍🏽", "nlu_fallback", state=first.state)
    assert up.messages[0].text == wording.RATED_HELPFUL
    session.expire_all()
    assert [r.helpful for r in store.ratings(session)] == [True]
    assert [answers.typed_rating(t) for t in ("👎👎", "👍 Not helpful", "👍 stretches?", "ok")] == [
        "unhelpful",
        None,
        None,
        None,
    ]
    which = ask(session, "rate it", "rate_answer", state=first.state)  # no verdict: ask
    [message] = which.messages
    assert message.text == wording.RATE_WHICH_WAY
    ref = first.state["answer_refs"][-1].split(":")[0]
    assert [b["payload"] for b in message.buttons] == [
        b["payload"] for b in answers.rating_buttons(ref)
    ]


def test_an_unknown_or_expired_ref_gets_a_polite_reply_and_records_nothing(session):
    first = ask(session, "which stretches help?", "ask_stretches")
    for state, ref in [
        (first.state, "0123456789abcdef"),  # not an answer of this conversation
        ({}, first.state["answer_refs"][-1].split(":")[0]),  # the conversation forgot it
    ]:
        reply = click(session, state, ref, True)
        assert [m.text for m in reply.messages] == [wording.RATING_UNKNOWN]
    assert ask(session, "/helpful", "helpful").messages[0].text == wording.RATING_UNKNOWN
    garbled = ask(session, "/helpful", "helpful", state={"answer_refs": ["no-topic", 7]})
    assert garbled.messages[0].text == wording.RATING_UNKNOWN
    assert store.ratings(session) == []


def test_a_rating_for_an_answer_no_longer_stored_writes_nothing(session):
    store.save_records(session, [store.RatingRecord(ref="gone", helpful=True)])
    assert store.ratings(session) == []


def test_the_conversation_keeps_only_its_latest_answers(session):
    state: dict = {}
    for _ in range(answers.KEPT_ANSWERS + 3):
        state.update(ask(session, "what should I avoid?", "ask_avoid", state=state).state)
    assert len(state["answer_refs"]) == answers.KEPT_ANSWERS
    assert len(answered(session)) == answers.KEPT_ANSWERS + 3


def test_a_compound_answer_is_rated_once_under_its_last_message(session):
    text = "which stretches help, and what should I avoid?"

    def clause(part, intent):
        start = text.index(part)
        return {"text": part, "start": start, "end": start + len(part), "intent": intent}

    turn = Turn(
        text=text,
        intent="ask_stretches",
        confidence=0.9,
        state={"disclaimer_shown": True},
        clauses=[
            {**clause("which stretches help", "ask_stretches"), "confidence": 0.9},
            {**clause("what should I avoid?", "ask_avoid"), "confidence": 0.9},
        ],
    )
    reply = compose.respond(session, turn)
    assert reply.parts == ["stretches", "avoid"]
    assert [bool(rating_payloads(m)) for m in reply.messages] == [False, True]
    [row] = answered(session)
    assert (row.question, row.topic) == (text, "avoid")


def test_no_table_of_answers_or_ratings_has_a_sender_column(engine):
    for table in ("answered", "ratings"):
        columns = {c["name"] for c in inspect(engine).get_columns(table)}
        assert columns & {"sender", "sender_id", "user", "user_id", "conversation_id"} == set()


def test_an_answering_turn_queries_nothing_but_writes_its_answer(session, engine):
    store.ensure_ready(session)
    store.snapshot_of(session)
    statements: list[str] = []

    def seen(conn, cursor, sql, *args):
        statements.append(" ".join(sql.split()).upper())

    event.listen(engine, "before_cursor_execute", seen)
    try:
        reply = ask(session, "which stretches help?", "ask_stretches")
        answering = list(statements)
        statements.clear()
        click(session, reply.state, reply.state["answer_refs"][-1].split(":")[0], True)
        rating = [s for s in statements if "ANSWERED" in s or "RATINGS" in s]
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    touching = [s for s in answering if "ANSWERED" in s or "RATINGS" in s]
    assert len(touching) == 1 and touching[0].startswith("INSERT INTO ANSWERED")
    assert not [s for s in answering if s.startswith("SELECT") and "ANSWERED" in s]
    assert len(rating) == 1 and rating[0].startswith("INSERT INTO RATINGS")


def test_the_action_keeps_the_latest_answer_in_a_slot(factory, dispatcher, domain, tracker_for):
    tracker = tracker_for(
        "which stretches help?", "ask_stretches", slots={"disclaimer_shown": True}
    )
    events = asyncio.run(ActionRespond().run(dispatcher, tracker, domain))
    [kept] = [e for e in events if e.get("name") == "answer_refs"]
    ref = kept["value"][-1].split(":")[0]
    assert dispatcher.messages[-1]["buttons"][-2:] == answers.rating_buttons(ref)
    assert SlotSet("answer_refs", [f"{ref}:stretches"]) in events
    assert "answer_refs" in domain["slots"]
    assert {"rate_answer", "helpful", "unhelpful"} <= set(domain["intents"])
    assert {"ref", "helpful"} <= set(domain["entities"])
