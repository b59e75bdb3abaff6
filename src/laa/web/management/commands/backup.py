"""`laa backup FILE`: a consistent copy of the whole database (see laa.web.backup)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from laa.web.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a backup of the whole database to FILE (SQLite: a database file; PostgreSQL: pg_dump's custom format)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            backup(file)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"Backed up the database to {file}")
