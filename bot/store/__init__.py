"""The remedy store: SQLAlchemy models of the article's content and the queries the
services need. 2.0-style SQLAlchemy (`select()`, `future=True`) on the 1.4 release Rasa pins.

One engine per process, made lazily from `bot.settings.database_url()`; one session per call
through `session_scope()`. Tests pass their own session factory instead.

The article's content changes only when `make store` loads it again, and every answer reads
a dozen rows of it. The queries a turn makes (topic, remedy, exercise, equipment, aliases)
are therefore answered from an in-memory, read-only copy of the content, made once per
content version: the loader writes a new version token whenever it changes a row, and
each session compares the token (one primary-key read) before it uses the copy. A content
update reaches a running action server on its next turn, without a restart.
"""
from __future__ import annotations

import secrets
import weakref
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Callable, Iterator

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    select,
)
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, declarative_base, relationship, sessionmaker
from sqlalchemy.orm.attributes import instance_state
from sqlalchemy.pool import QueuePool

from bot import settings

Base = declarative_base()


class StoreNotReady(RuntimeError):
    """The database is missing or empty."""

    def __init__(self, url: str):
        super().__init__(
            f"The remedy store at {url} is missing or empty. Build it with `make store` "
            "(or `python -m bot.store.loading`)."
        )


class Section(Base):
    __tablename__ = "sections"
    id = Column(Integer, primary_key=True)
    slug = Column(String(80), unique=True, nullable=False)
    heading = Column(String(200), nullable=False)
    title = Column(String(200), nullable=False)
    position = Column(Integer, nullable=False)
    body = Column(Text, nullable=False)


class Topic(Base):
    """One answer a reader can get, with the passage of the article it rests on."""

    __tablename__ = "topics"
    id = Column(Integer, primary_key=True)
    key = Column(String(80), unique=True, nullable=False)
    question = Column(String(300), nullable=False)
    answer = Column(Text, nullable=False)
    passage = Column(Text, nullable=False)
    items = Column(String(300), nullable=False, default="")  # slugs of a numbered list
    section_id = Column(Integer, ForeignKey("sections.id"), nullable=False)
    section = relationship(Section, lazy="joined")


class Remedy(Base):
    __tablename__ = "remedies"
    id = Column(Integer, primary_key=True)
    slug = Column(String(80), unique=True, nullable=False)
    name = Column(String(120), nullable=False)
    topic_key = Column(String(80), nullable=False)
    section_id = Column(Integer, ForeignKey("sections.id"), nullable=False)
    section = relationship(Section, lazy="joined")


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


class BodyPart(Base):
    __tablename__ = "body_parts"
    id = Column(Integer, primary_key=True)
    slug = Column(String(80), unique=True, nullable=False)
    name = Column(String(120), nullable=False)


class Fact(Base):
    """Technique cues, caveats and the conclusion's advice: short statements with a section."""

    __tablename__ = "facts"
    id = Column(Integer, primary_key=True)
    kind = Column(String(40), nullable=False)  # technique_cue | caveat | advice
    slug = Column(String(80), nullable=False)
    text = Column(Text, nullable=False)
    section_id = Column(Integer, ForeignKey("sections.id"), nullable=False)
    section = relationship(Section, lazy="joined")
    __table_args__ = (UniqueConstraint("kind", "slug"),)


class RelatedQuestion(Base):
    __tablename__ = "related_questions"
    id = Column(Integer, primary_key=True)
    slug = Column(String(80), unique=True, nullable=False)
    topic_key = Column(String(80), nullable=False)
    question = Column(Text, nullable=False)
    answer = Column(Text, nullable=False)
    position = Column(Integer, nullable=False)


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
    text = Column(Text, nullable=False)
    asked_at = Column(DateTime, nullable=False, default=lambda: datetime.now(timezone.utc))
    intent = Column(String(80), nullable=True)
    confidence = Column(Float, nullable=True)
    reason = Column(String(40), nullable=False)
    picked_intent = Column(String(80), nullable=True)  # what the reader chose from "did you mean"


class StoreMeta(Base):
    """Store-wide values: `content_version` changes whenever the loader changes content."""

    __tablename__ = "store_meta"
    key = Column(String(40), primary_key=True)
    value = Column(String(80), nullable=False)


CONTENT_VERSION = "content_version"


def display_url(url: str) -> str:
    """A database URL safe to print: the password masked."""
    return make_url(url).render_as_string(hide_password=True)


_engine: Engine | None = None
_factory: Callable[[], Session] | None = None


def pool_options(url: str | URL) -> dict:
    """Connection pool settings for an engine on `url` (the remedy store's and the tracker
    store's). A SQLite file: connections kept open (SQLAlchemy 1.4 opens a new one for every
    session of a file database, which cost the action server about a third of its time per
    turn); a pooled connection serves one thread at a time, so it may move between threads.
    Any other database: pooled connections tested on checkout, so a restarted database is
    reconnected to instead of failing a turn."""
    url = make_url(url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return {"poolclass": QueuePool, "connect_args": {"check_same_thread": False}}
    return {"pool_pre_ping": True}


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    return create_engine(url, future=True, **pool_options(url))


def get_engine() -> Engine:
    global _engine
    if _engine is None:
        _engine = make_engine(settings.database_url())
    return _engine


def set_session_factory(factory: Callable[[], Session] | None) -> None:
    """Tests swap in a factory bound to their own database; None restores the default."""
    global _factory
    _factory = factory


def session_factory() -> Callable[[], Session]:
    global _factory
    if _factory is None:
        _factory = sessionmaker(bind=get_engine(), future=True, expire_on_commit=False)
    return _factory


@contextmanager
def session_scope() -> Iterator[Session]:
    session = session_factory()()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def create_schema(engine: Engine) -> None:
    Base.metadata.create_all(engine)


_ready: "weakref.WeakSet[Engine]" = weakref.WeakSet()  # engines found built: checked once


def ensure_ready(session: Session) -> None:
    """Raise StoreNotReady with the fix when the tables are missing or empty, including a
    store built before the content version existed (`make store` adds it)."""
    bind = session.get_bind()
    if bind in _ready:
        return
    url = bind.url.render_as_string(hide_password=True)
    try:
        present = session.scalar(select(Topic.id).limit(1))
        content_version(session)
    except DBAPIError:  # no such table
        session.rollback()
        raise StoreNotReady(url) from None
    if present is None:
        raise StoreNotReady(url)
    _ready.add(bind)


# The content copy --------------------------------------------------------------------------


class ContentRow:
    """A read-only copy of one content row: its columns and its (copied) related rows."""

    def __init__(self, kind: str, values: dict) -> None:
        object.__setattr__(self, "__dict__", {"_kind": kind, **values})

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"{self._kind} rows of the content copy are read-only")

    def __repr__(self) -> str:
        key = getattr(self, "key", None) or getattr(self, "slug", None)
        return f"<{self._kind} {key}>"


def _copy(row, copies: dict) -> ContentRow:
    """Columns and eagerly loaded relationships of an ORM row, shared rows copied once."""
    ident = (type(row), row.id)
    if ident not in copies:
        mapper = instance_state(row).mapper
        values = {c.key: getattr(row, c.key) for c in mapper.column_attrs}
        values.update({r.key: _copy(getattr(row, r.key), copies) for r in mapper.relationships})
        copies[ident] = ContentRow(type(row).__name__, values)
    return copies[ident]


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").split())


class ContentCopy:
    """The content a turn reads, as of one content version."""

    def __init__(self, session: Session, version: str | None) -> None:
        copies: dict = {}
        self.version = version
        self.topics = {t.key: _copy(t, copies) for t in session.scalars(select(Topic))}
        self.remedies = [_copy(r, copies)
                         for r in session.scalars(select(Remedy).order_by(Remedy.id))]
        self.remedy_by_slug = {r.slug: r for r in self.remedies}
        self.exercises = {e.slug: _copy(e, copies) for e in session.scalars(select(Exercise))}
        self.equipment = {q.slug: _copy(q, copies) for q in session.scalars(select(Equipment))}
        self.aliases: dict[tuple[str, str], str] = {}
        for alias in session.scalars(select(Alias).order_by(Alias.id)):
            self.aliases.setdefault((alias.label, _normal(alias.text)), alias.slug)


_copies: "weakref.WeakKeyDictionary[Engine, ContentCopy]" = weakref.WeakKeyDictionary()


_VERSION_QUERY = select(StoreMeta.value).where(StoreMeta.key == CONTENT_VERSION)


def content_version(session: Session) -> str | None:
    """One Core query on the session's connection: the ORM's execution path costs more than
    the query itself, and it runs on every turn."""
    return session.connection().execute(_VERSION_QUERY).scalar()


def new_content_version(session: Session) -> str:
    """Called by the loader in the transaction that changed the content."""
    version = secrets.token_hex(8)
    row = session.get(StoreMeta, CONTENT_VERSION)
    if row is None:
        session.add(StoreMeta(key=CONTENT_VERSION, value=version))
    else:
        row.value = version
    session.flush()
    session.info.pop("content", None)
    return version


def content(session: Session) -> ContentCopy:
    """The content copy for this session's database: the version is checked once per session,
    and the copy is rebuilt, from this session, when the loader has changed the content."""
    current = session.info.get("content")
    if current is not None:
        return current
    bind = session.get_bind()
    version = content_version(session)
    current = _copies.get(bind)
    if current is None or current.version != version:
        current = ContentCopy(session, version)
        _copies[bind] = current
    session.info["content"] = current
    return current


# Queries ---------------------------------------------------------------------------------


def topic(session: Session, key: str) -> Topic | None:
    return content(session).topics.get(key)


def exercise(session: Session, slug: str) -> Exercise | None:
    return content(session).exercises.get(slug)


def equipment(session: Session, slug: str) -> Equipment | None:
    return content(session).equipment.get(slug)


def remedy(session: Session, slug: str) -> Remedy | None:
    return content(session).remedy_by_slug.get(slug)


def remedies(session: Session) -> list[Remedy]:
    return list(content(session).remedies)


def section(session: Session, slug: str) -> Section | None:
    return session.scalars(select(Section).where(Section.slug == slug)).first()


def sections(session: Session) -> list[Section]:
    return list(session.scalars(select(Section).order_by(Section.position)))


def related_questions(session: Session) -> list[RelatedQuestion]:
    return list(session.scalars(select(RelatedQuestion).order_by(RelatedQuestion.position)))


def facts(session: Session, *, kind: str) -> list[Fact]:
    return list(session.scalars(select(Fact).where(Fact.kind == kind).order_by(Fact.id)))


def aliases(session: Session) -> list[Alias]:
    return list(session.scalars(select(Alias).order_by(Alias.label, Alias.text)))


def resolve_alias(session: Session, *, label: str, text: str) -> str | None:
    """The slug an entity's surface text names, or None for something the article lacks."""
    return content(session).aliases.get((label, _normal(text)))


def log_unanswered(
    session: Session, *, text: str, intent: str | None, confidence: float | None, reason: str
) -> Unanswered:
    row = Unanswered(text=text[:2000], intent=intent, confidence=confidence, reason=reason)
    session.add(row)
    session.flush()
    return row


def record_pick(session: Session, *, unanswered_id: int, intent: str) -> None:
    """Keep the reader's answer to "did you mean" beside the question, for review."""
    row = session.get(Unanswered, unanswered_id)
    if row is not None:
        row.picked_intent = intent


def unanswered(session: Session) -> list[Unanswered]:
    return list(session.scalars(select(Unanswered).order_by(Unanswered.id)))
