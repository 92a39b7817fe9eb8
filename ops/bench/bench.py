"""`make bench`: starts the assistant the way `make run` does (ops/launcher.py, on free
loopback ports, with its own conversation database) and measures, in one run:

- a floor: the same HTTP round trip to a trivial endpoint (`GET /` of the Rasa server);
- REST latency p50/p95/p99 of sequential questions (held-out wordings, custom action included);
- throughput, p95 and errors with 10 and 50 concurrent conversations;
- latency at the start (turns 1-10) and at the end (turns 191-200) of 200-turn conversations;
- cold start: from launching the servers to the first answer;
- memory (resident set) of each process;
- training time from scratch (empty cache) and after a content-only change, in a temporary
  copy of the project.

    python -m ops.bench.bench [--workers N] [--skip-training]   (default: SANIC_WORKERS or 2)

With --workers above 1 the Rasa server runs that many Sanic workers, which share conversations
through a Redis lock store: the script starts a real redis-server on loopback for them.
Figures are printed as a table; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import yaml

from bot import settings
from bot.settings import ROOT
from ops.launcher import PYTHON, Assistant
from ops.profile import Redis, ensure_installed


def questions(seed: int = 7) -> list[str]:
    """Held-out wordings of answerable questions (tests/heldout/nlu.yml), in a fixed order."""
    data = yaml.safe_load((ROOT / "tests" / "heldout/nlu.yml").read_text())
    found = []
    for block in data["nlu"]:
        if block.get("intent") in ("out_of_scope", "warning_signs"):
            continue
        found += [line.strip()[2:] for line in block["examples"].splitlines() if line.strip()]
    random.Random(seed).shuffle(found)
    return found


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


class Bench:
    """The assistant from ops/launcher.py on free ports; cold start is measured from launching
    the servers to the first answer."""

    def __init__(self, workdir: Path, workers: int, lock_store_url: str | None):
        env = {
            "TRACKER_STORE_URL": f"sqlite:///{workdir / 'tracker.db'}",
            "SANIC_WORKERS": str(workers),
        }
        if lock_store_url:
            env["LOCK_STORE_URL"] = lock_store_url
        self.assistant = Assistant(workdir, env=env)
        self.url = self.assistant.url
        self.workdir = workdir

    def start(self) -> float:
        import requests

        began = time.perf_counter()
        self.assistant.start(wait=False)
        while True:
            if not self.assistant.alive():
                raise RuntimeError(
                    f"the assistant did not start; see {self.workdir}/log\n"
                    + self.assistant.log_tails()
                )
            try:
                r = requests.post(
                    self.url + "/webhooks/rest/webhook",
                    timeout=5,
                    json={"sender": "cold-start", "message": "which stretches help?"},
                )
                if r.ok and r.json():
                    return time.perf_counter() - began
            except requests.RequestException:
                pass
            time.sleep(0.1)

    def memory(self) -> dict[str, tuple[float, int]]:
        """Resident memory in MB by role, summed over each role's processes, and how many
        processes the role has (a Rasa server with N Sanic workers has N + 1). Each server
        runs in a process group of its own, led by the process the launcher started."""
        roles = {
            proc.pid: "action server" if name == "actions" else "Rasa server"
            for name, proc in self.assistant.processes().items()
        }
        totals: dict[str, tuple[float, int]] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                role = roles.get(os.getpgid(int(entry.name)))
                if role is None:
                    continue
                rss = next(
                    int(line.split()[1])
                    for line in (entry / "status").read_text().splitlines()
                    if line.startswith("VmRSS:")
                )
            except (OSError, StopIteration, ProcessLookupError):
                continue
            mb, count = totals.get(role, (0.0, 0))
            totals[role] = (mb + rss / 1024, count + 1)
        return totals

    def errors_logged(self) -> int:
        """Tracebacks in the servers' logs: a worker that died would show here."""
        return sum(
            log.read_text(errors="replace").count("Traceback")
            for log in self.assistant.log_dir.glob("*.log")
        )

    def stop(self) -> None:
        """Stop every server with its Sanic workers and wait until they are gone, so nothing
        else competes with the training measured next."""
        self.assistant.stop()


async def ask(http: aiohttp.ClientSession, url: str, sender: str, text: str) -> tuple[float, bool]:
    began = time.perf_counter()
    try:
        async with http.post(
            url + "/webhooks/rest/webhook", json={"sender": sender, "message": text}
        ) as r:
            body = await r.json()
            ok = r.status == 200 and bool(body) and all("text" in m for m in body)
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        ok = False
    return time.perf_counter() - began, ok


async def floor(http: aiohttp.ClientSession, url: str, n: int) -> list[float]:
    times = []
    for _ in range(n):
        began = time.perf_counter()
        async with http.get(url + "/") as r:
            await r.read()
        times.append(time.perf_counter() - began)
    return times


async def sequential(http, url: str, qs: list[str], n: int) -> tuple[list[float], int]:
    times, errors = [], 0
    for i in range(n):
        took, ok = await ask(http, url, f"seq-{i // 10}", qs[i % len(qs)])
        times.append(took)
        errors += not ok
    return times, errors


async def concurrent(
    http, url: str, qs: list[str], users: int, conversations: int, turns: int = 10
) -> tuple[list[float], int, float]:
    queue: asyncio.Queue = asyncio.Queue()
    for c in range(conversations):
        queue.put_nowait(c)
    times, errors = [], 0

    async def user():
        nonlocal errors
        while not queue.empty():
            c = queue.get_nowait()
            for t in range(turns):
                took, ok = await ask(http, url, f"conc{users}-{c}", qs[(c * turns + t) % len(qs)])
                times.append(took)
                errors += not ok

    began = time.perf_counter()
    await asyncio.gather(*(user() for _ in range(users)))
    return times, errors, len(times) / (time.perf_counter() - began)


async def long_conversations(http, url: str, qs: list[str], count: int, turns: int = 200):
    first, last = [], []
    for c in range(count):
        for t in range(turns):
            took, _ = await ask(http, url, f"long-{c}", qs[(c + t) % len(qs)])
            if t < 10:
                first.append(took)
            elif t >= turns - 10:
                last.append(took)
    return first, last


def training(workdir: Path) -> tuple[float, float, str]:
    """Train in a copy of the project: from scratch with an empty cache, then time
    `make train` after changing one answer of the content (no retraining expected)."""
    copy = workdir / "project"
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    for name in files:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, copy / name)
    shutil.copytree(ROOT / "build", copy / "build")
    (copy / ".venv").symlink_to(PYTHON.parent.parent)
    env = {
        "RASA_TELEMETRY_ENABLED": "false",
        **os.environ,
        "RASA_CACHE_DIRECTORY": str(workdir / "cache"),
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "DATABASE_URL": "",
    }
    env.pop("DATABASE_URL")
    make = ["make", "--no-print-directory", "-o", ".venv/.installed"]
    subprocess.run(make + ["spacy"], cwd=copy, env=env, check=True, capture_output=True)
    began = time.perf_counter()
    subprocess.run(
        make + ["models/assistant.tar.gz"], cwd=copy, env=env, check=True, capture_output=True
    )  # the recipe `make train` runs, with no model yet
    scratch = time.perf_counter() - began

    remedies = copy / "bot" / "content" / "remedies.yml"
    topic = next(iter(yaml.safe_load(remedies.read_text())["topics"]))
    lines = remedies.read_text().splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.strip().startswith("answer:")) + 1
    lines[first] = lines[first].rstrip("\n") + " (updated)\n"  # a word added to one answer
    remedies.write_text("".join(lines))
    subprocess.run(
        [PYTHON, "-m", "bot.content", "--refingerprint"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    model = copy / "models" / "assistant.tar.gz"
    before = model.stat().st_mtime
    began = time.perf_counter()
    subprocess.run(make + ["train"], cwd=copy, env=env, check=True, capture_output=True)
    content = time.perf_counter() - began
    check = subprocess.run(
        [
            PYTHON,
            "-c",
            "from bot import store\nwith store.session_scope() as s:\n"
            f"    print('(updated)' in store.topic(s, {topic!r}).answer)",
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    note = (
        f"answer updated in the store: {check.stdout.strip() or check.stderr[-200:]}; "
        f"model retrained: {model.stat().st_mtime != before}"
    )
    return scratch, content, note


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=settings.sanic_workers() or 2)
    parser.add_argument("--skip-training", action="store_true")
    parser.add_argument("--sequential", type=int, default=300)
    args = parser.parse_args()
    qs = questions()
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        workdir = Path(tmp)
        redis = None
        if args.workers > 1:
            ensure_installed(("redis-server",))
            redis = Redis(workdir / "redis", secrets.token_urlsafe(16)).start()
        bot = Bench(workdir, args.workers, redis.url() if redis else None)
        try:
            cold = bot.start()

            async def run_all():
                timeout = aiohttp.ClientTimeout(total=60)
                connector = aiohttp.TCPConnector(limit=200)
                async with aiohttp.ClientSession(timeout=timeout, connector=connector) as http:
                    await sequential(http, bot.url, qs, 30)  # warm-up
                    base = await floor(http, bot.url, 300)
                    seq = await sequential(http, bot.url, qs, args.sequential)
                    c10 = await concurrent(http, bot.url, qs, 10, 30)
                    c50 = await concurrent(http, bot.url, qs, 50, 100)
                    long = await long_conversations(http, bot.url, qs, 3)
                    return base, seq, c10, c50, long

            base, seq, c10, c50, long = asyncio.run(run_all())
            memory = bot.memory()
            tracebacks = bot.errors_logged()
        finally:
            bot.stop()
            if redis:
                redis.stop()
        f = statistics.median(base)
        ratio = lambda t: f"{t / f:.0f}x"  # noqa: E731
        rows.append(("floor: GET / round trip, p50", ms(f), "1x"))
        times, errors = seq
        for p in (50, 95, 99):
            rows.append(
                (
                    f"sequential question p{p} ({len(times)} questions, {errors} errors)",
                    ms(pct(times, p)),
                    ratio(pct(times, p)),
                )
            )
        for label, (times, errors, rate) in (("10", c10), ("50", c50)):
            rows.append(
                (
                    f"{label} concurrent conversations: throughput ({len(times)} questions, "
                    f"{errors} errors)",
                    f"{rate:.0f} q/s",
                    "",
                )
            )
            rows.append(
                (
                    f"{label} concurrent conversations: p95",
                    ms(pct(times, 95)),
                    ratio(pct(times, 95)),
                )
            )
        first, last = long
        t1, t200 = statistics.median(first), statistics.median(last)
        rows.append(("200-turn conversations: turns 1-10, p50", ms(t1), ratio(t1)))
        rows.append(
            (
                "200-turn conversations: turns 191-200, p50",
                ms(t200),
                f"{ratio(t200)} ({t200 / t1:.2f}x turn 1)",
            )
        )
        rows.append(("cold start to first answer", f"{cold:.1f} s", ""))
        for role, (mb, count) in sorted(memory.items()):
            rows.append((f"memory: {role} (resident, {count} processes)", f"{mb:.0f} MB", ""))
        rows.append(("tracebacks in the servers' logs", str(tracebacks), ""))
        if not args.skip_training:
            scratch, content, note = training(workdir)
            rows.append(("training from scratch (empty cache)", f"{scratch:.1f} s", ""))
            rows.append(("`make train` after a content-only change", f"{content:.1f} s", note))
    width = max(len(r[0]) for r in rows)
    print(
        f"\nworkers: {args.workers}; {os.cpu_count()} CPUs; python -m ops.bench.bench"
        + (f" --workers {args.workers}" if args.workers > 1 else "")
    )
    print(f"{'measure'.ljust(width)}  {'value':>10}  ratio to floor")
    for name, value, note in rows:
        print(f"{name.ljust(width)}  {value:>10}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
