"""One server, one fault: with the action server stopped the reader gets a polite
"temporarily unavailable" reply instead of silence, every turn is still stored, and answers
come back, with the conversation's state, once the action server is restarted."""
from __future__ import annotations

import sqlite3

import pytest

from bot.answers import UNAVAILABLE
from tests.servers import Assistant


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    assistant = Assistant(tmp_path_factory.mktemp("faults")).start()
    yield assistant
    assistant.stop()


def user_messages(bot, sender: str) -> list[str]:
    import json
    db = sqlite3.connect(bot.workdir / "tracker.db")
    rows = db.execute("select data from events where sender_id=? and type_name='user' "
                      "order by id", (sender,)).fetchall()
    return [json.loads(data)["text"] for (data,) in rows]


def test_action_server_down_gives_a_polite_reply_and_loses_no_turn(bot):
    first = bot.text("reader", "which stretches help?")
    assert "cat-cow" in first and "informational" in first
    bot.stop_actions()
    try:
        for question in ("what should I avoid?", "is foam rolling enough on its own?"):
            assert bot.text("reader", question) == UNAVAILABLE
        assert bot.alive() is False  # only the action server is down
        assert bot.procs[1].poll() is None
    finally:
        bot.start_actions()
    after = bot.text("reader", "what should I avoid?")
    assert "high-impact" in after
    assert "informational" not in after  # the conversation's state survived the outage
    assert user_messages(bot, "reader") == ["which stretches help?", "what should I avoid?",
                                            "is foam rolling enough on its own?",
                                            "what should I avoid?"]
