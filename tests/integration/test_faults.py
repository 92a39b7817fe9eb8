"""One server, one fault: with the action server stopped the reader gets a polite
"temporarily unavailable" reply instead of silence, every turn is still stored, and answers
come back, with the conversation's state, once the action server is restarted. The test
waits until the fault is observed (the process gone, its port refusing connections) before
asking, and until the server answers again after the restart."""

from __future__ import annotations

import json
import sqlite3

import pytest

from bot.answers import UNAVAILABLE
from ops.launcher import http_ok, port_open, wait_until
from tests.servers import Assistant


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    assistant = Assistant(tmp_path_factory.mktemp("faults")).start()
    yield assistant
    assistant.stop()


def user_messages(bot, sender: str) -> list[str]:
    """The stored user messages of REST sender `sender` (its conversation is "rest:<sender>")."""
    db = sqlite3.connect(bot.workdir / "tracker.db")
    rows = db.execute(
        "select data from events where sender_id=? and type_name='user' order by id",
        ("rest:" + sender,),
    ).fetchall()
    return [json.loads(data)["text"] for (data,) in rows]


def test_action_server_down_gives_a_polite_reply_and_loses_no_turn(bot):
    first = bot.text("reader", "which stretches help?")
    assert "cat-cow" in first and "informational" in first
    bot.stop_actions()
    try:
        # the fault, observed: the process has exited and nothing listens on its port
        wait_until(lambda: not port_open(bot.actions_port), "the action server's port closed", 30)
        assert bot.actions.proc.poll() is not None
        for question in ("what should I avoid?", "is foam rolling enough on its own?"):
            assert bot.text("reader", question) == UNAVAILABLE
        assert bot.stopped() == ["actions"]  # only the action server is down
        assert bot.rasa[0].poll() is None
    finally:
        bot.start_actions()
    wait_until(lambda: http_ok(f"http://127.0.0.1:{bot.actions_port}/health"), "health", 30)
    after = bot.text("reader", "what should I avoid?")
    assert "high-impact" in after
    assert "informational" not in after  # the conversation's state survived the outage
    assert user_messages(bot, "reader") == [
        "which stretches help?",
        "what should I avoid?",
        "is foam rolling enough on its own?",
        "what should I avoid?",
    ]
