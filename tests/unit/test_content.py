"""The article is fully and faithfully in the store, and content that does not fit together
fails loudly, in `python -m bot.content --check` and when it is loaded."""

from __future__ import annotations

import dataclasses
import shutil

import pytest
import yaml

from bot import content as content_module
from bot import store
from bot.content import CONTENT_DIR, ContentError, load_content, normalize


def test_every_article_section_is_in_the_store(session):
    headings = [s.heading for s in store.sections(session)]
    article_lines = load_content().article.splitlines()
    for line in (
        "The Benefits of Foam Rolling for Upper Back Pain",
        "How Does Foam Rolling Work?",
        "Other Methods for Relieving Upper Back Pain from Running",
        "Stretching Exercises",
        "Posture Correction",
        "Proper Equipment",
        "Adjusting Your Running Technique",
        "Conclusion",
        "Related Questions",
    ):
        assert line in article_lines and line in headings
    for section in store.sections(session):
        assert section.body.strip(), section.slug


def test_every_article_sentence_belongs_to_a_section(session):
    bodies = normalize(" ".join(s.heading + " " + s.body for s in store.sections(session)))
    for line in load_content().article.splitlines():
        if line.strip() and line.strip() != "-":
            assert normalize(line) in bodies, line


def test_the_related_questions_are_answered_by_topics(session):
    related = store.section(session, "related-questions").body
    for question in (
        "What are some specific stretches I can do to relieve upper back pain from running?",
        "Can foam rolling completely eliminate upper back pain from running?",
        "Are there any exercises I should avoid if I have upper back pain from running?",
    ):
        assert question in related
    for key in ("foam_rolling_alone", "avoid"):
        topic = store.topic(session, key)
        assert topic.section.slug == "related-questions"
        assert normalize(topic.passage) in normalize(related)
    assert "jumping jacks" in store.topic(session, "avoid").answer
    assert "not be enough on its own" in store.topic(session, "foam_rolling_alone").passage
    assert store.topic(session, "stretches").items == (
        "cat_cow",
        "shoulder_blade_squeeze",
        "chest_opener",
    )


def test_remedies_exercise_kinds_exercises_and_equipment(session):
    assert [r.slug for r in store.remedies(session)] == [
        "foam_rolling",
        "stretching",
        "posture",
        "equipment",
        "technique",
    ]
    for slug in ("cat_cow", "shoulder_blade_squeeze", "chest_opener", "plank", "bridge"):
        exercise = store.exercise(session, slug)
        assert exercise.purpose and exercise.section.slug in (
            "stretching-exercises",
            "posture-correction",
        )
    for slug in ("shoes", "running_belt", "hip_pads", "water_bottle"):
        assert store.equipment(session, slug).section.slug == "proper-equipment"
    kinds = store.snapshot_of(session).kinds
    assert {kind: k.topic_key for kind, k in kinds.items()} == {
        "stretch": "stretches",
        "strengthening exercise": "strengthening",
    }


def test_every_answer_rests_on_a_passage_of_its_section(session):
    assert load_content().problems() == []
    for key in ("foam_rolling", "stretches", "avoid", "overview", "common"):
        topic = store.topic(session, key)
        assert normalize(topic.passage) in normalize(topic.section.body)
    snapshot = store.snapshot_of(session)
    for kind in snapshot.kinds.values():  # what the article says about doing an exercise
        section = snapshot.topics[kind.topic_key].section
        assert normalize(kind.passage) in normalize(section.body)


def test_drift_is_detected_when_the_article_changes():
    content = load_content()
    changed = content.article.replace(
        "cat-cow stretch, shoulder blade squeeze", "cobra stretch, shoulder blade squeeze"
    )
    from bot.content import parse_sections

    drifted = dataclasses.replace(
        content, article=changed, sections=parse_sections(changed, content.data["sections"])
    )
    problems = drifted.problems()
    assert any("topic stretches: passage" in p for p in problems)
    assert any("cat_cow" in p for p in problems)


def test_drift_is_detected_when_an_answer_changes_without_its_passage():
    content = load_content()
    data = {**content.data, "topics": {**content.data["topics"]}}
    data["topics"]["avoid"] = {**data["topics"]["avoid"], "answer": "Avoid all running."}
    problems = dataclasses.replace(content, data=data).problems()
    assert problems == ["topic avoid: answer and passage changed without review"]


def test_drift_is_detected_in_what_the_article_says_about_exercises():
    content = load_content()
    kinds = {**content.data["exercise_kinds"]}
    kinds["stretch"] = {**kinds["stretch"], "passage": "Stretch every day for an hour."}
    problems = dataclasses.replace(
        content, data={**content.data, "exercise_kinds": kinds}
    ).problems()
    assert problems == [
        "exercise kind stretch: passage no longer in section 'stretching-exercises'",
        "exercise kind stretch: answer and passage changed without review",
    ]


DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _broken(tmp_path, change) -> list[str]:
    """The problems loading a copy of the content reports after `change(data)`."""
    for name in ("article.txt", "remedies.yml"):
        shutil.copy(CONTENT_DIR / name, tmp_path / name)
    data = content_module.safe_load((tmp_path / "remedies.yml").read_text())
    change(data)
    (tmp_path / "remedies.yml").write_text(
        yaml.dump(data, Dumper=DUMPER, sort_keys=False, allow_unicode=True)
    )
    with pytest.raises(ContentError) as raised:
        load_content(tmp_path)
    assert content_module.main(["--check", "--dir", str(tmp_path)]) == 1
    return raised.value.problems


@pytest.mark.parametrize(
    "change, problem",
    [
        (
            lambda d: d["topics"]["avoid"]["next"].append("stretching_plan"),
            "topic avoid: unknown next topic stretching_plan",
        ),
        (lambda d: d["topics"]["avoid"].pop("intent"), "topic avoid: missing intent"),
        (
            lambda d: d["topics"]["avoid"].update(intent="ask_common"),
            "topic common: intent ask_common already asks topic avoid",
        ),
        (
            lambda d: d["topics"]["avoid"]["next"].append("introduction"),
            "topic avoid: next topic introduction has no intent to ask it with",
        ),
        (lambda d: d["topics"]["avoid"].update(method="yoga"), "topic avoid: unknown method yoga"),
        (
            lambda d: d["topics"]["avoid"].update(section="warm-up"),
            "topic avoid: unknown section warm-up",
        ),
        (
            lambda d: d["topics"]["avoid"].update(nxet=["stretches"]),
            "topic avoid: unknown field nxet",
        ),
        (
            lambda d: d["topics"]["stretches"]["list"].append("cobra"),
            "topic stretches: unknown exercise cobra in its list",
        ),
        (
            lambda d: d["exercises"][0].update(kind="yoga pose"),
            "exercise cat_cow: unknown kind yoga pose",
        ),
        (
            lambda d: d["exercise_kinds"]["stretch"].update(topic="avoid"),
            "exercise kind stretch: topic avoid does not list exercises",
        ),
        (
            lambda d: d["starters"].append("introduction"),
            "starter introduction: not a topic with an intent",
        ),
        (
            lambda d: d["remedies"][1].update(topic="posture"),
            "remedy stretching: its topic posture covers method posture",
        ),
        (
            lambda d: d["remedies"][2].update(faults=["slouching", "stooping"]),
            "remedy posture: fault 'stooping' is not one of its aliases",
        ),
        (
            lambda d: d["topics"]["posture"].update(cue_pairs={"within": 3, "parts": ["back"]}),
            "topic posture: cue_pairs needs within (a number), parts and actions",
        ),
    ],
)
def test_content_that_points_nowhere_fails_loudly(tmp_path, change, problem):
    assert problem in _broken(tmp_path, change)


def test_every_topic_intent_is_declared_in_the_domain():
    assert content_module.undeclared_intents(load_content()) == []
    assert content_module.main(["--check"]) == 0


def test_refingerprint_records_a_review_of_every_answer(tmp_path):
    for name in ("article.txt", "remedies.yml"):
        shutil.copy(CONTENT_DIR / name, tmp_path / name)
    path = tmp_path / "remedies.yml"
    path.write_text(
        path.read_text().replace("      Yes. Upper back pain", "      Yes! Upper back pain")
    )
    assert content_module.main(["--check", "--dir", str(tmp_path)]) == 1
    assert content_module.main(["--refingerprint", "--dir", str(tmp_path)]) == 0
    assert load_content(tmp_path).problems() == []
    changed = [
        a
        for a, b in zip(
            path.read_text().splitlines(), (CONTENT_DIR / "remedies.yml").read_text().splitlines()
        )
        if a != b
    ]
    assert len(changed) == 2 and "Yes! Upper" in changed[0] and "reviewed:" in changed[1]
