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
