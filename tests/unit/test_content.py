"""The article is fully and faithfully in the store."""
from __future__ import annotations

import dataclasses

from bot import store
from bot.content import load_content, normalize


def test_every_article_section_is_in_the_store(session):
    headings = [s.heading for s in store.sections(session)]
    article_lines = load_content().article.splitlines()
    for line in ("The Benefits of Foam Rolling for Upper Back Pain", "How Does Foam Rolling Work?",
                 "Other Methods for Relieving Upper Back Pain from Running", "Stretching Exercises",
                 "Posture Correction", "Proper Equipment", "Adjusting Your Running Technique",
                 "Conclusion", "Related Questions"):
        assert line in article_lines and line in headings
    for section in store.sections(session):
        assert section.body.strip(), section.slug


def test_every_article_sentence_belongs_to_a_section(session):
    bodies = normalize(" ".join(s.heading + " " + s.body for s in store.sections(session)))
    for line in load_content().article.splitlines():
        if line.strip() and line.strip() != "-":
            assert normalize(line) in bodies, line


def test_all_three_related_questions_with_answers(session):
    related = store.related_questions(session)
    assert [r.question for r in related] == [
        "What are some specific stretches I can do to relieve upper back pain from running?",
        "Can foam rolling completely eliminate upper back pain from running?",
        "Are there any exercises I should avoid if I have upper back pain from running?",
    ]
    assert "jumping jacks" in related[2].answer
    assert "not be enough on its own" in related[1].answer
    for r in related:
        assert store.topic(session, r.topic_key) is not None


def test_remedies_exercises_equipment_cues_caveats_and_advice(session):
    assert [r.slug for r in store.remedies(session)] == [
        "foam_rolling", "stretching", "posture", "equipment", "technique"]
    for slug in ("cat_cow", "shoulder_blade_squeeze", "chest_opener", "plank", "bridge"):
        exercise = store.exercise(session, slug)
        assert exercise.purpose and exercise.section.slug in ("stretching-exercises", "posture-correction")
    for slug in ("shoes", "running_belt", "hip_pads", "water_bottle"):
        assert store.equipment(session, slug).section.slug == "proper-equipment"
    assert len(store.facts(session, kind="technique_cue")) == 4
    assert {f.slug for f in store.facts(session, kind="caveat")} >= {"avoid_high_impact", "avoid_overstriding"}
    assert {f.slug for f in store.facts(session, kind="advice")} == {"combine", "consistency"}


def test_every_answer_rests_on_a_passage_of_its_section(session):
    assert load_content().problems() == []
    for key in ("foam_rolling", "stretches", "avoid", "overview", "common"):
        topic = store.topic(session, key)
        assert normalize(topic.passage) in normalize(topic.section.body)


def test_drift_is_detected_when_the_article_changes():
    content = load_content()
    changed = content.article.replace("cat-cow stretch, shoulder blade squeeze", "cobra stretch, shoulder blade squeeze")
    from bot.content import parse_sections
    drifted = dataclasses.replace(content, article=changed,
                                  sections=parse_sections(changed, content.data["sections"]))
    problems = drifted.problems()
    assert any("topic stretches: passage" in p for p in problems)
    assert any("cat_cow" in p for p in problems)


def test_drift_is_detected_when_an_answer_changes_without_its_passage():
    content = load_content()
    data = {**content.data, "topics": {**content.data["topics"]}}
    data["topics"]["avoid"] = {**data["topics"]["avoid"], "answer": "Avoid all running."}
    problems = dataclasses.replace(content, data=data).problems()
    assert problems == ["topic avoid: answer and passage changed without review"]
