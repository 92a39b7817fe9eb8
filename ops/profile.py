"""The production profile on one machine, every part on loopback: PostgreSQL (remedy store and
conversations), Redis (Rasa's lock store), the action server, two Rasa servers and nginx in
front of them. `make prod` runs it in the foreground; the production tests and the bench start
the same parts.

    python -m ops.profile            # start, print the URL, stop everything on Ctrl-C

Every part is a Debian package (postgresql, redis-server, nginx), installed with apt when
missing, and runs as its own instance in PROD_DIR (default var/prod) on the ports below. The
action server and the Rasa servers are started by ops/launcher.py, as `make run` starts them;
nginx's configuration is ops/nginx.conf, filled in with the ports and folders.
Settings (bot/settings.py), all optional: PROD_PORT (nginx, default 8080), PROD_DIR,
POSTGRES_PASSWORD and REDIS_PASSWORD (generated into PROD_DIR/secrets, mode 0600, when unset),
RASA_ENABLE_API and RASA_JWT_SECRET (as for `make run`).
"""

from __future__ import annotations

import glob
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

from bot import settings
from ops.launcher import Assistant, build_store, free_port, terminate, wait_port
from rasa_addons.secret_files import write_private


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def ensure_installed(packages: tuple[str, ...] = ("postgresql", "redis-server", "nginx")) -> None:
    """Install PostgreSQL, Redis and nginx (or those of `packages`) from Debian's packages
    when they are missing."""
    present = {
        "postgresql": lambda: postgres_bin() is not None,
        "redis-server": lambda: shutil.which("redis-server"),
        "nginx": lambda: shutil.which("nginx") or Path("/usr/sbin/nginx").exists(),
    }
    missing = [pkg for pkg in packages if not present[pkg]()]
    if missing:
        subprocess.run(
            "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install "
            f"-y -qq --no-install-recommends {' '.join(missing)} >/dev/null",
            shell=True,
            check=True,
        )


def _secret(directory: Path, name: str) -> str:
    """The password `name` from the settings, else the one generated into directory/secrets."""
    return settings.service_password(name) or _generated(directory, name)


def _generated(directory: Path, name: str) -> str:
    """A secret generated once into directory/secrets/name (mode 0600), then reused."""
    path = directory / "secrets" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_private(path, secrets.token_urlsafe(24))
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

    def start(self) -> Postgres:
        self.dir.mkdir(parents=True, exist_ok=True)
        if self.user:
            os.chmod(self.dir, 0o755)
            shutil.chown(self.dir, self.user)
        if not (self.data / "PG_VERSION").exists():
            pwfile = write_private(self.dir / "pwfile", self.password)
            if self.user:
                shutil.chown(pwfile, self.user)
            self._run(
                "initdb",
                "-D",
                str(self.data),
                "-U",
                "faq",
                "--pwfile",
                str(pwfile),
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
            )
            pwfile.unlink()
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "postgres.log"),
            "-w",
            "-o",
            self._options(),
            "start",
        )
        exists = self._psql("SELECT 1 FROM pg_database WHERE datname = 'faq'")
        if "1" not in exists:
            self._psql("CREATE DATABASE faq")
        return self

    def _options(self) -> str:
        return f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c max_connections=200"

    def _psql(self, sql: str) -> str:
        env = {**os.environ, "PGPASSWORD": self.password}
        return subprocess.run(
            [
                str(self.bin / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "faq",
                "-d",
                "postgres",
                "-tAc",
                sql,
            ],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def url(self, driver: str = "postgresql") -> str:
        return f"{driver}://faq:{self.password}@127.0.0.1:{self.port}/faq"

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def restart(self) -> None:
        # -l as in start(): without it the new server would keep pg_ctl's captured output
        # pipe open and this call would never return.
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "postgres.log"),
            "-m",
            "fast",
            "-w",
            "-o",
            self._options(),
            "restart",
        )


class Redis:
    """A redis-server of its own on loopback, with a password and no persistence."""

    def __init__(self, directory: Path, password: str, port: int | None = None):
        self.dir, self.password, self.port = directory, password, port or free_port()
        self.proc: subprocess.Popen | None = None

    def start(self) -> Redis:
        self.dir.mkdir(parents=True, exist_ok=True)
        config = write_private(
            self.dir / "redis.conf",
            f"bind 127.0.0.1\nport {self.port}\nrequirepass {self.password}\n"
            f'dir {self.dir}\nsave ""\nappendonly no\nprotected-mode yes\n',
        )
        self.proc = subprocess.Popen(["redis-server", str(config)], stdout=subprocess.DEVNULL)
        wait_port(self.port, self.proc)
        return self

    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/1"

    def stop(self) -> None:
        terminate(self.proc)


NGINX_TEMPLATE = Path(__file__).resolve().parent / "nginx.conf"


def nginx_config(directory: Path, port: int, upstreams: list[int]) -> str:
    """ops/nginx.conf with its placeholders filled in."""
    servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in upstreams)
    text = NGINX_TEMPLATE.read_text()
    for name, value in (("DIR", str(directory)), ("PORT", str(port)), ("UPSTREAMS", servers)):
        text = text.replace(f"@{name}@", value)
    if re.search(r"@[A-Z]+@", text):
        raise ValueError(
            f"{NGINX_TEMPLATE} has a placeholder left: {re.search(r'@[A-Z]+@', text)[0]}"
        )
    return text


class Nginx:
    """nginx in front of the Rasa servers on `upstreams`, configured from ops/nginx.conf."""

    def __init__(self, directory: Path, upstreams: list[int], port: int | None = None):
        self.dir, self.upstreams, self.port = directory, upstreams, port or free_port()
        self.proc: subprocess.Popen | None = None

    def start(self) -> Nginx:
        self.dir.mkdir(parents=True, exist_ok=True)
        conf = self.dir / "nginx.conf"
        conf.write_text(nginx_config(self.dir, self.port, self.upstreams))
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        self.proc = subprocess.Popen(
            [binary, "-p", str(self.dir), "-c", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_port(self.port, self.proc)
        return self

    def stop(self) -> None:
        terminate(self.proc)


class Profile:
    """Everything, started in dependency order; `stop()` stops it in reverse.

    jwt_secret turns Rasa's HTTP API on behind nginx (default: RASA_ENABLE_API and
    RASA_JWT_SECRET, as for `make run`); extra_env is added to the servers' environment.
    """

    def __init__(
        self,
        directory: Path,
        port: int | None = None,
        servers: int = 2,
        extra_env: dict[str, str] | None = None,
        jwt_secret: str | None = None,
    ):
        self.dir = directory
        self.dir.mkdir(parents=True, exist_ok=True)
        self.postgres = Postgres(directory / "postgres", _secret(directory, "POSTGRES_PASSWORD"))
        self.redis = Redis(directory / "redis", _secret(directory, "REDIS_PASSWORD"))
        self.nginx = Nginx(directory / "nginx", [], port)
        self.url = f"http://127.0.0.1:{self.nginx.port}"
        self.assistant = Assistant(
            directory,
            servers=servers,
            env={
                "DATABASE_URL": self.postgres.url(),
                "TRACKER_STORE_URL": self.postgres.url(),
                "LOCK_STORE_URL": self.redis.url(),
                "TICKET_LOCK_LIFETIME": "10",
                # one secret for every server, so a widget session issued by one is
                # continued by the other (after a failover, or a reader's next request)
                "SOCKETIO_SESSION_SECRET": settings.socketio_session_secret()
                or _generated(directory, "SOCKETIO_SESSION_SECRET"),
                **(extra_env or {}),
            },
            cors=settings.allowed_origins() or [self.url],
            jwt_secret=jwt_secret if jwt_secret is not None else settings.api_jwt_secret(),
        )
        self.nginx.upstreams = self.assistant.ports
        self.actions_port = self.assistant.actions_port
        self.rasa_ports = self.assistant.ports

    def start(self) -> Profile:
        ensure_installed()
        self.postgres.start()
        self.redis.start()
        build_store(self.assistant.env)
        self.assistant.start()
        self.nginx.start()
        return self

    def ports(self) -> dict[str, int]:
        """Every port the profile listens on, by part."""
        found = {
            "nginx": self.nginx.port,
            "postgres": self.postgres.port,
            "redis": self.redis.port,
            "actions": self.actions_port,
        }
        found.update({f"rasa-{i}": port for i, port in enumerate(self.rasa_ports)})
        return found

    def start_actions(self) -> None:
        self.assistant.start_actions()

    def stop_actions(self) -> None:
        self.assistant.stop_actions()

    def start_rasa(self, index: int, wait: bool = True) -> None:
        self.assistant.start_rasa(index, wait)

    def kill_rasa(self, index: int) -> None:
        """kill -9: no chance to finish anything."""
        self.assistant.kill_rasa(index)

    def stop(self) -> None:
        self.nginx.stop()
        self.assistant.stop()
        self.redis.stop()
        self.postgres.stop()


def main() -> int:
    directory = settings.prod_dir().resolve()
    try:
        profile = Profile(directory, settings.prod_port())
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    print(
        "Starting PostgreSQL, Redis, the action server, two Rasa servers and nginx "
        f"(about a minute); logs in {directory}/log ...",
        flush=True,
    )
    try:
        profile.start()
        with urlopen(profile.url + "/", timeout=10) as r:
            r.read()
        print(
            f"""
The production profile is running behind nginx at {profile.url}
  REST:       curl -s -XPOST {profile.url}/webhooks/rest/webhook -H 'Content-Type: application/json' \\
                -d '{{"sender": "me", "message": "which stretches help?"}}'
  web widget: {profile.url}/webhooks/widget/
  PostgreSQL: 127.0.0.1:{profile.postgres.port} (database faq, user faq); Redis: 127.0.0.1:{profile.redis.port}
Press Ctrl-C to stop everything.""",
            flush=True,
        )
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
