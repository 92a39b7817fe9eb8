"""Loads the structured article content (`bot.content`) into the remedy store, idempotently:
rows are matched by their natural keys (slugs), changed rows are updated, rows whose content
disappeared are removed, and a second run writes nothing. A run that changes anything gives
the content a new version, which running action servers notice on their next turn.

Before loading, `upgrade_schema` brings a store built by an earlier version up to the models:
content tables whose columns changed are rebuilt (their rows all come from the article),
retired tables are dropped, and the unanswered-questions log keeps its rows, gaining any new
(nullable) column. The log is never written here.

    python -m bot.store.loading [--content DIR]    # uses DATABASE_URL, default SQLite under var/

Needs SQLAlchemy, `bot.content` and `bot.settings`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import MetaData, Table, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot import settings
from bot.content import CONTENT_DIR, Content, load_content
from bot.store import models, queries, snapshot
from bot.store import session as sessions
from bot.store.models import (
    Alias,
    Equipment,
    Exercise,
    ExerciseKind,
    Remedy,
    Section,
    Topic,
)


def upgrade_schema(engine: Engine) -> list[str]:
    """Create what is missing and bring older tables up to the models; returns what it did."""
    done = []
    existing = set(inspect(engine).get_table_names())
    with engine.begin() as connection:
        for name in models.RETIRED_TABLES:
            if name in existing:
                Table(name, MetaData()).drop(connection)
                done.append(f"dropped retired table {name}")
        inspector = inspect(connection)
        stale = [
            t.name
            for t in models.CONTENT_TABLES
            if t.name in existing
            and {c["name"] for c in inspector.get_columns(t.name)} != set(t.columns.keys())
        ]
        if stale:
            tables = [t for t in models.CONTENT_TABLES if t.name in existing]
            models.Base.metadata.drop_all(connection, tables=tables)
            done.append(f"rebuilt content tables ({', '.join(stale)} changed)")
        log = models.Unanswered.__table__
        if log.name in existing:
            have = {c["name"] for c in inspector.get_columns(log.name)}
            for column in log.columns:
                if column.name not in have:
                    assert column.nullable, f"{log.name}.{column.name} cannot be added to old rows"
                    kind = column.type.compile(dialect=connection.dialect)
                    connection.exec_driver_sql(
                        f"ALTER TABLE {log.name} ADD COLUMN {column.name} {kind}"
                    )
                    done.append(f"added {log.name}.{column.name}")
            for index in log.indexes:
                index.create(connection, checkfirst=True)
        models.Base.metadata.create_all(connection)
    return done


def _normal(text: str) -> str:
    return " ".join(text.split())


class _Sync:
    """Rows of one model made equal to the content's, by natural key; stale rows are removed
    at the end, children before parents."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.writes = 0
        self.stale: list = []

    def __call__(self, model, key: str | tuple[str, ...], wanted: dict) -> dict:
        names = (key,) if isinstance(key, str) else key
        existing = {
            tuple(getattr(row, n) for n in names): row
            for row in self.session.scalars(select(model))
        }
        rows = {}
        for natural, values in wanted.items():
            natural_key = natural if isinstance(natural, tuple) else (natural,)
            row = existing.pop(natural_key, None)
            if row is None:
                row = model(**dict(zip(names, natural_key)), **values)
                self.session.add(row)
                self.writes += 1
            else:
                changed = {n: v for n, v in values.items() if getattr(row, n) != v}
                for name, value in changed.items():
                    setattr(row, name, value)
                self.writes += bool(changed)
            rows[natural] = row
        self.session.flush()
        self.stale.extend(existing.values())
        return rows

    def prune(self) -> None:
        for row in reversed(self.stale):
            self.session.delete(row)
        self.session.flush()
        self.writes += len(self.stale)


def load(session: Session, content: Content | None = None) -> int:
    """Bring the store in line with the content; returns the number of rows written."""
    content = content or load_content()
    data = content.data
    sync = _Sync(session)

    sections = sync(
        Section,
        "slug",
        {
            s.slug: {"heading": s.heading, "title": s.title, "position": s.position, "body": s.body}
            for s in content.sections
        },
    )
    section_id = {slug: row.id for slug, row in sections.items()}
    starters = {key: rank for rank, key in enumerate(data["starters"])}
    sync(
        Topic,
        "key",
        {
            key: {
                "intent": t["intent"],
                "question": t["question"],
                "answer": _normal(t["answer"]),
                "passage": _normal(t["passage"]),
                "items": tuple(t.get("list", ())),
                "list_of": t.get("list_of"),
                "next_topics": tuple(t["next"]),
                "method": t.get("method"),
                "starter": starters.get(key),
                "narrowed_by": tuple(t.get("narrowed_by", ())),
                "section_id": section_id[t["section"]],
            }
            for key, t in data["topics"].items()
        },
    )
    remedies = sync(
        Remedy,
        "slug",
        {
            r["slug"]: {
                "name": r["name"],
                "topic_key": r["topic"],
                "position": position,
                "section_id": section_id[r["section"]],
            }
            for position, r in enumerate(data["remedies"])
        },
    )
    sync(
        ExerciseKind,
        "kind",
        {
            kind: {
                "topic_key": k["topic"],
                "called": k["called"],
                "others": k["others"],
                "steps_note": bool(k.get("steps_note", False)),
                "answer": _normal(k["answer"]),
                "passage": _normal(k["passage"]),
            }
            for kind, k in data["exercise_kinds"].items()
        },
    )
    sync(
        Exercise,
        "slug",
        {
            e["slug"]: {
                "name": e["name"],
                "kind": e["kind"],
                "purpose": _normal(e["purpose"]),
                "remedy_id": remedies[e["remedy"]].id,
                "section_id": section_id[e["section"]],
            }
            for e in data["exercises"]
        },
    )
    sync(
        Equipment,
        "slug",
        {
            q["slug"]: {
                "name": q["name"],
                "purpose": _normal(q["purpose"]),
                "section_id": section_id[q["section"]],
            }
            for q in data["equipment"]
        },
    )
    aliases = {}
    for label, group in (
        ("remedy", "remedies"),
        ("exercise", "exercises"),
        ("equipment", "equipment"),
        ("body_part", "body_parts"),
    ):
        for item in data[group]:
            for text in dict.fromkeys(a.lower() for a in item["aliases"]):
                aliases.setdefault((label, text), {"slug": item["slug"]})
    sync(Alias, ("label", "text"), aliases)
    sync.prune()

    if sync.writes or snapshot.content_version(session) is None:
        snapshot.new_content_version(session)  # running action servers make a new snapshot
    return sync.writes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--content",
        type=Path,
        default=CONTENT_DIR,
        help="folder with article.txt and remedies.yml (default: bot/content)",
    )
    args = parser.parse_args(argv)
    content = load_content(args.content)
    for change in upgrade_schema(sessions.get_engine()):
        print("schema:", change)
    with sessions.session_scope() as session:
        writes = load(session, content)
        counts = {
            "sections": len(queries.sections(session)),
            "topics": len(snapshot.snapshot_of(session).topics),
            "remedies": len(queries.remedies(session)),
            "aliases": len(queries.aliases(session)),
        }
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    print(
        f"remedy store {sessions.display_url(settings.database_url())}: "
        f"{writes} rows written ({summary})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
