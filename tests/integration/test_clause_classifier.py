"""The clause classifier (rasa_addons/nlu/clauses.py) trained on the project's own training
data through Rasa's model storage: its directly built TF-IDF scores equal what sklearn's
vectorizers and the regression give, it survives a save and load, and it splits and reads a
two-question message."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.importers.importer import TrainingDataImporter
from rasa.shared.nlu.training_data.message import Message

from bot.understanding import split_clauses
from rasa_addons.nlu.clauses import (
    CLAUSES,
    BlendedIntentClassifier,
    ClauseClassifier,
    _diet_readings,
)
from rasa_addons.nlu.diet_numpy import CLAUSE_SCORES

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [
    "how do i foam roll my upper back",
    "wat stretchs shud i do",
    "Which shoes? And is a running belt any good?",
    "hello",
    "",
    "zzzz qqqq",
    "what should I avoid, and how often should I roll?",
]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    data = TrainingDataImporter.load_from_dict(
        training_data_paths=[str(ROOT / "data" / "nlu.yml")]
    ).get_nlu_data()
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    resource = Resource("clauses")
    classifier = ClauseClassifier.create({}, storage, resource, None)
    classifier.train(data)
    return classifier, storage, resource


def test_scores_built_directly_equal_sklearns(trained):
    classifier, _, _ = trained
    direct = np.vstack([classifier._scores(classifier._read(t)) for t in TEXTS])
    reference = classifier.features(TEXTS) @ classifier._coef.T + classifier._intercept
    assert np.allclose(direct, reference, atol=1e-9)


def test_a_saved_classifier_reads_the_same(trained):
    classifier, storage, resource = trained
    loaded = ClauseClassifier.load({}, storage, resource, None)
    assert np.allclose(loaded.probabilities(TEXTS), classifier.probabilities(TEXTS))


def test_a_two_question_message_gets_one_reading_per_question(trained):
    classifier, _, _ = trained
    message = Message.build("which stretches help? and what shoes should i wear?")
    message.set("intent", {"name": "ask_stretches", "confidence": 0.9})
    classifier.process([message])
    clauses = message.get(CLAUSES)
    assert [c["intent"] for c in clauses] == ["ask_stretches", "ask_equipment"]


def _diet_says(text: str, ranking: list[tuple[str, float]]) -> Message:
    message = Message.build(text)
    entries = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message.set("intent", entries[0])
    message.set("intent_ranking", entries)
    return message


@pytest.fixture(scope="module")
def blender(trained):
    _, storage, resource = trained
    # The same trained linear model, read back as the blending component.
    return lambda weight: BlendedIntentClassifier.load({"weight": weight}, storage, resource, None)


def test_the_blend_is_the_weighted_sum_of_both_rankings(blender):
    text = "how do i foam roll my upper back"
    diet = [("ask_stretches", 0.6), ("ask_how_to_foam_roll", 0.3), ("ask_posture", 0.1)]
    blend = blender(0.5)
    linear = dict(zip(blend._classes, blend.probabilities([text])[0]))
    message = blend.process([_diet_says(text, diet)])[0]
    ranking = message.get("intent_ranking")
    for entry in ranking:
        expected = 0.5 * dict(diet).get(entry["name"], 0.0) + 0.5 * linear[entry["name"]]
        assert entry["confidence"] == pytest.approx(expected, abs=1e-6)
    assert [e["confidence"] for e in ranking] == sorted(
        (e["confidence"] for e in ranking), reverse=True
    )
    assert message.get("intent") == ranking[0]
    assert len(ranking) == len(diet)


def test_a_confident_second_opinion_overrules_an_unsure_diet(blender):
    # DIET unsure and wrong; the linear model reads the plain foam-rolling question.
    text = "how do i foam roll my upper back"
    diet = [("ask_stretches", 0.4), ("ask_how_to_foam_roll", 0.35), ("ask_posture", 0.25)]
    assert blender(0.0).process([_diet_says(text, diet)])[0].get("intent")["name"] == (
        "ask_stretches"
    )
    mixed = blender(0.5).process([_diet_says(text, diet)])[0]
    assert mixed.get("intent")["name"] == "ask_how_to_foam_roll"


def test_messages_without_a_ranking_are_left_alone(blender):
    message = Message.build("/helpful")
    blender(0.5).process([message])
    assert message.get("intent") is None and message.get("intent_ranking") is None


def test_diet_has_a_say_in_which_question_a_clause_asks_not_whether_it_is_one(trained):
    _, storage, resource = trained
    texts = ["which stretches help?", "what is the capital of france"]
    lone = ClauseClassifier.load({}, storage, resource, None)
    assert [name for name, _ in lone.classify(texts)] == ["ask_stretches", "out_of_scope"]
    # DIET reads the first clause as posture, the second as an equipment question.
    diet = [{"ask_posture": 0.9, "ask_stretches": 0.1}, {"ask_equipment": 0.6, "greet": 0.4}]
    mixed = ClauseClassifier.load({"diet_weight": 0.9}, storage, resource, None)
    rows = mixed.classify(texts, diet)
    assert rows[0][0] == "ask_posture"
    assert rows[1] == lone.classify(texts)[1]  # DIET's question mass does not count here
    assert mixed.classify(texts) == lone.classify(texts)  # without DIET's readings


def test_diet_readings_are_used_only_for_the_same_clauses():
    text = "which stretches help? and what shoes should i wear?"
    message = Message.build(text)
    clauses = split_clauses(text)
    message.set(CLAUSE_SCORES, [((0, 21), {"ask_stretches": 1.0}), ((26, 51), {"x": 1.0})])
    assert _diet_readings(message, clauses) == [{"ask_stretches": 1.0}, {"x": 1.0}]
    message.set(CLAUSE_SCORES, [((0, 21), {"ask_stretches": 1.0})])
    assert _diet_readings(message, clauses) is None
    assert _diet_readings(Message.build(text), clauses) is None


def test_a_word_training_never_saw_is_read_as_the_word_it_stands_for(trained):
    classifier, _, _ = trained
    seen = classifier._word.vocabulary
    assert "physo" not in seen and "strech" not in seen
    assert "physio" in seen and "stretch" in seen
    assert classifier._read("Physo or a strech?") == "physio or a stretch?"
    assert np.allclose(
        classifier.probabilities(["physo or a strech"]),
        classifier.probabilities(["physio or a stretch"]),
    )


def test_words_training_saw_are_read_as_written(trained):
    classifier, _, _ = trained
    seen = classifier._word.vocabulary
    assert {"wat", "shud", "stretchs"} <= set(seen)  # text-speak among the examples
    assert classifier._read("wat stretchs shud i do") == "wat stretchs shud i do"
