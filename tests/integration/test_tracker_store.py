"""The windowed SQL tracker store on a real SQLite file: every event is kept in order, a turn
loads only a recent window that starts at a user message, and the slots survive the cut."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)

from bot.settings import ROOT
from rasa_addons.tracker_store import WindowedSQLTrackerStore

WINDOW = 10


@pytest.fixture(scope="module")
def domain():
    return Domain.load(ROOT / "domain.yml")


@pytest.fixture
def store(tmp_path, domain):
    return WindowedSQLTrackerStore(
        domain=domain, dialect="sqlite", db=str(tmp_path / "t.db"), window=WINDOW
    )


def run(coro):
    return asyncio.run(coro)


def talk(store, sender: str, turns: int, start: int = 0):
    """`turns` user messages with the action's reply and slot changes, saved turn by turn."""
    for i in range(start, start + turns):
        tracker = run(store.get_or_create_tracker(sender, append_action_listen=True))
        tracker.update(UserUttered(f"question {i}", {"name": "ask_stretches", "confidence": 1.0}))
        tracker.update(ActionExecuted("action_respond"))
        tracker.update(BotUttered(f"answer {i}"))
        if i == 0:
            tracker.update(SlotSet("disclaimer_shown", True))
        tracker.update(SlotSet("topic", f"topic-{i}"))
        tracker.update(ActionExecuted("action_listen"))
        run(store.save(tracker))


def user_texts(db, sender: str) -> list[str]:
    rows = sqlite3.connect(db).execute(
        "select data from events where sender_id=? and type_name='user' order by id", (sender,)
    )
    import json

    return [json.loads(data)["text"] for (data,) in rows]


def test_every_message_is_stored_once_in_order(store, tmp_path):
    talk(store, "a", 30)
    talk(store, "b", 3)
    assert user_texts(tmp_path / "t.db", "a") == [f"question {i}" for i in range(30)]
    assert user_texts(tmp_path / "t.db", "b") == [f"question {i}" for i in range(3)]


def test_a_turn_loads_a_window_starting_at_a_user_message(store):
    talk(store, "a", 30)
    tracker = run(store.retrieve("a"))
    assert len(tracker.events) <= WINDOW + len(tracker.slots)
    first_real = next(e for e in tracker.events if not isinstance(e, SlotSet))
    assert isinstance(first_real, UserUttered)
    assert tracker.latest_message.text == "question 29"


def test_slots_set_before_the_window_survive(store):
    talk(store, "a", 30)
    tracker = run(store.retrieve("a"))
    assert tracker.get_slot("disclaimer_shown") is True  # set at turn 0, far outside the window
    assert tracker.get_slot("topic") == "topic-29"


def test_the_full_conversation_stays_available(store):
    talk(store, "a", 30)
    full = run(store.retrieve_full_tracker("a"))
    assert [e.text for e in full.events if isinstance(e, UserUttered)] == [
        f"question {i}" for i in range(30)
    ]


def test_a_new_session_starts_the_window(store, tmp_path):
    talk(store, "a", 3)
    tracker = run(store.retrieve("a"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    run(store.save(tracker))
    talk(store, "a", 1, start=3)
    tracker = run(store.retrieve("a"))
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == ["question 3"]
    assert len(user_texts(tmp_path / "t.db", "a")) == 4


def test_a_turn_longer_than_the_window_is_read_whole_from_its_user_message(store):
    talk(store, "a", 3)
    tracker = run(store.retrieve("a"))
    tracker.update(UserUttered("a long one", {"name": "ask_stretches", "confidence": 1.0}))
    tracker.update(ActionExecuted("action_respond"))
    for i in range(3 * WINDOW):
        tracker.update(BotUttered(f"part {i}"))
    tracker.update(ActionExecuted("action_listen"))
    run(store.save(tracker))
    tracker = run(store.retrieve("a"))
    real = [e for e in tracker.events if not isinstance(e, SlotSet)]
    assert isinstance(real[0], UserUttered)
    assert [e.text for e in real if isinstance(e, UserUttered)][-1] == "a long one"
    parts = [e.text for e in real if isinstance(e, BotUttered) and e.text.startswith("part")]
    assert parts == [f"part {i}" for i in range(3 * WINDOW)]
    talk(store, "a", 1, start=3)  # and the next, ordinary turn is a window again
    tracker = run(store.retrieve("a"))
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == ["question 3"]


def test_unknown_conversation_is_none(store):
    assert run(store.retrieve("nobody")) is None


def test_events_read_back_exactly_as_rasa_reads_them():
    """The store reads each row through its own table of event classes (EventClasses): the
    same events as Rasa's own reading, with or without rasa_addons/patches.py installed."""
    from rasa.shared.core.events import deserialise_events

    from rasa_addons.tracker_store import EventClasses

    read = EventClasses().read
    events = [
        UserUttered("hi", {"name": "greet", "confidence": 0.9}, [{"entity": "remedy"}]),
        ActionExecuted("action_respond"),
        BotUttered("hello", {"buttons": []}),
        SlotSet("options", ["a", "b"]),
        SessionStarted(),
        ActionExecuted("action_listen"),
    ]
    dicts = [e.as_dict() for e in events]
    assert [read(d) for d in dicts] == deserialise_events(dicts) == events
    assert read({"event": "topic"}) is None and read({"no": "event"}) is None
    with pytest.raises(ValueError, match="Unknown event name"):  # as Rasa's own reading does
        read({"event": "no_such_event"})


def test_every_event_name_resolves_to_the_class_rasas_search_finds():
    from rasa.shared.utils.common import all_subclasses

    from rasa_addons import patches
    from rasa_addons.tracker_store import EventClasses

    rasas_search = patches.rasas(Event, "resolve_by_type")  # Rasa's own, replaced or not
    classes = EventClasses()
    names = {cls.type_name for cls in all_subclasses(Event)}
    assert len(names) > 20
    for name in names:
        assert classes._by_name[name] is rasas_search(name), name

    class Later(ActionExecuted):  # defined after the table: Rasa's own reading finds it
        type_name = "tracker_store_test_event"

    assert classes.read({"event": "tracker_store_test_event", "name": "x"}) == Later("x")


def test_the_store_does_not_need_the_patches():
    """Importing and using the store leaves rasa_addons.patches unimported and Rasa unchanged."""
    import subprocess
    import sys

    code = (
        "import sys, tempfile, asyncio\n"
        "from rasa.shared.core.domain import Domain\n"
        "from rasa.shared.core.events import ActionExecuted, Event, UserUttered\n"
        "from rasa_addons.tracker_store import WindowedSQLTrackerStore\n"
        "resolve = vars(Event)['resolve_by_type']\n"
        "store = WindowedSQLTrackerStore(Domain.empty(), dialect='sqlite',\n"
        "                                db=tempfile.mkdtemp() + '/t.db')\n"
        "tracker = asyncio.run(store.get_or_create_tracker('a'))\n"
        "tracker.update(UserUttered('hi')); tracker.update(ActionExecuted('action_listen'))\n"
        "asyncio.run(store.save(tracker))\n"
        "back = asyncio.run(store.retrieve('a'))\n"
        "assert back.latest_message.text == 'hi', back.events\n"
        "assert 'rasa_addons.patches' not in sys.modules\n"
        "assert vars(Event)['resolve_by_type'] is resolve\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


RACE = """
import logging, sys, time
from pathlib import Path
from rasa.shared.core.domain import Domain
from rasa_addons.tracker_store import WindowedSQLTrackerStore
logging.disable(logging.CRITICAL)
go = Path(sys.argv[2])
print("waiting", flush=True)
while not go.exists():
    time.sleep(0.005)
WindowedSQLTrackerStore(Domain.empty(), dialect="sqlite", db=sys.argv[1])
print("ready")
"""


def test_workers_starting_together_on_a_new_sqlite_file_all_start(tmp_path):
    """Sanic workers create the store at the same moment: each must start, whichever of
    them creates the tables."""
    import subprocess
    import sys

    for round_ in range(3):
        db, go = tmp_path / f"race{round_}.db", tmp_path / f"go{round_}"
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", RACE, str(db), str(go)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        for worker in workers:  # imports done: every worker waits for the signal
            assert worker.stdout.readline().strip() == "waiting"
        go.touch()
        for worker in workers:
            out, err = worker.communicate(timeout=120)
            assert worker.returncode == 0 and out.strip() == "ready", err[-600:]


def test_an_error_inside_a_database_session_fails_the_call_not_the_server(store):
    # Rasa's own session scope calls sys.exit on any ValueError (UnicodeEncodeError is one).
    with pytest.raises(ValueError):
        with store.session_scope():
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
    assert run(store.retrieve("nobody")) is None  # and the store still works
