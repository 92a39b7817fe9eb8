"""Each replacement of rasa_addons/patches.py gives what Rasa's own function gives (called
through `patches.rasas`, which reaches Rasa's original whether or not it is replaced), and
`install()` refuses a Rasa other than the one they were written for. The count-vector
component (rasa_addons/nlu/count_vectors.py) is compared with Rasa's featurizer here too."""

from __future__ import annotations

import json

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer

from bot.settings import ROOT
from rasa_addons import patches
from rasa_addons.nlu.count_vectors import CooCountVectorsFeaturizer


@pytest.fixture(scope="module", autouse=True)
def installed():
    """The replacements installed, as every entry point installs them; put back as they were."""
    before = patches.active()
    patches.install()
    yield
    if not before:
        patches.uninstall()


GOOD = {
    "events": [{"event": "slot", "name": "topic", "value": "stretches"}],
    "responses": [
        {"text": "Try the cat-cow stretch.", "buttons": [{"title": "t", "payload": "/p"}]}
    ],
}
BAD = [
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "slot"}]},  # a slot event without its name
    {"responses": ["not an object"]},
]


def test_installed_on_rasas_remote_action():
    assert RemoteAction._validate_action_result is patches._validate_action_result


def test_valid_response_passes():
    assert RemoteAction("action_respond", None)._validate_action_result(GOOD) is True


@pytest.mark.parametrize("response", BAD)
def test_invalid_responses_fail_as_with_rasas_check(response):
    with pytest.raises(ValidationError) as ours:
        RemoteAction("action_respond", None)._validate_action_result(response)
    with pytest.raises(ValidationError) as reference:
        validate(response, RemoteAction.action_response_format_spec())
    assert ours.value.message.startswith(reference.value.message)
    assert "Failed to validate Action server response" in ours.value.message


def _events_of_every_kind() -> list[dict]:
    """One event of each kind the action SDK can send, with typical values."""
    from datetime import datetime

    from rasa_sdk import events as e

    return [
        e.SlotSet("topic", "stretches"),
        e.SlotSet("options", ["a", "b"]),
        e.AllSlotsReset(),
        e.FollowupAction("action_listen"),
        e.Restarted(),
        e.UserUtteranceReverted(),
        e.ActionReverted(),
        e.ConversationPaused(),
        e.ConversationResumed(),
        e.ActionExecuted("action_respond"),
        e.SessionStarted(),
        e.ActiveLoop(None),
        e.BotUttered("hello", {"buttons": [{"title": "t", "payload": "/p"}]}),
        e.UserUttered("hi", {"intent": {"name": "greet", "confidence": 0.9}, "entities": []}),
        e.ReminderScheduled("EXTERNAL_x", datetime(2026, 1, 1)),
        e.ReminderCancelled("r"),
        e.ActionExecutionRejected("action_respond"),
        e.LoopInterrupted(True),
        e.StoryExported(),
        e.AgentUttered("hi"),
        e.Form("f"),
        e.FormValidation(False),
    ]


def _mutations(event: dict) -> list[dict]:
    """The event with each field in turn given a value of another type, or removed."""
    out = []
    for key in event:
        for bad in (None, 3, "x", [1], {"a": 1}, 0.5, True):
            out.append({**event, key: bad})
        out.append({k: v for k, v in event.items() if k != key})
    return out


def test_the_split_check_agrees_with_rasas_full_check_on_every_kind_of_event():
    from jsonschema import validators

    spec = RemoteAction.action_response_format_spec()
    reference = validators.validator_for(spec)(spec)
    cases = [
        GOOD,
        *BAD,
        {},
        [],
        "text",
        None,
        {"events": []},
        {"events": [1, "x", None]},
        {"events": [{"event": 3}]},
        {"responses": [{"text": "ok"}], "events": None},
    ]
    for event in _events_of_every_kind():
        cases.append({"events": [event]})
        cases += [{"events": [event, bad]} for bad in _mutations(event)]
    valid = [c for c in cases if reference.is_valid(c)]
    assert 20 < len(valid) < len(cases) - 20  # both kinds are well represented
    for case in cases:
        assert patches.is_valid_response(case) == reference.is_valid(case), case


def test_every_branch_of_the_events_schema_is_named_by_one_event_name():
    _, by_name = patches._split_validators()
    from rasa.shared.utils.schemas.events import EVENT_SCHEMA

    assert len(by_name) == len(EVENT_SCHEMA["oneOf"])


# The shared client session: the same requests as Rasa's EndpointConfig.request, over kept
# connections. A real aiohttp server on loopback records what it receives.


async def _serve(handler):
    from aiohttp import web

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    return runner, f"http://127.0.0.1:{port}"


# What a tracker can hold that JSON encoders treat differently: non-ASCII and escaped text,
# slashes, floats that need all their digits, large and negative numbers, nesting, null.
ODD_JSON = {
    "text": 'ünïcödé ☃ "quoted" back\\slash\nnew/line \u2028',
    "f": 0.1 + 0.2,
    "t": 1795648812.5649078,
    "tiny": 1e-300,
    "big": 2**62,
    "neg": -7.5,
    "nested": [{"a": None, "b": True}, []],
    "empty": {},
}


def test_endpoint_requests_reuse_one_connection_and_keep_rasas_behaviour():
    import asyncio

    from aiohttp import web
    from rasa.utils.endpoints import ClientResponseError, EndpointConfig

    seen = []

    async def handler(request):
        seen.append(
            {
                "peer": request.transport.get_extra_info("peername"),
                "path": request.path,
                "query": dict(request.query),
                "auth": request.headers.get("Authorization"),
                "x": request.headers.get("X-Test"),
                "body": await request.text(),
            }
        )
        if request.path == "/missing":
            return web.Response(status=404, text="no")
        if request.path == "/text":
            return web.Response(text="plain")
        return web.json_response({"events": [], "echo": await request.json()})

    async def scenario():
        runner, url = await _serve(handler)
        try:
            endpoint = EndpointConfig(
                url + "/webhook",
                params={"a": "1"},
                headers={"X-Test": "yes"},
                basic_auth={"username": "u", "password": "p"},
                token="t",
            )
            results = [
                await endpoint.request(json={"n": i, **ODD_JSON}, method="post") for i in range(5)
            ]
            text = await EndpointConfig(url).request(method="get", subpath="text")
            with pytest.raises(ClientResponseError) as missing:
                await EndpointConfig(url).request(method="get", subpath="missing")
            await patches.close_sessions()
            return results, text, missing.value
        finally:
            await runner.cleanup()

    results, text, missing = asyncio.run(scenario())
    assert [r["echo"] for r in results] == [{"n": i, **ODD_JSON} for i in range(5)]
    assert [json.loads(s["body"]) for s in seen[:5]] == [{"n": i, **ODD_JSON} for i in range(5)]
    assert len({s["peer"] for s in seen[:5]}) == 1  # one connection for five requests
    first = seen[0]
    assert first["path"] == "/webhook" and first["query"] == {"a": "1", "token": "t"}
    assert first["x"] == "yes" and first["auth"].startswith("Basic ")
    assert text is None  # not JSON: None, as with Rasa's request
    assert missing.status == 404


def test_sequential_graph_runner_gives_the_same_results_as_dask(tmp_path):
    """Both runners load the trained model; parsing and predicting give the same output."""
    import asyncio

    import rasa.core.processor
    from rasa.core.agent import Agent
    from rasa.engine import loader
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    model = ROOT / "models" / "assistant.tar.gz"
    assert rasa.core.processor.DaskGraphRunner is patches.SequentialGraphRunner
    _, dask_runner = loader.load_predict_graph_runner(
        tmp_path, model, LocalModelStorage, DaskGraphRunner
    )
    agent = Agent.load(str(model))
    assert isinstance(agent.processor.graph_runner, patches.SequentialGraphRunner)
    texts = [
        "which stretches help?",
        "how do i foam roll my upper back",
        "what's the capital of peru",
        "my chest hurts when i run",
        "hello",
        "wat stretchs shud i do",
    ]

    async def both(text):
        ours = await agent.parse_message(text)
        agent.processor.graph_runner, ours_runner = dask_runner, agent.processor.graph_runner
        try:
            theirs = await agent.parse_message(text)
        finally:
            agent.processor.graph_runner = ours_runner
        return ours, theirs

    for text in texts:
        ours, theirs = asyncio.run(both(text))
        assert ours["intent"] == theirs["intent"], text
        assert ours["entities"] == theirs["entities"], text
        assert ours["intent_ranking"] == theirs["intent_ranking"], text


def _feature_array(matrices, dims: int = 3):
    import numpy as np
    from rasa.utils.tensorflow.model_data import FeatureArray

    array = np.empty(len(matrices), dtype=object)
    array[:] = matrices
    return FeatureArray(array, number_of_dimensions=dims)


@pytest.mark.parametrize("kind", ["coo", "csr"])
def test_batch_conversion_gives_rasas_arrays(kind):
    import numpy as np
    import scipy.sparse
    from rasa.utils.tensorflow.data_generator import RasaDataGenerator

    rng = np.random.default_rng(5)
    for _ in range(50):
        matrices = []
        for _ in range(int(rng.integers(1, 40))):
            rows = int(rng.integers(1, 9))
            dense = rng.random((rows, 300)) * (
                rng.random((rows, 300)) < rng.choice([0.0, 0.02, 0.3])
            )
            matrices.append(
                scipy.sparse.coo_matrix(dense) if kind == "coo" else scipy.sparse.csr_matrix(dense)
            )
        batch = _feature_array(matrices)
        ours = patches._scipy_matrix_to_values(batch)
        stock = patches.rasas(RasaDataGenerator, "_scipy_matrix_to_values")(batch)
        for mine, theirs in zip(ours, stock):
            assert mine.dtype == theirs.dtype and mine.shape == theirs.shape
            assert np.array_equal(mine, theirs)
    assert RasaDataGenerator._scipy_matrix_to_values is patches._scipy_matrix_to_values


@pytest.fixture(scope="module")
def trained_nodes():
    """The trained model's graph nodes by name, loaded once."""

    from rasa.core.agent import Agent

    agent = Agent.load(str(ROOT / "models" / "assistant.tar.gz"))
    return agent.processor.graph_runner


def _heldout_texts() -> list[str]:

    import yaml

    texts = []
    for name in ("heldout/nlu.yml", "heldout/nlu_more.yml"):
        data = yaml.safe_load((ROOT / "tests" / name).read_text())
        for block in data["nlu"]:
            texts += [line.strip()[2:] for line in block["examples"].splitlines() if line.strip()]
    return texts + ["", "   ", "!!!", "x" * 300, "ünïcödé stretches ☃", "wat stretchs shud i do"]


def test_count_features_are_rasas_for_every_heldout_message(trained_nodes):
    """Both count-vector featurizers of the trained model (CooCountVectorsFeaturizer, named in
    config.yml): the same COO matrices (rows, columns, values, order, shape, dtypes) as Rasa's
    own CountVectorsFeaturizer._create_features, for tokens and text."""
    from rasa.core.channels.channel import UserMessage
    from rasa.engine.constants import PLACEHOLDER_MESSAGE
    from rasa.shared.nlu.constants import TEXT

    featurizers = [
        node._component
        for node in trained_nodes._instantiated_nodes.values()
        if isinstance(node._component, CountVectorsFeaturizer)
    ]
    assert [type(f) for f in featurizers] == [CooCountVectorsFeaturizer] * 2
    # Rasa's class itself is not replaced: the component is a subclass.
    assert CountVectorsFeaturizer._create_features.__module__ == CountVectorsFeaturizer.__module__
    tokenizer = next(n for n in trained_nodes._instantiated_nodes if "Tokenizer" in n)
    compared = 0
    for text in _heldout_texts():
        [message] = trained_nodes.run({PLACEHOLDER_MESSAGE: [UserMessage(text)]}, [tokenizer])[
            tokenizer
        ]
        for featurizer in featurizers:
            tokens = [featurizer._get_processed_message_tokens_by_attribute(message, TEXT)]
            ours = featurizer._create_features(TEXT, tokens)
            theirs = CountVectorsFeaturizer._create_features(featurizer, TEXT, tokens)
            for mine, reference in zip(ours[0] + ours[1], theirs[0] + theirs[1]):
                if reference is None:
                    assert mine is None
                    continue
                assert mine.shape == reference.shape
                for part in ("row", "col", "data"):
                    assert getattr(mine, part).dtype == getattr(reference, part).dtype, part
                    assert getattr(mine, part).tolist() == getattr(reference, part).tolist(), text
                compared += 1
    assert compared > 400


def _tokenized(trained_nodes, text: str):
    from rasa.core.channels.channel import UserMessage
    from rasa.engine.constants import PLACEHOLDER_MESSAGE

    tokenizer = next(n for n in trained_nodes._instantiated_nodes if "Tokenizer" in n)
    [message] = trained_nodes.run({PLACEHOLDER_MESSAGE: [UserMessage(text)]}, [tokenizer])[
        tokenizer
    ]
    return message


def test_count_features_read_a_word_training_never_saw_as_the_word_it_stands_for(trained_nodes):
    """bot/spelling.py: "physo" (unseen) counts as "physio" (seen) in both featurizers; every
    word of every training example is read as Rasa reads it, so training is unchanged."""
    import yaml
    from rasa.shared.nlu.constants import TEXT

    featurizers = [
        node._component
        for node in trained_nodes._instantiated_nodes.values()
        if isinstance(node._component, CooCountVectorsFeaturizer)
    ]
    unseen, standard = (
        _tokenized(trained_nodes, "Physo or strech?"),
        _tokenized(trained_nodes, "physio or stretch?"),
    )
    for featurizer in featurizers:
        tokens = featurizer._get_processed_message_tokens_by_attribute(unseen, TEXT)
        assert tokens == featurizer._get_processed_message_tokens_by_attribute(standard, TEXT)
        rasas = CountVectorsFeaturizer._get_message_tokens_by_attribute(featurizer, unseen, TEXT)
        assert [t.lower() for t in rasas][:3] == ["physo", "or", "strech"]
    data = yaml.safe_load((ROOT / "data" / "nlu.yml").read_text())
    examples = [
        line.strip()[2:]
        for block in data["nlu"]
        if "intent" in block
        for line in block["examples"].splitlines()
        if line.strip()
    ]
    assert len(examples) > 1500
    for text in examples:
        message = _tokenized(trained_nodes, text)
        for featurizer in featurizers:
            assert featurizer._get_message_tokens_by_attribute(
                message, TEXT
            ) == CountVectorsFeaturizer._get_message_tokens_by_attribute(
                featurizer, message, TEXT
            ), text


def test_count_features_of_other_attributes_are_rasas(trained_nodes):
    """Every attribute with a vectorizer (intents, responses, action names: used in training)
    gives Rasa's matrices; an attribute without one is left to Rasa's code."""
    featurizers = [
        node._component
        for node in trained_nodes._instantiated_nodes.values()
        if isinstance(node._component, CooCountVectorsFeaturizer)
    ]
    compared = 0
    for featurizer in featurizers:
        for attribute in [*featurizer.vectorizers, "no_such_attribute"]:
            tokens = [["ask_stretches"], ["which", "stretches", "help"], [], ["zzz", "qq"]]
            try:
                theirs = CountVectorsFeaturizer._create_features(featurizer, attribute, tokens)
            except Exception as error:  # a vectorizer never fitted: Rasa's error, from Rasa
                with pytest.raises(type(error)):
                    featurizer._create_features(attribute, tokens)
                continue
            ours = featurizer._create_features(attribute, tokens)
            assert len(ours[0]) == len(theirs[0]) and len(ours[1]) == len(theirs[1]), attribute
            for mine, reference in zip(ours[0] + ours[1], theirs[0] + theirs[1]):
                if reference is None:
                    assert mine is None, attribute
                    continue
                assert mine.shape == reference.shape
                for part in ("row", "col", "data"):
                    assert getattr(mine, part).dtype == getattr(reference, part).dtype, part
                    assert getattr(mine, part).tolist() == getattr(reference, part).tolist()
                compared += 1
    assert compared >= 6


def test_event_classes_resolve_as_with_rasas_search():
    """Every event name, an unknown one with and without a default, and a class defined
    after the names were first resolved."""
    import gc

    from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
    from rasa.shared.utils.common import all_subclasses

    assert Event.resolve_by_type is patches._resolve_by_type
    rasas_resolve = patches.rasas(Event, "resolve_by_type")
    names = {cls.type_name for cls in all_subclasses(Event)}
    for _ in range(2):  # the second round is answered from what the first one found
        for name in names:
            assert Event.resolve_by_type(name) is rasas_resolve(name), name
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    assert Event.resolve_by_type("topic") is None
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("user") is UserUttered

    class Renamed(ActionExecuted):  # a new name
        type_name = "speedups_test_event"

    assert Event.resolve_by_type("speedups_test_event") is Renamed
    assert Event.from_parameters({"event": "speedups_test_event", "name": "x"}).action_name == "x"
    # Rasa searches Event's direct subclasses before their subclasses: a new direct subclass
    # named like a deeper one ("form" is LegacyForm, a subclass of ActiveLoop) now wins.
    assert Event.resolve_by_type("form").__name__ == "LegacyForm"

    class Form(Event):
        type_name = "form"
        __eq__ = object.__eq__
        as_story_string = object.__str__

    assert rasas_resolve("form") is Form
    assert Event.resolve_by_type("form") is Form
    del Form  # gone: Rasa's search finds LegacyForm again, and so does the cache
    gc.collect()
    assert rasas_resolve("form").__name__ == "LegacyForm"
    assert Event.resolve_by_type("form").__name__ == "LegacyForm"


def test_domain_emptiness_is_rasas():

    from rasa.shared.core.domain import Domain

    assert Domain.is_empty is patches._domain_is_empty
    stock = Domain.empty().as_dict().__eq__  # Rasa's check: as_dict() equals the empty one's
    domains = [
        Domain.empty(),
        Domain.load(ROOT / "domain.yml"),
        Domain.from_dict({"intents": ["greet"]}),
        Domain.from_dict({"responses": {}}),
        Domain.from_dict({"slots": {"s": {"type": "any", "mappings": [{"type": "custom"}]}}}),
    ]
    for _ in range(2):
        assert [d.is_empty() for d in domains] == [stock(d.as_dict()) for d in domains]
    assert [d.is_empty() for d in domains] == [True, False, False, True, False]


def test_uninstall_puts_rasas_own_code_back_and_install_again_is_idempotent():
    import rasa.core.processor
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import Event
    from rasa.utils.endpoints import EndpointConfig
    from rasa.utils.tensorflow.data_generator import RasaDataGenerator

    everything = [
        "Domain.is_empty",
        "EndpointConfig.request",
        "Event.__init_subclass__",
        "Event.resolve_by_type",
        "RasaDataGenerator._scipy_matrix_to_values",
        "RemoteAction._validate_action_result",
        "rasa.core.processor.DaskGraphRunner",
    ]
    assert patches.active() == everything
    try:
        patches.uninstall()
        assert patches.active() == []
        assert rasa.core.processor.DaskGraphRunner is DaskGraphRunner
        assert EndpointConfig.request is patches.rasas(EndpointConfig, "request")
        assert Event.resolve_by_type is patches.rasas(Event, "resolve_by_type")
        assert "__init_subclass__" not in vars(Event)
        assert Domain.is_empty is patches.rasas(Domain, "is_empty")
        assert RasaDataGenerator._scipy_matrix_to_values is patches.rasas(
            RasaDataGenerator, "_scipy_matrix_to_values"
        )
        assert RemoteAction._validate_action_result is patches.rasas(
            RemoteAction, "_validate_action_result"
        )
        assert Domain.is_empty.__module__ == "rasa.shared.core.domain"
    finally:
        assert patches.install() == everything
        assert patches.install() == everything
    patches.uninstall()  # once is enough, even after two installs
    assert EndpointConfig.request is not patches._request
    patches.install()
    assert rasa.core.processor.DaskGraphRunner is patches.SequentialGraphRunner


# The refusal: another Rasa, or a replaced name missing. Nothing is replaced when it refuses.


@pytest.fixture
def uninstalled():
    patches.uninstall()
    yield
    patches.install()


def test_install_refuses_another_rasa_version(uninstalled, monkeypatch):
    import rasa

    monkeypatch.setattr(rasa, "__version__", "3.6.22")
    with pytest.raises(patches.PatchesRefused) as refusal:
        patches.install()
    message = str(refusal.value)
    assert "Rasa 3.6.22" in message and "Rasa 3.6.21" in message and "RASA_VERSION" in message
    assert "\n" not in message  # one paragraph
    assert patches.active() == []  # nothing replaced


def test_install_refuses_when_a_replaced_name_is_missing(uninstalled, monkeypatch):
    from rasa.shared.core.domain import Domain

    monkeypatch.delattr(Domain, "is_empty")
    with pytest.raises(patches.PatchesRefused, match="Domain.is_empty is missing") as refusal:
        patches.install()
    assert "\n" not in str(refusal.value)
    assert patches.active() == []  # checked before anything is replaced


def test_install_refuses_when_rasa_defines_what_it_adds(uninstalled, monkeypatch):
    """Event.__init_subclass__ is an addition: a Rasa that defines one is not the one checked."""
    from rasa.shared.core.events import Event

    monkeypatch.setattr(
        Event, "__init_subclass__", classmethod(lambda cls, **kw: None), raising=False
    )
    with pytest.raises(patches.PatchesRefused, match="Event.__init_subclass__ is now defined"):
        patches.install()


# A lone surrogate (a client's unpaired "\ud800") stored in a conversation's metadata slot and
# an earlier message, as the channels let it through before: the next turn's action call goes
# through, against the real action server, and is answered.
LONE = "\ud800"


def test_stored_text_with_a_lone_surrogate_reaches_the_action_server_and_back(assistant):
    import asyncio

    from rasa.core.channels.channel import CollectingOutputChannel
    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import EndpointConfig

    domain = Domain.load(str(ROOT / "domain.yml"))
    tracker = DialogueStateTracker.from_events(
        "rest:stored-before",
        [
            ActionExecuted("action_session_start"),
            SessionStarted(),
            SlotSet("session_started_metadata", {"a": LONE}),
            ActionExecuted("action_listen"),
            UserUttered(
                f"hi {LONE}", intent={"name": "greet", "confidence": 0.99}, metadata={"a": LONE}
            ),
            ActionExecuted("action_respond"),
            ActionExecuted("action_listen"),
            UserUttered(
                "which stretches help?", intent={"name": "ask_stretches", "confidence": 0.99}
            ),
        ],
        slots=domain.slots,
    )
    action = RemoteAction(
        "action_respond",
        EndpointConfig(f"http://127.0.0.1:{assistant.actions_port}/webhook"),
    )
    out = CollectingOutputChannel()
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)
    events = asyncio.run(action.run(out, nlg, tracker, domain))
    assert "cat-cow" in json.dumps([e.as_dict() for e in events])


def test_the_body_is_the_json_text_json_dumps_gives():
    """With or without a lone surrogate: json.dumps's text, writable as UTF-8 (as aiohttp
    sends it), decoding to the value it encodes."""
    for value in ({"text": "café / 🙂"}, {"text": f"x{LONE}y", "n": [1, 2.5, None, True]}):
        body = patches._dumps(value)
        assert body == json.dumps(value, separators=(",", ":"))
        body.encode("utf-8")
        assert json.loads(body) == value
