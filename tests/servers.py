"""Starts the real assistant for end-to-end tests: a fresh SQLite store, the action server
and `rasa run` with the project's channels, each on a free loopback port, and stops them."""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import requests

from bot.settings import ROOT
from ops.profile import BIN, MODEL, free_port, start_action_server, terminate


def wait_for(url: str, procs: list[subprocess.Popen], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc in procs:
            if proc.poll() is not None:
                raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode}")
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(url)


class Assistant:
    """The action server and the Rasa server, started like `make run` starts them."""

    def __init__(self, workdir: Path, extra_env: dict[str, str] | None = None,
                 credentials: str | None = None):
        self.workdir = workdir
        self.port, self.actions_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {"RASA_TELEMETRY_ENABLED": "false", **os.environ,
                    "DATABASE_URL": f"sqlite:///{workdir / 'remedies.db'}",
                    "TF_CPP_MIN_LOG_LEVEL": "3", "SANIC_HOST": "127.0.0.1", **(extra_env or {})}
        self.credentials = credentials
        self.procs: list[subprocess.Popen] = []

    def start(self) -> "Assistant":
        subprocess.run([BIN / "python", "-m", "bot.store.loading"], env=self.env, cwd=ROOT, check=True,
                       capture_output=True)
        endpoints = self.workdir / "endpoints.yml"
        subprocess.run([BIN / "python", "-m", "rasa_addons.endpoints", endpoints],
                       env={"TRACKER_STORE_URL": f"sqlite:///{self.workdir / 'tracker.db'}",
                            **self.env, "ACTIONS_PORT": str(self.actions_port)},
                       cwd=ROOT, check=True, capture_output=True)
        credentials = self.workdir / "credentials.yml"
        if self.credentials is None:
            subprocess.run([BIN / "python", "-m", "rasa_addons.credentials", credentials], env=self.env,
                           cwd=ROOT, check=True, capture_output=True)
        else:
            credentials.write_text(self.credentials)
        self.actions_log = open(self.workdir / "actions.log", "w")
        self.rasa_log = open(self.workdir / "rasa.log", "w")
        self.procs.append(self._action_server())
        self.procs.append(subprocess.Popen(
            [BIN / "rasa", "run", "-i", "127.0.0.1", "-p", str(self.port), "--model", MODEL,
             "--credentials", credentials, "--endpoints", endpoints],
            cwd=ROOT, env=self.env, stdout=self.rasa_log, stderr=subprocess.STDOUT))
        wait_for(f"http://127.0.0.1:{self.actions_port}/health", self.procs)
        wait_for(self.url + "/webhooks/rest/", self.procs)
        return self

    def _action_server(self) -> subprocess.Popen:
        return start_action_server(self.actions_port, self.env, self.actions_log)

    def stop_actions(self) -> None:
        terminate(self.procs[0])

    def start_actions(self) -> None:
        self.procs[0] = self._action_server()
        wait_for(f"http://127.0.0.1:{self.actions_port}/health", self.procs)

    def alive(self) -> bool:
        return all(p.poll() is None for p in self.procs)

    def stop(self) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()

    def say(self, sender: str, message, timeout: float = 30) -> list[dict]:
        r = requests.post(self.url + "/webhooks/rest/webhook",
                          json={"sender": sender, "message": message}, timeout=timeout)
        r.raise_for_status()
        return r.json()

    def text(self, sender: str, message) -> str:
        return "\n".join(m.get("text", "") for m in self.say(sender, message))
