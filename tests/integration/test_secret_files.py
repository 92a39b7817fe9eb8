"""Files that hold secrets are readable by their owner only from the moment they exist: the
generated credentials and endpoints files, the production profile's generated passwords,
redis.conf (Redis's password) and the password file PostgreSQL's initdb reads. Each writer
runs in its own process under strace, which records every file it creates with the mode it
asks for: a file created readable by others and chmod-ed afterwards can be opened in between,
and whoever opened it keeps reading it after the chmod."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from bot.settings import ROOT
from ops.profile import ensure_installed

CREATE = re.compile(r'open(?:at)?\((?:AT_FDCWD, )?"([^"]+)", ([A-Z_|]+), (0\d+)\)')


@pytest.fixture(scope="module", autouse=True)
def strace_installed():
    if not shutil.which("strace"):
        subprocess.run(
            "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq strace",
            shell=True,
            check=True,
        )


def created(code: str, folder: Path, env: dict[str, str] | None = None) -> dict[str, list[str]]:
    """Run `code` in a new Python under strace; every file it (or a child) created in
    `folder`, with the modes it was created with."""
    trace = folder.parent / f"{folder.name}.strace"
    environ = {k: v for k, v in os.environ.items() if not k.endswith("_PASSWORD")}
    subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=open,openat,creat", "-o", str(trace)]
        + [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environ, **(env or {})},
        check=True,
        capture_output=True,
    )
    found: dict[str, list[str]] = {}
    for path, flags, mode in CREATE.findall(trace.read_text()):
        if "O_CREAT" in flags and Path(path).is_relative_to(folder):
            found.setdefault(str(Path(path).relative_to(folder)), []).append(mode)
    return found


@pytest.fixture
def folder():
    directory = Path(tempfile.mkdtemp(prefix="faq-secrets-"))
    os.chmod(directory, 0o755)  # as the production profile's folder is (PostgreSQL reads it)
    yield directory / "out"
    shutil.rmtree(directory, ignore_errors=True)


def only_owner(found: dict[str, list[str]]) -> dict[str, list[str]]:
    """The files created with a mode that lets anyone but the owner read them."""
    return {path: modes for path, modes in found.items() if any(m != "0600" for m in modes)}


def test_generated_credentials_and_endpoints_files(folder):
    folder.mkdir()
    env = {
        "SLACK_BOT_TOKEN": "xoxb-secret",
        "SLACK_SIGNING_SECRET": "signing-secret",
        "TRACKER_STORE_URL": "postgresql://faq:db-secret@127.0.0.1:5432/faq",
    }
    code = (
        "import sys; from rasa_addons import credentials, endpoints; "
        f"credentials.main(['', '{folder}/credentials.yml']); "
        f"sys.exit(endpoints.main(['', '{folder}/endpoints.yml']))"
    )
    found = created(code, folder, env)
    assert any("credentials" in p for p in found) and any("endpoints" in p for p in found), found
    assert only_owner(found) == {}
    assert "xoxb-secret" in (folder / "credentials.yml").read_text()
    assert (folder / "credentials.yml").stat().st_mode & 0o777 == 0o600


def test_redis_conf_and_generated_passwords(folder):
    ensure_installed(("redis-server",))
    code = (
        "from pathlib import Path; from ops.profile import Redis, _secret; "
        f"folder = Path('{folder}'); password = _secret(folder, 'REDIS_PASSWORD'); "
        "Redis(folder / 'redis', password).start().stop()"
    )
    found = created(code, folder)
    assert "redis.conf" in " ".join(found) and "secrets/" in " ".join(found), found
    assert (folder / "redis" / "redis.conf").stat().st_mode & 0o777 == 0o600
    assert only_owner({p: m for p, m in found.items() if "redis.conf" in p or "secrets" in p}) == {}


def test_postgresql_password_file(folder):
    ensure_installed(("postgresql",))
    folder.mkdir()
    os.chmod(folder, 0o755)
    code = (
        "from pathlib import Path; from ops.profile import Postgres; "
        f"Postgres(Path('{folder}') / 'postgres', 'pg-secret').start().stop()"
    )
    found = created(code, folder)
    password_files = {p: m for p, m in found.items() if "pwfile" in p}
    assert password_files, found
    assert only_owner(password_files) == {}
