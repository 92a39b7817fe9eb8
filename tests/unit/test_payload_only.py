"""The rating intents' NLU examples are kept out of the classifiers' training by the first
component of config.yml's pipeline, and messages pass through it untouched."""

from __future__ import annotations

import yaml
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import answers
from bot.settings import ROOT
from rasa_addons.nlu.payload_only import PayloadOnlyIntents


def example(text: str, intent: str) -> Message:
    return Message(data={"text": text, "intent": intent})


def test_the_payload_only_intents_examples_are_dropped_from_training():
    data = TrainingData(
        [
            example("which stretches help?", "ask_stretches"),
            example("👍", "helpful"),
            example("👎 Not helpful", "rate_answer"),
            example("thanks, that was helpful", "thank"),
        ],
        entity_synonyms={"roller": "foam roller"},
    )
    component = PayloadOnlyIntents({"intents": ["rate_answer", "helpful", "unhelpful"]})
    kept = component.process_training_data(data)
    assert [m.get("intent") for m in kept.training_examples] == ["ask_stretches", "thank"]
    assert kept.entity_synonyms == {"roller": "foam roller"}
    messages = [example("👍", "helpful")]
    assert component.process(messages) is messages
    assert PayloadOnlyIntents({}).process_training_data(data) is data


def test_config_names_it_first_with_every_rating_intent_of_the_domain():
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    first = config["pipeline"][0]
    assert first["name"] == "rasa_addons.nlu.payload_only.PayloadOnlyIntents"
    assert set(first["intents"]) == set(answers.RATING_INTENTS) <= set(domain["intents"])
