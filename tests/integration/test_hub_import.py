"""Importing values into the hub: checked whole, written all or nothing, idempotent,
recorded in the ledger (issue 11)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from laa.audit.models import AuditEvent
from laa.hub.importing import KEY_COLUMNS, import_file, import_json
from laa.hub.models import LedgerEntry, Observation
from laa.permissions import SystemActor

SYSTEM = SystemActor("a test")  # what a command acts as

KENT = "E2221"
HEADER = "indicator,area,period,value,status,numerator,denominator\n"


def run(text: str | bytes, name: str = "values.csv", actor=SYSTEM, dry_run: bool = False):
    data = text.encode() if isinstance(text, str) else text
    return import_file(actor=actor, name=name, stream=io.BytesIO(data), size=len(data), dry_run=dry_run)


def rows_of(report):
    return [(r.row, r.column) for r in report.rejections]


@pytest.mark.django_db
def test_a_clean_file_is_written_with_its_ledger_entry_and_again_changes_nothing():
    text = HEADER + "NI 20,E0101,2008/09,12.34,final,,\nNI 20,E0102,2008/09 Q1,3.5,provisional,,\n"
    dry = run(text, dry_run=True)
    assert (dry.created, dry.changed, dry.unchanged, dry.rejected, dry.written) == (2, 0, 0, 0, False)
    assert not Observation.objects.exists()

    first = run(text)
    assert first.accepted and first.written and first.created == 2
    entry = LedgerEntry.objects.get(pk=first.ledger_id)
    assert (entry.by_label, entry.file_name, entry.rows, entry.created) == ("system", "values.csv", 2, 2)
    assert entry.observations.count() == 2
    assert AuditEvent.objects.filter(action="hub.import", record_id=str(entry.pk)).exists()
    value = Observation.objects.get(area__code="E0101")
    assert (value.value, value.period, value.period_kind, value.supplier, value.status) == (
        Decimal("12.34"), "2008/09", "financial_year", "HO", "final")

    again = run(text)
    assert (again.created, again.changed, again.unchanged) == (0, 0, 2)
    assert Observation.objects.count() == 2


@pytest.mark.django_db
def test_a_correction_supersedes_and_the_earlier_value_stays_readable():
    run(HEADER + "NI 20,E0101,2008/09,12.34,provisional,,\n")
    corrected = run("indicator,area,period,value,reason\nNI 20,E0101,2008/09,12.5,Late returns counted\n")
    assert (corrected.created, corrected.changed) == (0, 1)
    earlier, later = Observation.objects.order_by("id")
    assert later.replaces == earlier and earlier.replaced_by == later
    assert later.reason == "Late returns counted"
    assert list(Observation.objects.current()) == [later]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "row", "column", "says"),
    [
        (HEADER + "NI 999,E0101,2008/09,1,,,\n", 2, "indicator", "not an indicator"),
        (HEADER + "NI 20,X9999,2008/09,1,,,\n", 2, "area", "not an area"),
        (HEADER + "NI 20,E0101,AY 2008/09,1,,,\n", 2, "period", "not a period NI 20 reports"),
        (HEADER + "NI 20,E0101,2008/10,1,,,\n", 2, "period", "do not follow"),
        (HEADER + "NI 20,E0101,2008/09,-1,,,\n", 2, "value", "cannot be negative"),
        (HEADER + "NI 20,E0101,2008/09,1.234,,,\n", 2, "value", "decimal places"),
        (HEADER + "NI 20,E0101,2008/09,lots,,,\n", 2, "value", "must be a number"),
        (HEADER + "NI 20,E0101,2008/09,1,,,\nNI 20,E0101,2008/09,2,,,\n", 3, KEY_COLUMNS, "repeats row 2"),
        (HEADER + "NI 20,E0101,2008/09,1,,,,extra\n", 2, "(extra cells)", "cells under"),
        ("indicator,area,period,value,group\nNI 20,E0101,2008/09,1,sex:female\n", 2, "group",
         "not broken down by sex"),
    ],
)
def test_bad_rows_are_refused_by_row_and_column_and_nothing_is_written(text, row, column, says):
    report = run(text)
    assert not report.written and not Observation.objects.exists()
    assert any(r.row == row and r.column == column and says in r.reason for r in report.rejections), report.rejections


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("values.csv", b"", "empty"),
        ("values.csv", b"area,period,value\n", "lacks the column indicator"),
        ("values.csv", b"indicator,area,period,value,colour\n", "not a column the hub reads"),
        ("values.csv", HEADER.encode(), "no values"),
        ("values.xlsx", HEADER.encode(), "not an XLSX workbook"),
        ("values.csv", b"PK\x03\x04rest", "zip archive"),
        ("values.txt", b"x", "must be named .csv, .xlsx or .json"),
        ("values.csv", (HEADER + "NI 20,E0101,2008/09,1,,,\n").encode("utf-16"), "binary data"),
        ("values.csv", b"indicator,area,period,value\n\xff\xfe,E0101,2008/09,1\n", "not UTF-8"),
        ("values.json", b"{not json", "not JSON"),
    ],
)
def test_files_that_cannot_be_read_are_refused_whole(name, data, says):
    report = run(data, name=name)
    assert says in report.refused and not report.written


@pytest.mark.django_db
def test_a_header_scoped_file_declares_the_indicator_and_period_once():
    text = "indicator,NI 20\nperiod,2008/09\nsupplier,HO\n\narea,value\nE0101,1.5\nE0102,2.5\n"
    report = run(text)
    assert report.accepted and report.created == 2
    assert set(Observation.objects.values_list("area__code", "value")) == {("E0101", Decimal("1.5")),
                                                                          ("E0102", Decimal("2.5"))}


@pytest.mark.django_db
def test_a_workbook_and_json_import_like_csv():
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "area", "period", "value"])
    sheet.append(["NI 20", "E0101", "2008/09", 12.5])
    out = io.BytesIO()
    book.save(out)
    assert run(out.getvalue(), name="values.xlsx").created == 1
    body = b'[{"indicator": "NI 20", "area": "E0102", "period": "2008/09", "value": 3.25}]'
    report = import_json(actor=SYSTEM, name="api", body=body)
    assert report.created == 1 and Observation.objects.get(area__code="E0102").value == Decimal("3.25")


@pytest.mark.django_db
def test_the_supplier_rule_refuses_a_value_from_the_wrong_supplier(user_for):
    officer = user_for("partnership_officer")
    report = run(HEADER + "NI 20,E0101,2008/09,1,,,\n", actor=officer)
    assert rows_of(report) == [(2, "indicator")]
    assert "NI 20 is supplied by HO, not by the area" in report.rejections[0].reason


@pytest.mark.django_db
def test_a_district_value_beside_its_areas_and_a_header_scoped_workbook():
    text = ("indicator,area,district,period,value\nNI 192,E2221,,2008/09,38.5\nNI 192,E2221,Dover,2008/09,41.2\n"
            "NI 192,E2221,Dover,2009/10,40.0\n")
    report = run(text)
    assert report.created == 3, report.rejections
    assert Observation.objects.filter(district__name="Dover").count() == 2
    refused = run("indicator,area,district,period,value\nNI 20,E2221,Dover,2008/09,1\nNI 192,E2221,Paris,2008/09,1\n")
    assert [(r.row, r.column) for r in refused.rejections] == [(2, "district"), (3, "district")]

    book = Workbook()
    sheet = book.active
    for row in (["indicator", "NI 20"], ["period", "2009/10"], [], ["area", "value"], ["E0101", 4], ["E0102", 5.5]):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    assert run(out.getvalue(), name="ho.xlsx").created == 2
