"""Connections to the remedy store: one engine per process, made lazily from
`bot.settings.database_url()`; one session per call through `session_scope()`; tests pass
their own session factory instead (`set_session_factory`). `ensure_ready` turns a missing,
empty or outdated store into `StoreNotReady`, which says how to build it.

Needs SQLAlchemy 1.4 (2.0 style: `future=True`) and `bot.settings`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from bot import settings
from bot.store.models import Base, Topic


class StoreNotReady(RuntimeError):
    """The database is missing, empty or built by an earlier version of the loader."""

    def __init__(self, url: str):
        super().__init__(
            f"The remedy store at {url} is missing or empty. Build it with `make store` "
            "(or `python -m bot.store.loading`)."
        )


def display_url(url: str | URL) -> str:
    """A database URL safe to print: the password masked."""
    return make_url(url).render_as_string(hide_password=True)


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
    engine = create_engine(url, future=True, **pool_options(url))
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        # Every article answer writes a row: in SQLite's default journal each commit waits for
        # the disk (about 0.5 ms here); with a write-ahead log it does not, and readers (the
        # report) never block the writer.
        event.listen(engine, "connect", _sqlite_wal)
    return engine


def _sqlite_wal(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


_engine: Engine | None = None
_factory: Callable[[], Session] | None = None


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
    """One session, one transaction: committed when the block ends, rolled back on error."""
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


_ready: weakref.WeakSet[Engine] = weakref.WeakSet()  # engines found built: checked once


def ensure_ready(session: Session) -> None:
    """Raise StoreNotReady with the fix when a table is missing, lacks a column the models
    have (a store built by an earlier loader: `make store` upgrades it) or holds no topics."""
    bind = session.get_bind()
    if bind in _ready:
        return
    try:
        for table in Base.metadata.sorted_tables:
            session.execute(select(table).limit(1))
        present = session.scalar(select(Topic.id).limit(1))
    except DBAPIError:  # no such table or column
        session.rollback()
        raise StoreNotReady(display_url(bind.url)) from None
    if present is None:
        raise StoreNotReady(display_url(bind.url))
    _ready.add(bind)
