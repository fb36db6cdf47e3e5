"""A consistent copy of the database while the site keeps running.

SQLite: the online backup API copies one snapshot of the database page by page; in WAL mode
readers and writers go on meanwhile. PostgreSQL: pg_dump, which reads one snapshot too.
Either way the copy is written next to PATH first and renamed into place when complete, so
PATH never holds half a backup, and only its owner can read it (it holds password hashes).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import Engine

PG_DUMP_HINT = (
    "back up PostgreSQL with pg_dump from the PostgreSQL client tools, e.g. "
    "pg_dump --format=custom --file PATH DATABASE_URL (restore with pg_restore)"
)


class BackupError(Exception):
    """The backup could not be made; the message says why and what to do."""


def backup(engine: Engine, path: str) -> str:
    """Copy the database behind `engine` to `path`; return what was done, for the operator."""
    target = Path(path)
    if target.is_dir():
        raise BackupError(f"{path} is a folder: give the name of the file to write")
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist")
    dialect = engine.dialect.name
    if dialect == "sqlite":
        return _sqlite(engine, target)
    if dialect == "postgresql":
        return _postgres(engine, target)
    raise BackupError(f"backing up a {dialect} database is not supported")


def _private_file(path: Path) -> None:
    """Create (or empty) a file only its owner can read."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)


def _sqlite(engine: Engine, target: Path) -> str:
    source_file = engine.url.database
    if (
        source_file
        and source_file != ":memory:"
        and (target.exists() and target.resolve() == Path(source_file).resolve())
    ):
        raise BackupError("PATH is the database itself: choose another file")
    partial = target.with_name(target.name + ".part")
    _private_file(partial)
    raw = engine.raw_connection()
    try:
        copy = sqlite3.connect(partial)
        try:
            raw.driver_connection.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            check = copy.execute("PRAGMA integrity_check").fetchone()[0]
            pages = copy.execute("PRAGMA page_count").fetchone()[0]
        finally:
            copy.close()
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"the SQLite backup failed: {error}") from None
    finally:
        raw.close()
    if check != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(f"the copy failed its integrity check: {check}")
    os.replace(partial, target)
    return f"backed up the SQLite database to {target} ({pages} pages, integrity ok)"


def _postgres(engine: Engine, target: Path) -> str:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("pg_dump is not on PATH: " + PG_DUMP_HINT)
    url = engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)  # not on the command line, where ps shows it
    dsn = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    partial = target.with_name(target.name + ".part")
    _private_file(partial)
    completed = subprocess.run(
        [pg_dump, "--format=custom", "--file", str(partial), "--dbname", dsn],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError("pg_dump failed: " + (completed.stderr.strip() or "no message"))
    os.replace(partial, target)
    return (
        f"backed up the PostgreSQL database to {target} with pg_dump "
        "(custom format: restore with pg_restore)"
    )
