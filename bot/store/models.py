"""The remedy store's tables, as SQLAlchemy models: the article's content (sections, topics,
remedies, exercise kinds, exercises, equipment, aliases), the store's content version, the
log of questions the assistant could not answer, the answers given, readers' ratings and
warning-sign triage counts.

Needs only SQLAlchemy. Content rows are written by `bot.store.loading` alone and read through
`bot.store.snapshot`; the unanswered log is written at the end of a turn (`bot.store.queries`).
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship
from sqlalchemy.types import TypeDecorator

Base = declarative_base()


class SlugList(TypeDecorator):
    """A tuple of slugs, stored as one comma-separated string."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return ",".join(value or ())

    def process_result_value(self, value, dialect):
        return tuple(slug for slug in (value or "").split(",") if slug)


class Section(Base):
    __tablename__ = "sections"
    id = Column(Integer, primary_key=True)
    slug = Column(String(80), unique=True, nullable=False)
    heading = Column(String(200), nullable=False)
    title = Column(String(200), nullable=False)
    position = Column(Integer, nullable=False)
    body = Column(Text, nullable=False)


class Topic(Base):
    """One answer a reader can get, with the passage of the article it rests on, and where the
    conversation goes from it."""

    __tablename__ = "topics"
    id = Column(Integer, primary_key=True)
    key = Column(String(80), unique=True, nullable=False)
    intent = Column(String(80), nullable=True, index=True)  # None: reached by name only
    question = Column(String(300), nullable=False)  # also the title of its suggestion button
    answer = Column(Text, nullable=False)
    passage = Column(Text, nullable=False)
    items = Column(SlugList(300), nullable=False, default=())  # a numbered list in the answer
    list_of = Column(String(40), nullable=True)  # remedy | exercise | equipment: what items are
    next_topics = Column(SlugList(300), nullable=False, default=())  # suggested after it
    method = Column(String(80), nullable=True)  # the remedy (of the five) the topic covers
    starter = Column(Integer, nullable=True)  # rank among the questions offered to start with
    narrowed_by = Column(SlugList(80), nullable=False, default=())  # exercise | equipment
    section_id = Column(Integer, ForeignKey("sections.id"), nullable=False)
    section = relationship(Section, lazy="joined")


class Remedy(Base):
    """One of the methods the article discusses, in the article's order."""

    __tablename__ = "remedies"
    id = Column(Integer, primary_key=True)
    slug = Column(String(80), unique=True, nullable=False)
    name = Column(String(120), nullable=False)
    topic_key = Column(String(80), nullable=False)
    position = Column(Integer, nullable=False)
    section_id = Column(Integer, ForeignKey("sections.id"), nullable=False)
    section = relationship(Section, lazy="joined")


class ExerciseKind(Base):
    """A kind of named exercise (stretch, strengthening exercise): the topic listing them, how
    they are named in a reply, and what the article says about doing them."""

    __tablename__ = "exercise_kinds"
    id = Column(Integer, primary_key=True)
    kind = Column(String(80), unique=True, nullable=False)
    topic_key = Column(String(80), nullable=False)
    called = Column(String(80), nullable=False)  # "the {name}": one of them in a list
    others = Column(String(120), nullable=False)  # "stretches are": before the other ones
    steps_note = Column(Boolean, nullable=False)  # an exercise's answer says steps are missing
    answer = Column(Text, nullable=False)
    passage = Column(Text, nullable=False)


class Exercise(Base):
    __tablename__ = "exercises"
    id = Column(Integer, primary_key=True)
    slug = Column(String(80), unique=True, nullable=False)
    name = Column(String(120), nullable=False)
    kind = Column(String(80), nullable=False)
    purpose = Column(Text, nullable=False)
    remedy_id = Column(Integer, ForeignKey("remedies.id"), nullable=False)
    section_id = Column(Integer, ForeignKey("sections.id"), nullable=False)
    remedy = relationship(Remedy, lazy="joined")
    section = relationship(Section, lazy="joined")


class Equipment(Base):
    __tablename__ = "equipment"
    id = Column(Integer, primary_key=True)
    slug = Column(String(80), unique=True, nullable=False)
    name = Column(String(120), nullable=False)
    purpose = Column(Text, nullable=False)
    section_id = Column(Integer, ForeignKey("sections.id"), nullable=False)
    section = relationship(Section, lazy="joined")


class Alias(Base):
    """A way readers name a remedy, exercise, piece of equipment or body part; feeds the
    spaCy entity ruler and maps an extracted entity back to its slug."""

    __tablename__ = "aliases"
    id = Column(Integer, primary_key=True)
    label = Column(String(40), nullable=False)  # remedy | exercise | equipment | body_part
    text = Column(String(120), nullable=False)
    slug = Column(String(80), nullable=False)
    __table_args__ = (UniqueConstraint("label", "text"),)


class Unanswered(Base):
    """A question the assistant could not answer from the article."""

    __tablename__ = "unanswered"
    id = Column(Integer, primary_key=True)
    # Made when the reply is built, before the row is written: a "did you mean" keeps it in
    # the conversation, so the reader's pick can be recorded against this question.
    ref = Column(String(32), nullable=True, unique=True, index=True)
    text = Column(Text, nullable=False)
    asked_at = Column(DateTime, nullable=False, default=lambda: datetime.now(timezone.utc))
    intent = Column(String(80), nullable=True)
    confidence = Column(Float, nullable=True)
    reason = Column(String(40), nullable=False)
    picked_intent = Column(String(80), nullable=True)  # what the reader chose from "did you mean"


class Answered(Base):
    """An article answer given: the question as asked, the topic answered and the section cited.
    No sender id. `ref` travels in the answer's rating buttons, so a rating finds its answer."""

    __tablename__ = "answered"
    id = Column(Integer, primary_key=True)
    ref = Column(String(32), nullable=False, unique=True, index=True)
    question = Column(Text, nullable=False)
    topic = Column(String(80), nullable=False, index=True)
    section = Column(String(80), nullable=True)
    asked_at = Column(DateTime, nullable=False, default=lambda: datetime.now(timezone.utc))


class Rating(Base):
    """A reader's "did this help?" on one answer: one row per answer (`ref`), so a second click
    changes the verdict instead of counting twice. No sender id."""

    __tablename__ = "ratings"
    id = Column(Integer, primary_key=True)
    ref = Column(String(32), nullable=False, unique=True, index=True)
    question = Column(Text, nullable=False)
    topic = Column(String(80), nullable=False, index=True)
    section = Column(String(80), nullable=True)
    helpful = Column(Boolean, nullable=False)
    rated_at = Column(DateTime, nullable=False, default=lambda: datetime.now(timezone.utc))


class Triage(Base):
    """A warning-sign reply was given: which kind of sign and when. Never the message text,
    never a sender id."""

    __tablename__ = "triage"
    id = Column(Integer, primary_key=True)
    sign = Column(String(80), nullable=False)
    at = Column(DateTime, nullable=False, default=lambda: datetime.now(timezone.utc))


class StoreMeta(Base):
    """Store-wide values: `content_version` changes whenever the loader changes content."""

    __tablename__ = "store_meta"
    key = Column(String(40), primary_key=True)
    value = Column(String(80), nullable=False)


# Rebuilt from the article by the loader whenever their columns change; the rest is kept.
CONTENT_TABLES = [
    model.__table__ for model in (Section, Topic, Remedy, ExerciseKind, Exercise, Equipment, Alias)
]
# Tables earlier versions wrote and nothing read; the loader drops them.
RETIRED_TABLES = ("facts", "related_questions", "body_parts")
