"""`make bench-turn`: what `rasa_addons/patches.py` saves on one turn, measured in a single process so
that a busy or slow host affects both sides alike.

Loads the trained model once with the project's endpoints (the windowed SQLite tracker store,
the action server started here on a free loopback port) and answers held-out questions
(tests/heldout/nlu.yml) in alternating blocks: Rasa's stock paths (`patches.uninstall()`:
dask graph runner, full jsonschema check, a new HTTP session per action call, DIET through
TensorFlow, sklearn's count vectors, ...), then the project's (`patches.install()`). Every
turn includes NLU, the policies, the custom action over HTTP and the tracker store. Then, on
the project's paths, where a turn's time goes: each graph node (NLU components and the
policy), the tracker store and the action call, timed around Rasa's own methods.

    python -m ops.bench.bench_turn [--rounds 8] [--turns 40]

Prints p50 and p95 per side and the breakdown; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from ops.bench.bench import questions
from ops.launcher import MODEL, ActionServer, free_port, write_endpoints


async def measure(workdir: Path, rounds: int, turns: int) -> dict:
    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.utils import AvailableEndpoints
    from rasa.engine import loader
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    from rasa_addons import patches

    patches.install()
    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    agent = await load_agent(
        model_path=str(MODEL),
        endpoints=AvailableEndpoints.read_endpoints(str(workdir / "endpoints.yml")),
    )
    ours = agent.processor.graph_runner
    (workdir / "dask").mkdir()
    _, dask = loader.load_predict_graph_runner(
        workdir / "dask", MODEL, LocalModelStorage, DaskGraphRunner
    )
    # The stock side runs Rasa's own components: the project's subclasses add no state, so
    # the loaded ones become their Rasa parents.
    from rasa.nlu.classifiers.diet_classifier import DIETClassifier
    from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
        CountVectorsFeaturizer,
    )

    from rasa_addons.nlu.count_vectors import CooCountVectorsFeaturizer
    from rasa_addons.nlu.diet_numpy import NumpyDIETClassifier

    stock = {NumpyDIETClassifier: DIETClassifier, CooCountVectorsFeaturizer: CountVectorsFeaturizer}
    for node in dask._instantiated_nodes.values():
        component = getattr(node, "_component", None)
        if type(component) in stock:
            component.__class__ = stock[type(component)]
            # The node keeps the function it runs, looked up on the project's class when it
            # was built (NumpyDIETClassifier.process calls super()): Rasa's own, too.
            node._fn = getattr(component.__class__, node._fn_name)

    def use(project: bool) -> None:
        if project:
            patches.install()
        else:
            patches.uninstall()
        agent.processor.graph_runner = ours if project else dask

    qs, count = questions(), 0

    async def turn(sender: str) -> float:
        nonlocal count
        count += 1
        out = CollectingOutputChannel()
        began = time.perf_counter()
        await agent.handle_message(UserMessage(qs[count % len(qs)], out, sender))
        took = time.perf_counter() - began
        if not out.messages:
            raise RuntimeError("a turn got no reply; see the action server log")
        return took

    for project in (False, True):  # warm-up, each side
        use(project)
        for i in range(20):
            await turn(f"warm-{i}")
    times: dict = {"Rasa's stock paths": [], "rasa_addons/patches.py": []}
    for r in range(rounds):
        for label, project in (("Rasa's stock paths", False), ("rasa_addons/patches.py", True)):
            use(project)
            for t in range(turns):
                times[label].append(await turn(f"{project}-{r}-{t % 5}"))
    use(True)
    times["breakdown"] = await breakdown(agent, turn, rounds * turns)
    await patches.close_sessions()
    return times


async def breakdown(agent, turn, count: int) -> dict[str, float]:
    """Mean milliseconds a turn spends in each part, over `count` turns."""
    from rasa.core.actions.action import RemoteAction
    from rasa.engine.graph import GraphNode

    spent: dict[str, float] = {}

    def add(label: str, began: float) -> None:
        spent[label] = spent.get(label, 0.0) + time.perf_counter() - began

    def timed_node(original):
        def call(self, *args, **kwargs):
            began = time.perf_counter()
            try:
                return original(self, *args, **kwargs)
            finally:
                add("graph node " + self._node_name, began)

        return call

    def timed(original, label: str):
        async def call(*args, **kwargs):
            began = time.perf_counter()
            try:
                return await original(*args, **kwargs)
            finally:
                add(label, began)

        return call

    store = agent.tracker_store
    patched = [
        (GraphNode, "__call__", timed_node(GraphNode.__call__)),
        (RemoteAction, "run", timed(RemoteAction.run, "custom action call (HTTP)")),
        (store, "retrieve", timed(store.retrieve, "tracker store: read")),
        (store, "save", timed(store.save, "tracker store: save")),
    ]
    saved = [(owner, name, vars(owner).get(name)) for owner, name, _ in patched]
    for owner, name, value in patched:
        setattr(owner, name, value)
    try:
        began = time.perf_counter()
        for t in range(count):
            await turn(f"breakdown-{t % 10}")
        spent["whole turn"] = time.perf_counter() - began
    finally:
        for owner, name, value in saved:
            if value is None:
                delattr(owner, name)
            else:
                setattr(owner, name, value)
    return {label: total / count * 1000 for label, total in spent.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--turns", type=int, default=40)
    args = parser.parse_args()
    # Rasa is loaded in this process: quiet, and no usage reports (as for the servers).
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    with tempfile.TemporaryDirectory(prefix="bench-turn-") as tmp:
        workdir = Path(tmp)
        port = free_port()
        env = {"TRACKER_STORE_URL": f"sqlite:///{workdir / 'tracker.db'}"}
        write_endpoints(workdir / "endpoints.yml", port, env)
        with ActionServer(port, workdir / "actions.log", env):
            times = asyncio.run(measure(workdir, args.rounds, args.turns))
    print(
        f"\none turn in process ({args.rounds} alternating rounds of {args.turns} turns each; "
        f"{os.cpu_count()} CPUs)"
    )
    parts = times.pop("breakdown")
    for label, values in times.items():
        ordered = sorted(values)
        print(
            f"{label:20s} p50 {statistics.median(values) * 1000:5.1f} ms   "
            f"p95 {ordered[int(0.95 * (len(ordered) - 1))] * 1000:5.1f} ms"
        )
    print(
        f"\nwhere a turn's time goes with rasa_addons/patches.py (mean of {args.rounds * args.turns} "
        "turns; graph nodes are NLU components and the policy)"
    )
    for label, value in sorted(parts.items(), key=lambda item: -item[1]):
        if value >= 0.05:
            print(f"{label:45s} {value:5.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
