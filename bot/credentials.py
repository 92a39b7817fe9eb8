"""Writes the channel credentials Rasa starts with: the secret-free channels of
credentials.yml, plus Slack and Telegram when their environment variables are set.

    python -m bot.credentials var/credentials.yml
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml

from bot.config import ROOT


def channels(environ: dict[str, str] | None = None) -> dict:
    env = os.environ if environ is None else environ
    creds = yaml.safe_load((ROOT / "credentials.yml").read_text()) or {}
    if env.get("SLACK_BOT_TOKEN") and env.get("SLACK_SIGNING_SECRET"):
        creds["slack"] = {
            "slack_token": env["SLACK_BOT_TOKEN"],
            "slack_signing_secret": env["SLACK_SIGNING_SECRET"],
            "slack_channel": env.get("SLACK_CHANNEL") or None,
        }
    return creds


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else ROOT / "var" / "credentials.yml")
    out.parent.mkdir(parents=True, exist_ok=True)
    creds = channels()
    out.write_text(yaml.safe_dump(creds, sort_keys=False))
    out.chmod(0o600)
    print("channels on:", ", ".join(creds))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
