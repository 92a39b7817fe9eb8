"""Rasa's `rasa train`, with bot/speedups.py installed first (it converts DIET's training
batches faster; the trained model is the same).

    python -m bot.train --fixed-model-name assistant --out models --quiet

Takes the options of `rasa train`; `make train` runs it when the model's inputs changed.
"""
from __future__ import annotations

import sys

from bot import speedups


def main(argv: list[str]) -> None:
    speedups.install()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", "train", *argv]
    rasa_main()


if __name__ == "__main__":
    main(sys.argv[1:])
