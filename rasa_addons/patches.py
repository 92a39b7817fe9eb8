"""Replacements of Rasa 3.6.21 functions that have no seam to extend them through, installed by
one explicit call, `install()`, at every entry point that runs Rasa: `python -m rasa_addons`
(run, shell, test, train: rasa_addons/__main__.py) and the scripts that run Rasa in process
(ops/bench/bench_turn.py, tests/heldout/evaluate.py, tests/heldout/understand.py).

Needs: exactly Rasa 3.6.21 (`RASA_VERSION`): `install()` refuses, raising `PatchesRefused`, on
any other version or when a name it replaces is missing from its owner, before it changes
anything; aiohttp, ujson and jsonschema (installed with Rasa), numpy and scipy.

What has a seam in Rasa is not here: DIET's numpy prediction and the count-vector features are
NLU components named in config.yml (rasa_addons/nlu/diet_numpy.py, rasa_addons/nlu/count_vectors.py),
and the tracker store reads its events with its own table of event classes
(rasa_addons/tracker_store.py). What remains, with the Rasa code that leaves no other way:

1. `RemoteAction._validate_action_result` (rasa/core/actions/action.py). Rasa checks each
   action server response against a JSON schema with `jsonschema.validate`. That first
   validates the (constant) schema itself against the meta-schema, and then checks every
   event against all 23 branches of the events schema's `oneOf`, to find the one that
   matches: about 5 ms of a 25 ms turn on a 2-core machine. Each branch is told apart by the
   `const` of its `event` property, so an event can only match the branch whose `const` equals
   its `event`: the replacement checks each event against that branch alone, with validators
   built once. A response is valid here exactly when it is valid for Rasa's check. When it is
   not, Rasa's full check runs, so the same `ValidationError` is raised.
   Why a replacement: `action_for_name_or_text` builds `RemoteAction` itself for every custom
   action; no setting names another action class.

2. `EndpointConfig.request` (rasa/utils/endpoints.py). Rasa opens a new HTTP client session,
   and so a new connection, for every request to an endpoint such as the action server: about
   1 ms a turn. `_request` does the same request through one session per event loop, whose
   connections are kept open for `KEEPALIVE_SECONDS`, less than the 5 s the action server
   (Sanic) keeps an idle connection, so a connection is never reused just as the server
   closes it. The session encodes request bodies with ujson (the tracker sent with each
   action call), as json.dumps does, so text holding a lone surrogate goes through. Why a
   replacement: `AvailableEndpoints.read_endpoints` builds the action
   endpoint as a plain `EndpointConfig`; unlike the tracker and lock stores, it has no `type`.

3. `rasa.core.processor.DaskGraphRunner`. Rasa runs the model's graphs (NLU, then the
   policies) through dask, whose scheduler bookkeeping costs about 2 ms a turn for some 15
   nodes run one after another anyway. `SequentialGraphRunner` runs the same nodes in a
   topological order computed once per set of targets, with the same inputs, results and
   errors. Why a replacement: `MessageProcessor._load_model` passes the `DaskGraphRunner` it
   imported to `loader.load_predict_graph_runner`; neither `Agent.load` nor the CLI takes
   another runner.

4. `RasaDataGenerator._scipy_matrix_to_values` (rasa/utils/tensorflow/data_generator.py).
   DIET's data generator turns each batch's sparse features into TensorFlow's (indices,
   values, shape) form one example at a time, with three small numpy arrays built and
   stacked per example: Rasa's `prepare_batch` took 11.6 s of a training run here, and 5.4 s
   with this conversion. The replacement concatenates the examples' coordinates at once and
   returns the same arrays, in order (4-d dialogue data keeps Rasa's code). Why a
   replacement: `DIETClassifier.train` builds its generators with the module function
   `train_utils.create_data_generators`, inline, and the static `prepare_batch` calls
   `RasaDataGenerator._scipy_matrix_to_values` by class name; a subclass could only change
   this by copying `train` or `prepare_batch`, Rasa code that would then silently drift.

5. `Event.resolve_by_type` (rasa/shared/core/events.py), for the events Rasa reads itself:
   the action server's reply (`RemoteAction.run` -> `deserialise_events`) and the trackers
   Rasa's own tracker stores read (the in-memory store of `rasa shell` and `rasa test`,
   `DialogueStateTracker.from_dict`). Rasa finds an event's class by its name by walking every Event subclass,
   for each event. `_resolve_by_type` remembers the class found for each name, forgets them
   all whenever a new Event subclass is defined (an `Event.__init_subclass__`, which Rasa does
   not define), and forgets a class that no longer exists, so it returns what Rasa's search
   returns; reading the action server's events 0.40 -> 0.03 ms a turn. Why a replacement: the
   action's reply is read inside `RemoteAction.run`.

6. `Domain.is_empty` (rasa/shared/core/domain.py). Before each turn Rasa checks whether the
   domain is empty by building an empty Domain and comparing both as dictionaries.
   `_domain_is_empty` builds the empty domain's dictionary once and compares with it. Why a
   replacement: the domain is Rasa's own object, loaded from the model.

Each replacement is tested against Rasa's own function (tests/integration/test_patches.py);
`uninstall()` puts Rasa's code back (`make bench-turn` compares both in one process).
"""

from __future__ import annotations

import asyncio
import copy
import functools
import graphlib
import logging
import os
import ssl
import weakref
from functools import lru_cache
from typing import Any

import aiohttp
import numpy as np
import rasa
import rasa.core.processor
import scipy.sparse
import ujson
from aiohttp import ContentTypeError
from jsonschema import ValidationError, exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.exceptions import FileNotFoundException
from rasa.utils.endpoints import (
    DEFAULT_REQUEST_TIMEOUT,
    ClientResponseError,
    EndpointConfig,
    concat_url,
)
from rasa.utils.tensorflow.data_generator import RasaDataGenerator

logger = logging.getLogger(__name__)

# The Rasa release every replacement here was written against and checked with: each one
# returns what Rasa's function returns, and another release may change that.
RASA_VERSION = "3.6.21"
KEEPALIVE_SECONDS = 2.0
# The JSON a request body is encoded with: the same JSON text as json.dumps gives (non-ASCII
# characters as \uXXXX escapes), in about half the time (0.23 against 0.47 ms for a turn's
# tracker here). The escapes matter: text holding a lone surrogate (a client's unpaired
# "\ud800", once stored) cannot be written as UTF-8, and aiohttp writes the body as UTF-8;
# escaped, the action server reads back the same text.
_dumps = functools.partial(ujson.dumps, ensure_ascii=True, escape_forward_slashes=False)


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
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


_sessions: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, aiohttp.ClientSession] = (
    weakref.WeakKeyDictionary()
)


def _session() -> aiohttp.ClientSession:
    loop = asyncio.get_running_loop()
    session = _sessions.get(loop)
    if session is None or session.closed:
        session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS),
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            json_serialize=_dumps,
        )
        _sessions[loop] = session
    return session


async def close_sessions() -> None:
    """Close the current event loop's session (the server calls this when it stops)."""
    session = _sessions.pop(asyncio.get_running_loop(), None)
    if session is not None:
        await session.close()


async def _request(
    self: EndpointConfig,
    method: str = "post",
    subpath: str | None = None,
    content_type: str | None = "application/json",
    compress: bool = False,
    **kwargs: Any,
) -> Any | None:
    """Rasa's `EndpointConfig.request`, through the event loop's shared session: the same
    headers, authentication, parameters, certificate, errors and result."""
    headers = {"Content-Type": content_type} if content_type else {}
    headers.update(kwargs.pop("headers", None) or {})
    headers.update(self.headers or {})
    auth = (
        aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
        if self.basic_auth
        else None
    )
    sslcontext = None
    if self.cafile:
        try:
            sslcontext = ssl.create_default_context(cafile=self.cafile)
        except FileNotFoundError as e:
            raise FileNotFoundException(
                f"Failed to find certificate file, '{os.path.abspath(self.cafile)}' does not exist."
            ) from e
    params = self.combine_parameters(kwargs)
    async with _session().request(
        method,
        concat_url(self.url, subpath),
        headers=headers,
        auth=auth,
        params=params,
        compress=compress,
        ssl=sslcontext,
        **kwargs,
    ) as response:
        if response.status >= 400:
            raise ClientResponseError(
                response.status, response.reason, await response.content.read()
            )
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

    def run(
        self, inputs: dict[str, Any] | None = None, targets: list[str] | None = None
    ) -> dict[str, Any]:
        run_targets = targets if targets else self._graph_schema.target_names
        order = self._order(tuple(run_targets))
        # The nodes to run, then the inputs as name -> (name, value), as dask has them, with
        # Rasa's check that no input value clashes with a node name.
        results: dict[str, Any] = dict.fromkeys(name for name, _, _ in order)
        self._add_inputs_to_graph(inputs, results)
        try:
            for name, node, needs in order:
                results[name] = node(
                    *(results.get(n, n) for n in needs)
                )  # dask: unknown key = literal
        except RuntimeError as e:
            raise GraphRunError("Error running runner.") from e
        return dict(results[t] for t in run_targets)


def _scipy_matrix_to_values(array_of_sparse) -> list[np.ndarray]:
    """Rasa's RasaDataGenerator._scipy_matrix_to_values for a batch of 2-d sparse matrices
    (one per example): indices (example, row, column), values and the padded shape."""
    if array_of_sparse.number_of_dimensions == 4:  # dialogue data: Rasa's own code
        return rasas(RasaDataGenerator, "_scipy_matrix_to_values")(array_of_sparse)
    matrices = [m if isinstance(m, scipy.sparse.coo_matrix) else m.tocoo() for m in array_of_sparse]
    count = len(matrices)
    sizes = np.fromiter((m.nnz for m in matrices), dtype=np.int64, count=count)
    indices = np.empty((int(sizes.sum()), 3), dtype=np.int64)
    indices[:, 0] = np.repeat(np.arange(count, dtype=np.int64), sizes)
    indices[:, 1] = np.concatenate([m.row for m in matrices])
    indices[:, 2] = np.concatenate([m.col for m in matrices])
    values = np.concatenate([m.data for m in matrices]).astype(np.float32)
    shape = np.array(
        (count, max(m.shape[0] for m in matrices), matrices[0].shape[-1]), dtype=np.int64
    )
    return [indices, values, shape]


# name -> weak reference to its class: a class that is garbage-collected leaves Rasa's search
# (Python's __subclasses__ holds weak references too), and so it leaves this cache.
_event_classes: dict[str, weakref.ref[type]] = {}


def _resolve_by_type(type_name: str, default: type | None = None) -> type | None:
    """Rasa's Event.resolve_by_type, remembering the class found for each name."""
    remembered = _event_classes.get(type_name)
    found = remembered() if remembered is not None else None
    if found is None:
        found = rasas(Event, "resolve_by_type")(type_name, default)
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


class PatchesRefused(RuntimeError):
    """`install()` will not replace Rasa's functions: this is not the Rasa they were written
    for. The message is one paragraph, for a person; `python -m rasa_addons` prints it and
    exits with status 2."""


# The wrapped objects set on the classes, made once so that `active()` can tell them by identity.
_STATIC_CONVERSION = staticmethod(_scipy_matrix_to_values)
_STATIC_RESOLVE = staticmethod(_resolve_by_type)
_CLASS_FORGET = classmethod(_forget_event_classes)


def _replacements() -> list[tuple[Any, str, Any, bool]]:
    """What `install()` replaces: (owner, name, replacement, whether Rasa defines the name on
    that owner itself). `Event.__init_subclass__` is an addition: Rasa must not define one."""
    return [
        (RemoteAction, "_validate_action_result", _validate_action_result, True),
        (EndpointConfig, "request", _request, True),
        (rasa.core.processor, "DaskGraphRunner", SequentialGraphRunner, True),
        (RasaDataGenerator, "_scipy_matrix_to_values", _STATIC_CONVERSION, True),
        (Event, "resolve_by_type", _STATIC_RESOLVE, True),
        (Event, "__init_subclass__", _CLASS_FORGET, False),
        (Domain, "is_empty", _domain_is_empty, True),
    ]


_MISSING = object()
# (owner, name) -> Rasa's own attribute (or _MISSING), recorded when first replaced and kept
# after uninstall(), so that the replacements and the tests can always reach Rasa's original.
_originals: dict[tuple[Any, str], Any] = {}
# (owner, name) -> what install() set there, while installed
_installed: dict[tuple[Any, str], Any] = {}


def _label(owner: Any, name: str) -> str:
    return f"{getattr(owner, '__name__', owner)}.{name}"


def rasas(owner: Any, name: str) -> Any:
    """Rasa's own `owner.name` (a static method unwrapped), replaced now or not."""
    key = (owner, name)
    original = _originals[key] if key in _originals else vars(owner).get(name, _MISSING)
    if original is _MISSING:
        return getattr(owner, name)
    return original.__func__ if isinstance(original, staticmethod) else original


def check() -> None:
    """Raise PatchesRefused unless this is the Rasa the replacements were written for, with
    every name they replace defined where they expect it. Changes nothing."""
    found = getattr(rasa, "__version__", "unknown")
    if found != RASA_VERSION:
        raise PatchesRefused(
            f"rasa_addons will not start Rasa {found}: its replacements of Rasa functions "
            f"(rasa_addons/patches.py) were written against Rasa {RASA_VERSION} and return what "
            f"those functions return there, and Rasa {found}'s may differ. Install the Rasa this "
            f"project is pinned to (make install, or .venv/bin/pip install -r requirements.lock); "
            f"or, to move the project to Rasa {found}, compare each replaced function listed in "
            f"rasa_addons/patches.py with its source in Rasa {found}, run "
            f"tests/integration/test_patches.py, and then set RASA_VERSION there to {found!r}."
        )
    wrong = []
    for owner, name, _, rasa_defines in _replacements():
        if (owner, name) in _installed:
            continue
        if (name in vars(owner)) != rasa_defines:
            wrong.append(
                f"{_label(owner, name)} is {'missing' if rasa_defines else 'now defined by Rasa'}"
            )
    if wrong:
        raise PatchesRefused(
            f"rasa_addons will not start Rasa {found}: rasa_addons/patches.py replaces Rasa "
            f"functions by name, and in this installation {'; '.join(wrong)}, unlike in Rasa "
            f"{RASA_VERSION}. Either this Rasa is modified or something else replaced those "
            f"names before rasa_addons did. Reinstall the pinned Rasa (.venv/bin/pip install "
            f"--force-reinstall --no-deps rasa=={RASA_VERSION}) or find the code that changed "
            f"it; nothing was replaced."
        )


def install() -> list[str]:
    """Replace the Rasa functions listed above with this module's, after `check()`; nothing is
    replaced when it refuses. Idempotent. Returns `active()`."""
    check()
    for owner, name, value, _ in _replacements():
        key = (owner, name)
        _originals.setdefault(key, vars(owner).get(name, _MISSING))
        if key not in _installed:
            setattr(owner, name, value)
            _installed[key] = value
    replaced = active()
    logger.debug("replacements installed for Rasa %s: %d", RASA_VERSION, len(replaced))
    return replaced


def active() -> list[str]:
    """The replaced names ("Owner.name") whose owner holds this module's replacement now."""
    return sorted(
        _label(owner, name)
        for owner, name, value, _ in _replacements()
        if vars(owner).get(name, _MISSING) is value
    )


def uninstall() -> None:
    """Put Rasa's own code paths back (`make bench-turn` compares both in one process)."""
    for owner, name in list(_installed):
        original = _originals[(owner, name)]
        if original is _MISSING:
            delattr(owner, name)
        else:
            setattr(owner, name, original)
    _installed.clear()
    _event_classes.clear()


__all__ = [
    "RASA_VERSION",
    "PatchesRefused",
    "check",
    "install",
    "uninstall",
    "active",
    "rasas",
    "close_sessions",
    "is_valid_response",
    "SequentialGraphRunner",
    "ValidationError",
]
