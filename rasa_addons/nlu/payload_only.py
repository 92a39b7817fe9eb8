"""An NLU component that keeps intents reached only by button payloads and typed `/intent`
commands (the rating intents: `rate_answer`, `helpful`, `unhelpful`) out of the classifiers'
training. Named first in config.yml's pipeline: its `process_training_data` hands every later
component (featurizers, DIET, the clause classifier) the training data without those intents'
examples; at run time it passes messages through untouched.

Why: `rasa data validate` wants NLU examples for every intent in the domain, but these intents
are never typed as free text (Rasa's RegexMessageHandler maps `/rate_answer{...}` and
`/helpful` to them from the domain alone). Trained, their few examples would add classes to
DIET and the clause classifier, spread confidence over them and change every other intent's
figures; kept out, the trained classifiers are the same as without them.

Needs: Rasa 3.6 (DefaultV1Recipe, GraphComponent).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class PayloadOnlyIntents(GraphComponent):
    """Drops the examples of `intents` from the training data the later components see."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"intents": []}

    def __init__(self, config: dict[str, Any]) -> None:
        self.intents = frozenset(config.get("intents") or ())

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PayloadOnlyIntents:
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        if not self.intents:
            return training_data
        return training_data.filter_training_examples(
            lambda message: message.get(INTENT) not in self.intents
        )

    def process(self, messages: list[Message]) -> list[Message]:
        return messages
