"""A topic is data: adding one to a copy of the content (remedies.yml, article unchanged) is
enough for the assistant to answer its intent, cite its section and suggest where to go next,
and for other topics to suggest it. No Python changes."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import StaticPool

from bot import answers, content, store
from bot.answers import Turn
from bot.store import loading as loader

NEW_TOPIC = """\
  new_thing:
    intent: ask_new_thing
    question: Is foam rolling the only solution?
    section: other-methods
    method: foam_rolling
    next: [stretches, posture, overview]
    answer: >-
      Not necessarily: foam rolling can be beneficial, but it may not be the only solution for
      upper back pain from running. The article goes on to other strategies.
    passage: >-
      While foam rolling can be beneficial, it may not be the only solution for upper back
      pain from running.
    reviewed: new
"""


@pytest.fixture
def content_copy(tmp_path):
    """The project's content copied, with one topic added by editing remedies.yml's text the
    way a writer would: the block under `topics:`, a suggestion from `common`, then
    `python -m bot.content --refingerprint` and `--check`."""
    for name in ("article.txt", "remedies.yml"):
        shutil.copy(content.CONTENT_DIR / name, tmp_path / name)
    path = tmp_path / "remedies.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("\ntopics:\n", "\ntopics:\n" + NEW_TOPIC, 1)
    common = text.index("    intent: ask_common\n")
    start = text.index("    next: [", common)
    end = text.index("]", start)
    text = text[:start] + "    next: [new_thing, overview, foam_rolling" + text[end:]
    path.write_text(text, encoding="utf-8")
    assert content.main(["--refingerprint", "--dir", str(tmp_path)]) == 0  # also checks
    return tmp_path


@pytest.fixture
def session_on(content_copy):
    engine = create_engine("sqlite://", future=True, poolclass=StaticPool)
    store.create_schema(engine)
    with sessionmaker(bind=engine, future=True)() as session:
        assert loader.load(session, content.load_content(content_copy)) > 0
        yield session


def test_a_topic_added_to_remedies_yml_is_answered(session_on):
    reply = answers.respond(
        session_on,
        Turn(
            text="is foam rolling all there is?",
            intent="ask_new_thing",
            confidence=0.9,
            state={"disclaimer_shown": True},
        ),
    )
    assert reply.topic == "new_thing"
    [message] = reply.messages
    assert message.text.startswith("Not necessarily: foam rolling can be beneficial")
    assert message.text.endswith(
        "Source: the article's section “Other Methods for Relieving Upper Back Pain from Running”."
    )
    assert [b["title"] for b in message.buttons[-2:]] == ["👍 Helpful", "👎 Not helpful"]
    assert message.buttons[:-2] == [
        {
            "title": "Which stretches help upper back pain from running?",
            "payload": "/ask_stretches",
        },
        {"title": "What posture should I keep while running?", "payload": "/ask_posture"},
        {"title": "What helps with upper back pain from running?", "payload": "/ask_overview"},
        {"title": "Read the full passage", "payload": '/ask_more{"topic":"new_thing"}'},
    ]
    assert reply.state["discussed"] == ["new_thing"]


def test_other_topics_suggest_it_and_what_else_counts_its_method(session_on):
    common = answers.respond(
        session_on,
        Turn(text="is it common?", intent="ask_common", state={"disclaimer_shown": True}),
    )
    assert common.messages[0].buttons[0] == {
        "title": "Is foam rolling the only solution?",
        "payload": "/ask_new_thing",
    }
    after = answers.respond(
        session_on,
        Turn(
            text="what else?",
            intent="ask_what_else",
            state={"disclaimer_shown": True, "discussed": ["new_thing"]},
        ),
    )
    assert after.topic == "stretches"  # new_thing covered foam rolling, the first method
    fallback = answers.respond(
        session_on,
        Turn(
            text="only rolling or stretching?",
            intent="nlu_fallback",
            confidence=0.4,
            ranking=[("nlu_fallback", 0.45), ("ask_new_thing", 0.4), ("ask_stretches", 0.35)],
            state={"disclaimer_shown": True},
        ),
    )
    assert [b["payload"] for b in fallback.messages[0].buttons] == [
        "/ask_new_thing",
        "/ask_stretches",
    ]
