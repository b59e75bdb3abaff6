"""The burden register's demonstration data (D22): invented collections, each named and
noted as synthetic, for CLG's view of the reduction achieved. Idempotent."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from laa.audit.trail import record
from laa.catalogue.models import Department
from laa.hub.burdens import DataCollection
from laa.web.demo import SYSTEM

DEMO_BURDENS = Path(__file__).resolve().parent / "data" / "demo-burdens.csv"


@transaction.atomic
def load_demo_burdens(path: Path = DEMO_BURDENS) -> int:
    """Add the demonstration collections not yet in the register; how many were added."""
    departments = {d.code: d for d in Department.objects.all()}
    added = 0
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            collection, created = DataCollection.objects.get_or_create(
                department=departments[row["department"]], name=row["collection"],
                defaults={"items_2008": int(row["items_2008"]), "items_now": int(row["items_now"]),
                          "note": row["note"], "is_demo": True},
            )
            if created:
                record(actor=SYSTEM, action="demo", instance=collection, before=None)
                added += 1
    return added
