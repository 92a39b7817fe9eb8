"""What the custom action's own work costs per turn: `compose.respond` in process, on the
remedy store `make store` built (var/remedies.db unless DATABASE_URL says otherwise), for
each answerable intent in turn and a named exercise, without Rasa or HTTP.

    python -m ops.bench.bench_action [--turns 2000]

Prints p50 and mean after 10% warm-up turns; nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from bot import answers, compose, store


def turns() -> list[answers.Turn]:
    found = [
        answers.Turn(
            text=intent.replace("_", " "),
            intent=intent,
            confidence=0.9,
            ranking=[(intent, 0.9)],
            entities=[],
            state={},
        )
        for intent in answers.INTENT_TOPICS
    ]
    found.append(
        answers.Turn(
            text="how do I do the thoracic extension",
            intent="ask_stretches",
            confidence=0.9,
            ranking=[("ask_stretches", 0.9)],
            entities=[{"entity": "exercise", "value": "thoracic extension"}],
            state={},
        )
    )
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=2000)
    args = parser.parse_args()
    cases, times = turns(), []
    for i in range(args.turns):
        began = time.perf_counter()
        with store.session_scope() as session:
            compose.respond(session, cases[i % len(cases)])
        times.append(time.perf_counter() - began)
    times = times[args.turns // 10 :]
    print(
        f"compose.respond over {len(times)} turns ({len(cases)} kinds): "
        f"p50 {statistics.median(times) * 1000:.2f} ms, mean {statistics.mean(times) * 1000:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
