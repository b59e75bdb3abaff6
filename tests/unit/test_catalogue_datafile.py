"""The catalogue's data files: the shipped ones are well formed, and a malformed one
is refused with its file, line and field named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from laa.catalogue.datafile import (
    DATA_DIR,
    DataFileError,
    read_departments,
    read_indicators,
    read_statutory,
)


def test_shipped_files_hold_198_indicators_each_with_every_field():
    departments = {d.code for d in read_departments()}
    indicators = read_indicators(departments=departments)
    assert len(indicators) == 198
    assert 31 not in {i.number for i in indicators}
    for row in indicators:
        assert row.department in departments
        assert row.polarity and row.unit and row.data_source and row.frequency
        assert set(row.provenance) == {"title", "department", "polarity", "unit", "data_source", "frequency"}
    assert sum(i.place_survey for i in indicators) == 18
    statutory = read_statutory(numbers={i.number for i in indicators})
    assert len(statutory) == 16


def _copy_with(tmp_path: Path, find: str, replace: str) -> Path:
    target = tmp_path / "national-indicators.csv"
    shutil.copy(DATA_DIR / "national-indicators.csv", target)
    text = target.read_text(encoding="utf-8")
    assert find in text
    target.write_text(text.replace(find, replace, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("find", "replace", "line", "field", "problem"),
    [
        ("\n2,", "\nx2,", 3, "ni", "'x2' is not an indicator number"),
        ("\n2,", "\n1,", 3, "ni", "NI 1 appears twice"),
        (",higher,", ",upwards,", 2, "polarity", "'upwards' is not one of"),
        (",percentage,", ",furlongs,", 2, "unit", "'furlongs' is not one of"),
        (",biennial,", ",weekly,", 2, "frequency", "'weekly' is not one of"),
        (",2008/09,", ",2012/13,", 2, "first_year", "'2012/13' is not one of"),
    ],
)
def test_malformed_indicator_file_names_line_and_field(tmp_path, find, replace, line, field, problem):
    path = _copy_with(tmp_path, find, replace)
    with pytest.raises(DataFileError) as caught:
        read_indicators(path)
    error = caught.value
    assert (error.line, error.field) == (line, field)
    assert problem in error.problem
    assert f"national-indicators.csv, line {line}, field {field}" in str(error)


def test_missing_column_is_named(tmp_path):
    path = tmp_path / "national-indicators.csv"
    path.write_text("ni,title\n1,Something\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="line 1, field annex: the header lacks"):
        read_indicators(path)


def test_unknown_department_is_refused(tmp_path):
    path = _copy_with(tmp_path, ",CLG,", ",XYZ,")
    with pytest.raises(DataFileError, match="field department: 'XYZ' is not in departments.csv"):
        read_indicators(path, departments={"CLG"})


# --- bytes that are not UTF-8, and values longer than their column -------------------

def _copy_bytes(tmp_path: Path, source: Path, find: bytes, replace: bytes) -> Path:
    target = tmp_path / source.name
    data = source.read_bytes()
    assert find in data
    target.write_bytes(data.replace(find, replace, 1))
    return target


def test_a_byte_that_is_not_utf8_names_its_line_and_field(tmp_path):
    # "Serious acquisitive crime rate" (NI 16, line 17) saved as Windows-1252: "crime" -> "cr\xefme"
    path = _copy_bytes(tmp_path, DATA_DIR / "national-indicators.csv",
                       b"Serious acquisitive crime rate", b"Serious acquisitive cr\xefme rate")
    with pytest.raises(DataFileError) as caught:
        read_indicators(path)
    error = caught.value
    assert (error.line, error.field) == (17, "title")
    assert "not UTF-8" in error.problem and "0xEF" in error.problem
    assert str(error).startswith("national-indicators.csv, line 17, field title: is not UTF-8")


def test_a_byte_that_is_not_utf8_in_the_header_is_line_1(tmp_path):
    path = tmp_path / "departments.csv"
    path.write_bytes(b"code,name,prov\xe9nance\nHO,Home Office,recalled\n")
    with pytest.raises(DataFileError, match=r"departments.csv, line 1, field .*: is not UTF-8"):
        read_departments(path)


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "departments.csv"
    path.write_bytes("\ufeffcode,name,provenance\nHO,Home Office,recalled\n".encode())
    assert [d.code for d in read_departments(path)] == ["HO"]


def test_an_overlong_title_names_its_line_and_field(tmp_path):
    path = _copy_bytes(tmp_path, DATA_DIR / "national-indicators.csv",
                       b"Serious acquisitive crime rate", b"S" * 401)
    with pytest.raises(DataFileError, match="line 17, field title: is 401 characters long; at most 400 fit"):
        read_indicators(path)


@pytest.mark.parametrize(("row", "field"), [("HOMEOFFICE,Home Office,recalled", "code"),
                                            (f"HO,{'H' * 121},recalled", "name")])
def test_an_overlong_department_is_refused(tmp_path, row, field):
    path = tmp_path / "departments.csv"
    path.write_text(f"code,name,provenance\n{row}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=f"line 2, field {field}: is \\d+ characters long"):
        read_departments(path)


# --- the places files ---------------------------------------------------------------

AREAS_HEADER = "clg_code,name,type,two_tier,region,government_office,districts,change_1_april_2009\n"


def _read_areas(tmp_path: Path, body: bytes):
    from laa.places.reference import read_areas

    path = tmp_path / "areas-2008.csv"
    path.write_bytes(AREAS_HEADER.encode() + body)
    return read_areas(path, {"South East"})


def test_a_district_twice_in_one_county_is_refused(tmp_path):
    with pytest.raises(DataFileError, match="areas-2008.csv, line 3, field districts: Dover appears twice"):
        _read_areas(tmp_path, b"E0101,Bath,unitary authority,no,South East,GOSE,,\n"
                              b"E2221,Kent,shire county,yes,South East,GOSE,Ashford;Dover; Dover,\n")


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (b"E2221,Kent,shire county,yes,South East,GOSE,Ashford;Dov\xe8r,\n", "districts"),
        (b"E2221,K\x92ent,shire county,yes,South East,GOSE,Ashford,\n", "name"),
        (b"E2221XXXXXXXX,Kent,shire county,yes,South East,GOSE,Ashford,\n", "clg_code"),
        (b"E2221," + b"K" * 121 + b",shire county,yes,South East,GOSE,Ashford,\n", "name"),
        (b"E2221,Kent,shire county,yes,South East,GOSE,Ashford;" + b"D" * 121 + b",\n", "districts"),
        (b"E2221,Kent,shire county,yes,South East,GOSE,Ashford," + b"c" * 301 + b"\n", "change_1_april_2009"),
    ],
)
def test_a_bad_area_row_names_its_line_and_field(tmp_path, row, field):
    with pytest.raises(DataFileError) as caught:
        _read_areas(tmp_path, row)
    assert (Path(caught.value.path).name, caught.value.line, caught.value.field) == ("areas-2008.csv", 2, field)


def test_an_overlong_region_or_successor_is_refused(tmp_path):
    from laa.places.reference import read_regions, read_successors

    regions = tmp_path / "regions.csv"
    regions.write_text("code,name,government_office,short_name\nSEAST,South East,GOSE,SE\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="regions.csv, line 2, field code: is 5 characters long"):
        read_regions(regions)
    successors = tmp_path / "successors-2009.csv"
    successors.write_text(
        "predecessor,successor_code,successor_name,successor_type,effective,note\n"
        f"E0221,E0202,Bedford,unitary authority,2009-04-01,{'n' * 301}\n", encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="successors-2009.csv, line 2, field note: is 301 characters long"):
        read_successors(successors, {"E0221"})


@pytest.mark.parametrize("year", ["20o8", "99999999"])
def test_a_statutory_round_that_is_not_a_year_is_refused(tmp_path, year):
    # A year that does not fit the column would be a DataError on PostgreSQL.
    path = tmp_path / "statutory-targets.csv"
    path.write_text(f"round,ni,provenance\n{year},72,recalled\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=f"line 2, field round: '{year}' is not a year"):
        read_statutory(path)
