"""What OpenBLAS's threads cost the NLU: `agent.parse_message` in process, on the trained
model, with numpy's OpenBLAS on one thread (as `python -m rasa_addons` runs it) and on its
default (one thread per CPU), in alternating child processes, since OpenBLAS reads
OPENBLAS_NUM_THREADS once, when numpy loads.

    python -m ops.bench.bench_parse [--rounds 4] [--parses 200]

Each round starts one child per setting; each child parses held-out questions
(tests/heldout/nlu.yml) `--parses` times after a warm-up and prints its timings. Prints p50
and p95 of the whole parse and of DIET's prediction per setting; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "assistant.tar.gz"
SETTINGS = {"one thread": "1", "OpenBLAS default": None}


async def child(parses: int) -> dict[str, list[float]]:
    from rasa_addons import patches

    patches.install()
    from rasa.core.agent import load_agent

    from ops.bench.bench import questions
    from rasa_addons.nlu import diet_numpy

    agent = await load_agent(model_path=str(MODEL))
    texts = questions()
    diet: list[float] = []
    predict = diet_numpy.NumpyDietIntent.predict

    def timed(self, *args, **kwargs):
        began = time.perf_counter()
        try:
            return predict(self, *args, **kwargs)
        finally:
            diet.append(time.perf_counter() - began)

    diet_numpy.NumpyDietIntent.predict = timed
    for text in texts[:40]:
        await agent.parse_message(text)
    diet.clear()
    whole = []
    for i in range(parses):
        began = time.perf_counter()
        await agent.parse_message(texts[i % len(texts)])
        whole.append(time.perf_counter() - began)
    return {"parse": whole, "diet": diet}


def figures(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    return f"p50 {statistics.median(ms):6.2f} ms  p95 {ms[int(len(ms) * 0.95)]:6.2f} ms"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--parses", type=int, default=200)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(child(args.parses))))
        return 0
    if not MODEL.exists():
        print(f"no trained model at {MODEL}: run `make train` first", file=sys.stderr)
        return 1
    results: dict[str, dict[str, list[float]]] = {
        name: {"parse": [], "diet": []} for name in SETTINGS
    }
    for _ in range(args.rounds):
        for name, threads in SETTINGS.items():
            env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
            env.update({"TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONWARNINGS": "ignore"})
            if threads:
                env["OPENBLAS_NUM_THREADS"] = threads
            out = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "ops.bench.bench_parse",
                    "--child",
                    "--parses",
                    str(args.parses),
                ],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            got = json.loads(out.strip().splitlines()[-1])
            for key in ("parse", "diet"):
                results[name][key] += got[key]
    cpus = os.cpu_count()
    print(f"NLU parse in process ({args.rounds} alternating rounds of {args.parses}; {cpus} CPUs)")
    for name, got in results.items():
        print(f"{name:17s} parse  {figures(got['parse'])}   DIET  {figures(got['diet'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
