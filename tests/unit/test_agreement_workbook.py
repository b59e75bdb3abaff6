"""The agreement as an XLSX workbook: round trips, the template, and problems that name
the sheet, row and column."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from laa.domain.agreement_file import AgreementFile, AgreementFileError
from laa.domain.agreement_workbook import (
    AgreementWorkbookError,
    agreement_workbook_template,
    read_agreement_workbook,
    write_agreement_workbook,
)
from laa.domain.composition import (
    AgreementDraft,
    Baseline,
    Consultation,
    PartnerSignUp,
    Reward,
    RewardSubTarget,
    Scope,
    TargetDraft,
)
from tests.unit.agreement_builders import full_agreement

Edit = Callable[[Workbook], None]


def example() -> AgreementFile:
    target = TargetDraft(
        key="crime",
        indicator="NI 16",
        category="designated",
        outcome="safer",
        scope=Scope(("Norton", "Billingham (east)"), "over-65s"),
        baseline=Baseline(D("18.2"), "2007/08", "iQuanta", D("17.1"), D("19.3"), 1100),
        yearly={"2008/09": D("17.5"), "2009/10": D("16.9"), "2010/11": D("16.0")},
        relative_to="=the regional rate",  # not a formula
        partners=(
            PartnerSignUp("Cleveland Police Authority", "have_regard", lead=True),
            PartnerSignUp("Residents (Norton) Forum", "voluntary"),
        ),
        reward=Reward(D("17.8"), D("16.0"), D(2), (
            RewardSubTarget("Norton", D("20.1"), D("18.5"), D("0.5")),
            RewardSubTarget("Billingham", D("0.1000000000000000055511151231257827"), D(0),
                            D("0.5")),
        )),
        delivery_plan="Safer Stockton plan\nsection 3",
    )
    draft = full_agreement(3, 0, 2)
    return AgreementFile(
        AgreementDraft(**{**draft.__dict__, "targets": (target, *draft.targets)}),
        metadata={"exported_by": "Stockton LSP"},
    )


def edited(agreement: AgreementFile, edit: Edit) -> bytes:
    book = load_workbook(io.BytesIO(write_agreement_workbook(agreement)))
    edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def column_of(book: Workbook, sheet: str, header: str) -> str:
    for cell in book[sheet][1]:
        if cell.value == header:
            return str(cell.column_letter)
    raise KeyError(header)


def set_cell(sheet: str, header: str, row: int, value: Any, number_format: str = "") -> Edit:
    def edit(book: Workbook) -> None:
        cell = book[sheet][f"{column_of(book, sheet, header)}{row}"]
        cell.value = value
        if number_format:
            cell.number_format = number_format

    return edit


def test_round_trips() -> None:
    agreement = example()
    assert read_agreement_workbook(write_agreement_workbook(agreement)) == agreement
    draft = full_agreement()
    assert read_agreement_workbook(write_agreement_workbook(draft)).draft == draft


def test_reads_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "agreement.xlsx"
    path.write_bytes(write_agreement_workbook(example()))
    assert read_agreement_workbook(path) == example()
    with path.open("rb") as stream:
        assert read_agreement_workbook(stream) == example()


def test_layout() -> None:
    book = load_workbook(io.BytesIO(write_agreement_workbook(example())))
    assert book.sheetnames == ["Agreement", "Outcomes", "Targets", "RewardSubTargets", "Consultations"]
    targets = book["Targets"]
    headers = [cell.value for cell in targets[1]]
    assert headers[:4] == ["Key", "Indicator", "Category", "Outcome"]
    assert {"2008/09", "2009/10", "2010/11", "Partners", "Delivery plan"} <= set(headers)
    row = {header: cell.value for header, cell in zip(headers, targets[2], strict=False)}
    assert row["Partners"] == (
        "Cleveland Police Authority (have_regard, lead); Residents (Norton) Forum (voluntary)"
    )
    assert row["Sub-areas"] == "Norton; Billingham (east)"
    assert row["Relative to"] == "=the regional rate"
    assert targets["B2"].data_type == "s"
    agreement_rows = {row[0].value: row[1].value for row in book["Agreement"].iter_rows()}
    assert agreement_rows["format"] == "laa-agreement/1"
    assert agreement_rows["metadata.exported_by"] == "Stockton LSP"


def test_the_template_is_an_empty_agreement() -> None:
    agreement = read_agreement_workbook(agreement_workbook_template("E2221", 2009))
    assert agreement.draft == AgreementDraft(
        "E2221", 2009, period_start="2009/10", period_end="2011/12"
    )


def test_friendly_cells_are_read() -> None:
    """What Excel does to typed values: 17.5% kept as 0.175, 2008/09 made a date,
    numbers typed as text, yes/no, headers in another case."""
    data = edited(example(), lambda book: [
        set_cell("Targets", "Baseline value", 2, 0.182, "0.0%")(book),
        set_cell("Targets", "2008/09", 1, datetime(2008, 9, 1))(book),
        set_cell("Targets", "2009/10", 2, " 16.90 ")(book),
        set_cell("Targets", "2010/11", 2, "1,016.0")(book),
        set_cell("Targets", "Sample size", 2, 1100.0)(book),
        set_cell("Targets", "Partners", 2, "Cleveland Police Authority (Have Regard, Lead)")(book),
        set_cell("Targets", "Delivery plan", 1, "DELIVERY_PLAN")(book),
        book["Agreement"].__setitem__("B5", "no"),
    ])
    agreement = read_agreement_workbook(data)
    target = agreement.draft.targets[0]
    assert target.baseline.value == D("18.2")
    assert target.yearly == {"2008/09": D("17.5"), "2009/10": D("16.90"),
                             "2010/11": D("1016.0")}
    assert target.baseline.sample_size == 1100
    assert target.partners == (PartnerSignUp("Cleveland Police Authority", "have_regard", True),)
    assert agreement.draft.education_responsibility is False
    assert target.delivery_plan == "Safer Stockton plan\nsection 3"


def test_direction_of_travel_has_its_column_and_older_workbooks_read() -> None:
    """A Place Survey target's direction of travel in the non-survey year (D7) travels in
    its own column; a workbook written before the column existed still reads."""
    agreement = AgreementFile(full_agreement(8, 0, 1))
    survey = next(i for i, t in enumerate(agreement.draft.targets) if t.indicator == "NI 1")
    book = load_workbook(io.BytesIO(write_agreement_workbook(agreement)))
    column = column_of(book, "Targets", "Direction of travel")
    row = survey + 2
    assert book["Targets"][f"{column}{row}"].value == "Quarterly perception panel in 2009/10"
    read = read_agreement_workbook(edited(agreement, set_cell("Targets", "Direction of travel",
                                                               row, "Focus groups")))
    assert read.draft.targets[survey].direction_of_travel == "Focus groups"

    def drop(book: Workbook) -> None:
        book["Targets"].delete_cols(book["Targets"][f"{column}1"].column)

    older = read_agreement_workbook(edited(agreement, drop))
    assert {t.direction_of_travel for t in older.draft.targets} == {""}
    assert older.draft.targets[0] == agreement.draft.targets[0]


def test_criteria_and_consultation_dates_are_read() -> None:
    """Criteria typed in another case; a consultation's date typed as an Excel date."""
    def edit(book: Workbook) -> None:
        set_cell("Outcomes", "Criteria", 2, "Cross cutting; challenging ;")(book)
        book["Consultations"].append(["Parish councils", datetime(2008, 1, 15), None])
        book["Consultations"].append(["Youth council", "2008-02-01", "More buses"])

    draft = read_agreement_workbook(edited(example(), edit)).draft
    assert draft.outcomes[0].criteria == ("challenging", "cross_cutting")
    assert draft.consultations == (Consultation("Parish councils", "2008-01-15"),
                                   Consultation("Youth council", "2008-02-01", "More buses"))


def _problem(data: bytes) -> list[str]:
    with pytest.raises(AgreementWorkbookError) as caught:
        read_agreement_workbook(data)
    assert isinstance(caught.value, AgreementFileError)
    return [str(problem) for problem in caught.value.problems]


PROBLEMS: list[tuple[Edit, str]] = [
    (set_cell("Targets", "Baseline value", 2, "abc"),
     'sheet Targets, row 2, column G (Baseline value): expected a number, got "abc"'),
    (set_cell("Targets", "Category", 3, "designatd"),
     'sheet Targets, row 3, column C (Category): expected one of "designated", "statutory", '
     '"local", got "designatd"'),
    (set_cell("Targets", "Indicator", 4, None),
     "sheet Targets, row 4, column B (Indicator): expected text, got nothing"),
    (set_cell("Targets", "Partners", 2, "Police (lead, regard)"),
     "sheet Targets, row 2, column T (Partners): 'regard' after 'Police' is not have_regard"),
    (set_cell("Targets", "Sample size", 2, "many"),
     'sheet Targets, row 2, column L (Sample size): expected a whole number, got "many"'),
    (set_cell("Targets", "Reward stretched", 2, None),
     "sheet Targets, row 2, column V (Reward stretched): expected a number, got nothing"),
    (set_cell("Targets", "Delivery plan", 1, "Notes"),
     "sheet Targets, row 1, column X: unknown column 'Notes'"),
    (set_cell("Targets", "Outcome", 1, "Priority"),
     "sheet Targets, row 1, column D: unknown column 'Priority'"),
    (set_cell("Outcomes", "Title", 3, None),
     "sheet Outcomes, row 3, column B (title): expected text, got nothing"),
    (set_cell("RewardSubTargets", "Stretched", 2, "lots"),
     'sheet RewardSubTargets, row 2, column D (stretched): expected a number, got "lots"'),
    (set_cell("RewardSubTargets", "Target key", 3, "nobody"),
     "sheet RewardSubTargets, row 3: no target with key 'nobody' and a reward"),
    (lambda book: book["Agreement"].__setitem__("B4", "2008.5"),
     "sheet Agreement, row 4, column B (round): expected a whole number, got the number 2008.5"),
    (lambda book: book["Agreement"].__setitem__("A9", "colour"),
     "sheet Agreement, row 9, column A: unknown field 'colour'"),
    (lambda book: book.remove(book["Outcomes"]), "workbook: the sheet 'Outcomes' is missing"),
    (lambda book: book["Consultations"].append(["Parish councils", "15/01/2008"]),
     'sheet Consultations, row 2, column B (Held on): expected a date such as 2008-01-15, got '
     '"15/01/2008"'),
    (set_cell("Outcomes", "Criteria", 2, "popular"),
     'sheet Outcomes, row 2, column E (criteria): expected one of "important_to_vision"'),
]


@pytest.mark.parametrize(("edit", "expected"), PROBLEMS, ids=[p[1][:60] for p in PROBLEMS])
def test_problems_name_sheet_row_and_column(edit: Edit, expected: str) -> None:
    found = _problem(edited(example(), edit))
    assert any(problem.startswith(expected) for problem in found), found


def test_not_a_workbook() -> None:
    assert _problem(b"not a workbook")[0].startswith("the file is not an XLSX workbook")


@pytest.mark.parametrize(
    "target",
    [
        TargetDraft("k", "NI 16", "local", "o", partners=(PartnerSignUp("A; B"),)),
        TargetDraft("k", "NI 16", "local", "o", scope=Scope((" Norton",))),
    ],
)
def test_names_a_cell_list_cannot_hold_are_refused(target: TargetDraft) -> None:
    with pytest.raises(AgreementWorkbookError, match="cannot be written"):
        write_agreement_workbook(AgreementDraft("E1", 2008, targets=(target,)))
