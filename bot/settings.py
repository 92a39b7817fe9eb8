"""Settings, read from the environment in this one module. Every variable is optional:
with none set the assistant uses SQLite under var/ and the spaCy pipeline under build/.
.env.example lists them all.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """Any SQLAlchemy URL; defaults to a SQLite file in the git-ignored var/ folder."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'var' / 'remedies.db'}"


def spacy_model_path() -> Path:
    return Path(os.environ.get("SPACY_MODEL_PATH") or ROOT / "build" / "spacy_model")


def allowed_origins() -> list[str] | None:
    """Browser origins allowed to use the REST API and socket.io, from CORS_ORIGINS
    (comma-separated). None means the server's own origin only."""
    value = os.environ.get("CORS_ORIGINS") or ""
    origins = [o.strip().rstrip("/") for o in value.split(",") if o.strip()]
    return origins or None


def socketio_session_secret() -> str | None:
    """The secret the web widget's session ids are signed with (SOCKETIO_SESSION_SECRET, at
    least 32 characters). None when unset: each Rasa process then makes a random one, and a
    restart or another server does not recognise the ids it issued."""
    value = os.environ.get("SOCKETIO_SESSION_SECRET") or ""
    if value and len(value) < 32:
        raise ValueError("SOCKETIO_SESSION_SECRET must be at least 32 characters")
    return value or None


def shared_events_url() -> str | None:
    """LOCK_STORE_URL (redis://...): with several Rasa servers, Slack's event ids are
    remembered there, so a retry reaching another server is not answered twice."""
    return os.environ.get("LOCK_STORE_URL") or None


def retention_days() -> int:
    """How many days readers' questions (unanswered, answered, rated) and warning-sign counts
    are kept in the remedy store; `make report` deletes older rows (RETENTION_DAYS, default
    90, at least 1)."""
    days = _int("RETENTION_DAYS", 90)
    if days < 1:
        raise ValueError(f"RETENTION_DAYS must be at least 1, not {days}")
    return days


def report_dir() -> Path:
    """Where `make report` writes its page (REPORT_DIR, default var/report)."""
    return _path("REPORT_DIR", ROOT / "var" / "report")


# Operations (ops/launcher.py, ops/profile.py, ops/bench) -------------------------------------


def _int(name: str, default: int) -> int:
    value = os.environ.get(name) or ""
    try:
        return int(value) if value.strip() else default
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None


def _path(name: str, default: Path) -> Path:
    """A folder setting; a relative one is taken from the project's root."""
    value = os.environ.get(name)
    path = Path(value) if value else default
    return path if path.is_absolute() else ROOT / path


def rasa_host() -> str:
    """The interface `make run` binds the Rasa server to (RASA_HOST, default 127.0.0.1)."""
    return os.environ.get("RASA_HOST") or "127.0.0.1"


def rasa_port() -> int:
    """The Rasa server's port for `make run` (RASA_PORT, default 5005)."""
    return _int("RASA_PORT", 5005)


def actions_port() -> int:
    """The action server's port for `make run` and `make shell` (ACTIONS_PORT, default 5055)."""
    return _int("ACTIONS_PORT", 5055)


def run_dir() -> Path:
    """Where `make run` writes its logs and generated credentials and endpoints (RUN_DIR,
    default var/)."""
    return _path("RUN_DIR", ROOT / "var")


def api_jwt_secret() -> str | None:
    """The secret JWTs for Rasa's HTTP API are checked against when RASA_ENABLE_API=true
    (RASA_JWT_SECRET); None while the API is off. Turning the API on without a secret is an
    error: Rasa would leave every endpoint open."""
    if (os.environ.get("RASA_ENABLE_API") or "false").strip().lower() != "true":
        return None
    secret = os.environ.get("RASA_JWT_SECRET") or ""
    if not secret:
        raise ValueError("RASA_ENABLE_API=true needs RASA_JWT_SECRET")
    return secret


def sanic_workers() -> int | None:
    """Sanic workers per Rasa server (SANIC_WORKERS; Rasa reads it too); None when unset."""
    value = os.environ.get("SANIC_WORKERS")
    return _int("SANIC_WORKERS", 1) if value else None


def prod_port() -> int:
    """The production profile's nginx port (PROD_PORT, default 8080)."""
    return _int("PROD_PORT", 8080)


def prod_dir() -> Path:
    """The production profile's state: databases, logs, secrets (PROD_DIR, default var/prod)."""
    return _path("PROD_DIR", ROOT / "var" / "prod")


def service_password(name: str) -> str | None:
    """POSTGRES_PASSWORD or REDIS_PASSWORD for the production profile; None when unset (the
    profile then generates one)."""
    if name not in ("POSTGRES_PASSWORD", "REDIS_PASSWORD"):
        raise KeyError(name)
    return os.environ.get(name) or None
