"""`laa backup` and `laa restore`: a restore into a fresh database gives the same export
of every agreement; a restore over a database with rows in it is refused without --force.
Run as the command line runs them (a process per command, a database of its own)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXPORTS = (
    "from laa.agreements.models import Agreement; from laa.agreements.files import render_agreement; "
    "import hashlib; "
    "[print(a.area.code, a.round.year, hashlib.sha256(render_agreement(a, f) if isinstance(render_agreement(a, f), bytes) "
    "else render_agreement(a, f).encode()).hexdigest()) "
    "for a in Agreement.objects.select_related('area', 'round').order_by('area__code', 'round__year') "
    "for f in ('yaml', 'json')]"
)


def laa(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true", "LAA_TESTING": "true",
           "PYTHONPATH": str(ROOT / "src")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([sys.executable, "-m", "laa.cli", *args], env=env, capture_output=True, text=True,
                          timeout=300)


def ok(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def exports(database_url: str) -> str:
    return ok(laa(database_url, "shell", "-c", EXPORTS))


def round_trip(source: str, fresh: str, file: Path) -> None:
    # Migrated, reference and demonstration data: Kent's agreement (approved) and Medway's;
    # the synthetic hub values of Kent only (all 150 areas' take minutes)
    ok(laa(source, "demo", "--reference", "--synthetic-areas", "E2221"))
    before = exports(source)
    assert before.count("\n") >= 4, before  # Kent's and Medway's agreements, in two formats

    ok(laa(source, "backup", str(file)))
    refused = laa(source, "backup", str(file))
    assert refused.returncode == 2 and "exists already" in refused.stderr

    # into a fresh database: the same agreements, byte for byte
    ok(laa(fresh, "restore", str(file)))
    assert exports(fresh) == before

    # over a database with rows in it: refused, unless --force
    again = laa(fresh, "restore", str(file))
    assert again.returncode == 2
    assert "The database is not empty" in again.stderr and "--force" in again.stderr
    ok(laa(fresh, "restore", str(file), "--force"))
    assert exports(fresh) == before


def test_sqlite_backup_restores_every_agreement(tmp_path):
    round_trip(f"sqlite:///{tmp_path / 'live.sqlite3'}", f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
               tmp_path / "laa.backup")
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    refused = laa(f"sqlite:///{tmp_path / 'other.sqlite3'}", "restore", str(not_a_backup))
    assert refused.returncode == 2 and "is not a SQLite database" in refused.stderr


@pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed")
@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="PostgreSQL runs only where DATABASE_URL names one")
def test_postgresql_backup_restores_every_agreement(tmp_path):
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    names = [f"laa_backup_live_{os.getpid()}", f"laa_backup_fresh_{os.getpid()}"]
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        round_trip(f"{base}/{names[0]}", f"{base}/{names[1]}", tmp_path / "laa.dump")
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
