"""The numpy DIET intent path gives what Rasa's TensorFlow path gives, on every held-out
message of the trained model, and configurations it does not cover stay on Rasa's path."""
from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path

import numpy as np
import pytest

from rasa_addons import patches
from rasa_addons.nlu import diet_numpy
from bot.settings import ROOT

HELDOUT = [ROOT / "tests" / "heldout/nlu.yml", ROOT / "tests" / "heldout/nlu_more.yml"]
MODEL = ROOT / "models" / "assistant.tar.gz"
# Besides the held-out questions: no text features at all, and short or odd inputs.
EXTRA = ["", "   ", "?!", "hello", "ok", "zzzz qqqq " * 20]
TOLERANCE = 1e-5


@pytest.fixture(scope="module")
def trained():
    """(the trained DIETClassifier, [(text, message featurized by the components before it)])."""
    from rasa.core.channels.channel import UserMessage
    from rasa.engine import loader
    from rasa.engine.constants import PLACEHOLDER_MESSAGE
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.nlu.classifiers.diet_classifier import DIETClassifier
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    texts = [m.get("text") for path in HELDOUT for m in RasaYAMLReader().read(path).intent_examples]
    assert len(texts) > 200
    texts += EXTRA
    cwd = os.getcwd()
    os.chdir(ROOT)  # the pipeline names its spaCy model relative to the project
    try:
        with tempfile.TemporaryDirectory() as storage:
            metadata, runner = loader.load_predict_graph_runner(
                Path(storage), MODEL, LocalModelStorage, DaskGraphRunner)
            name, node = next((name, node) for name, node in runner._instantiated_nodes.items()
                              if type(node._component) is DIETClassifier)
            before = metadata.predict_schema.nodes[name].needs["messages"]
            messages = runner.run({PLACEHOLDER_MESSAGE: [UserMessage(t) for t in texts]},
                                  targets=[before])[before]
    finally:
        os.chdir(cwd)
    assert len(messages) == len(texts)
    return node._component, list(zip(texts, messages))


@pytest.fixture
def restored():
    """Whatever the test installs or removes, the speedups are put back as they were."""
    from rasa.nlu.classifiers.diet_classifier import DIETClassifier

    installed = DIETClassifier._predict is diet_numpy.predict
    yield
    if installed:
        patches.install()
    else:
        patches.uninstall()


def rasa_output(classifier, message):
    return classifier._predict_label(diet_numpy._original_predict(classifier, message))


def assert_same(ours, theirs, text):
    (label, ranking), (ref_label, ref_ranking) = ours, theirs
    assert label["name"] == ref_label["name"], text
    assert abs(label["confidence"] - ref_label["confidence"]) <= TOLERANCE, text
    assert [r["name"] for r in ranking] == [r["name"] for r in ref_ranking], text
    for mine, reference in zip(ranking, ref_ranking):
        assert abs(mine["confidence"] - reference["confidence"]) <= TOLERANCE, text


def test_the_trained_model_is_supported(trained):
    classifier, _ = trained
    assert diet_numpy.unsupported_reason(classifier) is None
    assert diet_numpy.forward_for(classifier) is not None


def test_every_heldout_message_gets_rasas_intent_and_ranking(trained):
    classifier, messages = trained
    forward = diet_numpy.forward_for(classifier)
    largest = 0.0
    for text, message in messages:
        reference = diet_numpy._original_predict(classifier, message)
        out = forward.predict(message)
        if reference is None:
            assert out is None, text
            continue
        assert out is not diet_numpy.FALLBACK, text
        ours, theirs = out["i_scores"], reference["i_scores"]
        assert ours.shape == theirs.shape and ours.dtype == theirs.dtype, text
        largest = max(largest, float(np.abs(ours - theirs).max()))
        assert_same(classifier._predict_label(out), classifier._predict_label(reference), text)
    assert largest <= TOLERANCE
    assert sum(diet_numpy._original_predict(classifier, m) is None for _, m in messages) == 2


def test_diagnostic_data_matches_rasas(trained):
    from rasa.shared.constants import DIAGNOSTIC_DATA

    classifier, messages = trained
    forward = diet_numpy.forward_for(classifier)
    for text, message in messages[:: max(1, len(messages) // 25)]:
        reference = diet_numpy._original_predict(classifier, message)
        if reference is None:
            continue
        ours = forward.predict(message, diagnostics=True)[DIAGNOSTIC_DATA]
        theirs = reference[DIAGNOSTIC_DATA]
        assert ours.keys() == theirs.keys() and ours["attention_weights"] is None
        assert ours["text_transformed"].shape == theirs["text_transformed"].shape, text
        assert np.abs(ours["text_transformed"] - theirs["text_transformed"]).max() <= TOLERANCE


def test_install_routes_process_through_numpy(trained, restored, monkeypatch):
    from rasa.nlu.classifiers.diet_classifier import DIETClassifier
    from rasa.shared.nlu.training_data.message import Message

    classifier, messages = trained
    calls = []
    original = diet_numpy._original_predict
    monkeypatch.setattr(diet_inference, "_original_predict",
                        lambda self, message: calls.append(message) or original(self, message))
    patches.install()
    patches.install()  # idempotent
    assert DIETClassifier._predict is diet_numpy.predict
    for text, message in messages[:40]:
        copied = Message(data=dict(message.data), features=list(message.features))
        classifier.process([copied])
        assert_same((copied.get("intent"), copied.get("intent_ranking")),
                    rasa_output(classifier, message), text)
    assert len(calls) == 40  # only the reference calls above: process never used TensorFlow
    patches.uninstall()
    assert DIETClassifier._predict is original


UNSUPPORTED = [
    {"number_of_transformer_layers": 2},
    {"number_of_transformer_layers": {"text": 1}},
    {"entity_recognition": True},
    {"intent_classification": False},
    {"use_masked_language_model": True},
    {"similarity_type": "auto"},
]


@pytest.mark.parametrize("change", UNSUPPORTED)
def test_unsupported_configs_are_reported(trained, change):
    classifier, _ = trained
    config = copy.deepcopy(classifier.component_config)
    assert diet_numpy.config_unsupported_reason(config) is None
    config.update(change)
    assert diet_numpy.config_unsupported_reason(config)


def test_unsupported_classifier_keeps_rasas_path(trained, restored, monkeypatch):
    classifier, messages = trained
    changed = copy.copy(classifier)
    changed.component_config = {**classifier.component_config,
                                "number_of_transformer_layers": 2, "entity_recognition": True}
    assert "number_of_transformer_layers" in diet_numpy.unsupported_reason(changed)
    calls = []
    original = diet_numpy._original_predict
    monkeypatch.setattr(diet_inference, "_original_predict",
                        lambda self, message: calls.append(self) or original(self, message))
    patches.install()
    text, message = messages[0]
    out = changed._predict(message)
    assert calls == [changed] and diet_numpy.forward_for(changed) is None
    assert_same(changed._predict_label(out), rasa_output(classifier, message), text)


def test_other_components_and_models_are_not_supported(trained):
    from rasa.nlu.selectors.response_selector import ResponseSelector

    classifier, _ = trained
    selector = copy.copy(classifier)
    selector.__class__ = ResponseSelector
    assert "ResponseSelector" in diet_numpy.unsupported_reason(selector)
    untrained = copy.copy(classifier)
    untrained.model = None
    assert diet_numpy.unsupported_reason(untrained) == "no trained model"


@pytest.mark.parametrize("similarity", ["inner", "cosine"])
@pytest.mark.parametrize("confidence", ["softmax", "auto"])
def test_similarity_and_confidence_match_rasas_loss_layer(trained, similarity, confidence):
    """The last step for each similarity / confidence setting against Rasa's own layer."""
    from rasa.utils.tensorflow.layers import SingleLabelDotProductLoss

    classifier, _ = trained
    labels = classifier.model.all_labels_embed.numpy()
    layer = SingleLabelDotProductLoss(20, similarity_type=similarity, model_confidence=confidence)
    rng = np.random.default_rng(7)
    for scale in (0.1, 1.0, 5.0):
        text = (rng.standard_normal(labels.shape[1]) * scale).astype(np.float32)
        _, theirs = layer.get_similarities_and_confidences_from_embeddings(
            text[np.newaxis, np.newaxis, :], labels[np.newaxis, :, :])
        ours = diet_numpy.confidences_from_embeddings(
            text.astype(np.float64), labels.astype(np.float64), similarity, confidence)
        np.testing.assert_allclose(ours, theirs.numpy()[0], atol=TOLERANCE, rtol=1e-5)
