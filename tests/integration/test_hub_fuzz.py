"""The importer against generated files (hypothesis): whatever comes in, either a clean
import or a refusal that names rows (or says why the whole file cannot be read), and
never a half-write or an exception."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laa.hub.importing import import_file
from laa.hub.models import LedgerEntry, Observation
from laa.permissions import SystemActor

SYSTEM = SystemActor("a test")  # what a command acts as

COLUMNS = ["indicator", "area", "period", "value", "status", "numerator", "denominator", "group", "district",
           "ci_lower", "ci_upper", "sample_size", "colour"]
CELLS = {
    "indicator": st.sampled_from(["NI 20", "NI 1", "ni16", "NI 47", "NI 999", "", "NI 20\x00", "20"]),
    "area": st.sampled_from(["E0101", "E0102", "E2221", "e2221", "X1", ""]),
    "period": st.sampled_from(["2008/09", "2008/09 Q1", "2009/10", "Place Survey 2008", "AY 2008/09", "2008",
                               "2008/10", "", "soon"]),
    "value": st.one_of(st.sampled_from(["12.5", "0", "-1", "1e5", "x", "", "100", "1,234.56", "101"]),
                       st.decimals(min_value=-10, max_value=1000, places=3).map(str)),
    "status": st.sampled_from(["", "final", "provisional", "suppressed", "maybe"]),
    "numerator": st.sampled_from(["", "5", "5.5"]),
    "denominator": st.sampled_from(["", "10", "0"]),
    "group": st.sampled_from(["", "all", "sex:female", "age:16-24", "colour:red"]),
    "district": st.sampled_from(["", "Dover", "Nowhere"]),
    "ci_lower": st.sampled_from(["", "10"]),
    "ci_upper": st.sampled_from(["", "90", "5"]),
    "sample_size": st.sampled_from(["", "1000", "0"]),
    "colour": st.sampled_from(["", "red"]),
    "*": st.text(max_size=12),
}


@st.composite
def files(draw):
    columns = draw(st.lists(st.sampled_from(COLUMNS), min_size=0, max_size=8, unique=True))
    if draw(st.booleans()):
        columns = ["indicator", "area", "period", "value", *[c for c in columns if c not in
                                                              ("indicator", "area", "period", "value")]]
    rows = draw(st.lists(
        st.lists(st.one_of(*(CELLS[c] for c in columns)) if columns else st.just(""), min_size=0,
                 max_size=len(columns) + 1) if not draw(st.booleans()) else
        st.tuples(*(CELLS[c] for c in columns)).map(list),
        max_size=8,
    ))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8", errors="surrogatepass")
    mangle = draw(st.sampled_from(["none", "none", "truncate", "bytes", "bom"]))
    if mangle == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif mangle == "bytes":
        data += draw(st.binary(max_size=20))
    elif mangle == "bom":
        data = b"\xef\xbb\xbf" + data
    return data


@pytest.mark.django_db
@given(data=files(), name=st.sampled_from(["values.csv", "values.csv", "values.xlsx", "values.json"]))
def test_any_file_gives_a_clean_import_or_a_refusal_naming_rows(data, name):
    before = Observation.objects.count(), LedgerEntry.objects.count()
    report = import_file(actor=SYSTEM, name=name, stream=io.BytesIO(data), size=len(data))
    after = Observation.objects.count(), LedgerEntry.objects.count()
    if report.accepted:
        assert report.written
        assert after[0] == before[0] + report.created + report.changed
        assert after[1] == before[1] + 1
    else:
        assert after == before, "a refused file wrote something"
        assert report.refused or all(r.row >= 2 and r.column and r.reason for r in report.rejections)
        assert report.refused or report.rejections


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet>" + " " * (19 * 1024 * 1024) + "</worksheet>")
    return out.getvalue()


@pytest.mark.django_db
def test_a_compressed_bomb_is_refused_before_it_is_unpacked():
    data = zip_bomb()
    report = import_file(actor=SYSTEM, name="values.xlsx", stream=io.BytesIO(data), size=len(data))
    assert "decompression bomb" in report.refused and not report.written


@pytest.mark.django_db
def test_a_huge_file_is_refused_by_its_size_before_it_is_read():
    class Endless(io.BytesIO):
        def read(self, *args):
            raise AssertionError("read before the size was checked")

    report = import_file(actor=SYSTEM, name="values.csv", stream=Endless(), size=10**10)
    assert "larger than" in report.refused
