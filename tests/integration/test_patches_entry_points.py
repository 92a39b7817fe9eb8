"""`rasa run`, `rasa shell`, `rasa test` and `rasa train` run the same code: each is started the
way the project starts it (`python -m rasa_addons <command>`, rasa_addons/__main__.py), does a
little real work, and reports at exit which of rasa_addons/patches.py's replacements were
active and which of them it used. A command that skipped `patches.install()` reports none.

The report comes from a `sitecustomize` module this test puts first on the child's PYTHONPATH
(Python imports it at start-up): it registers an exit handler that reads rasa_addons.patches
in the finished process. Nothing in the project knows about it.

Also here: `python -m rasa_addons` refuses another Rasa with one paragraph and status 2, and
prints no third-party deprecation warnings.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.request import Request, urlopen

import pytest

from bot.settings import ROOT

MODEL = ROOT / "models" / "assistant.tar.gz"
PYTHON = ROOT / ".venv" / "bin" / "python"
EVERY_REPLACEMENT = [
    "Domain.is_empty",
    "EndpointConfig.request",
    "Event.__init_subclass__",
    "Event.resolve_by_type",
    "RasaDataGenerator._scipy_matrix_to_values",
    "RemoteAction._validate_action_result",
    "rasa.core.processor.DaskGraphRunner",
]

SITECUSTOMIZE = """
import atexit, gc, json, os, sys

def _report():
    patches = sys.modules.get("rasa_addons.patches")
    report = {"active": None}
    if patches is not None:
        runners = [o for o in gc.get_objects() if isinstance(o, patches.SequentialGraphRunner)]
        report = {
            "active": patches.active(),
            # what the command used: graphs run by the sequential runner (one cached order
            # per set of targets), the domain checked with the cached empty domain
            "graph_runs": sum(len(vars(r).get("_orders", {})) for r in runners),
            "domain_checks": patches._empty_domain_dict.cache_info().currsize,
        }
    with open(os.environ["ENTRY_POINT_REPORT"], "w") as out:
        json.dump(report, out)

atexit.register(_report)
"""


@pytest.fixture(scope="module")
def hook(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hook")
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE)
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(hook: Path, workdir: Path, name: str, args: list[str], **popen) -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(hook), str(ROOT)]),
        "ENTRY_POINT_REPORT": str(workdir / f"{name}.json"),
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "RASA_TELEMETRY_ENABLED": "false",
    }
    log = open(workdir / f"{name}.log", "w")
    return subprocess.Popen(
        [str(PYTHON), "-m", "rasa_addons", *args],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        **popen,
    )


def _report(workdir: Path, name: str) -> dict:
    path = workdir / f"{name}.json"
    log = (workdir / f"{name}.log").read_text()
    assert path.exists(), f"{name} wrote no report:\n{log[-3000:]}"
    return json.loads(path.read_text())


def _post(url: str, body: dict) -> list:
    request = Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def _wait_for_server(process: subprocess.Popen, port: int, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "rasa run exited early"
        try:
            with urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("rasa run did not answer in time")


def test_run_shell_test_and_train_run_with_the_same_replacements(hook, tmp_path):
    assert MODEL.exists(), "train the model first (make train)"
    endpoints = tmp_path / "endpoints.yml"  # no action server, in-memory tracker store
    endpoints.write_text("{}\n")
    nlu = tmp_path / "nlu.yml"
    nlu.write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hello there\n'
        "- intent: ask_stretches\n  examples: |\n    - which stretches help?\n"
    )
    port = free_port()
    processes = {
        "run": _start(
            hook,
            tmp_path,
            "run",
            [
                "run",
                "--model",
                str(MODEL),
                "-i",
                "127.0.0.1",
                "-p",
                str(port),
                "--endpoints",
                str(endpoints),
                "--credentials",
                "credentials.yml",
            ],
        ),
        "shell": _start(
            hook,
            tmp_path,
            "shell",
            [
                "shell",
                "--model",
                str(MODEL),
                "-p",
                str(free_port()),
                "--endpoints",
                str(endpoints),
                "--quiet",
            ],
            stdin=subprocess.PIPE,
        ),
        "test": _start(
            hook,
            tmp_path,
            "test",
            [
                "test",
                "nlu",
                "--model",
                str(MODEL),
                "--nlu",
                str(nlu),
                "--out",
                str(tmp_path / "results"),
                "--quiet",
            ],
        ),
        "train": _start(hook, tmp_path, "train", ["train", "--dry-run", "--quiet"]),
    }
    try:
        shell = processes["shell"]
        shell.stdin.write(b"which stretches help?\n/stop\n")
        shell.stdin.close()
        _wait_for_server(processes["run"], port)
        _post(
            f"http://127.0.0.1:{port}/webhooks/rest/webhook",
            {"sender": "entry-points", "message": "which stretches help?"},
        )
        os.killpg(processes["run"].pid, signal.SIGINT)  # Sanic stops; the exit handler runs
        for process in processes.values():
            process.wait(timeout=300)
    finally:
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    reports = {name: _report(tmp_path, name) for name in processes}
    for name, report in reports.items():
        assert report["active"] == EVERY_REPLACEMENT, (name, report)
    # ... and the replacements did the work: each command ran the model's graphs through the
    # sequential runner, and a conversation turn checked the domain with the cached empty one.
    for name in ("run", "shell", "test"):
        assert reports[name]["graph_runs"] >= 1, (name, reports[name])
    for name in ("run", "shell"):
        assert reports[name]["domain_checks"] == 1, (name, reports[name])


def test_another_rasa_version_is_refused_with_one_paragraph_and_status_2(monkeypatch, capsys):
    import rasa

    from rasa_addons import __main__ as entry
    from rasa_addons import patches

    before = patches.active()
    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    try:
        with pytest.raises(SystemExit) as exit_:
            entry.main(["--version"])
        assert exit_.value.code == entry.EXIT_REFUSED == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("rasa_addons will not start Rasa 3.7.0")
        assert "\n" not in err and "Traceback" not in err
        assert patches.active() == before
    finally:
        monkeypatch.undo()
        if not before:
            patches.uninstall()


def test_the_refusal_from_the_command_line(tmp_path):
    """The same refusal from a real process, with Rasa's version changed before the entry
    point runs: one paragraph on stderr, status 2, no traceback."""
    code = (
        "import rasa, runpy, sys; rasa.__version__ = '3.6.22'; sys.argv = ['x', '--version'];"
        " runpy.run_module('rasa_addons', run_name='__main__')"
    )
    done = subprocess.run(
        [str(PYTHON), "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
    )
    assert done.returncode == 2, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines[-1].startswith("rasa_addons will not start Rasa 3.6.22"), done.stderr[-2000:]
    assert "Traceback" not in done.stderr


def test_the_command_line_prints_no_third_party_deprecation_warnings():
    done = subprocess.run(
        [str(PYTHON), "-m", "rasa_addons", "data", "validate", "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "DeprecationWarning" not in done.stderr + done.stdout, done.stderr[-3000:]
    assert "MovedIn20Warning" not in done.stderr
