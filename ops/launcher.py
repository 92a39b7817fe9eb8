"""The one launcher for the assistant's processes: the action server, one or more Rasa servers,
`rasa shell` and the conversation tests. `make run`, `make shell`, `make stories`, the test
fixtures (tests/servers.py), the production profile (ops/profile.py) and the bench all start
the assistant through here, so it is started one way everywhere.

    python -m ops.launcher run        # `make run`: action server + Rasa, until Ctrl-C
    python -m ops.launcher shell      # `make shell`: `rasa shell` beside an action server
    python -m ops.launcher stories    # `make stories`: tests/test_stories.yml, real actions

In code:

    with Assistant(run_dir) as bot:          # free loopback ports unless given
        bot.url, bot.actions_port, bot.log_dir

Every Rasa process runs as `python -m rasa_addons ...` (Rasa's command line with the project's
replacements installed); the action server runs as `python -m rasa_sdk` bound to 127.0.0.1.
Each server gets its credentials and endpoints written into its run folder by
`rasa_addons.credentials` and `rasa_addons.endpoints`, its log in `<run folder>/log/`, and
runs in a process group of its own so stopping it also stops its Sanic workers.
Settings come from bot/settings.py; this module reads no environment variable itself (it
passes the environment on to the servers).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.error import URLError
from urllib.request import Request, urlopen

from bot import settings
from bot.settings import ROOT
from rasa_addons.secret_files import write_private

_VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
PYTHON = _VENV_PYTHON if _VENV_PYTHON.exists() else Path(sys.executable)
MODEL = ROOT / "models" / "assistant.tar.gz"
STORIES = ROOT / "tests" / "test_stories.yml"
LOOPBACK = "127.0.0.1"


# Small helpers ---------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port nothing listens on at the moment, on loopback."""
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def port_open(port: int, host: str = LOOPBACK) -> bool:
    """Whether something accepts connections on host:port."""
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((host, port)) == 0


def http_ok(url: str, timeout: float = 2, expect: str = "") -> bool:
    """Whether `url` answers a GET with a status below 500 (and a body holding `expect`)."""
    try:
        with urlopen(url, timeout=timeout) as response:
            return response.status < 500 and expect in response.read().decode(errors="replace")
    except (URLError, OSError, ValueError):
        return False


def rasa_ready(url: str) -> bool:
    """Whether a Rasa server (not any server) answers at `url`: its greeting at /."""
    return http_ok(url + "/", expect="Hello from Rasa")


def wait_until(
    ready: Callable[[], bool],
    what: str,
    timeout: float = 60,
    procs: Iterable[subprocess.Popen] = (),
    interval: float = 0.2,
) -> None:
    """Poll `ready` until it is true; fail early when one of `procs` has exited."""
    deadline = time.monotonic() + timeout
    while True:
        for proc in procs:
            if proc.poll() is not None:
                raise RuntimeError(f"{_name(proc)} exited with {proc.returncode} before {what}")
        if ready():
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not after {timeout:.0f} s")
        time.sleep(interval)


def wait_port(port: int, proc: subprocess.Popen | None = None, timeout: float = 60) -> None:
    """Wait until something listens on 127.0.0.1:`port` (and `proc`, if given, still runs)."""
    wait_until(
        lambda: port_open(port),
        f"listening on {LOOPBACK}:{port}",
        timeout,
        [proc] if proc else [],
        interval=0.1,
    )


def _name(proc: subprocess.Popen) -> str:
    args = [str(a) for a in proc.args] if isinstance(proc.args, list | tuple) else [proc.args]
    return " ".join(args[:4])


def terminate(proc: subprocess.Popen | None, timeout: float = 20) -> None:
    """Stop a process we started and everything in its process group (Sanic workers), and
    wait until they are gone: SIGTERM, then SIGKILL after `timeout` seconds."""
    if proc is None:
        return
    group = proc.pid if _leads_group(proc) else None
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if proc.poll() is not None and not _group_alive(group):
            return
        try:
            if group is not None:
                os.killpg(group, sig)
            else:
                proc.send_signal(sig)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None and not _group_alive(group):
                return
            time.sleep(0.1)
    proc.wait(5)


def _leads_group(proc: subprocess.Popen) -> bool:
    try:
        return os.getpgid(proc.pid) == proc.pid
    except ProcessLookupError:
        return True  # exited: its group, if any, still has the same id


def _group_alive(group: int | None) -> bool:
    if group is None:
        return False
    try:
        os.killpg(group, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def kill(proc: subprocess.Popen | None) -> None:
    """kill -9 of a process and its group: no chance to finish anything."""
    if proc is not None and proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(10)


def spawn(command: list[str], log_path: Path, extra: dict[str, str] | None = None):
    """A server process in its own session (so stopping it stops its workers), its output
    appended to `log_path`, with no terminal input."""
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=child_env(extra),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment the servers run with: this one, quieter, with no usage reports to
    Rasa unless asked for, the action server bound to loopback, and `extra` on top."""
    return {
        "RASA_TELEMETRY_ENABLED": "false",
        **os.environ,
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "PYTHONWARNINGS": "ignore",
        "SANIC_HOST": LOOPBACK,
        **(extra or {}),
    }


def rasa_command(*args: object) -> list[str]:
    """`rasa <args>` with the project's replacements installed first."""
    return [str(PYTHON), "-m", "rasa_addons", *(str(a) for a in args)]


def _generate(module: str, out: Path, env: dict[str, str]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [str(PYTHON), "-m", module, str(out)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"{module} failed:\n{done.stdout}{done.stderr}")


def write_endpoints(out: Path, actions_port: int, env: dict[str, str] | None = None) -> Path:
    """endpoints.yml for a Rasa process whose action server listens on `actions_port`
    (tracker and lock stores from the environment, see rasa_addons.endpoints)."""
    _generate("rasa_addons.endpoints", out, {**child_env(env), "ACTIONS_PORT": str(actions_port)})
    return out


def write_credentials(out: Path, env: dict[str, str] | None = None) -> Path:
    """credentials.yml: the project's channels, plus Slack and Telegram when configured."""
    _generate("rasa_addons.credentials", out, child_env(env))
    return out


def build_store(env: dict[str, str] | None = None) -> None:
    """Build or update the remedy store DATABASE_URL names (idempotent)."""
    done = subprocess.run(
        [str(PYTHON), "-m", "bot.store.loading"],
        cwd=ROOT,
        env=child_env(env),
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"building the remedy store failed:\n{done.stdout}{done.stderr}")


def tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# The servers -----------------------------------------------------------------------------


class PortInUse(RuntimeError):
    """A port the assistant was to listen on is taken: nothing was started."""


class ActionServer:
    """The project's actions (`python -m rasa_sdk --actions actions`) on 127.0.0.1:`port`."""

    def __init__(self, port: int, log: Path, env: dict[str, str] | None = None):
        self.port, self.log, self.env = port, log, env
        self.url = f"http://{LOOPBACK}:{port}"
        self.proc: subprocess.Popen | None = None

    def start(self, wait: bool = True) -> ActionServer:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        command = [str(PYTHON), "-m", "rasa_sdk", "--actions", "actions", "-p", str(self.port)]
        self.proc = spawn(command, self.log, self.env)
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 60) -> None:
        wait_until(
            lambda: http_ok(self.url + "/health"),
            f"the action server answering on {self.url}/health",
            timeout,
            [self.proc] if self.proc else [],
        )

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        terminate(self.proc)

    def __enter__(self) -> ActionServer:
        return self if self.proc else self.start()

    def __exit__(self, *_) -> None:
        self.stop()


class Assistant:
    """The action server and `servers` Rasa servers (REST, socket.io, the widget, and Slack
    and Telegram when configured), started the way `make run` starts them.

    run_dir: where the generated credentials.yml and endpoints.yml and the log/ folder go.
    host, port / ports: the Rasa servers' interface and ports (free loopback ports if None).
    actions_port: the action server's port (a free one if None).
    env: settings for the servers on top of this process's environment (DATABASE_URL,
        TRACKER_STORE_URL, LOCK_STORE_URL, SLACK_..., ...).
    credentials: the text of credentials.yml, instead of generating it.
    cors: origins allowed by Rasa's CORS headers (default: CORS_ORIGINS, or the server's own).
    jwt_secret: turns Rasa's HTTP API on, guarded by JWTs signed with this secret (HS256).
    build_store: build the remedy store (DATABASE_URL in `env`) before starting.
    own_actions: start (and stop) the action server; False uses the one already answering
        on actions_port.
    """

    def __init__(
        self,
        run_dir: Path,
        *,
        host: str = LOOPBACK,
        port: int | None = None,
        servers: int = 1,
        ports: list[int] | None = None,
        actions_port: int | None = None,
        env: dict[str, str] | None = None,
        credentials: str | None = None,
        cors: list[str] | None = None,
        jwt_secret: str | None = None,
        model: Path = MODEL,
        build_store: bool = False,
        own_actions: bool = True,
    ):
        self.run_dir = Path(run_dir)
        self.log_dir = self.run_dir / "log"
        self.host = host
        if ports is None:
            ports = [port] if port is not None and servers == 1 else []
            ports += [free_port() for _ in range(servers - len(ports))]
        self.ports = list(ports)
        self.port = self.ports[0]
        self.actions_port = actions_port or free_port()
        self.env = dict(env or {})
        self.credentials_text = credentials
        self.cors = cors or settings.allowed_origins() or [self.url]
        self.jwt_secret = jwt_secret
        self.model = model
        self.build_store = build_store
        self.own_actions = own_actions
        self.endpoints = self.run_dir / "endpoints.yml"
        self.credentials = self.run_dir / "credentials.yml"
        self.actions = ActionServer(self.actions_port, self.log_dir / "actions.log", self.env)
        self.rasa: list[subprocess.Popen | None] = [None] * len(self.ports)

    # where things are

    @property
    def url(self) -> str:
        """The first Rasa server's base URL."""
        return self.urls[0]

    @property
    def urls(self) -> list[str]:
        shown = LOOPBACK if self.host in ("0.0.0.0", "") else self.host
        return [f"http://{shown}:{port}" for port in self.ports]

    def rasa_log(self, index: int = 0) -> Path:
        name = "rasa" if len(self.ports) == 1 else f"rasa-{index}"
        return self.log_dir / f"{name}.log"

    def processes(self) -> dict[str, subprocess.Popen]:
        """The running processes by role: "actions", "rasa" or "rasa-0", "rasa-1", ..."""
        found = {"actions": self.actions.proc} if self.actions.proc else {}
        for index, proc in enumerate(self.rasa):
            if proc:
                found[self.rasa_log(index).stem] = proc
        return found

    # starting and stopping

    def prepare(self) -> None:
        """The remedy store (when asked for) and the files the Rasa servers start with."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        if self.build_store:
            build_store(self.env)
        write_endpoints(self.endpoints, self.actions_port, self.env)
        if self.credentials_text is None:
            write_credentials(self.credentials, self.env)
        else:
            write_private(self.credentials, self.credentials_text)

    def start(self, wait: bool = True) -> Assistant:
        """Everything, ready to chat when `wait` (the default); on failure, whatever started
        is stopped again and the error names the log to read."""
        busy = [p for p in self.ports + [self.actions_port] * self.own_actions if port_open(p)]
        if busy:
            raise PortInUse(f"already in use on {LOOPBACK}: port {', '.join(map(str, busy))}")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for log in [self.rasa_log(i) for i in range(len(self.ports))] + [self.actions.log]:
            if log != self.actions.log or self.own_actions:
                log.write_bytes(b"")  # this run's logs only; a restart of one server appends
        try:
            if self.own_actions:
                self.actions.start(wait=False)
            self.prepare()
            for index in range(len(self.ports)):
                self.start_rasa(index, wait=False)
            if wait:
                self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def wait_ready(self, timeout: float = 300) -> None:
        self.actions.wait_ready(timeout)
        for index, url in enumerate(self.urls):
            procs = [p for p in (self.actions.proc, self.rasa[index]) if p]
            wait_until(lambda url=url: rasa_ready(url), f"Rasa answering on {url}", timeout, procs)

    def start_actions(self) -> None:
        self.actions.start()

    def stop_actions(self) -> None:
        self.actions.stop()

    def start_rasa(self, index: int = 0, wait: bool = True) -> None:
        command = rasa_command(
            "run",
            "-i",
            self.host,
            "-p",
            self.ports[index],
            "--model",
            self.model,
            "--credentials",
            self.credentials,
            "--endpoints",
            self.endpoints,
            "--cors",
            *self.cors,
        )
        if self.jwt_secret:
            command += ["--enable-api", "--jwt-secret", self.jwt_secret, "--jwt-method", "HS256"]
        self.rasa[index] = spawn(command, self.rasa_log(index), self.env)
        if wait:
            url = self.urls[index]
            wait_until(lambda: rasa_ready(url), f"Rasa answering on {url}", 300, [self.rasa[index]])

    def stop_rasa(self, index: int = 0) -> None:
        terminate(self.rasa[index])

    def kill_rasa(self, index: int = 0) -> None:
        """kill -9 of one Rasa server: no chance to finish anything."""
        kill(self.rasa[index])

    def alive(self) -> bool:
        """Whether every process started is still running."""
        procs = self.processes().values()
        return bool(procs) and all(p.poll() is None for p in procs)

    def stopped(self) -> list[str]:
        """The roles whose process has exited."""
        return [name for name, proc in self.processes().items() if proc.poll() is not None]

    def stop(self) -> None:
        """Rasa servers first (they call the action server), then the action server."""
        for proc in self.rasa:
            if proc and proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for proc in self.rasa:
            terminate(proc)
        self.actions.stop()

    def __enter__(self) -> Assistant:
        return self.start()

    def __exit__(self, *_) -> None:
        self.stop()

    # for people

    def log_tails(self, lines: int = 20) -> str:
        paths = [self.log_dir / "actions.log"] + [self.rasa_log(i) for i in range(len(self.ports))]
        return "\n".join(f"==> {p} <==\n{tail(p, lines)}" for p in paths)

    def chat_instructions(self) -> str:
        url = self.url
        return f"""
The assistant is running. Chat with it:
  REST:       curl -s -XPOST {url}/webhooks/rest/webhook -H 'Content-Type: application/json' \\
                -d '{{"sender": "me", "message": "which stretches help?"}}'
  web widget: {url}/webhooks/widget/  (demo page; embed with the script tag shown there)
  shell:      make shell (in another terminal)
Press Ctrl-C to stop."""


# The commands ----------------------------------------------------------------------------


def _interrupt_on_signals() -> None:
    """Ctrl-C (SIGINT), SIGTERM and a closed terminal (SIGHUP) all raise KeyboardInterrupt
    here, so the servers, which run in sessions of their own and get none of these, are
    stopped; SIGINT even when this process was started with it ignored (a background job)."""

    def handler(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGHUP, handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)


def _ignore_signals() -> None:
    """While stopping: nothing cuts the stop short and leaves a server running."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)


def run() -> int:
    """`make run`: start, print where to chat, stop both servers on Ctrl-C (or when one of
    them stops, showing the ends of the logs)."""
    try:
        assistant = Assistant(
            settings.run_dir(),
            host=settings.rasa_host(),
            port=settings.rasa_port(),
            actions_port=settings.actions_port(),
            jwt_secret=settings.api_jwt_secret(),
        )
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    _interrupt_on_signals()
    print(f"Starting the assistant (about 30 s)... logs in {assistant.log_dir}/", flush=True)
    try:
        try:
            assistant.start()
        except PortInUse as error:
            print(f"Cannot start: {error} (is `make run` running already?)")
            return 1
        except (RuntimeError, TimeoutError) as error:
            print(f"A server failed to start ({error}); see {assistant.log_dir}/")
            print(assistant.log_tails())
            return 1
        print(assistant.chat_instructions(), flush=True)
        while assistant.alive():
            time.sleep(0.5)
        print(f"\n{', '.join(assistant.stopped())} stopped; see {assistant.log_dir}/")
        print(assistant.log_tails())
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        _ignore_signals()
        print("\nStopping the assistant...", flush=True)
        assistant.stop()


def shell(args: list[str]) -> int:
    """`make shell`: `rasa shell` with an action server beside it (the one on ACTIONS_PORT
    when one answers there, as when `make run` is running, else one started here and
    stopped on exit). When the input is not a terminal (`printf 'question\n/stop\n' | make
    shell`), each line is answered in turn instead (see `script`): `rasa shell`'s menus of
    suggested questions need a terminal, and would take the next line as a key press."""
    run_dir = settings.run_dir()
    port = settings.actions_port()
    reuse = http_ok(f"http://{LOOPBACK}:{port}/health")
    _interrupt_on_signals()
    if not sys.stdin.isatty():
        return script(sys.stdin, run_dir / "shell", port, own_actions=not reuse)
    actions = None if reuse else ActionServer(port, run_dir / "log" / "actions-shell.log")
    try:
        if actions:
            actions.start()
        endpoints = write_endpoints(run_dir / "endpoints-shell.yml", port)
        # `rasa shell` serves its own channel on a port (Rasa's default: 0.0.0.0:5005, where
        # `make run` may be listening): a free one on loopback instead.
        command = rasa_command(
            "shell", "--model", MODEL, "--endpoints", endpoints, "--quiet",
            "-i", LOOPBACK, "-p", free_port(), *args,
        )  # fmt: skip
        shell_proc = subprocess.Popen(command, cwd=ROOT, env=child_env())
        # Ctrl-C belongs to the shell (it ends the conversation); we wait for it to exit.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            return shell_proc.wait()
        finally:
            signal.signal(signal.SIGINT, previous)
            terminate(shell_proc)
    except KeyboardInterrupt:
        return 130
    finally:
        _ignore_signals()
        if actions:
            actions.stop()


def script(lines: Iterable[str], run_dir: Path, actions_port: int, own_actions: bool) -> int:
    """A conversation from a script of messages, one a line, until '/stop' or the end:
    each line and its replies (text, then numbered suggestions as `rasa shell` lists them)
    are printed. Runs the Rasa server `rasa shell` would run, with only the REST channel,
    on a free loopback port; the tracker and lock stores are the usual ones."""
    bot = Assistant(
        run_dir,
        actions_port=actions_port,
        own_actions=own_actions,
        credentials="rasa_addons.channels.SafeRestInput:\n",
    )
    print(f"Starting the assistant (about 30 s)... logs in {bot.log_dir}/", flush=True)
    try:
        try:
            bot.start()
        except (RuntimeError, TimeoutError) as error:
            print(f"A server failed to start ({error}); see {bot.log_dir}/")
            print(bot.log_tails())
            return 1
        sender = "shell-" + uuid.uuid4().hex[:12]
        for line in lines:
            text = line.strip()
            if text == "/stop":
                break
            if not text:
                continue
            print(f"Your input -> {text}")
            request = Request(
                bot.url + "/webhooks/rest/webhook",
                data=json.dumps({"sender": sender, "message": text}).encode(),
                headers={"Content-Type": "application/json"},
            )
            with urlopen(request, timeout=60) as response:
                replies = json.load(response)
            for reply in replies:
                if reply.get("text"):
                    print(reply["text"])
                for number, button in enumerate(reply.get("buttons") or [], 1):
                    print(f"  {number}: {button.get('title')} ({button.get('payload')})")
            print(flush=True)
        return 0
    except KeyboardInterrupt:
        return 130
    finally:
        _ignore_signals()
        bot.stop()


def stories(out: Path = ROOT / "results" / "stories") -> int:
    """`make stories`: tests/test_stories.yml through the trained model and a real action
    server on a free loopback port, failing on any wrong intent or action."""
    run_dir = settings.run_dir()
    port = free_port()
    _interrupt_on_signals()
    with ActionServer(port, run_dir / "log" / "actions-stories.log"):
        endpoints = write_endpoints(run_dir / "endpoints-stories.yml", port)
        command = rasa_command(
            "test", "core", "--model", MODEL, "--stories", STORIES, "--endpoints", endpoints,
            "--e2e", "--fail-on-prediction-errors", "--out", out, "--quiet",
        )  # fmt: skip
        code = subprocess.run(command, cwd=ROOT, env=child_env()).returncode
    if code == 0:
        print("conversation tests: all stories passed")
    else:
        print(f"conversation tests failed (exit {code}); see {out}/")
    return code


def main(argv: list[str]) -> int:
    commands = {
        "run": lambda: run(),
        "shell": lambda: shell(argv[1:]),
        "stories": lambda: stories(),
    }
    if not argv or argv[0] not in commands:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    return commands[argv[0]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
