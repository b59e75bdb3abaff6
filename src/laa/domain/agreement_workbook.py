"""The agreement as an XLSX workbook, for partnerships that draft in a spreadsheet.

Sheets:
- `Agreement`: one field per row (field, value): format, area, round, ...; `metadata.<name>`
  rows carry the file's metadata.
- `Outcomes`: one outcome per row; the selection criteria met in one cell, as ids
  separated by `;`.
- `Targets`: one target per row; a column per year ("2008/09", ...); partners in one cell as
  `Name (have_regard, lead); Other name (voluntary)`; sub-areas separated by `;`.
- `RewardSubTargets`: the sub-targets of reward targets, by target key (optional).
- `Consultations`: one consultation per row: consultee, date held (2008-01-15), summary
  (optional).

The workbook reads into the same plain data as the agreement file and is checked by the
same JSON Schema, so `read_agreement_workbook(write_agreement_workbook(x)) == x`. Problems
raise `AgreementWorkbookError`, each naming the sheet, row and column.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import ParseError
from zipfile import BadZipFile

from defusedxml import DefusedXmlException
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError, InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from laa.domain.agreement_file_data import FORMAT, AgreementFile
from laa.domain.agreement_file_schema import FileProblem
from laa.domain.agreement_workbook_layout import (
    AGREEMENT,
    CONSULTATION_COLUMNS,
    CONSULTATIONS,
    DATE,
    NONE_SET,
    OMISSION_COLUMNS,
    OMISSIONS,
    OUTCOME_COLUMNS,
    OUTCOMES,
    SUB_TARGET_COLUMNS,
    SUB_TARGETS,
    TARGET_COLUMNS_AFTER_YEARS,
    TARGET_COLUMNS_BEFORE_YEARS,
    TARGETS,
    YEAR,
    AgreementWorkbookError,
)
from laa.domain.agreement_workbook_reader import WorkbookReader
from laa.domain.composition import AgreementDraft, TargetDraft, default_period
from laa.domain.input_limits import LimitExceeded, cut
from laa.domain.workbook_guard import guard_workbook

__all__ = [
    "AgreementWorkbookError",
    "agreement_workbook_template",
    "read_agreement_workbook",
    "write_agreement_workbook",
]


def read_agreement_workbook(source: bytes | str | Path | IO[bytes]) -> AgreementFile:
    """Read an agreement workbook (bytes, a path or a binary file)."""
    if isinstance(source, str | Path):
        source = Path(source).read_bytes()
    stream: Any = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        guard_workbook(stream)  # before openpyxl unpacks anything
    except LimitExceeded as error:
        raise AgreementWorkbookError(
            [FileProblem("", f"the workbook cannot be read: {error}")]
        ) from None
    stream.seek(0)
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError, ParseError,
            DefusedXmlException) as error:
        raise AgreementWorkbookError(
            [FileProblem("", f"the file is not an XLSX workbook ({cut(error, 200)})")]
        ) from None
    try:
        return WorkbookReader(book).read()
    except (BadZipFile, KeyError, ParseError, DefusedXmlException) as error:
        raise AgreementWorkbookError(
            [FileProblem("", f"the workbook cannot be read ({cut(error, 200)})")]
        ) from None
    finally:
        book.close()


# --- Writing --------------------------------------------------------------------------------


def write_agreement_workbook(agreement: AgreementDraft | AgreementFile) -> bytes:
    """The agreement as an XLSX workbook (bytes)."""
    if isinstance(agreement, AgreementDraft):
        agreement = AgreementFile(agreement)
    draft = agreement.draft
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = AGREEMENT
    rows: list[list[Any]] = [
        ["format", FORMAT], ["area", draft.area], ["round", draft.round],
        ["education_responsibility", draft.education_responsibility],
        ["period_start", draft.period_start], ["period_end", draft.period_end],
        ["story_of_place", draft.story_of_place], ["evidence", draft.evidence],
        ["sustainability_assessed", draft.sustainability_assessed],
        ["equality_assessed", draft.equality_assessed],
    ]
    rows += [[f"metadata.{name}", value] for name, value in agreement.metadata.items()]
    _fill(sheet, ["Field", "Value"], rows, widths=[26, 100])

    _fill(
        book.create_sheet(OUTCOMES),
        [header for _, header in OUTCOME_COLUMNS],
        [[o.id, o.title, o.theme, o.evidence, "; ".join(o.criteria), o.assessment]
         for o in draft.outcomes],
        widths=[16, 40, 24, 60, 40, 60],
    )

    years = sorted(set(draft.years).union(*(t.yearly for t in draft.targets),
                                          *(t.none_set for t in draft.targets)))
    headers = [h for _, h in TARGET_COLUMNS_BEFORE_YEARS] + years
    headers += [h for _, h in TARGET_COLUMNS_AFTER_YEARS]
    target_sheet = book.create_sheet(TARGETS)
    _fill(target_sheet, headers, [_target_row(t, years) for t in draft.targets], widths=[18] * 4)
    categories = DataValidation(type="list", formula1='"designated,statutory,local"')
    categories.add(f"C2:C{max(len(draft.targets) + 1, 500)}")
    target_sheet.add_data_validation(categories)

    sub_rows = [
        [t.key, s.label, _number_cell(s.without_reward), _number_cell(s.stretched),
         _number_cell(s.share)]
        for t in draft.targets if t.reward is not None
        for s in t.reward.sub_targets
    ]
    _fill(book.create_sheet(SUB_TARGETS), [h for _, h in SUB_TARGET_COLUMNS], sub_rows)

    _fill(
        book.create_sheet(CONSULTATIONS),
        [h for _, h in CONSULTATION_COLUMNS],
        [[c.consultee, c.held_on, c.summary] for c in draft.consultations],
        widths=[40, 14, 80],
    )
    if draft.statutory_omissions:
        _fill(
            book.create_sheet(OMISSIONS),
            [h for _, h in OMISSION_COLUMNS],
            [[o.indicator, o.agreed_on, o.reason] for o in draft.statutory_omissions],
            widths=[14, 20, 80],
        )

    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def agreement_workbook_template(area: str = "", round_year: int = 2008) -> bytes:
    """An empty workbook with every sheet and column, to fill in."""
    start, end = default_period(round_year)
    return write_agreement_workbook(
        AgreementDraft(area=area, round=round_year, period_start=start, period_end=end)
    )


def _fill(
    sheet: Any, headers: list[str], rows: list[list[Any]], widths: Sequence[int] = ()
) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            try:
                cell = sheet.cell(row=row_number, column=column, value=value)
            except IllegalCharacterError:
                raise AgreementWorkbookError([FileProblem(
                    "", "contains a character a workbook cannot hold",
                    location=f"sheet {sheet.title}, row {row_number}, column "
                    f"{get_column_letter(column)} ({headers[column - 1]})",
                )]) from None
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, even if it starts with "="
                if YEAR.match(value) or DATE.match(value) or "\n" in value:
                    cell.number_format = "@"


def _number_cell(value: Decimal | None) -> float | int | str | None:
    """A number as Excel holds it when that is exact, else as text (read back exactly)."""
    if value is None:
        return None
    if value == value.to_integral_value() and abs(value) < 2**53:
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else str(value)


def _joined(names: tuple[str, ...], what: str, key: str) -> str:
    for name in names:
        if ";" in name or name != name.strip() or not name:
            raise AgreementWorkbookError([FileProblem(
                "", f"the {what} {name!r} of target {key!r} cannot be written to a workbook "
                "cell (no ';', no spaces at either end)", location=f"sheet {TARGETS}",
            )])
    return "; ".join(names)


def _target_row(t: TargetDraft, years: list[str]) -> list[Any]:
    b, reward, placeholder = t.baseline, t.reward, t.placeholder
    _joined(tuple(p.organisation for p in t.partners), "partner", t.key)
    partners = "; ".join(
        f"{p.organisation} ({', '.join(filter(None, (p.duty, 'lead' if p.lead else '')))})"
        for p in t.partners
    )
    row: list[Any] = [
        t.key, t.indicator, t.category, t.outcome,
        _joined(t.scope.sub_areas, "sub-area", t.key), t.scope.group,
        _number_cell(b.value), b.period, b.source, _number_cell(b.ci_lower),
        _number_cell(b.ci_upper), b.sample_size,
    ]
    row += [NONE_SET if year in t.none_set and year not in t.yearly
            else _number_cell(t.yearly.get(year)) for year in years]
    row += [
        placeholder.reason if placeholder else None,
        placeholder.set_at if placeholder else None,
        _number_cell(t.improvement_percent), t.relative_to, partners,
        _number_cell(reward.without_reward) if reward else None,
        _number_cell(reward.stretched) if reward else None,
        _number_cell(reward.weight) if reward else None,
        t.delivery_plan, t.direction_of_travel,
        "yes" if placeholder and placeholder.go_agreed else None,
        _joined(tuple(f"{year}: {period}" for year, period in sorted(t.value_periods.items())),
                "target period", t.key) or None,
        t.direction_reason,
    ]
    return row

