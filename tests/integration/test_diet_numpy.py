"""NumpyDIETClassifier (rasa_addons/nlu/diet_numpy.py, named in config.yml) gives what Rasa's own
DIETClassifier._predict (TensorFlow) gives, on every held-out message of the trained model;
configurations it does not cover stay on Rasa's path; and as a component it registers, trains,
persists and loads back through Rasa's model storage."""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path

import numpy as np
import pytest
from rasa.nlu.classifiers.diet_classifier import DIETClassifier

from bot.settings import ROOT
from rasa_addons.nlu import diet_numpy
from rasa_addons.nlu.diet_numpy import NumpyDIETClassifier

HELDOUT = [ROOT / "tests" / "heldout/nlu.yml", ROOT / "tests" / "heldout/nlu_more.yml"]
MODEL = ROOT / "models" / "assistant.tar.gz"
# Besides the held-out questions: no text features at all, and short or odd inputs.
EXTRA = ["", "   ", "?!", "hello", "ok", "zzzz qqqq " * 20]
TOLERANCE = 1e-5


@pytest.fixture(scope="module")
def pipeline():
    """(the trained NumpyDIETClassifier, a function featurizing texts by the components
    before it)."""
    from rasa.core.channels.channel import UserMessage
    from rasa.engine import loader
    from rasa.engine.constants import PLACEHOLDER_MESSAGE
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    cwd = os.getcwd()
    os.chdir(ROOT)  # the pipeline names its spaCy model relative to the project
    with tempfile.TemporaryDirectory() as storage:
        try:
            metadata, runner = loader.load_predict_graph_runner(
                Path(storage), MODEL, LocalModelStorage, DaskGraphRunner
            )
        finally:
            os.chdir(cwd)
        name, node = next(
            (name, node)
            for name, node in runner._instantiated_nodes.items()
            if type(node._component) is NumpyDIETClassifier
        )
        before = metadata.predict_schema.nodes[name].needs["messages"]

        def featurize(texts: list[str]) -> list:
            os.chdir(ROOT)
            try:
                return runner.run(
                    {PLACEHOLDER_MESSAGE: [UserMessage(t) for t in texts]}, targets=[before]
                )[before]
            finally:
                os.chdir(cwd)

        yield node._component, featurize


@pytest.fixture(scope="module")
def trained(pipeline):
    """(the trained NumpyDIETClassifier, [(text, message featurized by the components before it)])."""
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    classifier, featurize = pipeline
    texts = [m.get("text") for path in HELDOUT for m in RasaYAMLReader().read(path).intent_examples]
    assert len(texts) > 200
    texts += EXTRA
    messages = featurize(texts)
    assert len(messages) == len(texts)
    return classifier, list(zip(texts, messages))


def rasa_predict(classifier, message):
    """Rasa's own DIETClassifier._predict (TensorFlow), which nothing replaces."""
    return DIETClassifier._predict(classifier, message)


def rasa_output(classifier, message):
    return classifier._predict_label(rasa_predict(classifier, message))


def assert_same(ours, theirs, text):
    (label, ranking), (ref_label, ref_ranking) = ours, theirs
    assert label["name"] == ref_label["name"], text
    assert abs(label["confidence"] - ref_label["confidence"]) <= TOLERANCE, text
    # The same confidences, and the same names in the same order but where a confidence
    # ties within the tolerance with another label's (two labels at 2.81e-34, or at 0 at the
    # ranking's cut-off, can come out in either order from float32).
    assert len(ranking) == len(ref_ranking), text
    confidences = [r["confidence"] for r in ref_ranking]
    for i, (mine, reference) in enumerate(zip(ranking, ref_ranking)):
        assert abs(mine["confidence"] - reference["confidence"]) <= TOLERANCE, text
        others = confidences[:i] + confidences[i + 1 :]
        tied = reference["confidence"] <= TOLERANCE or any(
            abs(reference["confidence"] - c) <= TOLERANCE for c in others
        )
        if not tied:
            assert mine["name"] == reference["name"], text


def test_the_trained_model_is_supported(trained):
    classifier, _ = trained
    assert diet_numpy.unsupported_reason(classifier) is None
    assert diet_numpy.forward_for(classifier) is not None


def test_every_heldout_message_gets_rasas_intent_and_ranking(trained):
    classifier, messages = trained
    forward = diet_numpy.forward_for(classifier)
    largest = 0.0
    for text, message in messages:
        reference = rasa_predict(classifier, message)
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
    assert sum(rasa_predict(classifier, m) is None for _, m in messages) == 2


def test_a_span_over_the_whole_message_reads_as_the_message(trained):
    classifier, messages = trained
    forward = diet_numpy.forward_for(classifier)
    read = 0
    for text, message in messages:
        whole = forward.span_scores(message, [(0, len(text))])
        out = forward.predict(message)
        if out is None:
            assert whole is None, text
            continue
        assert np.abs(whole[0] - out["i_scores"][0]).max() <= TOLERANCE, text
        read += 1
    assert read > 200


# Each clause asks a different question: read alone, each gets its own intent.
TWO_QUESTIONS = [
    "which stretches help? and what shoes should i wear?",
    "how do i foam roll my upper back, and how often should i do it",
    "what exercises should i avoid. also is it common for runners to get this?",
]


def test_each_clause_of_a_message_reads_as_if_sent_alone(pipeline):
    from bot.understanding import split_clauses

    classifier, featurize = pipeline
    forward = diet_numpy.forward_for(classifier)
    for text in TWO_QUESTIONS:
        clauses = split_clauses(text)
        assert len(clauses) == 2, text
        together = featurize([text])[0]
        alone = featurize([c.text for c in clauses])
        parts = forward.span_scores(together, [(c.start, c.end) for c in clauses])
        tops = []
        for part, message in zip(parts, alone):
            reference = forward.predict(message)["i_scores"][0]
            assert np.abs(part - reference).max() <= TOLERANCE, text
            tops.append(int(part.argmax()))
        assert tops[0] != tops[1], text


def test_process_keeps_each_clauses_reading_for_the_clause_classifier(pipeline):
    classifier, featurize = pipeline
    one, two = featurize(["how often should i stretch", TWO_QUESTIONS[0]])
    classifier.process([one, two])
    assert one.get(diet_numpy.CLAUSE_SCORES) is None
    readings = two.get(diet_numpy.CLAUSE_SCORES)
    assert [span for span, _ in readings] == [(0, 21), (26, 51)]
    firsts = [max(scores, key=scores.get) for _, scores in readings]
    assert firsts == ["ask_stretches", "ask_equipment"]
    assert all(abs(sum(scores.values()) - 1) < 1e-5 for _, scores in readings)


def test_diagnostic_data_matches_rasas(trained):
    from rasa.shared.constants import DIAGNOSTIC_DATA

    classifier, messages = trained
    forward = diet_numpy.forward_for(classifier)
    for text, message in messages[:: max(1, len(messages) // 25)]:
        reference = rasa_predict(classifier, message)
        if reference is None:
            continue
        ours = forward.predict(message, diagnostics=True)[DIAGNOSTIC_DATA]
        theirs = reference[DIAGNOSTIC_DATA]
        assert ours.keys() == theirs.keys() and ours["attention_weights"] is None
        assert ours["text_transformed"].shape == theirs["text_transformed"].shape, text
        assert np.abs(ours["text_transformed"] - theirs["text_transformed"]).max() <= TOLERANCE


def test_the_trained_model_names_the_subclass_and_rasas_own_is_untouched(trained):
    classifier, _ = trained
    assert type(classifier) is NumpyDIETClassifier and classifier.model is not None
    assert DIETClassifier._predict.__module__ == DIETClassifier.__module__  # not replaced
    assert NumpyDIETClassifier._predict is not DIETClassifier._predict


def test_process_goes_through_numpy_with_rasas_results(trained, monkeypatch):
    from rasa.shared.nlu.training_data.message import Message

    classifier, messages = trained
    references = [rasa_output(classifier, message) for _, message in messages[:40]]
    calls = []
    original = DIETClassifier._predict
    monkeypatch.setattr(
        DIETClassifier,
        "_predict",
        lambda self, message: calls.append(message) or original(self, message),
    )
    for (text, message), reference in zip(messages[:40], references):
        copied = Message(data=dict(message.data), features=list(message.features))
        classifier.process([copied])
        assert_same((copied.get("intent"), copied.get("intent_ranking")), reference, text)
    assert calls == []  # process never used TensorFlow


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


def test_unsupported_classifier_keeps_rasas_path(trained, monkeypatch):
    classifier, messages = trained
    changed = copy.copy(classifier)
    changed.component_config = {
        **classifier.component_config,
        "number_of_transformer_layers": 2,
        "entity_recognition": True,
    }
    assert "number_of_transformer_layers" in diet_numpy.unsupported_reason(changed)
    text, message = messages[0]
    reference = rasa_output(classifier, message)
    calls = []
    original = DIETClassifier._predict
    monkeypatch.setattr(
        DIETClassifier,
        "_predict",
        lambda self, message: calls.append(self) or original(self, message),
    )
    out = changed._predict(message)
    assert calls == [changed] and diet_numpy.forward_for(changed) is None
    assert_same(changed._predict_label(out), reference, text)


def test_other_components_and_models_are_not_supported(trained):
    from rasa.nlu.selectors.response_selector import ResponseSelector

    classifier, _ = trained
    selector = copy.copy(classifier)
    selector.__class__ = ResponseSelector
    assert "ResponseSelector" in diet_numpy.unsupported_reason(selector)
    untrained = copy.copy(classifier)
    untrained.model = None
    assert diet_numpy.unsupported_reason(untrained) == "no trained model"
    other = copy.copy(classifier)

    class ProjectDIET(NumpyDIETClassifier):  # a subclass may compute something else
        pass

    other.__class__ = ProjectDIET
    assert "ProjectDIET" in diet_numpy.unsupported_reason(other)


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
            text[np.newaxis, np.newaxis, :], labels[np.newaxis, :, :]
        )
        ours = diet_numpy.confidences_from_embeddings(
            text.astype(np.float64), labels.astype(np.float64), similarity, confidence
        )
        np.testing.assert_allclose(ours, theirs.numpy()[0], atol=TOLERANCE, rtol=1e-5)


def test_registered_as_a_trainable_intent_classifier():
    from rasa.engine.recipes.default_recipe import DefaultV1Recipe

    registered = DefaultV1Recipe._from_registry("rasa_addons.nlu.diet_numpy.NumpyDIETClassifier")
    assert registered.clazz is NumpyDIETClassifier and registered.is_trainable
    assert DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER in registered.types


def test_trains_persists_and_loads_back_through_rasas_model_storage(tmp_path):
    """A small NumpyDIETClassifier trained, saved and loaded by Rasa's own code: its files are
    named after the subclass (as Rasa names every DIET's), the model graph names the subclass
    by module path, and the loaded classifier predicts in numpy what TensorFlow predicts."""
    from rasa.engine.graph import ExecutionContext, GraphSchema, SchemaNode
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from rasa_addons.nlu.count_vectors import CooCountVectorsFeaturizer

    examples = {
        "greet": ["hello there", "hi", "good morning", "hey you"],
        "stretch": ["which stretches help", "show me a stretch", "stretches for my back"],
        "roll": ["how do i foam roll", "foam roller tips", "rolling my upper back"],
    }
    data = TrainingData([Message.build(text=t, intent=i) for i, ts in examples.items() for t in ts])
    (tmp_path / "storage").mkdir()
    storage = LocalModelStorage(tmp_path / "storage")
    context = ExecutionContext(GraphSchema({}), "test")
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    tokenizer.process_training_data(data)
    cvf_config = {**CooCountVectorsFeaturizer.get_default_config()}
    cvf_resource = Resource("cvf")
    featurizer = CooCountVectorsFeaturizer.create(cvf_config, storage, cvf_resource, context)
    featurizer.train(data)
    featurizer.process_training_data(data)
    config = {
        **NumpyDIETClassifier.get_default_config(),
        "epochs": 3,
        "number_of_transformer_layers": 0,
        "entity_recognition": False,
        "random_seed": 1,
        "constrain_similarities": True,
    }
    resource = Resource("diet")
    trained = NumpyDIETClassifier.create(config, storage, resource, context)
    trained.train(data)
    with storage.read_from(resource) as path:
        names = sorted(f.name for f in path.iterdir())
    assert any(name.startswith("NumpyDIETClassifier.tf_model") for name in names), names
    assert "NumpyDIETClassifier.index_label_id_mapping.json" in names
    assert all(name.startswith("NumpyDIETClassifier.") or name == "checkpoint" for name in names)

    node = SchemaNode(
        needs={},
        uses=NumpyDIETClassifier,
        constructor_name="load",
        fn="process",
        config={"epochs": 3},
    )
    graph = GraphSchema({"run_diet": node}).as_dict()
    assert graph["nodes"]["run_diet"]["uses"] == "rasa_addons.nlu.diet_numpy.NumpyDIETClassifier"
    assert GraphSchema.from_dict(graph).nodes["run_diet"].uses is NumpyDIETClassifier

    loaded_featurizer = CooCountVectorsFeaturizer.load(cvf_config, storage, cvf_resource, context)
    loaded = NumpyDIETClassifier.load(config, storage, resource, context)
    assert type(loaded) is NumpyDIETClassifier and loaded.model is not None
    assert diet_numpy.forward_for(loaded) is not None
    for text in ["hello", "stretches please", "foam roll", "zzz"]:
        message = Message(data={"text": text})
        tokenizer.process([message])
        loaded_featurizer.process([message])
        assert_same(
            loaded._predict_label(loaded._predict(message)), rasa_output(loaded, message), text
        )
