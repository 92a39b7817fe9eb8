"""The editor's report in real headless Chromium (Debian's), opened from disk: readers talk to
the running assistant over REST with known sender ids, weeks of history are added to the same
remedy store, `python -m bot.report` (what `make report` runs) builds the page, and the page
must show its charts and tables, fetch nothing, and contain none of the sender ids, which the
tracker store does hold. A screenshot is saved to tests/screenshots/report.png."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from bot.settings import ROOT
from bot.store.models import Triage, Unanswered
from tests.browser.test_widget import ARGS, CHROMIUM
from tests.report_data import seed

SCREENSHOT = ROOT / "tests" / "screenshots" / "report.png"
# Sender ids as the channels make them: REST (anything), socket.io (a hex session id), Slack
# (a user id), Telegram (a chat number).
SENDERS = [
    "reader-7d1e3c2b9a84f0e6",
    "4c9f0e2a7b1d4e8f9a3b6c2d1e0f7a5b",
    "U04QX7RUNNER",
    "5812734461",
]
QUESTIONS = [
    ("which stretches help my upper back?", "stretch"),
    ("how do I treat shin splints", ""),
    ("I get chest pain and feel dizzy on my runs", "medical"),
    # A reader pasting their own id into a question.
    (f"my id is {SENDERS[0]}, should I use ice or heat?", ""),
]


@pytest.fixture(scope="module")
def built(assistant, tmp_path_factory):
    for sender in SENDERS:
        for question, expected in QUESTIONS:
            reply = assistant.text(sender, question)
            assert expected in reply.lower()
    url = f"sqlite:///{assistant.workdir / 'remedies.db'}"
    engine = create_engine(url, future=True)
    with Session(engine) as session:
        # What the conversations wrote: the unanswered questions and the warning signs.
        signs = session.scalars(select(Triage.sign)).all()
        assert signs.count("chest pain") == len(SENDERS)
        asked = session.scalar(select(func.count()).select_from(Unanswered))
        assert asked >= 2 * len(SENDERS)
        seed(session, now=_now())
        session.commit()
    engine.dispose()
    out = tmp_path_factory.mktemp("report")
    env = {**os.environ, "DATABASE_URL": url, "RETENTION_DAYS": "90"}
    run = subprocess.run(
        [sys.executable, "-m", "bot.report", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    # The tracker store (with its write-ahead log) holds every conversation by sender id.
    tracker = b"".join(f.read_bytes() for f in assistant.workdir.glob("tracker.db*"))
    assert all(sender.encode() in tracker for sender in SENDERS)  # the ids were there to leak
    return out / "index.html", run.stdout


def _now():
    from bot.report import utcnow

    return utcnow()


@pytest.fixture(scope="module")
def page(built):
    path, _ = built
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make browser` installs Debian's chromium package")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.requests = []
        page.on("request", lambda r: page.requests.append(r.url))
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        yield page
        browser.close()


def test_make_report_says_what_it_pruned_and_where_the_page_is(built):
    path, stdout = built
    assert "Retention: 90 days (RETENTION_DAYS); pruned 1 unanswered questions" in stdout
    assert "how do I treat shin splints" in stdout
    assert f"Report page: {path}" in stdout


def test_the_page_opens_from_disk_and_fetches_nothing(page, built):
    path, _ = built
    assert page.requests == [path.as_uri()]
    assert page.title().startswith("What readers asked")


def test_every_chart_is_drawn(page):
    charts = page.locator("svg.chart")
    assert charts.count() == 6
    for i in range(charts.count()):
        chart = charts.nth(i)
        box = chart.bounding_box()
        assert box["width"] > 300 and box["height"] > 80
        assert chart.get_attribute("aria-label")
        assert chart.locator("path").count() > 5 and chart.locator("text").count() > 3


def test_every_table_has_a_caption_and_rows(page):
    tables = page.locator("table")
    assert tables.count() == 6
    for i in range(tables.count()):
        table = tables.nth(i)
        assert table.locator("caption").inner_text().strip()
        assert table.locator("tbody tr").count() >= 1
        assert table.bounding_box()["height"] > 40


def test_the_conversations_show_in_the_figures(page):
    triage = page.locator("section[aria-labelledby=triage] table").inner_text()
    # Two seeded, one per reader who described chest pain over REST.
    assert f"chest pain\t{2 + len(SENDERS)}" in triage
    assert f"fainting or dizziness\t{len(SENDERS)}" in triage
    unanswered = page.locator("section[aria-labelledby=unanswered] table").inner_text()
    assert "how do I treat shin splints" in unanswered
    assert "should I use ice or heat?" in unanswered
    assert "my id is [id]" in unanswered


def test_no_sender_id_is_on_the_page(page, built):
    path, _ = built
    html = path.read_text()
    text = page.inner_text("body")
    for sender in SENDERS:
        assert sender not in html and sender not in text
        assert sender[:8] not in text


def test_screenshot(page):
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 50_000
