"""`make bench-turn`: what `bot/speedups.py` saves on one turn, measured in a single process so
that a busy or slow host affects both sides alike.

Loads the trained model once with the project's endpoints (the windowed SQLite tracker store,
the action server started here on a free loopback port) and answers held-out questions
(tests/nlu_heldout.yml) in alternating blocks: Rasa's stock paths (dask graph runner, the
full jsonschema check, a new HTTP session per action call), then the project's. Every turn
includes NLU, the policies, the custom action over HTTP and the tracker store.

    python scripts/bench_turn.py [--rounds 8] [--turns 40]

Prints p50 and p95 per side; nothing is asserted.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from bench import questions  # noqa: E402
from bot.deploy import BIN, MODEL, free_port, start_action_server, terminate, wait_port  # noqa: E402


async def measure(workdir: Path, rounds: int, turns: int) -> dict[str, list[float]]:
    from rasa.core.actions.action import RemoteAction
    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.utils import AvailableEndpoints
    from rasa.engine import loader
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.endpoints import EndpointConfig
    from rasa.utils.log_utils import configure_structlog

    stock = {"validate": RemoteAction._validate_action_result, "request": EndpointConfig.request}
    from bot import speedups

    speedups.install()
    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    agent = await load_agent(model_path=str(MODEL), endpoints=AvailableEndpoints.read_endpoints(
        str(workdir / "endpoints.yml")))
    ours = agent.processor.graph_runner
    (workdir / "dask").mkdir()
    _, dask = loader.load_predict_graph_runner(workdir / "dask", MODEL, LocalModelStorage,
                                               DaskGraphRunner)

    def use(project: bool) -> None:
        RemoteAction._validate_action_result = (speedups._validate_action_result if project
                                                else stock["validate"])
        EndpointConfig.request = speedups._request if project else stock["request"]
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

    for i in range(30):  # warm-up
        await turn(f"warm-{i}")
    times: dict[str, list[float]] = {"Rasa's stock paths": [], "bot/speedups.py": []}
    for r in range(rounds):
        for label, project in (("Rasa's stock paths", False), ("bot/speedups.py", True)):
            use(project)
            for t in range(turns):
                times[label].append(await turn(f"{project}-{r}-{t % 5}"))
    await speedups.close_sessions()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--turns", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-turn-") as tmp:
        workdir = Path(tmp)
        port = free_port()
        env = {**os.environ, "ACTIONS_PORT": str(port),
               "TRACKER_STORE_URL": f"sqlite:///{workdir / 'tracker.db'}"}
        subprocess.run([BIN / "python", "-m", "bot.endpoints", workdir / "endpoints.yml"],
                       cwd=ROOT, env=env, check=True, capture_output=True)
        with open(workdir / "actions.log", "wb") as log:
            actions = start_action_server(port, {**env, "SANIC_HOST": "127.0.0.1"}, log)
        try:
            wait_port(port, actions)
            times = asyncio.run(measure(workdir, args.rounds, args.turns))
        finally:
            terminate(actions)
    print(f"\none turn in process ({args.rounds} alternating rounds of {args.turns} turns each; "
          f"{os.cpu_count()} CPUs)")
    for label, values in times.items():
        ordered = sorted(values)
        print(f"{label:20s} p50 {statistics.median(values) * 1000:5.1f} ms   "
              f"p95 {ordered[int(0.95 * (len(ordered) - 1))] * 1000:5.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
