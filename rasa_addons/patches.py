"""Removes fixed costs Rasa 3.6 pays on every custom action call.

1. Rasa checks each action server response against a JSON schema with `jsonschema.validate`.
   That first validates the (constant) schema itself against the meta-schema, and then checks
   every event against all 23 branches of the events schema's `oneOf`, to find the one that
   matches: about 5 ms of a 25 ms turn on a 2-core machine. Each branch is told apart by the
   `const` of its `event` property, so an event can only match the branch whose `const` equals
   its `event`: `_validate_action_result` checks each event against that branch alone, with
   validators built once. A response is valid here exactly when it is valid for Rasa's check.
   When it is not, Rasa's full check runs, so the same `ValidationError` is raised.

2. Rasa opens a new HTTP client session, and so a new connection, for every request to an
   endpoint such as the action server (`EndpointConfig.request`): about 1 ms a turn.
   `_request` does the same request through one session per event loop, whose connections
   are kept open for `KEEPALIVE_SECONDS`, less than the 5 s the action server (Sanic) keeps
   an idle connection, so a connection is never reused just as the server closes it. The
   session encodes request bodies with ujson (the tracker sent with each action call).

3. Rasa runs the model's graphs (NLU, then the policies) through dask, whose scheduler
   bookkeeping costs about 2 ms a turn for some 15 nodes run one after another anyway.
   `SequentialGraphRunner` runs the same nodes in a topological order computed once per set
   of targets, with the same inputs, results and errors; the server loads its models with it.

4. DIET's data generator turns each batch's sparse features into TensorFlow's (indices,
   values, shape) form one example at a time, with three small numpy arrays built and
   stacked per example: Rasa's `prepare_batch` took 11.6 s of a training run here, and 5.4 s
   with this conversion (one run each, timed by wrapping it). `_scipy_matrix_to_values`
   concatenates the examples' coordinates at once and returns the same arrays, in order.

5. The CountVectorsFeaturizer turns each message into count features with four calls to
   sklearn's `CountVectorizer.transform` (the tokens, then the joined text, for each of the
   two featurizers), each building a CSR matrix that Rasa then sorts and converts to COO:
   1.8 ms a turn here. `_create_features` counts the same analyzer's features against the
   same vocabulary and builds the COO matrices Rasa ends up with directly (same rows,
   columns, values, order, shape and dtypes); a vectorizer that is not fitted is left to
   Rasa's code.

6. DIET's intent prediction runs in numpy instead of TensorFlow (rasa_addons/nlu/diet_numpy.py: about
   6 ms a message against 0.2 ms, the same ranking and confidences, checked by its tests).

7. Rasa finds an event's class by its name (`Event.resolve_by_type`) by walking every Event
   subclass, for each event it reads: the action server's reply, the tracker store's window
   (rasa_addons/tracker_store.py reads events through it), every copy of a tracker.
   `_resolve_by_type` remembers the class found for each name, forgets them all whenever a
   new Event subclass is defined, and forgets a class that no longer exists, so it returns
   what Rasa's search returns.

8. Before each turn Rasa checks whether the domain is empty (`Domain.is_empty`) by building
   an empty Domain and comparing both as dictionaries. `_domain_is_empty` builds the empty
   domain's dictionary once and compares with it.

The Rasa server imports this through `rasa_addons.channels` (named in credentials.yml), which calls
`install()`; training runs through `python -m rasa_addons train` (`make train`), which calls it too.
"""
from __future__ import annotations

import asyncio
import copy
import functools
import graphlib
import os
import ssl
import weakref
from functools import lru_cache
from typing import Any, Optional

import aiohttp
import numpy as np
import scipy.sparse
import ujson
from aiohttp import ContentTypeError
from jsonschema import ValidationError, exceptions, validators
import rasa.core.processor
from rasa.core.actions.action import RemoteAction
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    DENSE_FEATURIZABLE_ATTRIBUTES, CountVectorsFeaturizer)
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.exceptions import FileNotFoundException
from rasa.utils.tensorflow.data_generator import RasaDataGenerator
from rasa.utils.endpoints import (DEFAULT_REQUEST_TIMEOUT, ClientResponseError, EndpointConfig,
                                  concat_url)

from rasa_addons.nlu import diet_numpy

KEEPALIVE_SECONDS = 2.0
# The JSON a request body is encoded with: the same JSON document as json.dumps gives, in a
# third of the time (0.13 against 0.32 ms for a turn's 13 KB tracker here).
_dumps = functools.partial(ujson.dumps, ensure_ascii=False, escape_forward_slashes=False)


def _validator(schema: dict):
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@lru_cache(maxsize=1)
def _full_validator():
    return _validator(RemoteAction.action_response_format_spec())


@lru_cache(maxsize=1)
def _split_validators():
    """(the response schema with any item allowed in `events`, {event name: validator of one
    event against the common part and its own branch})."""
    schema = copy.deepcopy(RemoteAction.action_response_format_spec())
    event_schema = schema["properties"]["events"]["items"]
    branches = event_schema.pop("oneOf")
    schema["properties"]["events"]["items"] = {}
    by_name: dict[str, Any] = {}
    for branch in branches:
        name = branch["properties"]["event"]["const"]
        if name in by_name:  # two branches for one event: the split would not be exact
            raise ValueError(f"the events schema has two branches for {name!r}")
        by_name[name] = _validator({**event_schema, "allOf": [branch]})
    return _validator(schema), by_name


def is_valid_response(result: Any) -> bool:
    """Whether Rasa's response schema accepts `result`, checking each event only against the
    branch its `event` names."""
    top, by_name = _split_validators()
    if not top.is_valid(result):
        return False
    for event in result.get("events") or []:  # `top` accepted an object
        name = event.get("event") if isinstance(event, dict) else None
        check = by_name.get(name) if isinstance(name, str) else None
        if check is None or not check.is_valid(event):
            return False
    return True


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    if is_valid_response(result):
        return True
    error = exceptions.best_match(_full_validator().iter_errors(result))
    if error is None:  # cannot happen while the split is exact; Rasa's check decides
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response "
        f"from the Action endpoint is valid. For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions")
    raise error


_sessions: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, aiohttp.ClientSession]" = (
    weakref.WeakKeyDictionary())


def _session() -> aiohttp.ClientSession:
    loop = asyncio.get_running_loop()
    session = _sessions.get(loop)
    if session is None or session.closed:
        session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS),
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT), json_serialize=_dumps)
        _sessions[loop] = session
    return session


async def close_sessions() -> None:
    """Close the current event loop's session (the server calls this when it stops)."""
    session = _sessions.pop(asyncio.get_running_loop(), None)
    if session is not None:
        await session.close()


async def _request(self: EndpointConfig, method: str = "post", subpath: Optional[str] = None,
                   content_type: Optional[str] = "application/json", compress: bool = False,
                   **kwargs: Any) -> Optional[Any]:
    """Rasa's `EndpointConfig.request`, through the event loop's shared session: the same
    headers, authentication, parameters, certificate, errors and result."""
    headers = {"Content-Type": content_type} if content_type else {}
    headers.update(kwargs.pop("headers", None) or {})
    headers.update(self.headers or {})
    auth = (aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
            if self.basic_auth else None)
    sslcontext = None
    if self.cafile:
        try:
            sslcontext = ssl.create_default_context(cafile=self.cafile)
        except FileNotFoundError as e:
            raise FileNotFoundException(
                f"Failed to find certificate file, '{os.path.abspath(self.cafile)}' does not "
                f"exist.") from e
    params = self.combine_parameters(kwargs)
    async with _session().request(method, concat_url(self.url, subpath), headers=headers,
                                  auth=auth, params=params, compress=compress, ssl=sslcontext,
                                  **kwargs) as response:
        if response.status >= 400:
            raise ClientResponseError(response.status, response.reason,
                                      await response.content.read())
        try:
            return await response.json()
        except ContentTypeError:
            return None


class SequentialGraphRunner(DaskGraphRunner):
    """DaskGraphRunner that runs the nodes itself, in a cached topological order."""

    def _order(self, targets: tuple[str, ...]) -> list[tuple[str, Any, tuple[str, ...]]]:
        cache = self.__dict__.setdefault("_orders", {})
        if targets not in cache:
            schema = self._graph_schema.minimal_graph_schema(list(targets))
            needs = {name: tuple(node.needs.values()) for name, node in schema.nodes.items()}
            order = graphlib.TopologicalSorter(
                {name: [n for n in deps if n in needs] for name, deps in needs.items()}
            ).static_order()
            cache[targets] = [(name, self._instantiated_nodes[name], needs[name]) for name in order]
        return cache[targets]

    def run(self, inputs: Optional[dict[str, Any]] = None,
            targets: Optional[list[str]] = None) -> dict[str, Any]:
        run_targets = targets if targets else self._graph_schema.target_names
        order = self._order(tuple(run_targets))
        # The nodes to run, then the inputs as name -> (name, value), as dask has them, with
        # Rasa's check that no input value clashes with a node name.
        results: dict[str, Any] = dict.fromkeys(name for name, _, _ in order)
        self._add_inputs_to_graph(inputs, results)
        try:
            for name, node, needs in order:
                results[name] = node(*(results.get(n, n) for n in needs))  # dask: unknown key = literal
        except RuntimeError as e:
            raise GraphRunError("Error running runner.") from e
        return dict(results[t] for t in run_targets)


_stock_scipy_matrix_to_values = RasaDataGenerator._scipy_matrix_to_values


def _scipy_matrix_to_values(array_of_sparse) -> list[np.ndarray]:
    """Rasa's RasaDataGenerator._scipy_matrix_to_values for a batch of 2-d sparse matrices
    (one per example): indices (example, row, column), values and the padded shape."""
    if array_of_sparse.number_of_dimensions == 4:  # dialogue data: Rasa's own code
        return _stock_scipy_matrix_to_values(array_of_sparse)
    matrices = [m if isinstance(m, scipy.sparse.coo_matrix) else m.tocoo() for m in array_of_sparse]
    count = len(matrices)
    sizes = np.fromiter((m.nnz for m in matrices), dtype=np.int64, count=count)
    indices = np.empty((int(sizes.sum()), 3), dtype=np.int64)
    indices[:, 0] = np.repeat(np.arange(count, dtype=np.int64), sizes)
    indices[:, 1] = np.concatenate([m.row for m in matrices])
    indices[:, 2] = np.concatenate([m.col for m in matrices])
    values = np.concatenate([m.data for m in matrices]).astype(np.float32)
    shape = np.array((count, max(m.shape[0] for m in matrices), matrices[0].shape[-1]),
                     dtype=np.int64)
    return [indices, values, shape]


_stock_create_features = CountVectorsFeaturizer._create_features


def _counts(vectorizer, documents: list[str]) -> scipy.sparse.coo_matrix:
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
        (np.array(values, dtype=vectorizer.dtype),
         (np.array(rows, dtype=np.int32), np.array(columns, dtype=np.int32))),
        shape=(len(documents), len(vocabulary)))


def _create_features(self: CountVectorsFeaturizer, attribute: str, all_tokens: list[list[str]]):
    """Rasa's CountVectorsFeaturizer._create_features, without sklearn's CSR round trip."""
    vectorizer = self.vectorizers.get(attribute)
    if not vectorizer or not hasattr(vectorizer, "vocabulary_"):
        return _stock_create_features(self, attribute, all_tokens)
    sequence_features: list = []
    sentence_features: list = []
    for tokens in all_tokens:
        if not tokens:
            sequence_features.append(None)
            sentence_features.append(None)
            continue
        sequence_features.append(_counts(vectorizer, tokens))
        sentence_features.append(_counts(vectorizer, [" ".join(tokens)])
                                 if attribute in DENSE_FEATURIZABLE_ATTRIBUTES else None)
    return sequence_features, sentence_features


_stock_resolve_by_type = Event.resolve_by_type
# name -> weak reference to its class: a class that is garbage-collected leaves Rasa's search
# (Python's __subclasses__ holds weak references too), and so it leaves this cache.
_event_classes: dict[str, "weakref.ref[type]"] = {}


def _resolve_by_type(type_name: str, default: Optional[type] = None) -> Optional[type]:
    """Rasa's Event.resolve_by_type, remembering the class found for each name."""
    remembered = _event_classes.get(type_name)
    found = remembered() if remembered is not None else None
    if found is None:
        found = _stock_resolve_by_type(type_name, default)
        if found is not None and found.type_name == type_name:  # found, not the default
            _event_classes[type_name] = weakref.ref(found)
    return found


def _forget_event_classes(cls, **kwargs: Any) -> None:
    """Event.__init_subclass__: a new event class may change what a name resolves to."""
    _event_classes.clear()
    super(Event, cls).__init_subclass__(**kwargs)


@lru_cache(maxsize=1)
def _empty_domain_dict() -> dict:
    return Domain.empty().as_dict()


def _domain_is_empty(self: Domain) -> bool:
    """Rasa's Domain.is_empty, with the empty domain built once."""
    return self.as_dict() == _empty_domain_dict()


_MISSING = object()
_replaced: dict[tuple[Any, str], Any] = {}  # (class or module, name) -> Rasa's own attribute


def _patch(owner: Any, name: str, value: Any) -> None:
    _replaced.setdefault((owner, name), vars(owner).get(name, _MISSING))
    setattr(owner, name, value)


def install() -> None:
    """Replace Rasa's code paths listed above with this module's. Idempotent."""
    _patch(RemoteAction, "_validate_action_result", _validate_action_result)
    _patch(EndpointConfig, "request", _request)
    _patch(rasa.core.processor, "DaskGraphRunner", SequentialGraphRunner)
    _patch(RasaDataGenerator, "_scipy_matrix_to_values", staticmethod(_scipy_matrix_to_values))
    _patch(CountVectorsFeaturizer, "_create_features", _create_features)
    _patch(Event, "resolve_by_type", staticmethod(_resolve_by_type))
    _patch(Event, "__init_subclass__", classmethod(_forget_event_classes))
    _patch(Domain, "is_empty", _domain_is_empty)
    _patch(DIETClassifier, "_predict", diet_numpy.predict)


def uninstall() -> None:
    """Put Rasa's own code paths back (`make bench-turn` compares both in one process)."""
    for (owner, name), original in _replaced.items():
        if original is _MISSING:
            delattr(owner, name)
        else:
            setattr(owner, name, original)
    _replaced.clear()
    _event_classes.clear()


__all__ = ["install", "uninstall", "close_sessions", "is_valid_response", "SequentialGraphRunner",
           "ValidationError"]
