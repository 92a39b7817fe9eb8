"""Two checkouts' text rules side by side, in process: each ROOT (a checkout or git worktree
with the same trained model) parses and answers the same questions through the server's code
path (`tests/heldout/understand.py`'s Conversation: the model with the project's replacements,
then the action's `bot.compose`), in a fresh process per run, the roots alternating, so a busy
host affects both alike. Prints the median parse and parse-plus-reply time of each run.

    python -m ops.bench.compare_code ROOT_A ROOT_B [--runs 3]

Nothing is asserted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from ops.bench import ab_rest

# ab_rest's plain questions, then a compound one and one that tells its circumstances
QUESTIONS = [
    *ab_rest.QUESTIONS,
    "which stretches should I do, and do I need new shoes?",
    "I do long trail runs with a hydration pack. Should I change how I carry my water?",
]

RUN = """
import asyncio, statistics, sys, time
root = sys.argv[1]
sys.path[:0] = [root, root + "/tests/heldout"]
import understand
questions = sys.argv[2:]
async def main():
    agent, factory = understand.load(root + "/models/assistant.tar.gz")
    talk = understand.Conversation(agent, factory)
    for q in questions * 2:
        await talk.say(q)
    parse, turn = [], []
    for q in questions * 25:
        t0 = time.perf_counter(); await agent.parse_message(q); t1 = time.perf_counter()
        await talk.say(q); t2 = time.perf_counter()
        parse.append(t1 - t0); turn.append(t2 - t1)
    print(f"{root}: parse p50 {statistics.median(parse) * 1000:.2f} ms, "
          f"parse and reply p50 {statistics.median(turn) * 1000:.2f} ms")
asyncio.run(main())
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("roots", nargs=2)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    for _ in range(args.runs):
        for root in args.roots:
            done = subprocess.run(
                [sys.executable, "-c", RUN, root, *QUESTIONS],
                cwd=root,
                capture_output=True,
                text=True,
            )
            print(
                done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-500:]
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
