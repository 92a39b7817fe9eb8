"""The production profile on one machine, every part on loopback: PostgreSQL (remedy store and
conversations), Redis (Rasa's lock store), the action server, two Rasa servers and nginx in
front of them. `make prod` runs it in the foreground; the production tests start the same.

    python -m ops.profile            # start, print the URL, stop everything on Ctrl-C

Every part is a Debian package (postgresql, redis-server, nginx), installed with apt when
missing, and runs as its own instance in PROD_DIR (default var/prod) on the ports below.
Settings, all optional: PROD_PORT (nginx, default 8080), PROD_DIR, POSTGRES_PASSWORD and
REDIS_PASSWORD (generated into PROD_DIR/secrets, mode 0600, when unset), RASA_ENABLE_API and
RASA_JWT_SECRET (as for `make run`).
"""
from __future__ import annotations

import glob
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

from bot import settings
from bot.settings import ROOT

BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "assistant.tar.gz"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen | None = None, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


def terminate(proc: subprocess.Popen | None, timeout: float = 20) -> None:
    """Stop a process we started, if it still runs, and wait until it has exited."""
    if proc and proc.poll() is None:
        proc.terminate()
        proc.wait(timeout)


def start_action_server(port: int, env: dict[str, str], log) -> subprocess.Popen:
    """`rasa run actions` with the project's actions on `port`, writing to `log`."""
    return subprocess.Popen([BIN / "rasa", "run", "actions", "--actions", "actions", "-p", str(port)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def ensure_installed(packages: tuple[str, ...] = ("postgresql", "redis-server", "nginx")) -> None:
    """Install PostgreSQL, Redis and nginx (or those of `packages`) from Debian's packages
    when they are missing."""
    present = {"postgresql": lambda: postgres_bin() is not None,
               "redis-server": lambda: shutil.which("redis-server"),
               "nginx": lambda: shutil.which("nginx") or Path("/usr/sbin/nginx").exists()}
    missing = [pkg for pkg in packages if not present[pkg]()]
    if missing:
        subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install "
                       f"-y -qq --no-install-recommends {' '.join(missing)} >/dev/null",
                       shell=True, check=True)


def _secret(directory: Path, name: str) -> str:
    value = os.environ.get(name)
    if value:
        return value
    path = directory / "secrets" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.write_text(secrets.token_urlsafe(24))
        path.chmod(0o600)
    return path.read_text().strip()


class Postgres:
    """A PostgreSQL cluster of its own, run as the `postgres` system user when we are root."""

    def __init__(self, directory: Path, password: str, port: int | None = None):
        self.dir, self.password = directory, password
        self.port = port or free_port()
        self.bin = postgres_bin()
        self.data = directory / "data"
        self.user = "postgres" if os.geteuid() == 0 else None

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def start(self) -> "Postgres":
        self.dir.mkdir(parents=True, exist_ok=True)
        if self.user:
            os.chmod(self.dir, 0o755)
            shutil.chown(self.dir, self.user)
        if not (self.data / "PG_VERSION").exists():
            pwfile = self.dir / "pwfile"
            pwfile.write_text(self.password)
            if self.user:
                shutil.chown(pwfile, self.user)
            self._run("initdb", "-D", str(self.data), "-U", "faq", "--pwfile", str(pwfile),
                      "--auth=scram-sha-256", "-E", "UTF8")
            pwfile.unlink()
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "postgres.log"), "-w",
                  "-o", self._options(), "start")
        exists = self._psql("SELECT 1 FROM pg_database WHERE datname = 'faq'")
        if "1" not in exists:
            self._psql("CREATE DATABASE faq")
        return self

    def _options(self) -> str:
        return (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} "
                "-c max_connections=200")

    def _psql(self, sql: str) -> str:
        env = {**os.environ, "PGPASSWORD": self.password}
        return subprocess.run([str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port),
                               "-U", "faq", "-d", "postgres", "-tAc", sql], env=env,
                              check=True, capture_output=True, text=True).stdout

    def url(self, driver: str = "postgresql") -> str:
        return f"{driver}://faq:{self.password}@127.0.0.1:{self.port}/faq"

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def restart(self) -> None:
        # -l as in start(): without it the new server would keep pg_ctl's captured output
        # pipe open and this call would never return.
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "postgres.log"), "-m",
                  "fast", "-w", "-o", self._options(), "restart")


class Redis:
    def __init__(self, directory: Path, password: str, port: int | None = None):
        self.dir, self.password, self.port = directory, password, port or free_port()
        self.proc: subprocess.Popen | None = None

    def start(self) -> "Redis":
        self.dir.mkdir(parents=True, exist_ok=True)
        config = self.dir / "redis.conf"
        config.write_text(f"bind 127.0.0.1\nport {self.port}\nrequirepass {self.password}\n"
                          f"dir {self.dir}\nsave \"\"\nappendonly no\nprotected-mode yes\n")
        config.chmod(0o600)
        self.proc = subprocess.Popen(["redis-server", str(config)], stdout=subprocess.DEVNULL)
        wait_port(self.port, self.proc)
        return self

    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/1"

    def stop(self) -> None:
        terminate(self.proc)


NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 2048; }}
http {{
  access_log off;
  client_body_temp_path {dir}/body;
  proxy_temp_path {dir}/proxy;
  fastcgi_temp_path {dir}/fastcgi;
  uwsgi_temp_path {dir}/uwsgi;
  scgi_temp_path {dir}/scgi;
  client_max_body_size 64k;
  server_tokens off;
  upstream rasa {{
{servers}
    keepalive 64;
  }}
  # socket.io's long-polling needs every request of a session on the same server
  upstream rasa_socketio {{
    ip_hash;
{servers}
  }}
  map $http_upgrade $connection_upgrade {{ default upgrade; '' ''; }}
  server {{
    listen 127.0.0.1:{port};
    proxy_http_version 1.1;
    proxy_read_timeout 60s;
    proxy_connect_timeout 2s;
    # a server that dies mid-request: the turn is retried on the other one
    proxy_next_upstream error timeout http_502 http_503 non_idempotent;
    proxy_next_upstream_tries 2;
    location /socket.io/ {{
      proxy_pass http://rasa_socketio;
      # (a location's proxy_set_header replaces every one of the server's: all are here)
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
    }}
    location / {{
      proxy_pass http://rasa;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header Connection "";
    }}
  }}
}}
"""


class Nginx:
    def __init__(self, directory: Path, upstreams: list[int], port: int | None = None):
        self.dir, self.upstreams, self.port = directory, upstreams, port or free_port()
        self.proc: subprocess.Popen | None = None

    def start(self) -> "Nginx":
        self.dir.mkdir(parents=True, exist_ok=True)
        servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;"
                            for p in self.upstreams)
        conf = self.dir / "nginx.conf"
        conf.write_text(NGINX_CONF.format(dir=self.dir, port=self.port, servers=servers))
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        self.proc = subprocess.Popen([binary, "-p", str(self.dir), "-c", str(conf)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(self.port, self.proc)
        return self

    def stop(self) -> None:
        terminate(self.proc)


class Profile:
    """Everything, started in dependency order; `stop()` stops it in reverse."""

    def __init__(self, directory: Path, port: int | None = None, servers: int = 2,
                 extra_env: dict[str, str] | None = None):
        self.dir = directory
        self.dir.mkdir(parents=True, exist_ok=True)
        self.postgres = Postgres(directory / "postgres", _secret(directory, "POSTGRES_PASSWORD"))
        self.redis = Redis(directory / "redis", _secret(directory, "REDIS_PASSWORD"))
        self.actions_port = free_port()
        self.rasa_ports = [free_port() for _ in range(servers)]
        self.nginx = Nginx(directory / "nginx", self.rasa_ports, port)
        self.url = f"http://127.0.0.1:{self.nginx.port}"
        self.extra_env = extra_env or {}
        self.actions: subprocess.Popen | None = None
        self.rasa: list[subprocess.Popen | None] = [None] * servers
        (directory / "log").mkdir(exist_ok=True)

    @property
    def env(self) -> dict[str, str]:
        return {"RASA_TELEMETRY_ENABLED": "false", **os.environ,
                "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONWARNINGS": "ignore",
                "DATABASE_URL": self.postgres.url(),
                "TRACKER_STORE_URL": self.postgres.url(),
                "LOCK_STORE_URL": self.redis.url(),
                "ACTIONS_PORT": str(self.actions_port),
                "TICKET_LOCK_LIFETIME": "10", "SANIC_HOST": "127.0.0.1",
                **self.extra_env}

    def start(self) -> "Profile":
        ensure_installed()
        self.postgres.start()
        self.redis.start()
        subprocess.run([BIN / "python", "-m", "bot.store.loading"], cwd=ROOT, env=self.env, check=True,
                       capture_output=True)
        for name, module in (("endpoints", "rasa_addons.endpoints"), ("credentials", "rasa_addons.credentials")):
            out = self.dir / f"{name}.yml"
            subprocess.run([BIN / "python", "-m", module, out], cwd=ROOT, env=self.env,
                           check=True, capture_output=True)
        self.start_actions()
        for index in range(len(self.rasa_ports)):
            self.start_rasa(index, wait=False)
        for index, port in enumerate(self.rasa_ports):
            wait_port(port, self.rasa[index], timeout=240)
        self.nginx.start()
        return self

    def _log(self, name: str):
        return open(self.dir / "log" / f"{name}.log", "a")

    def start_actions(self) -> None:
        self.actions = start_action_server(self.actions_port, self.env, self._log("actions"))
        wait_port(self.actions_port, self.actions)

    def stop_actions(self) -> None:
        terminate(self.actions)

    def start_rasa(self, index: int, wait: bool = True) -> None:
        env = self.env
        command = [BIN / "rasa", "run", "-i", "127.0.0.1", "-p", str(self.rasa_ports[index]),
                   "--model", MODEL, "--endpoints", self.dir / "endpoints.yml",
                   "--credentials", self.dir / "credentials.yml",
                   "--cors", *(settings.allowed_origins() or [self.url])]
        if env.get("RASA_ENABLE_API") == "true":
            if not env.get("RASA_JWT_SECRET"):
                raise SystemExit("RASA_ENABLE_API=true needs RASA_JWT_SECRET")
            command += ["--enable-api", "--jwt-secret", env["RASA_JWT_SECRET"],
                        "--jwt-method", "HS256"]
        self.rasa[index] = subprocess.Popen(command, cwd=ROOT, env=env,
                                            stdout=self._log(f"rasa-{index}"),
                                            stderr=subprocess.STDOUT)
        if wait:
            wait_port(self.rasa_ports[index], self.rasa[index], timeout=240)

    def kill_rasa(self, index: int) -> None:
        """kill -9: no chance to finish anything."""
        proc = self.rasa[index]
        if proc and proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)

    def stop(self) -> None:
        self.nginx.stop()
        for proc in self.rasa:
            if proc and proc.poll() is None:
                proc.terminate()
        for proc in self.rasa:
            if proc:
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    proc.kill()
        self.stop_actions()
        self.redis.stop()
        self.postgres.stop()


def main() -> int:
    directory = Path(os.environ.get("PROD_DIR") or ROOT / "var" / "prod").resolve()
    port = int(os.environ.get("PROD_PORT") or 8080)
    profile = Profile(directory, port)
    print("Starting PostgreSQL, Redis, the action server, two Rasa servers and nginx "
          f"(about a minute); logs in {directory}/log ...", flush=True)
    try:
        profile.start()
        with urlopen(profile.url + "/", timeout=10) as r:
            r.read()
        print(f"""
The production profile is running behind nginx at {profile.url}
  REST:       curl -s -XPOST {profile.url}/webhooks/rest/webhook -H 'Content-Type: application/json' \\
                -d '{{"sender": "me", "message": "which stretches help?"}}'
  web widget: {profile.url}/webhooks/widget/
  PostgreSQL: 127.0.0.1:{profile.postgres.port} (database faq, user faq); Redis: 127.0.0.1:{profile.redis.port}
Press Ctrl-C to stop everything.""", flush=True)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        print("\nStopping...", flush=True)
        profile.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
