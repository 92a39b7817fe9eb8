"""The custom action reads the tracker, utters the reply `bot.answers` builds and sets slots."""

from __future__ import annotations

import asyncio

from rasa_sdk.events import FollowupAction, SlotSet

from actions.actions import UNAVAILABLE, ActionRespond
from bot import answers, store


def test_action_answers_and_remembers(factory, dispatcher, domain, tracker_for):
    tracker = tracker_for(
        "which stretches help?", "ask_stretches", slots={"disclaimer_shown": True}
    )
    events = asyncio.run(ActionRespond().run(dispatcher, tracker, domain))
    assert len(dispatcher.messages) == 1
    assert "cat-cow stretch" in dispatcher.messages[0]["text"]
    assert dispatcher.messages[0]["buttons"]
    assert SlotSet("topic", "stretches") in events
    assert events[-1] == FollowupAction("action_listen")
    assert (
        SlotSet(
            "options",
            ["exercise:cat_cow", "exercise:shoulder_blade_squeeze", "exercise:chest_opener"],
        )
        in events
    )


def test_first_turn_carries_the_disclaimer(factory, dispatcher, domain, tracker_for):
    events = asyncio.run(ActionRespond().run(dispatcher, tracker_for("hi", "greet"), domain))
    assert dispatcher.messages[0]["text"] == answers.DISCLAIMER
    assert SlotSet("disclaimer_shown", True) in events


def test_entities_reach_the_service(factory, dispatcher, domain, tracker_for):
    tracker = tracker_for(
        "do planks help",
        "ask_strengthening",
        entities=[{"entity": "exercise", "value": "planks", "start": 3, "end": 9}],
        slots={"disclaimer_shown": True},
    )
    events = asyncio.run(ActionRespond().run(dispatcher, tracker, domain))
    assert dispatcher.messages[0]["text"].startswith("Planks strengthen")
    assert SlotSet("exercise", "plank") in events


def test_missing_store_gives_a_polite_reply(engine, dispatcher, domain, tracker_for):
    from sqlalchemy.orm import sessionmaker

    store.set_session_factory(sessionmaker(bind=engine, future=True))  # schema, no content
    try:
        events = asyncio.run(ActionRespond().run(dispatcher, tracker_for("hi", "greet"), domain))
    finally:
        store.set_session_factory(None)
    assert dispatcher.messages == [
        {
            "text": UNAVAILABLE,
            "buttons": [],
            "elements": [],
            "custom": {},
            "template": None,
            "response": None,
            "image": None,
            "attachment": None,
        }
    ]
    assert events == [FollowupAction("action_listen")]  # no state change; the bot listens


def test_unreachable_database_is_retried_then_answered_politely(
    dispatcher, domain, tracker_for, monkeypatch, tmp_path
):
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    import actions.actions as module

    engine = create_engine(f"sqlite:///{tmp_path / 'missing' / 'remedies.db'}", future=True)
    store.set_session_factory(sessionmaker(bind=engine, future=True))  # cannot be opened
    monkeypatch.setattr(module, "RETRY_DELAYS", (0.01, 0.01))
    try:
        events = asyncio.run(ActionRespond().run(dispatcher, tracker_for("hi", "greet"), domain))
    finally:
        store.set_session_factory(None)
    assert [m["text"] for m in dispatcher.messages] == [UNAVAILABLE]
    assert events == [FollowupAction("action_listen")]


def test_a_question_the_article_cannot_answer_is_logged_when_the_turn_ends(
    factory, dispatcher, domain, tracker_for
):
    tracker = tracker_for(
        "what is a good pace for a 10k", "out_of_scope", slots={"disclaimer_shown": True}
    )
    asyncio.run(ActionRespond().run(dispatcher, tracker, domain))
    assert dispatcher.messages[0]["text"] == answers.OUT_OF_SCOPE
    with factory() as session:  # committed by the action's own session
        assert [(u.text, u.reason) for u in store.unanswered(session)] == [
            ("what is a good pace for a 10k", "out_of_scope")
        ]
