"""An NLU component that reads every question of a message: it splits the text into clauses
(`bot.understanding.split_clauses`) and classifies each clause with its own linear model over
word and character n-grams, trained on the same examples as DIET. Named in config.yml after
the FallbackClassifier; it adds `clauses` to the parse data (one entry per clause: text,
offsets, intent, confidence) and leaves the message's intent as DIET and the fallback set it.
A message with one clause gets one entry with the message's own intent, unless that intent
is small talk: then the clause is classified too, as a second opinion.

`BlendedIntentClassifier`, named before the FallbackClassifier, is the same linear model read
as a second opinion on the whole message: its probabilities mixed with DIET's ranking.

Needs scikit-learn (installed with Rasa). The model is stored as JSON and numpy arrays, not
pickles.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.spelling import standard_spelling
from bot.understanding import lowercase, split_clauses
from rasa_addons.nlu.diet_numpy import CLAUSE_SCORES

logger = logging.getLogger(__name__)

CLAUSES = "clauses"
SMALL_TALK = ("greet", "goodbye", "thank")
NOT_QUESTIONS = {*SMALL_TALK, "warning_signs", "out_of_scope", "nlu_fallback"}


def _vectorizers(word_vocab=None, char_vocab=None) -> tuple[TfidfVectorizer, TfidfVectorizer]:
    word = TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        sublinear_tf=True,
        token_pattern=r"[a-z0-9']+",
        vocabulary=word_vocab,
    )
    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        sublinear_tf=True,
        min_df=1,
        vocabulary=char_vocab,
    )
    return word, char


def _diet_readings(message: Message, clauses: list) -> list[dict[str, float]] | None:
    """DIET's confidences for each clause, when it read the same clauses."""
    readings = message.get(CLAUSE_SCORES)
    if not readings or [span for span, _ in readings] != [(c.start, c.end) for c in clauses]:
        return None
    return [scores for _, scores in readings]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class ClauseClassifier(GraphComponent, IntentClassifier):
    """Classifies each clause of a message (see the module docstring)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # diet_weight: the share of DIET's reading of each clause (kept on the message by
        # rasa_addons.nlu.diet_numpy) in a several-clause message's clause intents.
        return {"C": 20.0, "max_iter": 3000, "random_state": 42, "diet_weight": 0.0}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: dict[str, Any] | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._word = self._char = None
        self._coef = self._intercept = None
        self._classes: list[str] = []
        if model:
            self._set(model)

    def _set(self, model: dict[str, Any]) -> None:
        self._word, self._char = _vectorizers(model["word_vocab"], model["char_vocab"])
        self._word.idf_ = np.asarray(model["word_idf"])
        self._char.idf_ = np.asarray(model["char_idf"])
        self._coef = np.asarray(model["coef"], dtype=np.float64)
        self._intercept = np.asarray(model["intercept"], dtype=np.float64)
        self._classes = list(model["classes"])
        # The same TF-IDF rows as the vectorizers' transform, built directly: transform
        # re-validates the whole vocabulary on every call, which costs more than the rest.
        self._features = [
            (vectorizer.build_analyzer(), dict(vectorizer.vocabulary), vectorizer.idf_, offset)
            for vectorizer, offset in (
                (self._word, 0),
                (self._char, len(self._word.vocabulary)),
            )
        ]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ClauseClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [
            (lowercase(m.get(TEXT)), m.get(INTENT))
            for m in training_data.intent_examples
            if m.get(TEXT) and m.get(INTENT)
        ]
        if not examples:
            return self._resource
        texts, intents = zip(*examples)
        word, char = _vectorizers()
        features = hstack([word.fit_transform(texts), char.fit_transform(texts)]).tocsr()
        clf = LogisticRegression(
            C=self.config["C"],
            max_iter=self.config["max_iter"],
            random_state=self.config["random_state"],
            class_weight="balanced",
        )
        clf.fit(features, intents)
        model = {
            "word_vocab": {k: int(v) for k, v in word.vocabulary_.items()},
            "char_vocab": {k: int(v) for k, v in char.vocabulary_.items()},
            "word_idf": word.idf_,
            "char_idf": char.idf_,
            "coef": clf.coef_,
            "intercept": clf.intercept_,
            "classes": [str(c) for c in clf.classes_],
        }
        self._set(model)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / "vocab.json").write_text(
                json.dumps({k: model[k] for k in ("word_vocab", "char_vocab", "classes")})
            )
            np.savez(
                directory / "weights.npz",
                word_idf=model["word_idf"],
                char_idf=model["char_idf"],
                coef=model["coef"],
                intercept=model["intercept"],
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> ClauseClassifier:
        try:
            with model_storage.read_from(resource) as directory:
                model = json.loads((directory / "vocab.json").read_text())
                with np.load(directory / "weights.npz") as weights:
                    model.update({k: weights[k] for k in weights.files})
        except (ValueError, FileNotFoundError):
            logger.debug("No trained clause classifier: messages get no clauses.")
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, model)

    def _read(self, text: str) -> str:
        """A text as the classifier reads it: lowercased, and a word training never saw that
        stands for one it did ("shud": "should", bot/spelling.py) read as that word."""
        return standard_spelling(lowercase(text), keep=self._word.vocabulary)

    def _scores(self, text: str) -> np.ndarray:
        """The logistic regression's scores for one text as read (`_read`): each vectorizer's
        sublinear TF-IDF, L2-normalised, as TfidfVectorizer.transform gives it."""
        scores = self._intercept.copy()
        for analyzer, vocabulary, idf, offset in self._features:
            counts = Counter(vocabulary[gram] for gram in analyzer(text) if gram in vocabulary)
            if not counts:
                continue
            index = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            values = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))
            values *= idf[index]
            values /= np.linalg.norm(values)
            scores += self._coef[:, index + offset] @ values
        return scores

    def features(self, texts: list[str]):
        """The TF-IDF rows of sklearn's vectorizers (what `_scores` reproduces)."""
        normalised = [self._read(t) for t in texts]
        return hstack([self._word.transform(normalised), self._char.transform(normalised)]).tocsr()

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """One row of intent probabilities (in `self._classes` order) per text."""
        scores = np.vstack([self._scores(self._read(t)) for t in texts])
        if scores.shape[1] == 1:  # two classes: one column of scores
            scores = np.hstack([-scores, scores])
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        return scores / scores.sum(axis=1, keepdims=True)

    def classify(
        self, texts: list[str], diet: list[dict[str, float]] | None = None
    ) -> list[tuple[str, float]]:
        """The most likely intent of each text, with its probability. With `diet` (DIET's
        confidences for each text), DIET has a say in which question a clause asks,
        `diet_weight` of it, and none in whether it is a question: trained on whole
        messages, DIET reads a short fragment ("and for how long") as out of scope."""
        rows = self.probabilities(texts)
        weight = float(self.config["diet_weight"])
        if diet and weight:
            questions = np.array([c not in NOT_QUESTIONS for c in self._classes])
            theirs = np.array([[d.get(c, 0.0) for c in self._classes] for d in diet])
            theirs[:, ~questions] = 0.0
            theirs /= np.maximum(theirs.sum(axis=1, keepdims=True), 1e-12)
            share = rows[:, questions].sum(axis=1, keepdims=True)
            rows = np.where(questions, (1 - weight) * rows + weight * share * theirs, rows)
        return [(self._classes[i], float(row[i])) for i, row in zip(rows.argmax(axis=1), rows)]

    def instead(self, text: str) -> dict[str, Any] | None:
        """The most likely question intent of a text other than a warning sign, out of
        scope or small talk, with its probability among those intents."""
        row = self.probabilities([text])[0]
        keep = [i for i, c in enumerate(self._classes) if c not in NOT_QUESTIONS]
        if not keep:
            return None
        best = max(keep, key=lambda i: row[i])
        share = float(row[best] / max(row[keep].sum(), 1e-12))
        return {"intent": self._classes[best], "confidence": round(share, 4)}

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not self._classes or not isinstance(text, str) or not text.strip():
                continue
            clauses = split_clauses(text)
            intent = message.get(INTENT) or {}
            if len(clauses) > 1 or intent.get(INTENT_NAME_KEY) in SMALL_TALK:
                # Small talk gets a second opinion: "nothing has worked, what now?" is not
                # a goodbye because it ends like one.
                parts = self.classify([c.text for c in clauses], _diet_readings(message, clauses))
            else:
                parts = [(intent.get(INTENT_NAME_KEY), float(intent.get("confidence") or 0.0))]
            entries = [
                {
                    "text": c.text,
                    "start": c.start,
                    "end": c.end,
                    "intent": name,
                    "confidence": round(confidence, 4),
                }
                for c, (name, confidence) in zip(clauses, parts)
            ]
            if len(entries) == 1 and entries[0]["intent"] == "warning_signs":
                # The safety check may find no sign ("no numbness, just stiff"): the question
                # it would be without the sign, for the answers to fall back on.
                entries[0]["instead"] = self.instead(clauses[0].text)
            message.set(CLAUSES, entries, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class BlendedIntentClassifier(ClauseClassifier):
    """A second opinion on the whole message's intent, before the FallbackClassifier: the
    same linear model as the clauses' (word and character n-grams, trained on the same
    examples), its probabilities mixed with DIET's ranking, `weight` to the linear model.
    Two models that read a message differently err on different messages; the mix replaces
    the message's intent and ranking, so the FallbackClassifier judges the mixed confidence.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**ClauseClassifier.get_default_config(), "weight": 0.5}

    def process(self, messages: list[Message]) -> list[Message]:
        weight = float(self.config["weight"])
        for message in messages:
            text = message.get(TEXT)
            ranking = message.get(INTENT_RANKING_KEY)
            if not self._classes or not ranking or not isinstance(text, str) or not text.strip():
                continue
            mixed = Counter(
                {
                    entry[INTENT_NAME_KEY]: (1 - weight) * float(entry["confidence"])
                    for entry in ranking
                }
            )
            for name, p in zip(self._classes, self.probabilities([text])[0]):
                mixed[name] += weight * float(p)
            top = [
                {INTENT_NAME_KEY: name, "confidence": round(p, 6)}
                for name, p in mixed.most_common(len(ranking))
            ]
            message.set(INTENT, top[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, top, add_to_output=True)
        return messages
