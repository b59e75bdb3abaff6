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
