"""A Rasa tracker store that keeps every event of a conversation in SQL (SQLite by default,
PostgreSQL in production) but loads only a recent window of it for each turn.

Rasa's SQLTrackerStore rebuilds the whole conversation session on every message, and the
tracker is then featurized, sent to the action server and saved again: a 200-turn
conversation costs several times more per turn than a new one. This store loads the last
`window` events (cut at a turn boundary) and restores the slots from a one-row snapshot, so
the cost of a turn stays flat while the `events` table still holds every message in order.
Each row is read back into an event through the store's own table of event classes by name
(`EventClasses`), the class Rasa's `Event.resolve_by_type` finds, without Rasa walking every
Event subclass for each row.

Every database call runs in a thread of the store's own pool, so a slow or unreachable
database never stops the server's event loop (other conversations go on), and each connection
attempt gives up after CONNECT_TIMEOUT seconds (PostgreSQL's connect_timeout, SQLite's busy
timeout), so an unanswering database host fails the turn after the retries below instead of
hanging it.

Needs: Rasa 3.6's SQLTrackerStore (its `events` table, engine and session), SQLAlchemy 1.4,
the remedy store's pool settings (`bot.store.pool_options`). It does not need
rasa_addons/patches.py.

Configured in the endpoints file written by `rasa_addons.endpoints`:

    tracker_store:
      type: rasa_addons.tracker_store.WindowedSQLTrackerStore
      dialect: postgresql   # or sqlite
      ...                   # Rasa's SQLTrackerStore settings
      window: 10
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import rasa.shared.utils.cli
import sqlalchemy as sa
import sqlalchemy.orm
from rasa.core.tracker_store import (
    POSTGRESQL_SCHEMA,
    SQLTrackerStore,
    create_engine_kwargs,
    ensure_schema_exists,
)
from rasa.shared.core.events import Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses

from bot.store import pool_options

logger = logging.getLogger(__name__)

EVENTS_INDEX = "ix_events_sender_id_id"
T = TypeVar("T")
RETRY_SECONDS = 15  # how long a turn waits for an unreachable database before it fails
CONNECT_TIMEOUT = 5  # seconds one connection attempt may take
DATABASE_THREADS = 8  # database calls at once per process, off the event loop
DEFAULT_WINDOW = 10  # a turn of the assistant is 10 events: the rules and the action need only
# the latest turn (a longer turn is read whole: the window grows to its user message)
_TURN_STARTS = (UserUttered.type_name, SessionStarted.type_name)
_STORED = "_events_stored"  # attribute on a retrieved tracker: how many events are already saved


class EventClasses:
    """Event classes by name, as Rasa's `Event.resolve_by_type` finds them: the first class
    with that `type_name` in `all_subclasses(Event)`, the order Rasa searches in. The table is
    built from the Event subclasses imported when it is made (the store makes it when it is
    created, after Rasa and the project are imported); a name it does not hold (an event class
    defined later) is read by Rasa's own `Event.from_parameters`, as are rows without a name,
    the old "topic" events and unknown names (None, None and ValueError, as with Rasa)."""

    def __init__(self) -> None:
        self._by_name: dict[str, type[Event]] = {}
        for cls in all_subclasses(Event):
            self._by_name.setdefault(cls.type_name, cls)

    def read(self, data: dict[str, Any]) -> Event | None:
        """What `Event.from_parameters(data)` returns."""
        cls = self._by_name.get(data.get("event"))  # type: ignore[arg-type]
        if cls is None:
            return Event.from_parameters(data)
        return cls._from_parameters(data)


def _sqlite_pragmas(connection, _record) -> None:
    """Write-ahead log: readers never wait for a writer, and a commit needs no full fsync."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class WindowedSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that loads a recent window of events plus a snapshot of the slots."""

    snapshots = sa.Table(
        "conversation_slots",
        sa.MetaData(),
        sa.Column("sender_id", sa.String(255), primary_key=True),
        sa.Column("slots", sa.Text, nullable=False),
    )

    def __init__(
        self, domain=None, host: str | None = None, window: int = DEFAULT_WINDOW, **kwargs: Any
    ) -> None:
        self.window = max(int(window), 10)
        self.event_classes = EventClasses()
        self._threads = ThreadPoolExecutor(DATABASE_THREADS, thread_name_prefix="tracker-store")
        if kwargs.get("dialect") == "postgresql":  # libpq's own timeout, kept in the URL
            kwargs["query"] = {
                "connect_timeout": str(CONNECT_TIMEOUT),
                **(kwargs.get("query") or {}),
            }
        super().__init__(domain=domain, host=host, **kwargs)
        self._reconnect_pooled()
        self._create_schema()
        # The statements a turn runs, built once: SQLAlchemy then reuses their compiled form,
        # and a turn skips the ORM session, which costs more than the queries themselves.
        events, sender = self.SQLEvent.__table__, sa.bindparam("sender")
        self._window_query = (
            sa.select(events.c.type_name, events.c.data)
            .where(events.c.sender_id == sender)
            .order_by(events.c.id.desc())
            .limit(sa.bindparam("limit", type_=sa.Integer))
        )
        self._slots_query = sa.select(self.snapshots.c.slots).where(
            self.snapshots.c.sender_id == sender
        )
        self._append = events.insert()
        self._update_slots = (
            self.snapshots.update()
            .where(self.snapshots.c.sender_id == sender)
            .values(slots=sa.bindparam("slots"))
        )
        self._insert_slots = self.snapshots.insert().values(
            sender_id=sender, slots=sa.bindparam("slots")
        )

    def _create_schema(self) -> None:
        """The slot snapshot table and the index for reading a conversation's latest events.
        Several servers (or Sanic workers) starting at once on a new database race to create
        them: the losers see a duplicate-object error (on SQLite an OperationalError "already
        exists"), and find them there when they look again."""
        events = self.SQLEvent.__table__
        # One Index object for the process: each new one attaches itself to Rasa's shared
        # events table, and a second would make Rasa's own create_all on a new PostgreSQL
        # database fail (and roll back the events table with it).
        index = next((i for i in events.indexes if i.name == EVENTS_INDEX), None)
        if index is None:
            index = sa.Index(EVENTS_INDEX, events.c.sender_id, events.c.id)
        for attempt in range(5):
            try:
                self.snapshots.metadata.create_all(self.engine)
                index.create(self.engine, checkfirst=True)
                return
            except (
                sa.exc.IntegrityError,
                sa.exc.ProgrammingError,
                sa.exc.OperationalError,
            ) as error:
                if attempt == 4:
                    raise
                logger.info(
                    "Schema created by another server meanwhile (%s); checking again",
                    type(error.orig).__name__,
                )
                time.sleep(0.2 * (attempt + 1))

    def _reconnect_pooled(self) -> None:
        """Rasa's engine opens a new SQLite connection per query and never checks a pooled
        PostgreSQL connection before use: the remedy store's pool settings instead."""
        url = self.engine.url
        options = {**create_engine_kwargs(url), **pool_options(url)}
        if url.get_backend_name() == "sqlite":
            options["connect_args"] = {
                **options.get("connect_args", {}),
                "timeout": CONNECT_TIMEOUT,
            }
        self.engine.dispose()
        self.engine = sa.create_engine(url, **options)
        if url.get_backend_name() == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)

    async def _retrying(self, work: Callable[[], T]) -> T:
        """Run one transaction in the store's threads; when the database is unreachable
        (restarting, failing over) try again with backoff for up to RETRY_SECONDS instead of
        losing the turn. A failed transaction is rolled back whole, so running it again stores
        nothing twice."""
        delay, deadline = 0.1, time.monotonic() + RETRY_SECONDS
        loop = asyncio.get_running_loop()
        while True:
            try:
                return await loop.run_in_executor(self._threads, work)
            except sa.exc.OperationalError as error:
                if time.monotonic() + delay > deadline:
                    raise
                logger.warning(
                    "Tracker store unreachable, retrying in %.1f s: %s",
                    delay,
                    str(error.orig).strip().splitlines()[0],
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The latest session's last `window` events, starting at a user message."""
        return await self._retrying(lambda: self._retrieve_window(sender_id))

    def _retrieve_window(self, sender_id: str) -> DialogueStateTracker | None:
        with self.engine.connect() as connection:
            # The last `window` events, and one more to tell whether there are earlier ones;
            # more when they hold no user message (one long turn), so that the window always
            # starts at the latest turn's user message (Rasa's session expiry reads it).
            limit = self.window + 1
            while True:
                rows = connection.execute(
                    self._window_query, {"sender": sender_id, "limit": limit}
                ).all()
                truncated = len(rows) == limit
                if not truncated or any(row.type_name in _TURN_STARTS for row in rows[:-1]):
                    break
                limit *= 2
            if not rows or not self.domain:
                return None
            rows.reverse()
            if truncated:
                rows = rows[1:]
            starts = [i for i, row in enumerate(rows) if row.type_name == SessionStarted.type_name]
            if starts:
                rows, truncated = rows[starts[-1] :], False
            prefix: list = []
            if truncated:
                first_user = next(
                    (i for i, row in enumerate(rows) if row.type_name == UserUttered.type_name), 0
                )
                rows = rows[first_user:]
                snapshot = connection.execute(self._slots_query, {"sender": sender_id}).scalar()
                slots = json.loads(snapshot) if snapshot else {}
                prefix = [SlotSet(name, value) for name, value in slots.items()]
        read = self.event_classes.read
        events = prefix + [read(json.loads(row.data)) for row in rows]
        tracker = DialogueStateTracker.from_events(
            sender_id, [e for e in events if e is not None], self.domain.slots
        )
        setattr(tracker, _STORED, len(tracker.events))
        return tracker

    @contextlib.contextmanager
    def session_scope(self):
        """Rasa's session scope, except that only a missing PostgreSQL schema ends the process:
        Rasa's exits on any ValueError raised inside the scope (a text the database driver
        cannot encode is one), so one bad request would stop the server for every reader."""
        session = self.sessionmaker()
        try:
            try:
                ensure_schema_exists(session)
            except ValueError as e:
                rasa.shared.utils.cli.print_error_and_exit(
                    f"Requested PostgreSQL schema '{e}' was not found in the database: create "
                    f"it or unset {POSTGRESQL_SCHEMA}. Exiting application."
                )
            yield session
        finally:
            session.close()

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Append the tracker's new events and refresh the slot snapshot, in one transaction."""
        await self.stream_events(tracker)
        await self._retrying(lambda: self._save_new_events(tracker))

    def _save_new_events(self, tracker: DialogueStateTracker) -> None:
        stored = getattr(tracker, _STORED, None)
        if stored is None:  # a tracker this store did not load: Rasa's own bookkeeping
            with self.session_scope() as session:
                new = list(self._additional_events(session, tracker))
        else:
            new = itertools.islice(tracker.events, stored, len(tracker.events))
        rows = []
        for event in new:
            data = event.as_dict()
            rows.append(
                {
                    "sender_id": tracker.sender_id,
                    "type_name": event.type_name,
                    "timestamp": data.get("timestamp"),
                    "intent_name": (data.get("parse_data") or {}).get("intent", {}).get("name"),
                    "action_name": data.get("name"),
                    "data": json.dumps(data),
                }
            )
        slots = {"sender": tracker.sender_id, "slots": json.dumps(tracker.current_slot_values())}
        with self.engine.begin() as connection:
            if rows:
                connection.execute(self._append, rows)
            if not connection.execute(self._update_slots, slots).rowcount:
                connection.execute(self._insert_slots, slots)
        setattr(tracker, _STORED, len(tracker.events))
