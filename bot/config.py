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

