"""The remedy store's SQLite file keeps a write-ahead log: an article answer's row is written
without waiting for the disk on every commit, and a reader sees committed rows."""

from __future__ import annotations

from sqlalchemy import text

from bot.store import make_engine


def test_a_sqlite_store_file_uses_a_write_ahead_log(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
        connection.execute(text("CREATE TABLE t (v TEXT)"))
        connection.execute(text("INSERT INTO t VALUES ('x')"))
        connection.commit()
    reader = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    with reader.connect() as connection:
        assert connection.execute(text("SELECT v FROM t")).scalar() == "x"


def test_an_in_memory_store_is_left_as_it_is():
    engine = make_engine("sqlite://")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "memory"
