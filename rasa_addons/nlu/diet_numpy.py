"""DIET intent classification in numpy: `NumpyDIETClassifier`, the DIETClassifier that
config.yml names (`rasa_addons.nlu.diet_numpy.NumpyDIETClassifier`).

Needs: Rasa 3.6 (it subclasses `rasa.nlu.classifiers.diet_classifier.DIETClassifier` and reads
the layers of its trained TensorFlow model), numpy and scipy. Nothing else: it is a component
Rasa loads by name from the model graph, not a replacement installed by rasa_addons/patches.py.

Why: `DIETClassifier._predict` builds a `RasaModelData` for the one message, turns it into a
batch through Rasa's data generator and runs a TensorFlow function on it: the model itself is
a handful of small matrix products, the rest is TF function dispatch, op overhead and the
data machinery. Over the 224 held-out messages on this 2-core host (3 passes each, after a
warm-up), Rasa's `_predict` took 6.1 ms a message (p50; p90 7.6 ms) and `predict` here
0.19 ms (p90 0.24 ms); `_predict_label` adds about 0.08 ms to either.

What: the component is Rasa's DIETClassifier in everything (its configuration, training,
persistence, loading, `process`, `_predict_label`) except `_predict`. Training and the saved
files are Rasa's own, named after the class (`NumpyDIETClassifier.tf_model`, ...) as Rasa names
every DIET's files, and the model graph names this class by its module path. With
`number_of_transformer_layers: 0`, no entity recognition and sparse features only, DIET's
intent prediction for one message is:

1. the message's sparse sentence-level text features (all featurizers, hstacked in message
   order, as `Message.get_sparse_features` does) times the `sparse_to_dense.text_sentence`
   kernel, plus its bias (no activation; sparse and dense input dropout are off at inference);
2. the text `Ffnn`: for each hidden layer, `gelu(x @ (kernel * kernel_mask) + bias)` with the
   exact (erf) gelu; dropout is off at inference. There is no transformer, so no final gelu
   and no layer norm;
3. `_last_token` picks position `sequence_length + 1 - 1`, the slot where the sentence
   features were appended after the tokens: the sentence vector. The sequence (token)
   features never reach it, since the `Ffnn` works position by position;
4. the `embed.text` dense layer (no activation), then the similarity with every label's
   embedding (`all_labels_embed`, computed once by TensorFlow in `prepare_for_predict` and
   copied here): a dot product (`inner`) or cosine, and softmax over the labels when the
   model's confidence is `softmax` (with `auto`, the similarities themselves). The result
   is float32 with subnormal values flushed to 0, as TF's CPU kernels return them.

`NumpyDietIntent.predict` returns what `DIETClassifier._predict` returns: a dict with
"i_scores", float32 of shape (1, number of labels), plus the diagnostic data (the
`text_transformed` sequence output) only when the execution context asks for it, as only
`process` then reads it; None for a message without text features. So `_predict_label`
ranks, masks to `ranking_length` and renormalises it unchanged. Anything else (a
transformer, entity recognition, dense features, masked language modelling, another model
class such as the response selector's, features that do not match the trained kernel) is
reported by `unsupported_reason`, or met by `predict` returning FALLBACK, and left to Rasa's
TensorFlow path (`DIETClassifier._predict`, through `super()`).

How equality is checked: tests/integration/test_diet_numpy.py runs every message of both
held-out files (and a few odd inputs) through the trained model's pipeline and compares the
numpy path with Rasa's own `DIETClassifier._predict` + `_predict_label`: same top intent, same
ranking, confidences within 1e-5 (the largest difference seen was 2.4e-7), and the diagnostic
output too. It also checks the similarity/confidence step against Rasa's loss layer for each
setting, that unsupported configurations are reported and keep Rasa's path, and that a
NumpyDIETClassifier trains, persists and loads back through Rasa's model storage.

The weights are copied out of the TF model the first time each classifier predicts.
"""

from __future__ import annotations

import logging
import math
import threading
import weakref
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIET, DIETClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.constants import DIAGNOSTIC_DATA
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.tensorflow.constants import (
    AUTO,
    COSINE,
    ENTITY_RECOGNITION,
    FEATURIZERS,
    INNER,
    INTENT_CLASSIFICATION,
    LABEL,
    MASKED_LM,
    MODEL_CONFIDENCE,
    NUM_TRANSFORMER_LAYERS,
    SENTENCE,
    SEQUENCE,
    SIMILARITY_TYPE,
    SOFTMAX,
)
from rasa.utils.tensorflow.layers import RandomlyConnectedDense
from scipy.special import erf

from bot.understanding import split_clauses

logger = logging.getLogger(__name__)

# Returned by `NumpyDietIntent.predict` when the message must go through Rasa's path.
FALLBACK = object()
# Message key: DIET's reading of each clause of a several-clause message, [((start, end),
# {intent: confidence}), ...]; not part of the parse output.
CLAUSE_SCORES = "diet_clause_scores"

_SQRT_HALF = 1.0 / math.sqrt(2.0)
_FLOAT32_TINY = np.float32(np.finfo(np.float32).tiny)  # smallest normal float32


def _gelu(x: np.ndarray) -> np.ndarray:
    """tf.nn.gelu with approximate=False, the activation of Rasa's `Ffnn` layers."""
    return 0.5 * x * (1.0 + erf(x * _SQRT_HALF))


def _l2_normalize(x: np.ndarray) -> np.ndarray:
    """tf.nn.l2_normalize over the last axis (epsilon 1e-12 on the squared norm)."""
    squared = np.sum(x * x, axis=-1, keepdims=True)
    return x / np.sqrt(np.maximum(squared, 1e-12))


def confidences_from_embeddings(
    text_embed: np.ndarray, labels_embed: np.ndarray, similarity_type: str, model_confidence: str
) -> np.ndarray:
    """`DotProductLoss.get_similarities_and_confidences_from_embeddings` for one message:
    text_embed (dim,), labels_embed (labels, dim) -> confidences (labels,)."""
    if similarity_type == COSINE:
        text_embed, labels_embed = _l2_normalize(text_embed), _l2_normalize(labels_embed)
    sim = labels_embed @ text_embed
    if model_confidence != SOFTMAX:
        return sim
    exp = np.exp(sim - sim.max())
    return exp / exp.sum()


def _float32_flushed(x: np.ndarray) -> np.ndarray:
    """x as float32 with subnormal values set to 0, as TensorFlow's CPU kernels (run with
    flush-to-zero) give them: softmax confidences below ~1.2e-38 come out as exactly 0, and
    `_predict_label` ranks those ties the same way only if they are 0 here too."""
    x = x.astype(np.float32)
    x[np.abs(x) < _FLOAT32_TINY] = 0.0
    return x


def config_unsupported_reason(config: dict[str, Any]) -> str | None:
    """Why a DIETClassifier config cannot use the numpy path, or None if it can."""
    layers = config.get(NUM_TRANSFORMER_LAYERS, 0)
    if isinstance(layers, dict):
        layers = layers.get(TEXT, 0)
    if layers:
        return f"{NUM_TRANSFORMER_LAYERS} is {layers}"
    if not config.get(INTENT_CLASSIFICATION):
        return f"{INTENT_CLASSIFICATION} is off"
    if config.get(ENTITY_RECOGNITION):
        return f"{ENTITY_RECOGNITION} is on"
    if config.get(MASKED_LM):
        return f"{MASKED_LM} is on"
    if config.get(SIMILARITY_TYPE) not in (INNER, COSINE):
        return f"{SIMILARITY_TYPE} is {config.get(SIMILARITY_TYPE)!r}"
    if config.get(MODEL_CONFIDENCE) not in (SOFTMAX, AUTO):
        return f"{MODEL_CONFIDENCE} is {config.get(MODEL_CONFIDENCE)!r}"
    return None


def unsupported_reason(classifier: DIETClassifier) -> str | None:
    """Why this classifier cannot use the numpy path, or None if it can."""
    # Rasa's DIETClassifier and this module's subclass only: other subclasses (the
    # ResponseSelector, a project's own) may change what `_predict` has to compute.
    if type(classifier) not in (DIETClassifier, NumpyDIETClassifier):
        return f"component class is {type(classifier).__name__}"
    reason = config_unsupported_reason(classifier.component_config)
    if reason:
        return reason
    model = classifier.model
    if model is None:
        return "no trained model"
    if type(model) is not DIET:
        return f"model class is {type(model).__name__}"
    reason = config_unsupported_reason(model.config)
    if reason:
        return f"model: {reason}"
    signature = model.predict_data_signature.get(TEXT, {})
    sentence, sequence = signature.get(SENTENCE, []), signature.get(SEQUENCE, [])
    if len(sentence) != 1 or not sentence[0].is_sparse:
        return "text sentence features are not exactly one sparse block"
    if any(not s.is_sparse for s in sequence):
        return "dense text sequence features"
    try:
        _layers(model, extract=False)
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        return f"unexpected layer structure: {error}"
    return None


def _dense_params(
    layer: Any, activation: str, extract: bool = True
) -> tuple[np.ndarray, np.ndarray] | None:
    """(kernel, bias) of a Keras Dense-like layer, checking its activation by name.
    A RandomlyConnectedDense kernel is multiplied by its mask, as its `call` does."""
    name = getattr(layer.activation, "__name__", "")
    if name != activation:
        raise ValueError(f"{layer.name} has activation {name!r}, expected {activation!r}")
    if not layer.use_bias:
        raise ValueError(f"{layer.name} has no bias")
    if not extract:
        return None
    kernel = layer.kernel.numpy()
    mask = getattr(layer, "kernel_mask", None)
    if mask is not None:
        kernel = kernel * mask.numpy()
    return kernel, layer.bias.numpy()


def _layers(model: DIET, extract: bool = True) -> dict[str, Any]:
    """The weights the numpy path reads, after checking the structure it assumes
    (with extract false, only the check)."""
    sequence_layer = model._tf_layers[f"sequence_layer.{TEXT}"]
    if sequence_layer._has_transformer:
        raise ValueError("transformer present")
    combining = sequence_layer._tf_layers["feature_combining"]
    if any(name.startswith("unify_dims") for name in combining._tf_layers):
        raise ValueError("sequence and sentence features are unified by extra layers")
    to_dense = combining._tf_layers[f"sparse_dense.{SENTENCE}"]._tf_layers["sparse_to_dense"]
    seq_to_dense = None
    if f"sparse_dense.{SEQUENCE}" in combining._tf_layers:
        seq_to_dense = combining._tf_layers[f"sparse_dense.{SEQUENCE}"]._tf_layers[
            "sparse_to_dense"
        ]
    hidden = []
    for layer in sequence_layer._tf_layers["ffnn"]._ffn_layers:
        if isinstance(layer, RandomlyConnectedDense):
            hidden.append(layer)
        elif type(layer).__name__ != "Dropout":  # dropout is off at inference
            raise ValueError(f"unexpected {type(layer).__name__} in the text Ffnn")
    embed = model._tf_layers[f"embed.{TEXT}"]._dense
    loss = model._tf_layers[f"loss.{LABEL}"]
    if loss.similarity_type not in (INNER, COSINE):
        raise ValueError(f"similarity {loss.similarity_type!r}")
    return {
        "to_dense": _dense_params(to_dense, "linear", extract),
        "seq_to_dense": seq_to_dense,
        "hidden": [_dense_params(layer, "gelu", extract) for layer in hidden],
        "embed": _dense_params(embed, "linear", extract),
        "similarity_type": loss.similarity_type,
        "model_confidence": loss.model_confidence,
    }


class NumpyDietIntent:
    """The intent part of a trained DIET model's forward pass, with its weights in numpy."""

    def __init__(self, classifier: DIETClassifier) -> None:
        reason = unsupported_reason(classifier)
        if reason:
            raise ValueError(f"numpy DIET path not supported: {reason}")
        self.model = model = classifier.model
        layers = _layers(model)
        # float64 throughout: closer to the exact value than TF's float32, so the two
        # paths differ by TF's own rounding only.
        kernel, self._bias = (a.astype(np.float64) for a in layers["to_dense"])
        self._kernel = np.ascontiguousarray(kernel)
        self._hidden = [(k.astype(np.float64), b.astype(np.float64)) for k, b in layers["hidden"]]
        self._embed = tuple(a.astype(np.float64) for a in layers["embed"])
        self._similarity_type = layers["similarity_type"]
        self._model_confidence = layers["model_confidence"]
        self._seq_to_dense = layers["seq_to_dense"]  # TF layer, read only for diagnostics
        self._seq_params: tuple[np.ndarray, np.ndarray] | None = None
        self._labels_embed = self._labels_embedding(model).astype(np.float64)
        self._featurizers: list[str] = list(classifier.component_config.get(FEATURIZERS) or [])
        self._diagnostics = bool(classifier._execution_context.should_add_diagnostic_data)
        self.input_dim = self._kernel.shape[0]
        self.num_labels = self._labels_embed.shape[0]

    @staticmethod
    def _labels_embedding(model: DIET) -> np.ndarray:
        """`all_labels_embed`, prepared the way `RasaModel._rasa_predict` does if needed."""
        if not model.prepared_for_prediction or model.all_labels_embed is None:
            model._training = False
            model.prepare_for_predict()
            model.prepared_for_prediction = True
        return np.asarray(model.all_labels_embed.numpy())

    def _text_features(
        self, message: Message, feature_type: str
    ) -> list[scipy.sparse.spmatrix] | None:
        """The message's sparse text features of one type, in message order; None if it
        has dense text features of that type (not supported here)."""
        matrices = []
        for f in message.features:
            if f.attribute != TEXT or f.type != feature_type:
                continue
            if self._featurizers and f.origin not in self._featurizers:
                continue
            if not f.is_sparse():
                return None
            matrices.append(f.features)
        return matrices

    def _ffnn(self, x: np.ndarray) -> np.ndarray:
        for kernel, bias in self._hidden:
            x = _gelu(x @ kernel + bias)
        return x

    def predict(
        self, message: Message, diagnostics: bool | None = None
    ) -> dict[str, Any] | None | object:
        """What `DIETClassifier._predict(message)` returns, or FALLBACK when the message
        must go through Rasa's path. Diagnostic data (`text_transformed`) is computed when
        `diagnostics` is true, by default when the execution context asks for it."""
        sentence = self._text_features(message, FEATURE_TYPE_SENTENCE)
        sequence = self._text_features(message, FEATURE_TYPE_SEQUENCE)
        if sentence is None or sequence is None:
            return FALLBACK
        if not sentence:
            # Rasa returns None for a message without text features; anything else (token
            # features without sentence features) goes through Rasa's path.
            return None if not sequence else FALLBACK

        # Sentence features: one row, columns offset by each featurizer's width.
        columns, values, offset = [], [], 0
        for matrix in sentence:
            if matrix.shape[0] != 1:
                return FALLBACK
            coo = matrix if isinstance(matrix, scipy.sparse.coo_matrix) else matrix.tocoo()
            columns.append(coo.col + offset)
            values.append(coo.data)
            offset += matrix.shape[1]
        if offset != self.input_dim:
            return FALLBACK
        cols = np.concatenate(columns) if len(columns) > 1 else columns[0]
        vals = np.concatenate(values) if len(values) > 1 else values[0]
        sentence_vector, scores = self._forward(cols, vals)
        out: dict[str, Any] = {"i_scores": _float32_flushed(scores)[np.newaxis, :]}

        if diagnostics is None:
            diagnostics = self._diagnostics
        if diagnostics:
            transformed = self._text_transformed(sequence, sentence_vector)
            if transformed is FALLBACK:
                return FALLBACK
            out[DIAGNOSTIC_DATA] = {"attention_weights": None, "text_transformed": transformed}
        return out

    def _forward(self, cols: np.ndarray, vals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(sentence vector, confidences) of one sentence row given as its columns and
        values."""
        # TF casts the values to float32 before the sparse product.
        vals = vals.astype(np.float32).astype(np.float64)
        sentence_vector = self._ffnn(vals @ self._kernel[cols] + self._bias)
        kernel, bias = self._embed
        text_embed = sentence_vector @ kernel + bias
        return sentence_vector, confidences_from_embeddings(
            text_embed, self._labels_embed, self._similarity_type, self._model_confidence
        )

    def span_scores(
        self, message: Message, spans: list[tuple[int, int]]
    ) -> list[np.ndarray] | None:
        """DIET's confidences for parts of the message (character spans), each read as if it
        were a message of its own: a part's sentence features are the sum of its tokens'
        features (what the count-vector featurizers give the tokens joined, word unigrams
        and char_wb n-grams alike). None when the message's features cannot be read so."""
        tokens = message.get(TOKENS_NAMES[TEXT])
        sequence = self._text_features(message, FEATURE_TYPE_SEQUENCE)
        if not tokens or not sequence:
            return None
        if any(m.shape[0] != len(tokens) for m in sequence):
            return None
        if sum(m.shape[1] for m in sequence) != self.input_dim:
            return None
        # Every featurizer's non-zero entries as (token, column with its offset, count).
        rows, columns, values, offset = [], [], [], 0
        for matrix in sequence:
            coo = matrix if isinstance(matrix, scipy.sparse.coo_matrix) else matrix.tocoo()
            rows.append(coo.row)
            columns.append(coo.col + offset)
            values.append(coo.data)
            offset += matrix.shape[1]
        rows, columns, values = (np.concatenate(a) for a in (rows, columns, values))
        starts = np.array([t.start for t in tokens])
        ends = np.array([t.end for t in tokens])
        out = []
        for start, end in spans:
            inside = (starts >= start) & (ends <= end)
            if not inside.any():
                return None
            keep = inside[rows]
            # A column repeated over tokens is summed by the product itself.
            out.append(self._forward(columns[keep], values[keep])[1])
        return out

    def _text_transformed(
        self, sequence: list[scipy.sparse.spmatrix], sentence_vector: np.ndarray
    ) -> np.ndarray | object:
        """The sequence layer's output (1, tokens + 1, units): tokens, then the sentence."""
        if sequence:
            if self._seq_to_dense is None:
                return FALLBACK
            if self._seq_params is None:
                kernel, bias = _dense_params(self._seq_to_dense, "linear")
                self._seq_params = (kernel.astype(np.float64), bias.astype(np.float64))
            kernel, bias = self._seq_params
            matrix = scipy.sparse.hstack(sequence, format="csr").astype(np.float32)
            if matrix.shape[1] != kernel.shape[0]:
                return FALLBACK
            tokens = self._ffnn(np.asarray(matrix.astype(np.float64) @ kernel) + bias)
            rows = np.vstack([tokens, sentence_vector[np.newaxis, :]])
        else:
            rows = sentence_vector[np.newaxis, :]
        return _float32_flushed(rows)[np.newaxis, :, :]


# Per classifier: its NumpyDietIntent, or the reason it cannot have one.
_forwards: weakref.WeakKeyDictionary[DIETClassifier, NumpyDietIntent | str] = (
    weakref.WeakKeyDictionary()
)
_lock = threading.Lock()


def _stale(entry: NumpyDietIntent | str | None, classifier: DIETClassifier) -> bool:
    return entry is None or (
        isinstance(entry, NumpyDietIntent) and entry.model is not classifier.model
    )


def forward_for(classifier: DIETClassifier) -> NumpyDietIntent | None:
    """The classifier's numpy forward pass, built on first use (again if its model object
    is replaced); None when unsupported."""
    if classifier.model is None:
        return None  # Rasa's path logs this and returns None; not cached, it may be trained
    entry = _forwards.get(classifier)
    if _stale(entry, classifier):
        with _lock:
            entry = _forwards.get(classifier)
            if _stale(entry, classifier):
                entry = unsupported_reason(classifier)
                if entry is None:
                    try:
                        entry = NumpyDietIntent(classifier)
                    except Exception as error:  # keep Rasa's path rather than fail
                        entry = f"could not build: {error!r}"
                        logger.warning("DIET numpy path %s; using TensorFlow.", entry)
                _forwards[classifier] = entry
    return entry if isinstance(entry, NumpyDietIntent) else None


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
        # As DIETClassifier: a configuration with entity recognition still works, through
        # Rasa's TensorFlow path.
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    ],
    is_trainable=True,
)
class NumpyDIETClassifier(DIETClassifier):
    """Rasa's DIETClassifier, predicting intents in numpy where the configuration allows.
    For a message of several clauses (`bot.understanding.split_clauses`) it also reads each
    clause, kept under CLAUSE_SCORES for the clause classifier's second opinion."""

    def process(self, messages: list[Message]) -> list[Message]:
        messages = super().process(messages)
        forward = forward_for(self)
        if forward is None:
            return messages
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text.strip():
                continue
            clauses = split_clauses(text)
            if len(clauses) < 2:
                continue
            spans = [(c.start, c.end) for c in clauses]
            scores = forward.span_scores(message, spans)
            if scores is None:
                continue
            names = self.index_label_id_mapping
            message.set(
                CLAUSE_SCORES,
                [
                    (span, {names[i]: float(s) for i, s in enumerate(row)})
                    for span, row in zip(spans, scores)
                ],
            )
        return messages

    def _predict(self, message: Message) -> Any:
        """`DIETClassifier._predict` through numpy where supported, else Rasa's own."""
        forward = forward_for(self)
        if forward is not None:
            out = forward.predict(message)
            if out is not FALLBACK:
                return out
        return super()._predict(message)
