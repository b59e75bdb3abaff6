"""`laa load-reference`: load the regions, areas, departments, indicators and the rounds' milestones."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DataError, IntegrityError, transaction

from laa.catalogue.datafile import DATA_DIR as CATALOGUE_DATA
from laa.catalogue.datafile import DataFileError
from laa.catalogue.reference import LoadReport, load_catalogue
from laa.negotiation.reference import MilestoneFileError, load_milestones
from laa.permissions import SystemActor
from laa.places.reference import DATA_DIR as PLACES_DATA
from laa.places.reference import load_places

SYSTEM = SystemActor("laa load-reference")


class Command(BaseCommand):
    help = "Load the reference data (places and the National Indicator Set). Loading twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--catalogue-dir", type=Path, default=CATALOGUE_DATA)
        parser.add_argument("--places-dir", type=Path, default=PLACES_DATA)

    def handle(self, *args, catalogue_dir, places_dir, **options):
        report = LoadReport()
        try:
            with transaction.atomic():  # all or nothing: places, catalogue and the rounds' milestones
                load_places(places_dir, actor=SYSTEM, report=report)
                load_catalogue(catalogue_dir, actor=SYSTEM, report=report)
                milestones = load_milestones(actor=SYSTEM)
        except (DataFileError, MilestoneFileError) as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from exc
        except (DataError, IntegrityError, UnicodeDecodeError) as exc:
            # The readers check what the database would refuse; should one slip past,
            # say so plainly rather than with a traceback (the transaction rolled back).
            raise CommandError(f"Nothing was loaded. The database refused a value: {exc}") from exc
        for line in [*report.lines(), *milestones]:
            self.stdout.write(line)
