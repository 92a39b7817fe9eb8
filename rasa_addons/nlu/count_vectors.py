"""Count-vector features built as COO matrices directly: `CooCountVectorsFeaturizer`, the
CountVectorsFeaturizer that config.yml names (`rasa_addons.nlu.count_vectors.CooCountVectorsFeaturizer`,
once for words and once for char_wb n-grams).

Needs: Rasa 3.6 (it subclasses
`rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer.CountVectorsFeaturizer`),
sklearn's fitted `CountVectorizer` (its analyzer and vocabulary), numpy and scipy. It is a
component Rasa loads by name from the model graph, not a replacement installed by
rasa_addons/patches.py.

Why: Rasa's featurizer turns each message into count features with four calls to sklearn's
`CountVectorizer.transform` (the tokens, then the joined text, for each of the two
featurizers), each building a CSR matrix that Rasa then sorts and converts to COO: 1.8 ms a
turn here, 1.3 ms this way.

What: the component is Rasa's CountVectorsFeaturizer in everything (configuration, training,
vocabulary, persistence, loading) except `_create_features`, which counts the same
analyzer's features against the same vocabulary and builds the COO matrices Rasa ends up with
(same rows, columns, values, order, shape and dtypes). An attribute whose vectorizer is missing
or not fitted is left to Rasa's own `_create_features`. tests/integration/test_patches.py
compares both on every held-out message with the trained model's two featurizers.

And `_get_message_tokens_by_attribute`: once fitted, a word of a message's text that training
never saw but that stands for one it did ("shud": "should", bot/spelling.py) is counted as
that word. Training is unchanged (its words are all seen); the same test checks that every
training example is read as Rasa reads it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    DENSE_FEATURIZABLE_ATTRIBUTES,
    CountVectorsFeaturizer,
)
from rasa.shared.nlu.constants import TEXT

from bot import spelling


def counts(vectorizer: Any, documents: list[str]) -> scipy.sparse.coo_matrix:
    """What `vectorizer.transform(documents)`, sorted and converted to COO, returns."""
    analyze, vocabulary = vectorizer.build_analyzer(), vectorizer.vocabulary_
    rows: list[int] = []
    columns: list[int] = []
    values: list[int] = []
    for row, document in enumerate(documents):
        counter: dict[int, int] = {}
        for feature in analyze(document):
            index = vocabulary.get(feature)
            if index is not None:
                counter[index] = counter.get(index, 0) + 1
        for index in sorted(counter):
            rows.append(row)
            columns.append(index)
            values.append(1 if vectorizer.binary else counter[index])
    return scipy.sparse.coo_matrix(
        (
            np.array(values, dtype=vectorizer.dtype),
            (np.array(rows, dtype=np.int32), np.array(columns, dtype=np.int32)),
        ),
        shape=(len(documents), len(vocabulary)),
    )


def _seen_word(word: str, vocabulary: dict[str, int]) -> bool:
    return word in vocabulary


def _seen_in_char_ngrams(word: str, vocabulary: dict[str, int]) -> bool:
    """Whether training saw the word whole, as far as char_wb n-grams tell: its first and
    last padded n-grams (" wat", "wat "; " r " for a short word) are in the vocabulary."""
    if len(word) <= 2:
        return f" {word} " in vocabulary
    return f" {word[:3]}" in vocabulary and f"{word[-3:]} " in vocabulary


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class CooCountVectorsFeaturizer(CountVectorsFeaturizer):
    """Rasa's CountVectorsFeaturizer, building its COO matrices without sklearn's CSR round
    trip; a word of a message's text that training never saw, but that stands for one it did
    ("shud": "should", bot/spelling.py), is counted as that word. Training is Rasa's own: its
    words are all seen, so the model and the features of every training example are the same."""

    def _get_message_tokens_by_attribute(self, message: Any, attribute: str) -> list[str]:
        tokens = super()._get_message_tokens_by_attribute(message, attribute)
        vectorizer = self.vectorizers.get(attribute) if attribute == TEXT else None
        vocabulary = getattr(vectorizer, "vocabulary_", None)
        if not vocabulary:
            return tokens  # training, or an attribute without features
        seen = _seen_word if self._config["analyzer"] == "word" else _seen_in_char_ngrams
        return [t if seen(t.lower(), vocabulary) else spelling.standard_word(t) for t in tokens]

    def _create_features(
        self, attribute: str, all_tokens: list[list[str]]
    ) -> tuple[list[scipy.sparse.spmatrix | None], list[scipy.sparse.spmatrix | None]]:
        vectorizer = self.vectorizers.get(attribute)
        if not vectorizer or not hasattr(vectorizer, "vocabulary_"):
            return super()._create_features(attribute, all_tokens)
        sequence_features: list[scipy.sparse.spmatrix | None] = []
        sentence_features: list[scipy.sparse.spmatrix | None] = []
        for tokens in all_tokens:
            if not tokens:
                sequence_features.append(None)
                sentence_features.append(None)
                continue
            sequence_features.append(counts(vectorizer, tokens))
            sentence_features.append(
                counts(vectorizer, [" ".join(tokens)])
                if attribute in DENSE_FEATURIZABLE_ATTRIBUTES
                else None
            )
        return sequence_features, sentence_features
