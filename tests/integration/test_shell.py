"""`make shell` as a person at a terminal uses it: `python -m ops.launcher shell` (rasa shell
and the action server) runs in a tmux pane; the test types questions, picks a suggested
question from the button menu with the arrow keys, types /unhelpful and /helpful to rate the
latest answer, and reads the screen (and the session's own remedy store)."""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bot import store, wording
from bot.settings import ROOT
from ops.launcher import PYTHON, build_store, free_port

WIDTH = 110
PROMPT = "Your input ->"
DATABASES: dict[str, str] = {}  # the remedy store of each shell session


def screen(name: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-J", "-S", "-500", "-t", name],
        capture_output=True,
        text=True,
    ).stdout


def wait_for(name: str, predicate, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = screen(name)
        if predicate(text):
            return text
        time.sleep(0.3)
    raise AssertionError(f"not on screen after {timeout} s:\n{screen(name)[-3000:]}")


def session_alive(name: str) -> bool:
    return subprocess.run(["tmux", "has-session", "-t", name], capture_output=True).returncode == 0


def keys(name: str, *sequence: str) -> None:
    subprocess.run(["tmux", "send-keys", "-t", name, *sequence], check=True)


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    assert shutil.which("tmux"), "tmux is missing: `make test` installs it"
    workdir = tmp_path_factory.mktemp("shell")
    name = f"shell-{uuid.uuid4().hex[:8]}"
    database = f"sqlite:///{workdir / 'remedies.db'}"
    build_store({"DATABASE_URL": database})
    command = (
        f"env ACTIONS_PORT={free_port()} RUN_DIR={workdir} DATABASE_URL={database} "
        f"TRACKER_STORE_URL=sqlite:///{workdir / 'tracker.db'} {PYTHON} -m ops.launcher shell"
        f" 2>{workdir / 'stderr.log'}"
    )
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            name,
            "-c",
            str(ROOT),
            "-x",
            str(WIDTH),
            "-y",
            "60",
            command,
        ],
        check=True,
        cwd=ROOT,
    )
    try:
        wait_for(name, lambda text: PROMPT in text, timeout=180)
        DATABASES[name] = database
        yield name
    finally:
        # /stop ends the shell, and the launcher then stops its action server; the pane (and
        # the session) closes when the launcher has exited. A session still there after that
        # is closed, which hangs the launcher up: it stops the action server all the same.
        keys(name, "/stop", "Enter")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and session_alive(name):
            time.sleep(0.2)
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def test_question_answer_and_suggestions(shell):
    keys(shell, "which stretches help?", "Enter")
    text = wait_for(shell, lambda t: "Use arrow keys" in t)
    assert "informational" in text  # the disclaimer, once, first
    # the whole answer is on screen, wrapped: the button menu cuts lines at the edge
    flat = " ".join(text.split())
    assert "cat-cow stretch, 2. the shoulder blade squeeze, 3. the chest opener." in flat
    assert "Stretching Exercises" in text
    assert "Type out your own message..." in text


def test_picking_a_suggestion_answers_it(shell):
    before = screen(shell).count("Source: the article's section")
    keys(shell, "Enter")  # the first suggestion: the strengthening question
    text = wait_for(shell, lambda t: t.count("Source: the article's section") > before)
    assert "strengthen" in text.lower().split("which exercises strengthen")[-1]


def test_typing_a_question_after_a_menu(shell):
    keys(shell, "Up", "Enter")  # from the first choice up to "Type out your own message..."
    wait_for(shell, lambda t: t.rstrip().endswith(PROMPT))
    keys(shell, "I get numbness in my arm when I run", "Enter")
    text = " ".join(wait_for(shell, lambda t: "urgent care" in " ".join(t.split())).split())
    assert "get medical care now" in text and "emergency number" in text


def flat(text: str) -> str:
    return " ".join(text.split())


def test_typed_helpful_and_unhelpful_rate_the_latest_answer(shell):
    keys(shell, "what should I avoid?", "Enter")
    wait_for(shell, lambda t: "Use arrow keys" in flat(t).split("jumping jacks")[-1])
    keys(shell, "Up", "Enter")  # "Type out your own message..."
    wait_for(shell, lambda t: t.rstrip().endswith(PROMPT))
    keys(shell, "/unhelpful", "Enter")
    sorry = " ".join(wording.RATED_UNHELPFUL.split()[:8])
    text = wait_for(shell, lambda t: "Use arrow keys" in flat(t).split(sorry)[-1])
    assert "Should I see a professional?" in text  # how to reach a person, as a button
    keys(shell, "Up", "Enter")
    wait_for(shell, lambda t: t.rstrip().endswith(PROMPT))
    keys(shell, "/helpful", "Enter")
    wait_for(shell, lambda t: wording.RATED_HELPFUL in flat(t))
    engine = create_engine(DATABASES[shell], future=True)
    with Session(engine) as session:
        [rating] = session.scalars(select(store.Rating)).all()
        answered = session.scalars(select(store.Answered).where(store.Answered.ref == rating.ref))
        [answer] = answered.all()
    engine.dispose()
    assert (rating.question, rating.topic, rating.helpful) == (
        "what should I avoid?",
        "avoid",
        True,
    )
    assert (answer.topic, answer.section) == (rating.topic, rating.section)
