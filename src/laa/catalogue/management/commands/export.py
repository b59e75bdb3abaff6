"""`laa export indicators --format csv|json`: the catalogue as a file."""

from __future__ import annotations

import io

from django.core.management.base import BaseCommand, CommandError

from laa.catalogue.export import FORMATS, write_indicators


class Command(BaseCommand):
    help = "Export reference data: `laa export indicators --format csv|json`."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["indicators"])
        parser.add_argument("--format", choices=sorted(FORMATS), default="csv")
        parser.add_argument("--all-versions", action="store_true", help="every definition version, not only the current")

    def handle(self, *args, what, format, all_versions, **options):
        if what != "indicators":
            raise CommandError(f"cannot export {what}")
        buffer = io.StringIO()
        write_indicators(buffer, format, all_versions=all_versions)
        self.stdout.write(buffer.getvalue(), ending="")
