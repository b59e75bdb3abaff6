"""Backup and restore of the whole database: SQLite through its online backup API (a
consistent copy while the site runs), PostgreSQL through its own pg_dump / pg_restore
(custom format). `laa backup FILE` and `laa restore FILE [--force]` call these."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.db import connection

SQLITE_HEADER = b"SQLite format 3\x00"
PG_HEADER = b"PGDMP"


class BackupError(Exception):
    """Why a backup or restore was refused; nothing was changed."""


def _settings() -> dict:
    return connection.settings_dict


def _is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def _pg_command(program: str) -> tuple[list[str], dict[str, str]]:
    db = _settings()
    args = [program, "--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def database_is_empty() -> bool:
    """No row in any of the service's tables (a fresh or freshly migrated database)."""
    tables = set(connection.introspection.table_names())
    return not any(
        model.objects.exists() for model in apps.get_models() if model._meta.db_table in tables
    )


def backup(file: Path) -> None:
    if file.exists():
        raise BackupError(f"{file} exists already: choose a new file name, nothing was written")
    if _is_sqlite():
        connection.ensure_connection()
        target = sqlite3.connect(file)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return
    args, env = _pg_command("pg_dump")
    done = subprocess.run([*args, "--format", "custom", "--file", str(file)], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        file.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")


def restore(file: Path, *, force: bool = False) -> None:
    if not file.is_file():
        raise BackupError(f"There is no file {file}")
    header = file.read_bytes()[:16]
    expected = SQLITE_HEADER if _is_sqlite() else PG_HEADER
    if not header.startswith(expected):
        kind = "a SQLite database" if _is_sqlite() else "a pg_dump file (custom format)"
        raise BackupError(f"{file} is not {kind}, as `laa backup` writes for this database: nothing was changed")
    if not force and not database_is_empty():
        raise BackupError(
            "The database is not empty: restoring would replace everything in it. "
            "Add --force to do so; nothing was changed"
        )
    if _is_sqlite():
        connection.close()
        source = sqlite3.connect(file)
        try:
            target = sqlite3.connect(_settings()["NAME"])
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
        return
    connection.close()
    args, env = _pg_command("pg_restore")
    done = subprocess.run([*args, "--clean", "--if-exists", "--no-owner", "--single-transaction", str(file)],
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
