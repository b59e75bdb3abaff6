"""Loading the places' reference data (regions, the 150 areas of 2008 with their
districts, the April 2009 successors, each area's s104 partner authorities), idempotently. A malformed file raises
DataFileError naming file, line and field, and nothing is loaded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from laa.audit.trail import record, snapshot
from laa.catalogue.datafile import DataFileError, check_length, max_length, rows
from laa.catalogue.reference import LoadReport
from laa.permissions import require
from laa.places.models import (
    Area,
    AreaChange,
    AreaSuccession,
    AreaType,
    District,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Region,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
AREA_TYPES = {t.value for t in AreaType}


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str
    type: str
    two_tier: bool
    region: str
    districts: tuple[str, ...]
    change: str


@dataclass(frozen=True)
class SuccessorRow:
    predecessor: str
    code: str
    name: str
    type: str
    effective: dt.date
    note: str


# The reference file's kinds -> the service's organisation kinds (s104 partner authorities).
PARTNER_KINDS: dict[str, str] = {
    "police_authority": OrganisationKind.POLICE_AUTHORITY,
    "fire_and_rescue_authority": OrganisationKind.FIRE_AUTHORITY,
    "primary_care_trust": OrganisationKind.PCT,
    "nhs_trust": OrganisationKind.NHS_TRUST,
    "probation": OrganisationKind.PROBATION,
    "youth_offending_team": OrganisationKind.YOT,
    "learning_and_skills_council": OrganisationKind.LSC,
    "jobcentre_plus": OrganisationKind.JOBCENTRE_PLUS,
    "regional_development_agency": OrganisationKind.RDA,
    "national_park_authority": OrganisationKind.NATIONAL_PARK,
    "broads_authority": OrganisationKind.BROADS,
    "environment_agency": OrganisationKind.ENVIRONMENT_AGENCY,
    "health_and_safety_executive": OrganisationKind.HSE,
}
PARTNER_PROVENANCES = ("source-checked", "recalled", "inferred")
# A county or unitary council that is itself the fire authority is the responsible
# authority, not a separate s104 partner (partner-authorities-2008.md): such rows are skipped.
COUNCIL_IS_FIRE_AUTHORITY = "itself the fire and rescue authority"


@dataclass(frozen=True)
class PartnerRow:
    area: str
    organisation: str
    kind: str
    provenance: str
    source_note: str


def read_partner_authorities(path: Path, areas: dict[str, str]) -> list[PartnerRow]:
    """Each area's partner authorities (`areas`: code -> name, which each row must repeat
    exactly); the rows of a council that is itself the fire authority are left out."""
    out = []
    seen: set[tuple[str, str]] = set()
    columns = ("area_code", "area_name", "organisation", "kind", "provenance", "source_note")
    for line, row in rows(path, columns):
        code = row["area_code"]
        if code not in areas:
            raise DataFileError(path, line, "area_code", f"{code!r} is not an area of areas-2008.csv")
        if row["area_name"] != areas[code]:
            raise DataFileError(path, line, "area_name",
                                f"{row['area_name']!r} is not {areas[code]!r}, the name of {code}")
        name = row["organisation"]
        if not name:
            raise DataFileError(path, line, "organisation", "is empty")
        check_length(path, line, "organisation", name, max_length(Organisation, "name"))
        if row["kind"] not in PARTNER_KINDS:
            raise DataFileError(path, line, "kind", f"{row['kind']!r} is not a kind of partner authority")
        if row["provenance"] not in PARTNER_PROVENANCES:
            raise DataFileError(path, line, "provenance",
                                f"{row['provenance']!r} must be one of {', '.join(PARTNER_PROVENANCES)}")
        if (code, name) in seen:
            raise DataFileError(path, line, "organisation", f"{name} appears twice for {code}")
        seen.add((code, name))
        if COUNCIL_IS_FIRE_AUTHORITY in row["source_note"]:
            continue
        out.append(PartnerRow(code, name, PARTNER_KINDS[row["kind"]], row["provenance"], row["source_note"]))
    return out


def read_regions(path: Path) -> list[dict[str, str]]:
    out = []
    for line, row in rows(path, ("code", "name", "government_office", "short_name")):
        for field in ("code", "name", "government_office", "short_name"):
            if not row[field]:
                raise DataFileError(path, line, field, "is empty")
            check_length(path, line, field, row[field], max_length(Region, field))
        out.append(row)
    return out


def read_areas(path: Path, regions: set[str]) -> list[AreaRow]:
    out = []
    seen: set[str] = set()
    columns = ("clg_code", "name", "type", "two_tier", "region", "districts", "change_1_april_2009")
    for line, row in rows(path, columns):
        if not row["clg_code"]:
            raise DataFileError(path, line, "clg_code", "is empty")
        if row["clg_code"] in seen:
            raise DataFileError(path, line, "clg_code", f"{row['clg_code']} appears twice")
        seen.add(row["clg_code"])
        check_length(path, line, "clg_code", row["clg_code"], max_length(Area, "code"))
        if not row["name"]:
            raise DataFileError(path, line, "name", "is empty")
        check_length(path, line, "name", row["name"], max_length(Area, "name"))
        check_length(path, line, "change_1_april_2009", row["change_1_april_2009"], max_length(Area, "change_note"))
        if row["type"] not in AREA_TYPES:
            raise DataFileError(path, line, "type", f"{row['type']!r} is not an area type")
        if row["two_tier"] not in {"yes", "no"}:
            raise DataFileError(path, line, "two_tier", f"{row['two_tier']!r} must be yes or no")
        if row["region"] not in regions:
            raise DataFileError(path, line, "region", f"{row['region']!r} is not in regions.csv")
        districts = tuple(d.strip() for d in row["districts"].split(";") if d.strip())
        named: set[str] = set()
        for district in districts:
            if district in named:
                raise DataFileError(path, line, "districts", f"{district} appears twice")
            named.add(district)
            check_length(path, line, "districts", district, max_length(District, "name"))
        if row["two_tier"] == "yes" and not districts:
            raise DataFileError(path, line, "districts", "a two-tier county must list its districts")
        out.append(
            AreaRow(row["clg_code"], row["name"], row["type"], row["two_tier"] == "yes",
                    row["region"], districts, row["change_1_april_2009"])
        )
    return out


def read_successors(path: Path, areas: set[str]) -> list[SuccessorRow]:
    out = []
    columns = ("predecessor", "successor_code", "successor_name", "successor_type", "effective", "note")
    for line, row in rows(path, columns):
        if row["predecessor"] not in areas:
            raise DataFileError(path, line, "predecessor", f"{row['predecessor']!r} is not an area of 2008")
        for field, column in (("successor_code", "code"), ("successor_name", "name")):
            if not row[field]:
                raise DataFileError(path, line, field, "is empty")
            check_length(path, line, field, row[field], max_length(Area, column))
        check_length(path, line, "note", row["note"], max_length(AreaSuccession, "note"))
        if row["successor_type"] not in AREA_TYPES:
            raise DataFileError(path, line, "successor_type", f"{row['successor_type']!r} is not an area type")
        try:
            effective = dt.date.fromisoformat(row["effective"])
        except ValueError as exc:
            raise DataFileError(path, line, "effective", f"{row['effective']!r} is not a date (YYYY-MM-DD)") from exc
        out.append(SuccessorRow(row["predecessor"], row["successor_code"], row["successor_name"],
                                row["successor_type"], effective, row["note"]))
    return out


def council_kind(area_type: str) -> str:
    return OrganisationKind.COUNTY_COUNCIL if area_type == AreaType.SHIRE_COUNTY else OrganisationKind.UNITARY_COUNCIL


def council_name(area: Area) -> str:
    if area.type == AreaType.SHIRE_COUNTY:
        return f"{area.name} County Council"
    if area.type == AreaType.CITY_OF_LONDON:
        return "City of London Corporation"
    if area.type == AreaType.ISLES_OF_SCILLY:
        return "Council of the Isles of Scilly"
    return f"{area.name} Council"


def load_places(data_dir: Path = DATA_DIR, *, actor, report: LoadReport | None = None) -> LoadReport:
    require(actor, "places.load_reference", refusal="The reference data is loaded by `laa load-reference`")
    report = report or LoadReport()
    regions = read_regions(data_dir / "regions.csv")
    areas = read_areas(data_dir / "areas-2008.csv", {r["name"] for r in regions})
    successors = read_successors(data_dir / "successors-2009.csv", {a.code for a in areas})
    partners_path = data_dir / "partner-authorities-2008.csv"
    partners = (
        read_partner_authorities(partners_path, {a.code: a.name for a in areas}) if partners_path.exists() else []
    )

    with transaction.atomic():
        region_by_name: dict[str, Region] = {}
        for row in regions:
            region, created = Region.objects.get_or_create(
                code=row["code"],
                defaults={"name": row["name"], "government_office": row["government_office"],
                          "short_name": row["short_name"]},
            )
            if created:
                report.count("created", "regions")
                record(actor=actor, action="load-reference", instance=region, before=None)
            region_by_name[region.name] = region

        area_by_code: dict[str, Area] = {a.code: a for a in Area.objects.all()}
        for row in areas:
            area = area_by_code.get(row.code)
            if area is None:
                area = Area.objects.create(
                    code=row.code, name=row.name, type=row.type, two_tier=row.two_tier,
                    region=region_by_name[row.region], change_note=row.change,
                    valid_from=dt.date(2008, 4, 1),
                )
                area_by_code[row.code] = area
                report.count("created", "areas")
                record(actor=actor, action="load-reference", instance=area, before=None)
                Organisation.objects.get_or_create(
                    name=council_name(area), area=area, defaults={"kind": council_kind(area.type)}
                )
            existing = set(area.districts.values_list("name", flat=True))
            for name in row.districts:
                if name in existing:
                    continue
                district = District.objects.create(name=name, county=area)
                Organisation.objects.get_or_create(
                    name=f"{name} District Council", area=area,
                    defaults={"kind": OrganisationKind.DISTRICT_COUNCIL, "district": district},
                )
                report.count("created", "districts")

        for row in successors:
            predecessor = area_by_code[row.predecessor]
            successor = area_by_code.get(row.code)
            if successor is None:
                successor = Area.objects.create(
                    code=row.code, name=row.name, type=row.type, two_tier=False,
                    region=predecessor.region, valid_from=row.effective,
                    change_note=f"Created {row.effective:%-d %B %Y}",
                )
                area_by_code[row.code] = successor
                report.count("created", "successor areas")
                Organisation.objects.get_or_create(
                    name=council_name(successor), area=successor,
                    defaults={"kind": OrganisationKind.UNITARY_COUNCIL},
                )
            if successor.pk == predecessor.pk:
                # The same code continues (a county became a unitary): record the change
                # in place, keeping the area as it was in the 2008 round.
                change, created = AreaChange.objects.get_or_create(
                    area=predecessor, valid_from=row.effective,
                    defaults={"name": row.name, "type": row.type, "two_tier": False, "note": row.note},
                )
                if created:
                    report.count("created", "changes of area in place")
                    record(actor=actor, action="load-reference", instance=change, before=None)
            else:
                if predecessor.valid_to is None:
                    predecessor.valid_to = row.effective - dt.timedelta(days=1)
                    predecessor.save(update_fields=["valid_to"])
                _, created = AreaSuccession.objects.get_or_create(
                    predecessor=predecessor, successor=successor,
                    defaults={"effective": row.effective, "note": row.note},
                )
                if created:
                    report.count("created", "successions")
        _load_partner_authorities(partners, area_by_code, actor=actor, report=report)
    return report


def _load_partner_authorities(
    partners: list[PartnerRow], area_by_code: dict[str, Area], *, actor, report: LoadReport
) -> None:
    """Each area's partner authorities, one organisation per area and name, with the
    file's provenance; a row already there (from an earlier load, the demo, or a confirmed
    proposal) is kept, its provenance brought up to the file's (D6)."""
    existing = {
        (org.area_id, org.name): org
        for org in Organisation.objects.filter(area__code__in={p.area for p in partners})
    }
    for row in partners:
        area = area_by_code[row.area]
        org = existing.get((area.pk, row.organisation))
        if org is None:
            org = Organisation.objects.create(
                name=row.organisation, area=area, kind=row.kind, provenance=row.provenance,
                source_note=row.source_note, status=OrganisationStatus.CONFIRMED,
            )
            existing[(area.pk, row.organisation)] = org
            report.count("created", "partner authorities")
            record(actor=actor, action="load-reference", instance=org, before=None)
        elif (org.provenance, org.source_note, org.status) != (
            row.provenance, row.source_note, OrganisationStatus.CONFIRMED
        ):
            before = snapshot(org)
            org.provenance, org.source_note = row.provenance, row.source_note
            org.status = OrganisationStatus.CONFIRMED
            org.save(update_fields=["provenance", "source_note", "status"])
            report.count("changed", "partner authorities")
            record(actor=actor, action="load-reference", instance=org, before=before)
