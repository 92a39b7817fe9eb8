"""Writing a file that holds secrets (generated credentials and endpoints, the production
profile's passwords and redis.conf): readable by its owner only from the moment it exists.

A file written first and chmod-ed to 0600 afterwards is readable by anyone on the machine in
between, and whoever opens it then keeps reading it after the chmod. Here the text goes into
a new file created with mode 0600 (os.open with O_EXCL: never an existing file, never a
symbolic link), which then replaces the target in one rename.

Needs: nothing but the standard library.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_private(path: str | os.PathLike, text: str) -> Path:
    """Replace `path` with `text`, mode 0600 from creation on; returns the path."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path
