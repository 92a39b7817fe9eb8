"""Held-out NLU evaluation: parses every example of a held-out file (one training never
reads) with the trained model and prints per-intent precision and recall, accuracy, the
out-of-scope rejection rate and how many warning-sign messages are caught.

    python tests/heldout/evaluate.py tests/heldout/nlu.yml [--model models/assistant.tar.gz]
        [--min-accuracy 0.9 --min-rejection 0.9]

"Rejected" means an out-of-scope example got no article answer: it was classified
out_of_scope or fell below the FallbackClassifier's threshold (nlu_fallback). A warning-sign
message counts as caught when the NLU says warning_signs or the safety check fires, since
either one sends the reader to medical care.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.safety import warning_signs  # noqa: E402

NOT_ANSWERS = {"out_of_scope", "nlu_fallback"}


def examples(path: Path) -> list[tuple[str, str]]:
    data = yaml.safe_load(path.read_text())
    pairs = []
    for block in data.get("nlu", []):
        if "intent" not in block:
            continue
        for line in block["examples"].splitlines():
            line = line.strip()
            if line.startswith("- "):
                pairs.append((block["intent"], line[2:].strip()))
    return pairs


def training_texts() -> set[str]:
    texts = set()
    for path in (ROOT / "data").glob("*.yml"):
        texts.update(t.lower() for _, t in examples(path))
    return texts


async def predict(model: str, texts: list[str]) -> list[str]:
    import structlog
    from rasa.core.agent import Agent

    __import__("rasa_addons.patches").patches.install()  # the server's code paths
    agent = Agent.load(model)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    out = []
    for text in texts:
        parsed = await agent.parse_message(text)
        out.append(parsed["intent"]["name"])
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("heldout", type=Path)
    ap.add_argument("--model", default=str(ROOT / "models" / "assistant.tar.gz"))
    ap.add_argument("--min-accuracy", type=float, default=0.0)
    ap.add_argument("--min-rejection", type=float, default=0.0)
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

    pairs = examples(args.heldout)
    leaked = [t for _, t in pairs if t.lower() in training_texts()]
    if leaked:
        print(f"{len(leaked)} held-out examples also appear in the training data:", leaked[:5])
        return 1
    preds = asyncio.run(predict(args.model, [t for _, t in pairs]))

    gold_counts, pred_counts, hits = Counter(), Counter(), Counter()
    errors = []
    for (gold, text), pred in zip(pairs, preds):
        if gold == "warning_signs" and warning_signs(text):
            pred = "warning_signs"  # the safety check catches it whatever the NLU says
        gold_counts[gold] += 1
        pred_counts[pred] += 1
        if gold == pred or (gold == "out_of_scope" and pred in NOT_ANSWERS):
            hits[gold] += 1
        else:
            errors.append((gold, pred, text))

    print(f"{'intent':26s} {'n':>4s} {'precision':>9s} {'recall':>7s}")
    for intent in sorted(gold_counts):
        n = gold_counts[intent]
        predicted = pred_counts[intent] + (pred_counts["nlu_fallback"] if intent == "out_of_scope" else 0)
        precision = hits[intent] / predicted if predicted else 0.0
        print(f"{intent:26s} {n:4d} {precision:9.2f} {hits[intent] / n:7.2f}")
    total = sum(gold_counts.values())
    accuracy = sum(hits.values()) / total
    oos = gold_counts["out_of_scope"]
    rejection = hits["out_of_scope"] / oos if oos else 0.0
    answerable = [g for g, _ in pairs if g not in ("out_of_scope",)]
    wrongly_rejected = sum(1 for (g, _), p in zip(pairs, preds) if g != "out_of_scope" and p in NOT_ANSWERS)
    caught = hits["warning_signs"]
    if args.show_errors:
        for gold, pred, text in errors:
            print(f"  {gold:>24s} -> {pred:24s} {text}")
    print(
        f"\nheld-out examples: {total}; accuracy {accuracy:.3f}; out-of-scope rejection "
        f"{rejection:.3f} ({hits['out_of_scope']}/{oos}); in-scope wrongly rejected "
        f"{wrongly_rejected}/{len(answerable)}; warning signs caught {caught}/{gold_counts['warning_signs']}"
    )
    ok = accuracy >= args.min_accuracy and rejection >= args.min_rejection
    if not ok:
        print(f"below the floor: accuracy >= {args.min_accuracy}, rejection >= {args.min_rejection}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
