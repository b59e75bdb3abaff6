"""Reference data: loading is idempotent, a changed definition becomes a new version,
a malformed file changes nothing, the places are complete, and the catalogue exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from laa.accounts.models import User
from laa.audit.models import AuditEvent
from laa.catalogue.datafile import DATA_DIR as CATALOGUE_DATA
from laa.catalogue.datafile import PROVENANCE_FIELDS, DataFileError
from laa.catalogue.models import (
    Department,
    Indicator,
    IndicatorDefinition,
    Round,
    StatutoryIndicator,
)
from laa.catalogue.reference import load_catalogue
from laa.permissions import SystemActor
from laa.places.models import (
    Area,
    AreaChange,
    AreaSuccession,
    District,
    Organisation,
    Partnership,
    Region,
)
from laa.places.reference import DATA_DIR as PLACES_DATA

SYSTEM = SystemActor("laa load-reference")

pytestmark = pytest.mark.django_db

MODELS = [Region, Area, AreaChange, AreaSuccession, District, Organisation, Partnership, Department, Round,
          Indicator, IndicatorDefinition, StatutoryIndicator, User, AuditEvent]


def row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in MODELS}


def copy_data(tmp_path: Path, source: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(source, target)
    return target


def rewrite_row(path: Path, key: str, value: str, **changes: str) -> int:
    """Change fields of the row whose `key` column is `value` in a copy of a data file;
    returns the line number of that row."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames
        rows = list(reader)
    index = next(i for i, r in enumerate(rows) if r[key] == value)
    rows[index].update(changes)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return index + 2  # the header is line 1


def rewrite_indicator(data_dir: Path, number: int, **changes: str) -> int:
    """Change fields of one indicator in a copy of national-indicators.csv."""
    return rewrite_row(data_dir / "national-indicators.csv", "ni", str(number), **changes)


def test_loading_twice_creates_nothing():
    # Given the reference data loaded by the command (the session fixture may not load
    # every kind the command does, e.g. other apps' reference data)
    call_command("load_reference", stdout=io.StringIO())
    before, events = row_counts(), AuditEvent.objects.count()
    # When it is loaded again
    out = io.StringIO()
    call_command("load_reference", stdout=out)
    # Then nothing is created, changed or audited
    assert out.getvalue().strip() == "nothing changed"
    assert row_counts() == before
    assert AuditEvent.objects.count() == events


def test_a_changed_definition_becomes_version_2_and_keeps_version_1(tmp_path, client):
    data = copy_data(tmp_path, CATALOGUE_DATA, "catalogue")
    old_title = IndicatorDefinition.objects.get(indicator__number=16, is_current=True).title
    new_title = "Rate of serious acquisitive crime per 1,000 population (revised)"
    rewrite_indicator(data, 16, title=new_title)
    events = AuditEvent.objects.count()

    report = load_catalogue(data, actor=SYSTEM)

    assert report.changed == {"indicator definitions": 1} and report.created == {}
    versions = list(IndicatorDefinition.objects.filter(indicator__number=16).order_by("version"))
    assert [(d.version, d.is_current, d.title) for d in versions] == [
        (1, False, old_title), (2, True, new_title)
    ]
    assert IndicatorDefinition.objects.filter(is_current=True).count() == 198
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == events + 1
    assert event.action == "load-reference" and event.before["title"] == old_title
    assert event.after["title"] == new_title

    page = client.get("/indicators/NI%2016")
    html = page.content.decode()
    assert page.status_code == 200
    assert f"NI 16: {new_title}" in html
    assert "2 (current)" in html and old_title in html
    history = html.split("Definition history", 1)[1]
    assert history.index(f">{new_title}<") < history.index(f">{old_title}<")  # newest first

    # Loading the same changed file again changes nothing more.
    assert load_catalogue(data, actor=SYSTEM).lines() == ["nothing changed"]


def test_a_malformed_file_is_refused_naming_file_line_and_field(tmp_path):
    data = copy_data(tmp_path, CATALOGUE_DATA, "catalogue")
    # A good change early in the file, then a bad polarity near its end.
    rewrite_indicator(data, 16, title="A changed title that must not be loaded")
    line = rewrite_indicator(data, 190, polarity="sideways")
    before = row_counts()

    with pytest.raises(DataFileError) as caught:
        load_catalogue(data, actor=SYSTEM)

    error = caught.value
    assert Path(error.path).name == "national-indicators.csv"
    assert (error.line, error.field) == (line, "polarity")
    assert str(error).startswith(f"national-indicators.csv, line {line}, field polarity: 'sideways'")
    assert row_counts() == before


def test_the_command_loads_nothing_when_any_file_is_malformed(tmp_path):
    # Given a places folder with one new area, and a catalogue with a bad line
    places = copy_data(tmp_path, PLACES_DATA, "places")
    with (places / "areas-2008.csv").open("a", encoding="utf-8") as handle:
        handle.write("E9999,Testshire,unitary authority,no,North East,GONE,,\n")
    catalogue = copy_data(tmp_path, CATALOGUE_DATA, "catalogue")
    line = rewrite_indicator(catalogue, 150, polarity="upwards")
    before = row_counts()
    # When the command runs
    with pytest.raises(CommandError) as caught:
        call_command("load_reference", places_dir=places, catalogue_dir=catalogue, stdout=io.StringIO())
    # Then it says where the problem is, and not even the new area is loaded
    assert f"Nothing was loaded. national-indicators.csv, line {line}, field polarity" in str(caught.value)
    assert not Area.objects.filter(code="E9999").exists()
    assert row_counts() == before


@pytest.mark.parametrize(
    "districts",
    [
        b"Aville;Bville;Aville",  # was an IntegrityError
        b"Aville;B\xe9ville",  # Latin-1, not UTF-8: was a UnicodeDecodeError
        b"Aville;" + b"B" * 121,  # longer than the column: a DataError on PostgreSQL
    ],
)
def test_the_command_names_file_line_and_field_of_bad_places_data_and_loads_nothing(tmp_path, districts):
    # Given a new area that loads, then a new county whose districts are bad
    places = copy_data(tmp_path, PLACES_DATA, "places")
    areas = places / "areas-2008.csv"
    data = areas.read_bytes()
    line = data.count(b"\n") + 2
    areas.write_bytes(
        data + b"E9999,Testshire,unitary authority,no,North East,GONE,,\n"
        + b"E9998,Otherset,shire county,yes,North East,GONE," + districts + b",\n"
    )
    before = row_counts()
    with pytest.raises(CommandError) as caught:
        call_command("load_reference", places_dir=places, stdout=io.StringIO())
    assert f"Nothing was loaded. areas-2008.csv, line {line}, field districts: " in str(caught.value)
    assert not Area.objects.filter(code__in=["E9999", "E9998"]).exists()
    assert row_counts() == before


def test_places_150_areas_of_2008_4_successors_238_districts_9_regions():
    assert Region.objects.count() == 9
    assert Area.objects.filter(valid_from=dt.date(2008, 4, 1)).count() == 150
    successors = Area.objects.filter(valid_from=dt.date(2009, 4, 1))
    assert sorted(successors.values_list("name", flat=True)) == [
        "Bedford", "Central Bedfordshire", "Cheshire East", "Cheshire West and Chester"
    ]
    assert Area.objects.count() == 154
    assert District.objects.count() == 238
    assert sorted(Area.objects.filter(valid_to=dt.date(2009, 3, 31)).values_list("code", flat=True)) == ["E0221", "E0621"]
    assert AreaSuccession.objects.count() == 4
    kent = Area.objects.get(code="E2221")
    assert kent.two_tier and kent.districts.count() == 12 and kent.region.code == "SE"


def test_counties_that_became_unitaries_under_their_own_code_keep_their_history():
    changes = AreaChange.objects.select_related("area").order_by("area__code")
    assert [(c.area.code, c.name, c.type, c.two_tier, c.valid_from) for c in changes] == [
        ("E0820", "Cornwall", "unitary authority", False, dt.date(2009, 4, 1)),
        ("E1321", "County Durham", "unitary authority", False, dt.date(2009, 4, 1)),
        ("E2920", "Northumberland", "unitary authority", False, dt.date(2009, 4, 1)),
        ("E3221", "Shropshire", "unitary authority", False, dt.date(2009, 4, 1)),
        ("E3921", "Wiltshire", "unitary authority", False, dt.date(2009, 4, 1)),
    ]
    # The 2008 area is kept as it was: the same row, still in being, still two-tier
    durham = Area.objects.get(code="E1321")
    assert (durham.name, durham.type, durham.two_tier, durham.valid_to) == ("Durham", "shire county", True, None)
    assert not AreaSuccession.objects.filter(predecessor=durham).exists()
    assert AuditEvent.objects.filter(record_type="places.areachange", action="load-reference").count() == 5


def test_export_indicators_as_csv():
    out = io.StringIO()
    call_command("export", "indicators", format="csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 198
    required = ["department", "polarity", "unit", "data_source", "frequency",
                *(f"{f}_provenance" for f in PROVENANCE_FIELDS)]
    assert len(required) == 11
    for row in rows:
        empty = [c for c in required if not row[c]]
        assert not empty, f"{row['code']} has empty {empty}"
    assert sum(r["statutory"] == "true" for r in rows) == 16
    assert rows[0]["code"] == "NI 1"


BOOLEANS = ("deferred", "place_survey", "tellus_survey", "statutory")


def test_exported_and_api_csv_write_booleans_alike(client):
    """One form of yes/no in every CSV the service writes: "true" or "false"."""
    out = io.StringIO()
    call_command("export", "indicators", format="csv", stdout=out)
    exported = {r["code"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    served = {r["code"]: r for r in csv.DictReader(io.StringIO(
        client.get("/api/v1/indicators/", {"format": "csv"}).content.decode()))}
    assert set(exported) == set(served)
    for code, row in exported.items():
        assert {c: row[c] for c in BOOLEANS} == {c: served[code][c] for c in BOOLEANS}, code
    assert {row[c] for row in exported.values() for c in BOOLEANS} == {"true", "false"}


def test_export_indicators_as_json():
    out = io.StringIO()
    call_command("export", "indicators", format="json", stdout=out)
    items = json.loads(out.getvalue())
    assert len(items) == 198
    assert {i["code"] for i in items} == set(Indicator.objects.filter(number__isnull=False).values_list("code", flat=True))
    assert all(i["polarity"] in {"higher", "lower", "neither"} for i in items)


# ---- the rounds' dates (D10: configurable per round) ---------------------------------------


def rewrite_round(data_dir: Path, round_year: int, **changes: str) -> int:
    """Change fields of one round in a copy of rounds.csv."""
    return rewrite_row(data_dir / "rounds.csv", "year", str(round_year), **changes)


def test_the_approval_opening_day_is_read_from_the_rounds_file():
    assert Round.objects.get(year=2008).approval_opens == dt.date(2008, 6, 6)
    assert load_catalogue(actor=SYSTEM).lines() == ["nothing changed"]


def test_a_changed_approval_opening_day_updates_the_round_once_with_an_audit_event(tmp_path):
    data = copy_data(tmp_path, CATALOGUE_DATA, "catalogue")
    rewrite_round(data, 2008, approval_opens="2008-06-09")
    events = AuditEvent.objects.count()

    report = load_catalogue(data, actor=SYSTEM)

    assert report.changed == {"rounds": 1} and report.created == {}
    assert Round.objects.get(year=2008).approval_opens == dt.date(2008, 6, 9)
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == events + 1
    assert event.action == "load-reference"
    assert (event.before["approval_opens"], event.after["approval_opens"]) == ("2008-06-06", "2008-06-09")
    assert load_catalogue(data, actor=SYSTEM).lines() == ["nothing changed"]


@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        ({"approval_opens": "6 June 2008"}, "approval_opens", "'6 June 2008' is not a date (YYYY-MM-DD)"),
        ({"approval_opens": "2008-06-31"}, "approval_opens", "'2008-06-31' is not a date"),
        ({"period_end": "2007-03-31"}, "period_end", "is not after the period's start"),
        ({"year": "two thousand"}, "year", "is not a year"),
    ],
)
def test_a_malformed_round_is_refused_naming_file_line_and_field(tmp_path, changes, field, problem):
    data = copy_data(tmp_path, CATALOGUE_DATA, "catalogue")
    line = rewrite_round(data, 2008, **changes)
    before = row_counts()

    with pytest.raises(CommandError) as caught:
        call_command("load_reference", catalogue_dir=data, stdout=io.StringIO())

    assert f"Nothing was loaded. rounds.csv, line {line}, field {field}: " in str(caught.value)
    assert problem in str(caught.value)
    assert row_counts() == before
    assert Round.objects.get(year=2008).approval_opens == dt.date(2008, 6, 6)


def test_a_statutory_target_of_a_round_not_in_the_rounds_file_is_refused(tmp_path):
    data = copy_data(tmp_path, CATALOGUE_DATA, "catalogue")
    with (data / "statutory-targets.csv").open("a", encoding="utf-8") as handle:
        handle.write("2011,72,recalled\n")
    with pytest.raises(DataFileError) as caught:
        load_catalogue(data, actor=SYSTEM)
    assert (Path(caught.value.path).name, caught.value.field) == ("statutory-targets.csv", "round")
    assert "round 2011 is not in rounds.csv" in str(caught.value)


def test_the_provenance_notes_say_how_a_correction_is_made():
    """Indicators and definitions are corrected in the reviewed file, then loaded as a
    new version; they are not in the admin, and the notes must not say they are."""
    from django.contrib import admin

    from laa.catalogue.datafile import DATA_DIR
    from laa.catalogue.models import IndicatorDefinition

    notes = (DATA_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    assert "administrator can correct any field" not in notes
    assert "laa load-reference" in notes and "new definition version" in notes
    assert not admin.site.is_registered(Indicator) and not admin.site.is_registered(IndicatorDefinition), (
        "indicators are in the admin now: say so in catalogue/data/PROVENANCE.md"
    )
