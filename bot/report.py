"""The editor's report: what readers asked and how it went, from the remedy store, so the
content can grow where readers ask.

`make report` first deletes readers' questions older than the retention period
(RETENTION_DAYS, default 90: unanswered questions, answers given, ratings and warning-sign
counts), then prints a text summary (the unanswered questions grouped by similarity, most
frequent first) and writes a self-contained page, `var/report/index.html` (`bot.report_page`):
questions per topic over time, the helpful share per topic, the unanswered and the unhelpful
questions grouped by similarity, the "did you mean" choices readers made and the warning-sign
counts.

    python -m bot.report [--limit 20] [--out DIR]     # uses DATABASE_URL, like the assistant

Nothing in the store or the report names a reader: no sender id is stored with a question,
and examples shown have e-mail addresses, long numbers and id-like tokens masked.

Needs the remedy store (`bot.store`), `bot.settings` and, for the page, `bot.report_page`.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot import settings, store
from bot.safety import SIGN_NAMES
from bot.store.models import Answered, Rating, Topic, Triage, Unanswered

STOPWORDS = set(
    "a an the i me my we you your it its is are was were be been am do does did can could should "
    "would will how what which who whom why when where there this that these those to of in on "
    "for with and or but if so at by from about any some get got have has had just really please "
    "im i'm it's whats what's dont don't tell know want need like much many".split()
)

NOT_ANSWERED = "not answered"
REASONS = {
    "not_covered": "not in the article",
    "out_of_scope": "outside the article's subject",
    "unknown_intent": "outside the article's subject",
    "ambiguous": "unclear: did you mean",
    "fallback": "not understood",
}


def words(text: str) -> frozenset[str]:
    tokens = re.findall(r"[a-z0-9']+", text.lower())
    return frozenset(t.rstrip("s") if len(t) > 3 else t for t in tokens if t not in STOPWORDS)


def similar(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return a == b
    return len(a & b) / len(a | b) >= 0.5 or (len(a & b) >= 2 and min(len(a), len(b)) <= 3)


# Whatever could name a reader inside a question: shown masked.
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_MENTION = re.compile(r"<[@#!][\w|.-]+>|@\w{3,}")
_LONG_NUMBER = re.compile(r"\+?\d[\d\s().-]{5,}\d")
_ID_LIKE = re.compile(r"\b(?=[\w-]*\d)(?=[\w-]*[a-zA-Z])[\w-]{8,}\b")


def mask(text: str) -> str:
    """A question fit to show: e-mail addresses, @mentions, long numbers (phone numbers, chat
    ids) and id-like tokens (letters and digits, eight or more) replaced."""
    text = _EMAIL.sub("[e-mail]", text)
    text = _MENTION.sub("[someone]", text)
    text = _ID_LIKE.sub("[id]", text)
    return _LONG_NUMBER.sub("[number]", text)


class Asked(NamedTuple):
    """One question for grouping: its text, why it is listed (a reason or the topic answered),
    when, and the reader's "did you mean" pick."""

    text: str
    kind: str
    when: datetime | None
    pick: str | None = None


@dataclass
class Group:
    key: frozenset[str]
    texts: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)  # why listed: reasons, or topics answered
    picks: Counter = field(default_factory=Counter)
    last: datetime | None = None

    @property
    def count(self) -> int:
        return sum(self.texts.values())

    @property
    def example(self) -> str:
        return self.texts.most_common(1)[0][0]

    def others(self, n: int = 3) -> list[tuple[str, int]]:
        return self.texts.most_common(n + 1)[1:]


def _asked(row) -> Asked:
    if isinstance(row, Asked):
        return row
    if isinstance(row, Rating):
        return Asked(row.question, row.topic, row.rated_at)
    return Asked(row.text, row.reason, row.asked_at, row.picked_intent)


def group(rows: list) -> list[Group]:
    """Similar questions together (shared content words), most frequent first. Rows are
    `Unanswered` or `Rating` rows, or `Asked`; texts are masked (`mask`)."""
    groups: list[Group] = []
    for item in map(_asked, rows):
        text = mask(item.text.strip())
        key = words(text)
        target = next((g for g in groups if similar(g.key, key)), None)
        if target is None:
            target = Group(key)
            groups.append(target)
        target.texts[text] += 1
        target.reasons[item.kind] += 1
        if item.pick:
            target.picks[item.pick] += 1
        target.last = max(filter(None, [target.last, item.when]), default=None)
    return sorted(groups, key=lambda g: (-g.count, g.example))


def render(groups: list[Group], limit: int) -> str:
    total = sum(g.count for g in groups)
    lines = [f"Unanswered questions: {total} in {len(groups)} groups (most frequent first)", ""]
    for n, g in enumerate(groups[:limit], 1):
        reasons = ", ".join(f"{r} {c}" for r, c in g.reasons.most_common())
        if g.picks:
            reasons += "; readers picked " + ", ".join(f"{i} {c}" for i, c in g.picks.most_common())
        last = f"; last {g.last:%Y-%m-%d}" if g.last else ""
        lines.append(f'{n:3d}. x{g.count:<4d} "{g.example[:90]}"  [{reasons}{last}]')
        for text, count in g.others():
            lines.append(f'            also: "{text[:80]}"' + (f" x{count}" if count > 1 else ""))
    if len(groups) > limit:
        lines.append(f"... and {len(groups) - limit} more groups")
    return "\n".join(lines)


# Retention --------------------------------------------------------------------------------


def utcnow() -> datetime:
    """Now in UTC, without a zone, as the store's DateTime columns hold it."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


_KEPT = (
    ("unanswered questions", Unanswered, Unanswered.asked_at),
    ("answers given", Answered, Answered.asked_at),
    ("ratings", Rating, Rating.rated_at),
    ("warning-sign counts", Triage, Triage.at),
)


def prune(session: Session, *, days: int, now: datetime | None = None) -> dict[str, int]:
    """Delete readers' questions, answers given, ratings and warning-sign counts older than
    `days` days; returns how many rows of each went."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    gone = {}
    for name, model, column in _KEPT:
        result = session.execute(
            delete(model).where(column < cutoff).execution_options(synchronize_session=False)
        )
        gone[name] = result.rowcount or 0
    session.flush()
    return gone


# What the page shows ------------------------------------------------------------------------


def topic_label(key: str | None) -> str:
    """A topic key as a short label: "how_to_foam_roll" -> "How to foam roll"."""
    if not key:
        return "(none)"
    text = key.removeprefix("ask_").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


@dataclass
class Series:
    """Counts per period for each of a few names, in a fixed order (for a stacked chart)."""

    periods: list[date]
    by_name: dict[str, list[int]]
    weekly: bool

    def label(self, period: date) -> str:
        return (
            f"week of {self.short(period)}" if self.weekly else f"{period:%a} {self.short(period)}"
        )

    def short(self, period: date) -> str:
        return f"{period.day} {period:%b}"

    def totals(self) -> list[int]:
        return [sum(column) for column in zip(*self.by_name.values())] or [0] * len(self.periods)


@dataclass
class TopicRating:
    topic: str
    label: str
    helpful: int
    unhelpful: int

    @property
    def rated(self) -> int:
        return self.helpful + self.unhelpful

    @property
    def share(self) -> float:
        return self.helpful / self.rated if self.rated else 0.0


@dataclass
class Pick:
    label: str
    count: int
    examples: list[str]


@dataclass
class Report:
    """Everything the page and the summary show, computed from the store's rows."""

    generated: datetime
    days: int
    pruned: dict[str, int]
    answered: int
    unanswered: int
    rated: int
    helpful: int
    triaged: int
    first: datetime | None
    last: datetime | None
    over_time: Series
    ratings: list[TopicRating]
    unanswered_groups: list[Group]
    unhelpful_groups: list[Group]
    offered: int  # "did you mean" questions
    picks: list[Pick]  # what readers chose, then "no choice made"
    triage: list[tuple[str, int]]

    @property
    def empty(self) -> bool:
        return not (self.answered or self.unanswered or self.rated or self.triaged)

    @property
    def helpful_share(self) -> float:
        return self.helpful / self.rated if self.rated else 0.0

    def reason(self, name: str) -> str:
        return REASONS.get(name, name.replace("_", " "))


MAX_SERIES = 6  # topics drawn apart in the chart over time; the rest are "other topics"


def _periods(times: list[datetime], now: datetime) -> tuple[list[date], bool]:
    """The days (a span up to two weeks) or weeks from the first question to now."""
    first = min(times).date() if times else now.date()
    weekly = (now.date() - first).days >= 14
    if weekly:
        first -= timedelta(days=first.weekday())
    step = timedelta(days=7 if weekly else 1)
    periods = []
    while first <= now.date():
        periods.append(first)
        first += step
    return periods, weekly


def _over_time(answered: list[Answered], unanswered: list[Unanswered], now: datetime) -> Series:
    times = [r.asked_at for r in answered] + [r.asked_at for r in unanswered]
    periods, weekly = _periods(times, now)
    counts = Counter(r.topic for r in answered)
    top = [t for t, _ in counts.most_common(MAX_SERIES)]
    names = [topic_label(t) for t in top]
    if len(counts) > MAX_SERIES:
        names.append("other topics")
    if unanswered:
        names.append(NOT_ANSWERED)
    by_name = {name: [0] * len(periods) for name in names}

    def slot(when: datetime) -> int:
        day = when.date()
        if weekly:
            day -= timedelta(days=day.weekday())
        return max(0, min(len(periods) - 1, (day - periods[0]).days // (7 if weekly else 1)))

    for row in answered:
        name = topic_label(row.topic) if row.topic in top else "other topics"
        by_name[name][slot(row.asked_at)] += 1
    for row in unanswered:
        by_name[NOT_ANSWERED][slot(row.asked_at)] += 1
    return Series(periods, by_name, weekly)


def _ratings(rows: list[Rating], labels: dict[str, str]) -> list[TopicRating]:
    per: dict[str, TopicRating] = {}
    for row in rows:
        entry = per.setdefault(
            row.topic, TopicRating(row.topic, labels.get(row.topic, topic_label(row.topic)), 0, 0)
        )
        if row.helpful:
            entry.helpful += 1
        else:
            entry.unhelpful += 1
    return sorted(per.values(), key=lambda r: (-r.rated, r.label))


def _picks(rows: list[Unanswered], intents: dict[str, str], labels: dict[str, str]) -> list[Pick]:
    offered = [r for r in rows if r.reason == "ambiguous" or r.picked_intent]
    chosen: dict[str, Pick] = {}
    for row in offered:
        if row.picked_intent:
            key = intents.get(row.picked_intent, row.picked_intent)
            label = labels.get(key, topic_label(key))
        else:
            label = "no choice made"
        pick = chosen.setdefault(label, Pick(label, 0, []))
        pick.count += 1
        text = mask(row.text.strip())
        if text not in pick.examples and len(pick.examples) < 3:
            pick.examples.append(text)
    return sorted(chosen.values(), key=lambda p: (p.label == "no choice made", -p.count, p.label))


def collect(
    session: Session, *, days: int, pruned: dict[str, int] | None = None, now=None
) -> Report:
    """The report from the rows in the store (after `prune`)."""
    now = now or utcnow()
    topics = session.scalars(select(Topic)).all()
    labels = {t.key: topic_label(t.key) for t in topics}
    intents = {t.intent: t.key for t in topics if t.intent}
    unanswered = session.scalars(select(Unanswered).order_by(Unanswered.id)).all()
    answered = session.scalars(select(Answered).order_by(Answered.id)).all()
    ratings = session.scalars(select(Rating).order_by(Rating.id)).all()
    triage = session.scalars(select(Triage).order_by(Triage.id)).all()
    signs = Counter(r.sign for r in triage)
    order = {name: i for i, name in enumerate(SIGN_NAMES)}
    times = [r.asked_at for r in (*unanswered, *answered)] + [r.rated_at for r in ratings]
    times += [r.at for r in triage]
    return Report(
        generated=now,
        days=days,
        pruned=pruned or {},
        answered=len(answered),
        unanswered=len(unanswered),
        rated=len(ratings),
        helpful=sum(1 for r in ratings if r.helpful),
        triaged=len(triage),
        first=min(times, default=None),
        last=max(times, default=None),
        over_time=_over_time(answered, unanswered, now),
        ratings=_ratings(ratings, labels),
        unanswered_groups=group(unanswered),
        unhelpful_groups=group([r for r in ratings if not r.helpful]),
        offered=sum(1 for r in unanswered if r.reason == "ambiguous"),
        picks=_picks(unanswered, intents, labels),
        triage=sorted(signs.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])),
    )


def summary(report: Report, limit: int) -> str:
    """The text the command prints: totals, then the unanswered questions by group."""
    lines = []
    if report.empty:
        lines.append("Nothing to report yet: no questions, ratings or warning signs logged.")
    else:
        share = f" ({report.helpful_share:.0%} helpful)" if report.rated else ""
        lines.append(
            f"Answers given: {report.answered}; unanswered: {report.unanswered}; "
            f"rated: {report.rated}{share}; warning-sign replies: {report.triaged}"
        )
        if report.unanswered_groups:
            lines += ["", render(report.unanswered_groups, limit)]
        if report.unhelpful_groups:
            lines += ["", f"Rated unhelpful: {sum(g.count for g in report.unhelpful_groups)}"]
            for g in report.unhelpful_groups[:limit]:
                topics = ", ".join(topic_label(t) for t, _ in g.reasons.most_common())
                lines.append(f'  x{g.count:<4d} "{g.example[:80]}"  [answered: {topics}]')
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=20, help="groups printed (default 20)")
    ap.add_argument("--out", type=Path, default=None, help="folder for index.html")
    args = ap.parse_args(argv)
    days = settings.retention_days()
    out = args.out or settings.report_dir()
    try:
        with store.session_scope() as session:
            store.ensure_ready(session)
            pruned = prune(session, days=days)
            report = collect(session, days=days, pruned=pruned)
    except store.StoreNotReady as error:
        print(error)
        return 1
    gone = ", ".join(f"{n} {name}" for name, n in pruned.items() if n) or "nothing"
    print(
        f"Retention: {days} days (RETENTION_DAYS); pruned {gone} older than that from "
        f"{store.display_url(settings.database_url())}."
    )
    print(summary(report, args.limit))
    from bot.report_page import write_page

    path = write_page(report, out)
    print(f"\nReport page: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
