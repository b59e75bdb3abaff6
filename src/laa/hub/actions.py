"""The hub's writes, each in one transaction with its audit event. Each checks its
permission (`laa.permissions.require`, ADR 0016); the command line acts as a
`SystemActor` (it acts for every supplier), and no actor (None) is refused."""

from __future__ import annotations

from typing import IO

from django.db import transaction

from laa.audit.trail import record
from laa.catalogue.models import Department, IndicatorDefinition
from laa.domain.hub.reporting import inferred_reporting
from laa.hub.importing import ImportReport, Progress, import_file, import_json
from laa.hub.lookups import definition_facts
from laa.hub.models import Supplier
from laa.permissions import require


def may_import(actor) -> None:
    require(actor, "hub.import", refusal="Your role reads the hub's data but does not supply it.")


def import_values(*, actor, name: str, stream: IO[bytes], size: int, dry_run: bool = False,
                  progress: Progress | None = None) -> ImportReport:
    """Import a file of values (laa.hub.importing): all or nothing, with its ledger entry."""
    may_import(actor)
    return import_file(actor=actor, name=name, stream=stream, size=size, dry_run=dry_run, progress=progress)


def import_values_json(*, actor, name: str, body: bytes, dry_run: bool = False) -> ImportReport:
    may_import(actor)
    return import_json(actor=actor, name=name, body=body, dry_run=dry_run)


@transaction.atomic
def load_suppliers(*, actor) -> int:
    """A Supplier for every national indicator that has none, as inferred from its current
    definition (recorded as inferred); the count made. Existing rows are kept as they are."""
    require(actor, "hub.load_suppliers", refusal="The suppliers are loaded from the command line (laa hub)")
    departments = {d.code: d for d in Department.objects.all()}
    made = 0
    have = set(Supplier.objects.values_list("indicator_id", flat=True))
    definitions = IndicatorDefinition.objects.filter(is_current=True, indicator__partnership__isnull=True)
    for d in definitions.select_related("indicator", "department").order_by("indicator__number"):
        if d.indicator_id in have:
            continue
        reporting = inferred_reporting(definition_facts(d))
        supplier = Supplier.objects.create(
            indicator=d.indicator,
            kind=reporting.supplier_kind.value,
            department=departments.get(reporting.supplier_department or ""),
            source=reporting.supplier_source,
            period_kinds=sorted(k.value for k in reporting.period_kinds),
            reports_districts=reporting.reports_districts,
            group_dimensions=sorted(reporting.group_dimensions),
            provenance="inferred",
            note="Inferred from the definition's data source, frequency and department.",
        )
        record(actor=actor, action="hub.load_supplier", instance=supplier, before=None)
        made += 1
    return made
