"""The remedy store: the article's content in a database, and the log of questions the
assistant could not answer. 2.0-style SQLAlchemy (`select()`, `future=True`) on the 1.4
release Rasa pins. Callers write `from bot import store` and use the names below.

    models     the tables
    session    engine, pool options, session factory and scope, ensure_ready / StoreNotReady
    snapshot   the in-memory, read-only copy of the content per content version
    queries    lookups, and the records a turn writes once it is answered
    loading    the idempotent loader and schema upgrade (`python -m bot.store.loading`)

Needs SQLAlchemy and `bot.settings`; `loading` also needs `bot.content`.
"""

from bot.store.models import (
    Alias,
    Answered,
    Base,
    Equipment,
    Exercise,
    ExerciseKind,
    Rating,
    Remedy,
    Section,
    StoreMeta,
    Topic,
    Triage,
    Unanswered,
)
from bot.store.queries import (
    AnsweredRecord,
    PickRecord,
    RatingRecord,
    TriageRecord,
    UnansweredRecord,
    aliases,
    equipment,
    exercise,
    log_unanswered,
    ratings,
    remedies,
    remedy,
    resolve_alias,
    save_records,
    section,
    sections,
    topic,
    unanswered,
)
from bot.store.session import (
    StoreNotReady,
    create_schema,
    display_url,
    ensure_ready,
    get_engine,
    make_engine,
    pool_options,
    session_factory,
    session_scope,
    set_session_factory,
)
from bot.store.snapshot import Snapshot, content_version, new_content_version, snapshot_of

__all__ = [
    "Alias",
    "Answered",
    "Base",
    "Equipment",
    "Exercise",
    "ExerciseKind",
    "Rating",
    "Remedy",
    "Section",
    "StoreMeta",
    "Topic",
    "Triage",
    "Unanswered",
    "AnsweredRecord",
    "PickRecord",
    "RatingRecord",
    "TriageRecord",
    "UnansweredRecord",
    "aliases",
    "equipment",
    "exercise",
    "log_unanswered",
    "ratings",
    "remedies",
    "remedy",
    "resolve_alias",
    "save_records",
    "section",
    "sections",
    "topic",
    "unanswered",
    "StoreNotReady",
    "create_schema",
    "display_url",
    "ensure_ready",
    "get_engine",
    "make_engine",
    "pool_options",
    "session_factory",
    "session_scope",
    "set_session_factory",
    "Snapshot",
    "content_version",
    "new_content_version",
    "snapshot_of",
]
