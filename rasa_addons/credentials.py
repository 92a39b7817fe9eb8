"""Writes the channel credentials Rasa starts with: the secret-free channels of
credentials.yml, plus Slack and Telegram when their environment variables are set.

    python -m rasa_addons.credentials var/credentials.yml

Needs: PyYAML and the project's credentials.yml (bot.settings.ROOT); no Rasa import, so it
runs before any Rasa process starts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml

from bot.settings import ROOT
from rasa_addons.secret_files import write_private

TELEGRAM_VARS = (
    "TELEGRAM_TOKEN",
    "TELEGRAM_VERIFY",
    "TELEGRAM_WEBHOOK_URL",
    "TELEGRAM_SECRET_TOKEN",
)


def channels(environ: dict[str, str] | None = None) -> dict:
    """credentials.yml plus each messaging channel whose variables are all set."""
    env = os.environ if environ is None else environ
    creds = yaml.safe_load((ROOT / "credentials.yml").read_text()) or {}
    if env.get("SLACK_BOT_TOKEN") and env.get("SLACK_SIGNING_SECRET"):
        creds["rasa_addons.slack.SlackChannel"] = {
            "slack_token": env["SLACK_BOT_TOKEN"],
            "slack_signing_secret": env["SLACK_SIGNING_SECRET"],
            "slack_channel": env.get("SLACK_CHANNEL") or None,
            "api_url": env.get("SLACK_API_URL") or None,
        }
    if all(env.get(name) for name in TELEGRAM_VARS):
        creds["rasa_addons.telegram.SecureTelegramInput"] = {
            "access_token": env["TELEGRAM_TOKEN"],
            "verify": env["TELEGRAM_VERIFY"],
            "webhook_url": env["TELEGRAM_WEBHOOK_URL"],
            "secret_token": env["TELEGRAM_SECRET_TOKEN"],
            "api_url": env.get("TELEGRAM_API_URL") or None,
        }
    return creds


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else ROOT / "var" / "credentials.yml")
    out.parent.mkdir(parents=True, exist_ok=True)
    creds = channels()
    write_private(out, yaml.safe_dump(creds, sort_keys=False))
    print("channels on:", ", ".join(name.rsplit(".", 1)[-1] for name in creds))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
