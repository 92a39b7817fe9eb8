"""Two running assistants side by side: the same REST questions sent to each in turn
(alternating which goes first), printing p50 and p90 per assistant. Start each with the
launcher on its own ports first, e.g. for an older commit in a git worktree:

    RASA_PORT=5205 ACTIONS_PORT=5255 python -m ops.launcher run     # in the worktree
    RASA_PORT=5305 ACTIONS_PORT=5355 python -m ops.launcher run     # in this checkout
    python ops/bench/ab_rest.py 5205 5305 [--rounds 400]

Needs only `requests`.
"""

from __future__ import annotations

import argparse
import statistics
import time

import requests

QUESTIONS = [
    "which stretches help?",
    "how do I foam roll?",
    "what should I avoid?",
    "is foam rolling enough on its own?",
    "how often should I foam roll?",
    "what shoes should I wear?",
    "how should I fix my posture?",
    "do planks help?",
    "should I see a physio?",
    "is upper back pain common in runners?",
]
WARM_UP = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=int, help="port of the first assistant")
    parser.add_argument("b", type=int, help="port of the second assistant")
    parser.add_argument("--rounds", type=int, default=400)
    args = parser.parse_args()
    times: dict[int, list[float]] = {args.a: [], args.b: []}
    session = requests.Session()
    for i in range(args.rounds):
        for port in (args.a, args.b) if i % 2 else (args.b, args.a):
            start = time.perf_counter()
            reply = session.post(
                f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                json={"sender": f"ab{i // 10}", "message": QUESTIONS[i % len(QUESTIONS)]},
                timeout=30,
            )
            reply.raise_for_status()
            if i >= WARM_UP:
                times[port].append(time.perf_counter() - start)
    for port, taken in times.items():
        taken.sort()
        print(
            f"port {port}: p50 {1000 * statistics.median(taken):.1f} ms, "
            f"p90 {1000 * taken[int(len(taken) * 0.9)]:.1f} ms ({len(taken)} questions)"
        )


if __name__ == "__main__":
    main()
