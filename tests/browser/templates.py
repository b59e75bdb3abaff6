"""Where the browser servers' template databases live: made once per test run and shared
by the run's processes (the two xdist workers), not once per process.

A run is named for its controlling process (the xdist controller, the parent of every
worker; or the only process without xdist), by its pid and start time, since a pid alone
may come again in a later run. A run's templates are SQLite files and the commands' var
folders under one temporary folder, and PostgreSQL databases under one name prefix. A
process takes a template under a file lock, and makes it if no process of the run has yet;
the run's controller removes them all when the session ends (`tests/conftest.py`)."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dj_database_url


def _run_name() -> str:
    pid = os.getppid() if os.environ.get("PYTEST_XDIST_WORKER") else os.getpid()
    try:  # the 22nd field of /proc/PID/stat, the process's start time (the name may hold spaces: after its ")")
        started = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        started = "0"
    return hashlib.sha256(f"{pid}-{started}".encode()).hexdigest()[:10]


RUN = _run_name()
FOLDER = Path(tempfile.gettempdir()) / f"laa-browser-templates-{RUN}"


def postgres_url() -> str:
    """The outer DATABASE_URL when it names a PostgreSQL database, else ""."""
    outer = os.environ.get("DATABASE_URL", "")
    return outer if outer.startswith(("postgres://", "postgresql://")) else ""


def postgres_name(key: str) -> str:
    """The run's PostgreSQL template database for `key` (a prefix the controller drops)."""
    return f"{_prefix()}{key}"


def _prefix() -> str:
    return f"{dj_database_url.parse(postgres_url())['NAME']}_tpl_{RUN}_"


def postgres_execute(url: str, sql: str) -> list[tuple]:
    """Run `sql` on the server of `url`, connected to its `postgres` database (autocommit)."""
    import psycopg

    config = dj_database_url.parse(url)
    with psycopg.connect(
        dbname="postgres", user=config["USER"] or None, password=config["PASSWORD"] or None,
        host=config["HOST"] or None, port=config["PORT"] or None, autocommit=True,
    ) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else []


@contextmanager
def locked(key: str) -> Iterator[Path]:
    """The run's folder for `key`, held under its lock: one process of the run at a time."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    with (FOLDER / f"{key}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield FOLDER / key
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def remove_run_templates() -> None:
    """Every template of this run: its folder, and its PostgreSQL databases."""
    shutil.rmtree(FOLDER, ignore_errors=True)
    url = postgres_url()
    if url:
        pattern = _prefix().replace("_", r"\_") + "%"
        for (name,) in postgres_execute(url, f"SELECT datname FROM pg_database WHERE datname LIKE '{pattern}'"):
            postgres_execute(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
