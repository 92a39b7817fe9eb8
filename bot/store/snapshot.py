"""The snapshot: an in-memory, read-only copy of the store's content as of one content version,
with the lookups an answer needs (topic by key and by intent, starters, remedies in order,
exercise kinds, aliases). An answer is built from the snapshot alone, without a query.

The article's content changes only when `make store` loads it again, and every answer reads a
dozen rows of it. The loader writes a new version token whenever it changes a row; each
session compares the token (one primary-key read) before it uses the snapshot, which is made
again when the token changed. A content update reaches a running action server on its next
turn, without a restart.

Needs SQLAlchemy and the models.
"""

from __future__ import annotations

import secrets
import weakref

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import instance_state

from bot.store.models import (
    Alias,
    Equipment,
    Exercise,
    ExerciseKind,
    Remedy,
    StoreMeta,
    Topic,
)

CONTENT_VERSION = "content_version"


class Row:
    """A read-only copy of one content row: its columns and its (copied) related rows."""

    def __init__(self, kind: str, values: dict) -> None:
        object.__setattr__(self, "__dict__", {"_kind": kind, **values})

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"{self._kind} rows of the snapshot are read-only")

    def __repr__(self) -> str:
        key = (
            getattr(self, "key", None) or getattr(self, "slug", None) or getattr(self, "kind", None)
        )
        return f"<{self._kind} {key}>"


def _copy(row, copies: dict) -> Row:
    """Columns and eagerly loaded relationships of an ORM row, shared rows copied once."""
    ident = (type(row), row.id)
    if ident not in copies:
        mapper = instance_state(row).mapper
        values = {c.key: getattr(row, c.key) for c in mapper.column_attrs}
        values.update({r.key: _copy(getattr(row, r.key), copies) for r in mapper.relationships})
        copies[ident] = Row(type(row).__name__, values)
    return copies[ident]


def normal(text: str) -> str:
    """Surface text as aliases are matched: lowercase, hyphens as spaces, single spaces."""
    return " ".join(text.lower().replace("-", " ").split())


class Snapshot:
    """The content a turn reads, as of one content version. Its rows are `Row` copies with
    the columns (and related rows) of the models they are annotated with."""

    def __init__(self, session: Session, version: str | None) -> None:
        copies: dict = {}

        def every(model, *order):
            return [_copy(row, copies) for row in session.scalars(select(model).order_by(*order))]

        self.version = version
        self.topics: dict[str, Topic] = {t.key: t for t in every(Topic, Topic.id)}
        self.topic_by_intent: dict[str, Topic] = {
            t.intent: t for t in self.topics.values() if t.intent
        }
        self.starters: list[Topic] = sorted(
            (t for t in self.topics.values() if t.starter is not None), key=lambda t: t.starter
        )
        self.remedies: list[Remedy] = every(Remedy, Remedy.position, Remedy.id)
        self.remedy_by_slug: dict[str, Remedy] = {r.slug: r for r in self.remedies}
        self.remedy_by_topic: dict[str, Remedy] = {}
        for remedy in self.remedies:
            self.remedy_by_topic.setdefault(remedy.topic_key, remedy)
        self.kinds: dict[str, ExerciseKind] = {
            k.kind: k for k in every(ExerciseKind, ExerciseKind.id)
        }
        self.kind_by_topic: dict[str, ExerciseKind] = {k.topic_key: k for k in self.kinds.values()}
        self.exercises: dict[str, Exercise] = {e.slug: e for e in every(Exercise, Exercise.id)}
        self.equipment: dict[str, Equipment] = {q.slug: q for q in every(Equipment, Equipment.id)}
        self.listing: dict[str, Topic] = {}  # what a topic lists (remedy, equipment) -> topic
        for topic in self.topics.values():
            if topic.list_of:
                self.listing.setdefault(topic.list_of, topic)
        self.aliases: dict[tuple[str, str], str] = {}
        for alias in every(Alias, Alias.id):
            self.aliases.setdefault((alias.label, normal(alias.text)), alias.slug)

    def exercise_topic(self, exercise: Exercise) -> Topic:
        """The topic that lists exercises of this one's kind."""
        return self.topics[self.kinds[exercise.kind].topic_key]


_snapshots: weakref.WeakKeyDictionary[Engine, Snapshot] = weakref.WeakKeyDictionary()

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
    session.info.pop("snapshot", None)
    return version


def snapshot_of(session: Session) -> Snapshot:
    """The snapshot for this session's database: the version is checked once per session, and
    the snapshot is made again, from this session, when the loader has changed the content."""
    current = session.info.get("snapshot")
    if current is not None:
        return current
    bind = session.get_bind()
    version = content_version(session)
    current = _snapshots.get(bind)
    if current is None or current.version != version:
        current = Snapshot(session, version)
        _snapshots[bind] = current
    session.info["snapshot"] = current
    return current
