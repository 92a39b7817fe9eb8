"""The editor's report: grouping, masking, retention (pruning), the figures it computes, the
page rendered from its template (charts and tables), an empty store, and `make report`'s
command (`bot.report.main`) on a seeded in-memory store."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot import report, settings
from bot.report_page import render_page
from bot.store.models import Answered, Rating, Triage, Unanswered
from tests.report_data import NOW, seed


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def make(session, days=90, now=NOW):
    pruned = report.prune(session, days=days, now=now)
    return report.collect(session, days=days, pruned=pruned, now=now)


def test_similar_questions_are_grouped_most_frequent_first():
    asked = [
        report.Asked("how do I treat shin splints", "out_of_scope", NOW),
        report.Asked("best 10k pace", "out_of_scope", NOW),
        report.Asked("how to treat shin splints?", "out_of_scope", NOW - timedelta(days=1)),
        report.Asked("shin splints treatment", "not_covered", NOW, "ask_stretches"),
        report.Asked("what is a good 10k pace", "out_of_scope", NOW),
    ]
    groups = report.group(asked)
    assert [g.count for g in groups] == [3, 2]
    assert groups[0].reasons == {"out_of_scope": 2, "not_covered": 1}
    assert groups[0].picks == {"ask_stretches": 1} and groups[0].last == NOW
    assert [t for t, _ in groups[0].others()] == [
        "how to treat shin splints?",
        "shin splints treatment",
    ]


@pytest.mark.parametrize(
    "text, hidden",
    [
        ("email me at jo.runner+back@example.co.uk please", "jo.runner+back@example.co.uk"),
        ("call 07700 900123 about my back", "07700 900123"),
        ("my chat is 5812734461", "5812734461"),
        ("I am 3f9c2a7e-41d0-4b8e-9a51-0c6e2b7d1f00 on the widget", "3f9c2a7e"),
        ("<@U04ABCD12> says my back hurts", "U04ABCD12"),
        ("session a1b2c3d4e5f6 lost", "a1b2c3d4e5f6"),
    ],
)
def test_what_could_name_a_reader_is_masked(text, hidden):
    masked = report.mask(text)
    assert hidden not in masked and "[" in masked


def test_ordinary_questions_are_not_masked():
    for text in ("is a 10k run ok with upper back pain?", "5-10 minutes of rolling", "T-spine"):
        assert report.mask(text) == text


def test_rows_older_than_the_retention_period_are_pruned(session):
    seed(session)
    before = {m: count(session, m) for m in (Unanswered, Answered, Rating, Triage)}
    gone = report.prune(session, days=90, now=NOW)
    assert gone == {
        "unanswered questions": 1,
        "answers given": 1,
        "ratings": 1,
        "warning-sign counts": 1,
    }
    for model, n in before.items():
        assert count(session, model) == n - 1
    assert not session.scalars(select(Unanswered).where(Unanswered.text.like("%old%"))).all()
    assert report.prune(session, days=90, now=NOW) == dict.fromkeys(gone, 0)


def test_a_shorter_retention_period_prunes_more(session):
    seed(session)
    report.prune(session, days=7, now=NOW)
    cutoff = NOW - timedelta(days=7)
    assert session.scalar(select(func.min(Answered.asked_at))) >= cutoff
    assert session.scalar(select(func.min(Rating.rated_at))) >= cutoff
    assert count(session, Unanswered) == 3  # asked 0, 3 and 6 days ago
    assert count(session, Triage) == 2  # 0 and 5 days ago


def test_retention_days_come_from_the_environment(monkeypatch):
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    assert settings.retention_days() == 90
    monkeypatch.setenv("RETENTION_DAYS", "30")
    assert settings.retention_days() == 30
    for bad in ("0", "ninety"):
        monkeypatch.setenv("RETENTION_DAYS", bad)
        with pytest.raises(ValueError, match="RETENTION_DAYS"):
            settings.retention_days()


def test_the_report_counts_what_readers_asked_and_how_it_went(session):
    expected = seed(session)
    r = make(session)
    assert (r.answered, r.unanswered, r.rated) == (
        expected["answered"],
        expected["unanswered"],
        expected["rated"],
    )
    assert r.helpful == expected["helpful"] and r.triaged == expected["triage"]
    # Over time: weeks (five of them), each question counted once, in its topic or not answered.
    series = r.over_time
    assert series.weekly and len(series.periods) == 5
    assert sum(series.totals()) == r.answered + r.unanswered
    assert series.by_name["Stretches"] == [4, 6, 5, 8, 9]
    assert sum(series.by_name[report.NOT_ANSWERED]) == r.unanswered
    assert "other topics" in series.by_name  # eight topics, six drawn apart
    # Helpful share per topic, most rated first.
    shares = {t.topic: (t.helpful, t.unhelpful) for t in r.ratings}
    assert shares == {
        "stretches": (9, 2),
        "how_to_foam_roll": (6, 3),
        "posture": (3, 3),
        "equipment": (2, 1),
    }
    assert r.ratings[0].topic == "stretches" and r.ratings[0].share == pytest.approx(9 / 11)
    # Unanswered and unhelpful, grouped.
    assert r.unanswered_groups[0].count == 3 and "shin splints" in r.unanswered_groups[0].example
    assert [g.count for g in r.unhelpful_groups] == [3, 3, 2, 1]
    assert r.unhelpful_groups[0].reasons.keys() <= {"posture", "how_to_foam_roll"}
    # "Did you mean": what readers chose, then no choice.
    assert r.offered == 4
    assert [(p.label, p.count) for p in r.picks] == [
        ("Stretches", 2),
        ("Strengthening", 1),
        ("no choice made", 1),
    ]
    # Warning signs, in safety's order, without the pruned old one.
    assert r.triage == [
        ("chest pain", 2),
        ("breathlessness", 1),
        ("pain after a fall or accident", 1),
    ]


def test_a_short_span_is_shown_day_by_day(session):
    session.add(Answered(ref="a1", question="q", topic="posture", asked_at=NOW - timedelta(days=2)))
    session.add(Unanswered(ref="u1", text="q", reason="out_of_scope", asked_at=NOW))
    session.flush()
    series = make(session).over_time
    assert not series.weekly and len(series.periods) == 3
    assert series.by_name == {"Posture": [1, 0, 0], report.NOT_ANSWERED: [0, 0, 1]}


def tables(html: str) -> list[str]:
    return re.findall(r"<table>.*?</table>", html, flags=re.S)


def test_the_page_has_a_chart_and_a_captioned_table_for_each_part(session):
    seed(session)
    html = render_page(make(session))
    assert html.count("<svg") == 6 and html.count('role="img"') == 6
    found = tables(html)
    assert len(found) == 6
    assert all("<caption>" in t and "<td" in t for t in found)
    # No external resource: no script, no link, nothing fetched from a URL.
    assert "<script" not in html and "<link" not in html
    assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", html)
    assert not re.search(r"url\((?!#)", html)
    for text in ("how do I treat shin splints", "how long do I roll each spot", "breathlessness"):
        assert text in html
    assert "an old unanswered one" not in html  # pruned
    # Several inline charts: every id unique, every reference resolves.
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    for ref in re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', html):
        assert (ref[0] or ref[1]) in ids


def test_readers_text_is_shown_as_text(session):
    for i, text in enumerate(("<script>alert(1)</script> my back", "is a $50 roller $worth it")):
        session.add(Unanswered(ref=f"x{i}", text=text, reason="not_covered", asked_at=NOW))
    session.add(Rating(ref="r1", question="<img src=x onerror=alert(1)>", topic="posture",
                       helpful=False, rated_at=NOW))  # fmt: skip
    session.flush()
    html = render_page(make(session))
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; my back" in html
    assert "is a $50 roller $worth it" in html  # drawn as written, not as mathtext


def test_an_empty_store_gives_a_page_that_says_so(session):
    r = make(session)
    assert r.empty
    html = render_page(r)
    assert "Nothing to report yet" in html
    assert "<svg" not in html and "<table" not in html


def test_make_report_prunes_prints_and_writes_the_page(factory, session, tmp_path, capsys,
                                                       monkeypatch):  # fmt: skip
    monkeypatch.setenv("RETENTION_DAYS", "90")
    seed(session, now=report.utcnow())
    session.commit()
    assert report.main(["--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Retention: 90 days (RETENTION_DAYS); pruned 1 unanswered questions" in out
    assert "1 warning-sign counts" in out
    assert 'x3    "how do I treat shin splints"' in out
    page = (tmp_path / "index.html").read_text()
    assert page.count("<svg") == 6 and "how do I treat shin splints" in page
    assert count(session, Unanswered) == 10


def test_make_report_on_an_empty_store(factory, tmp_path, capsys):
    assert report.main(["--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "pruned nothing" in out and "Nothing to report yet" in out
    assert "Nothing to report yet" in (tmp_path / "index.html").read_text()
