"""Rasa's command line with the project's replacements installed first:

    python -m rasa_addons run|shell|test|train|data ... (the options of `rasa`)

Every entry point that runs Rasa (the launcher, the conversation tests, training, the bench)
goes through here, so `rasa shell` and `rasa test` run the same code as the server.
"""
from __future__ import annotations

import sys

from rasa_addons import patches


def main(argv: list[str]) -> None:
    patches.install()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *argv]
    rasa_main()


if __name__ == "__main__":
    main(sys.argv[1:])
