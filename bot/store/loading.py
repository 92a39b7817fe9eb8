"""Loads the structured article content into the remedy store, idempotently: rows are matched
by their natural keys (slugs), changed rows are updated, rows whose content disappeared are
removed, and a second run changes nothing. The unanswered-questions log is never touched.

    python -m bot.store.loading          # uses DATABASE_URL, default SQLite under var/
"""
from __future__ import annotations

import sys

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import settings, store
from bot.content import Content, load_content


def _upsert(session: Session, model, key: dict, values: dict) -> tuple[object, bool]:
    row = session.scalars(select(model).filter_by(**key)).first()
    if row is None:
        row = model(**key, **values)
        session.add(row)
        return row, True
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return row, changed


def _prune(session: Session, model, keep_ids: set[int]) -> int:
    stale = [row for row in session.scalars(select(model)) if row.id not in keep_ids]
    for row in stale:
        session.delete(row)
    return len(stale)


def load(session: Session, content: Content | None = None) -> int:
    """Bring the store in line with the content; returns the number of rows written."""
    content = content or load_content()
    data = content.data
    writes = 0

    def up(model, key, values):
        nonlocal writes
        row, changed = _upsert(session, model, key, values)
        writes += changed
        return row

    sections = {}
    for s in content.sections:
        sections[s.slug] = up(
            store.Section,
            {"slug": s.slug},
            {"heading": s.heading, "title": s.title, "position": s.position, "body": s.body},
        )
    session.flush()

    topic_ids = set()
    for key, t in data["topics"].items():
        row = up(
            store.Topic,
            {"key": key},
            {
                "question": t["question"],
                "answer": " ".join(t["answer"].split()),
                "passage": " ".join(t["passage"].split()),
                "items": ",".join(t.get("list", [])),
                "section_id": sections[t["section"]].id,
            },
        )
        session.flush()
        topic_ids.add(row.id)

    remedies = {}
    for r in data["remedies"]:
        remedies[r["slug"]] = up(
            store.Remedy,
            {"slug": r["slug"]},
            {"name": r["name"], "topic_key": r["topic"], "section_id": sections[r["section"]].id},
        )
    session.flush()

    exercise_ids = set()
    for e in data["exercises"]:
        row = up(
            store.Exercise,
            {"slug": e["slug"]},
            {
                "name": e["name"],
                "kind": e["kind"],
                "purpose": " ".join(e["purpose"].split()),
                "remedy_id": remedies[e["remedy"]].id,
                "section_id": sections[e["section"]].id,
            },
        )
        session.flush()
        exercise_ids.add(row.id)

    equipment_ids = set()
    for q in data["equipment"]:
        row = up(
            store.Equipment,
            {"slug": q["slug"]},
            {
                "name": q["name"],
                "purpose": " ".join(q["purpose"].split()),
                "section_id": sections[q["section"]].id,
            },
        )
        session.flush()
        equipment_ids.add(row.id)

    part_ids = set()
    for b in data["body_parts"]:
        row = up(store.BodyPart, {"slug": b["slug"]}, {"name": b["name"]})
        session.flush()
        part_ids.add(row.id)

    fact_ids = set()
    facts = [("technique_cue", f"cue_{i}", text, "running-technique")
             for i, text in enumerate(data["technique_cues"], 1)]
    facts += [("caveat", c["slug"], c["text"], c["section"]) for c in data["caveats"]]
    facts += [("advice", a["slug"], a["text"], a["section"]) for a in data["advice"]]
    for kind, slug, text, section in facts:
        row = up(store.Fact, {"kind": kind, "slug": slug},
                 {"text": text, "section_id": sections[section].id})
        session.flush()
        fact_ids.add(row.id)

    related_ids = set()
    for pos, rq in enumerate(data["related_questions"]):
        row = up(
            store.RelatedQuestion,
            {"slug": rq["slug"]},
            {"topic_key": rq["topic"], "question": rq["question"], "answer": rq["answer"],
             "position": pos},
        )
        session.flush()
        related_ids.add(row.id)

    alias_ids = set()
    for label, group in (("remedy", "remedies"), ("exercise", "exercises"),
                         ("equipment", "equipment"), ("body_part", "body_parts")):
        for item in data[group]:
            for text in dict.fromkeys(a.lower() for a in item["aliases"]):
                row = up(store.Alias, {"label": label, "text": text}, {"slug": item["slug"]})
                session.flush()
                alias_ids.add(row.id)

    for model, keep in ((store.Topic, topic_ids), (store.Exercise, exercise_ids),
                        (store.Equipment, equipment_ids), (store.BodyPart, part_ids),
                        (store.Fact, fact_ids), (store.RelatedQuestion, related_ids),
                        (store.Alias, alias_ids)):
        writes += _prune(session, model, keep)
    writes += _prune(session, store.Remedy, {r.id for r in remedies.values()})
    writes += _prune(session, store.Section, {s.id for s in sections.values()})
    if writes or store.content_version(session) is None:
        store.new_content_version(session)  # running action servers reload their copy
    return writes


def main() -> int:
    engine = store.get_engine()
    store.create_schema(engine)
    with store.session_scope() as session:
        writes = load(session)
        counts = {
            "sections": len(store.sections(session)),
            "remedies": len(store.remedies(session)),
            "related questions": len(store.related_questions(session)),
            "aliases": len(store.aliases(session)),
        }
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    print(f"remedy store {store.display_url(settings.database_url())}: {writes} rows written ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
