"""The real assistant for end-to-end tests: ops/launcher.py's Assistant (the action server and
`rasa run` with the project's channels, as `make run` starts them) on free loopback ports,
with a fresh remedy store and conversation database in the test's folder, plus REST helpers
and a look at which addresses a port listens on."""

from __future__ import annotations

from pathlib import Path

import requests

from ops import launcher


class Assistant(launcher.Assistant):
    """The action server and the Rasa server, with everything they write under `workdir`."""

    def __init__(
        self, workdir: Path, extra_env: dict[str, str] | None = None, credentials: str | None = None
    ):
        env = {
            "DATABASE_URL": f"sqlite:///{workdir / 'remedies.db'}",
            "TRACKER_STORE_URL": f"sqlite:///{workdir / 'tracker.db'}",
            **(extra_env or {}),
        }
        super().__init__(workdir, env=env, credentials=credentials, build_store=True)
        self.workdir = workdir

    def say(self, sender: str, message, timeout: float = 30) -> list[dict]:
        r = requests.post(
            self.url + "/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=timeout,
        )
        r.raise_for_status()
        return r.json()

    def text(self, sender: str, message) -> str:
        return "\n".join(m.get("text", "") for m in self.say(sender, message))


def _addresses(table: str, port: int) -> set[str]:
    """Local addresses of the listening sockets on `port` in /proc/net/tcp or tcp6."""
    found = set()
    try:
        lines = Path(f"/proc/net/{table}").read_text().splitlines()[1:]
    except FileNotFoundError:
        return found
    for line in lines:
        fields = line.split()
        local, state = fields[1], fields[3]
        address, hex_port = local.split(":")
        if state != "0A" or int(hex_port, 16) != port:  # 0A: LISTEN
            continue
        raw = bytes.fromhex(address)
        if table == "tcp":
            found.add(".".join(str(b) for b in reversed(raw)))
        else:  # four little-endian 32-bit words
            words = [raw[i : i + 4][::-1] for i in range(0, 16, 4)]
            found.add(":".join(b"".join(words)[i : i + 2].hex() for i in range(0, 16, 2)))
    return found


def listening_addresses(port: int) -> set[str]:
    """Every local address a socket listens on at `port`, IPv4 as dotted quads and IPv6 as
    eight hexadecimal groups, read from the kernel's socket tables (all processes')."""
    return _addresses("tcp", port) | _addresses("tcp6", port)
