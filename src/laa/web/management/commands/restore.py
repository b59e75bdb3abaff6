"""`laa restore FILE [--force]`: the database as `laa backup` wrote it (see laa.web.backup).
Refused over a database with any row in it unless --force."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from laa.web.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database from a FILE written by `laa backup` (refused over a non-empty database without --force)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--force", action="store_true", help="replace a database that is not empty")

    def handle(self, *args, file: Path, force: bool, **options):
        try:
            restore(file, force=force)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"Restored the database from {file}")
