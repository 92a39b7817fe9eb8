"""What the assistant, the report and the tools ask of the remedy store, and the records a
turn writes. Content lookups (topic, exercise, equipment, remedy, alias) read the snapshot;
sections, aliases and the unanswered log are read from the database.

A turn does not write while its reply is built: the reply collects records (`UnansweredRecord`,
`PickRecord`, `TriageRecord`, `AnsweredRecord`, `RatingRecord`) and `save_records` writes them
once, at the end of the turn, in the turn's transaction.

Needs SQLAlchemy, the models and the snapshot.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.store.models import (
    Alias,
    Answered,
    Equipment,
    Exercise,
    Rating,
    Remedy,
    Section,
    Topic,
    Triage,
    Unanswered,
)
from bot.store.snapshot import normal, snapshot_of


def topic(session: Session, key: str) -> Topic | None:
    return snapshot_of(session).topics.get(key)


def exercise(session: Session, slug: str) -> Exercise | None:
    return snapshot_of(session).exercises.get(slug)


def equipment(session: Session, slug: str) -> Equipment | None:
    return snapshot_of(session).equipment.get(slug)


def remedy(session: Session, slug: str) -> Remedy | None:
    return snapshot_of(session).remedy_by_slug.get(slug)


def remedies(session: Session) -> list[Remedy]:
    return list(snapshot_of(session).remedies)


def resolve_alias(session: Session, *, label: str, text: str) -> str | None:
    """The slug an entity's surface text names, or None for something the article lacks."""
    return snapshot_of(session).aliases.get((label, normal(text)))


def section(session: Session, slug: str) -> Section | None:
    return session.scalars(select(Section).where(Section.slug == slug)).first()


def sections(session: Session) -> list[Section]:
    return list(session.scalars(select(Section).order_by(Section.position)))


def aliases(session: Session) -> list[Alias]:
    """Every alias, for the spaCy entity ruler's patterns."""
    return list(session.scalars(select(Alias).order_by(Alias.label, Alias.text)))


def unanswered(session: Session) -> list[Unanswered]:
    return list(session.scalars(select(Unanswered).order_by(Unanswered.id)))


def ratings(session: Session) -> list[Rating]:
    return list(session.scalars(select(Rating).order_by(Rating.id)))


def new_ref() -> str:
    return secrets.token_hex(8)


@dataclass(frozen=True)
class UnansweredRecord:
    """A question the assistant could not answer from the article, to log."""

    text: str
    intent: str | None
    confidence: float | None
    reason: str
    ref: str = field(default_factory=new_ref)

    def save(self, session: Session) -> Unanswered:
        row = Unanswered(
            ref=self.ref,
            text=self.text[:2000],
            intent=self.intent,
            confidence=self.confidence,
            reason=self.reason,
        )
        session.add(row)
        return row


@dataclass(frozen=True)
class PickRecord:
    """The reader's answer to "did you mean", kept beside the question (by its ref) for
    review. A question no longer in the log is skipped."""

    ref: str
    intent: str

    def save(self, session: Session) -> None:
        session.execute(
            update(Unanswered).where(Unanswered.ref == self.ref).values(picked_intent=self.intent)
        )


@dataclass(frozen=True)
class TriageRecord:
    """A warning-sign reply was given for one kind of sign (a `bot.safety.SIGN_NAMES` name):
    counted in the report. Never the message text, never a sender id."""

    sign: str

    def save(self, session: Session) -> None:
        session.add(Triage(sign=self.sign[:80]))


@dataclass(frozen=True)
class AnsweredRecord:
    """An article answer given: the question as asked, the topic answered and the section
    cited. `ref` travels in the answer's rating buttons. No sender id."""

    question: str
    topic: str
    section: str | None
    ref: str = field(default_factory=new_ref)

    def save(self, session: Session) -> None:
        session.add(
            Answered(
                ref=self.ref,
                question=self.question[:2000],
                topic=self.topic[:80],
                section=(self.section or None) and self.section[:80],
            )
        )


@dataclass(frozen=True)
class RatingRecord:
    """A reader's "did this help?" on the answer `ref`: one row per answer, copied from its
    `Answered` row, so a second click changes the verdict instead of counting twice. An
    answer no longer in the store is skipped. One statement (an upsert), so two clicks at
    once cannot both insert."""

    ref: str
    helpful: bool

    def save(self, session: Session) -> None:
        dialect = session.get_bind().dialect.name
        insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[dialect]
        now = datetime.now(timezone.utc)
        source = select(
            Answered.ref,
            Answered.question,
            Answered.topic,
            Answered.section,
            literal(bool(self.helpful)),
            literal(now, Rating.rated_at.type),
        ).where(Answered.ref == self.ref)
        statement = insert(Rating).from_select(
            ["ref", "question", "topic", "section", "helpful", "rated_at"], source
        )
        session.execute(
            statement.on_conflict_do_update(
                index_elements=[Rating.ref],
                set_={
                    "helpful": statement.excluded.helpful,
                    "rated_at": statement.excluded.rated_at,
                },
            )
        )


def save_records(session: Session, records: list) -> None:
    """Write a turn's records in the session's transaction."""
    for record in records:
        record.save(session)
    if records:
        session.flush()


def log_unanswered(
    session: Session, *, text: str, intent: str | None, confidence: float | None, reason: str
) -> Unanswered:
    """Log one unanswered question now (tools and tests; a turn uses its records)."""
    row = UnansweredRecord(text, intent, confidence, reason).save(session)
    session.flush()
    return row
