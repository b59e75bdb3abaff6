"""Reading the agreement workbook into the agreement file's data, cell by cell, keeping
where each field came from (sheet, row, column) for the problem messages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openpyxl.utils import get_column_letter

from laa.domain.agreement_file_data import AgreementFile, agreement_from_data
from laa.domain.agreement_file_schema import AgreementFileError, FileProblem, PathT, path_text
from laa.domain.agreement_workbook_cells import (
    as_boolean,
    as_date,
    as_number,
    as_text,
    as_whole,
    cell_value,
    criteria,
    is_none_set,
    periods_by_year,
    year_label,
)
from laa.domain.agreement_workbook_layout import (
    AGREEMENT,
    AGREEMENT_FIELDS,
    BOOLEAN_FIELDS,
    CONSULTATION_COLUMNS,
    CONSULTATIONS,
    OMISSION_COLUMNS,
    OMISSIONS,
    OUTCOME_COLUMNS,
    OUTCOMES,
    PARTNER,
    SUB_TARGET_COLUMNS,
    SUB_TARGETS,
    TARGET_COLUMNS_AFTER_YEARS,
    TARGET_COLUMNS_BEFORE_YEARS,
    TARGETS,
    YEAR,
    AgreementWorkbookError,
    normal_header,
)
from laa.domain.input_limits import shown


class WorkbookReader:
    def __init__(self, book: Any) -> None:
        self.book = book
        self.places: dict[PathT, str] = {}
        self.problems: list[FileProblem] = []
        self.headers: dict[str, str] = {}

    def where(self, sheet: str, row: int, column: int | None = None, header: str = "") -> str:
        text = f"sheet {sheet}, row {row}"
        if column is not None:
            text += f", column {get_column_letter(column)}"
            if header:
                text += f" ({header})"
        return text

    def problem(self, location: str, message: str, path: PathT = ()) -> None:
        self.problems.append(FileProblem(path_text(path), message, location=location))

    def locate(self, path: PathT, message: str) -> FileProblem:
        probe = path
        while probe not in self.places and probe:
            probe = probe[:-1]
        return FileProblem(path_text(path), message, location=self.places.get(probe, "workbook"))

    def rows(self, name: str, required: bool = True) -> Iterator[tuple[int, list[Any]]]:
        if name not in self.book.sheetnames:
            if required:
                self.problem("workbook", f"the sheet {name!r} is missing")
            return
        for number, row in enumerate(self.book[name].iter_rows(), start=1):
            values = [cell_value(cell) for cell in row]
            if any(value is not None for value in values):
                yield number, values

    def table(self, name: str, columns: list[tuple[str, str]], required: list[str],
              years: bool = False) -> Iterator[tuple[int, dict[str, tuple[int, Any]]]]:
        """Rows of a sheet as {field: (column, value)}, by header."""
        known = {normal_header(header): field for field, header in columns}
        known.update({normal_header(field): field for field, _ in columns})
        fields: dict[int, str] = {}
        header_seen = False
        headers: dict[str, str] = {}
        for number, values in self.rows(name, required=bool(required)):
            if not header_seen:
                header_seen = True
                for column, header in enumerate(values, start=1):
                    if header is None:
                        continue
                    label = year_label(header) if years else None
                    field = label or known.get(normal_header(header))
                    if field is None:
                        self.problem(self.where(name, number, column),
                                     f"unknown column {shown(header)}")
                        continue
                    fields[column] = field
                    headers[field] = str(header) if not label else label
                self.headers = headers
                missing = [f for f in required if f not in fields.values()]
                if missing:
                    self.problem(self.where(name, number),
                                 f"missing column{'s' if len(missing) > 1 else ''} "
                                 f"{', '.join(repr(m) for m in missing)}")
                continue
            cells = {
                field: (column, values[column - 1] if column <= len(values) else None)
                for column, field in fields.items()
            }
            yield number, cells

    def read(self) -> AgreementFile:
        data: dict[str, Any] = {"outcomes": [], "targets": []}
        self.read_agreement_sheet(data)
        for number, cells in self.table(OUTCOMES, OUTCOME_COLUMNS, ["id", "title"]):
            path: PathT = ("outcomes", len(data["outcomes"]))
            self.places[path] = self.where(OUTCOMES, number)
            outcome = {}
            for field, (column, value) in cells.items():
                outcome[field] = as_text(value)
                self.places[(*path, field)] = self.where(OUTCOMES, number, column, field)
            if isinstance(outcome.get("criteria"), str):
                outcome["criteria"] = criteria(outcome["criteria"])
            data["outcomes"].append(outcome)
        self.read_consultations(data)
        self.read_omissions(data)
        sub_targets = self.read_sub_targets()
        columns = TARGET_COLUMNS_BEFORE_YEARS + TARGET_COLUMNS_AFTER_YEARS
        for number, cells in self.table(TARGETS, columns, ["indicator", "category", "outcome"],
                                        years=True):
            data["targets"].append(self.read_target(number, cells, len(data["targets"]),
                                                    sub_targets))
        for key, (number, _) in sub_targets.items():
            if not any(t.get("key") == key and t.get("reward") for t in data["targets"]):
                self.problem(self.where(SUB_TARGETS, number),
                             f"no target with key {shown(key)} and a reward")
        try:
            agreement = agreement_from_data(data, locate=self.locate)
        except AgreementFileError as error:
            raise AgreementWorkbookError([*self.problems, *error.problems]) from None
        if self.problems:
            raise AgreementWorkbookError(self.problems)
        return agreement

    def read_agreement_sheet(self, data: dict[str, Any]) -> None:
        period: dict[str, Any] = {}
        header = True
        for number, values in self.rows(AGREEMENT):
            name = as_text(values[0]) if values else None
            if header and name and normal_header(name) == "field":
                header = False
                continue
            header = False
            value = values[1] if len(values) > 1 else None
            if not name:
                self.problem(self.where(AGREEMENT, number, 1), "a value without a field name")
                continue
            field = normal_header(name)
            location = self.where(AGREEMENT, number, 2, name)
            if name.startswith("metadata."):
                data.setdefault("metadata", {})[name[len("metadata."):]] = as_text(value) or ""
                self.places[("metadata", name[len("metadata."):])] = location
            elif field in ("period_start", "period_end"):
                period[field[len("period_"):]] = as_text(value)
                self.places[("period", field[len("period_"):])] = location
                self.places[("period",)] = location
            elif field == "round":
                data["round"] = as_whole(value)
                self.places[("round",)] = location
            elif field in BOOLEAN_FIELDS:
                data[field] = as_boolean(value)
                self.places[(field,)] = location
            elif field in AGREEMENT_FIELDS:
                data[field] = as_text(value)
                self.places[(field,)] = location
            else:
                self.problem(self.where(AGREEMENT, number, 1), f"unknown field {shown(name)}")
        if period:
            data["period"] = period
        data.setdefault("story_of_place", None)

    def read_consultations(self, data: dict[str, Any]) -> None:
        """The optional Consultations sheet, in order."""
        found: list[dict[str, Any]] = []
        for number, cells in self.table(CONSULTATIONS, CONSULTATION_COLUMNS, []):
            path: PathT = ("consultations", len(found))
            self.places[path] = self.where(CONSULTATIONS, number)
            consultation: dict[str, Any] = {}
            for field, (column, value) in cells.items():
                consultation[field] = as_date(value) if field == "held_on" else as_text(value)
                self.places[(*path, field)] = self.where(CONSULTATIONS, number, column,
                                                         self.headers.get(field, field))
            found.append(consultation)
        if found:
            data["consultations"] = found

    def read_omissions(self, data: dict[str, Any]) -> None:
        """The optional StatutoryOmissions sheet: statutory indicators left out with DCSF's
        agreement (D3)."""
        found: list[dict[str, Any]] = []
        for number, cells in self.table(OMISSIONS, OMISSION_COLUMNS, []):
            path: PathT = ("statutory_omissions", len(found))
            self.places[path] = self.where(OMISSIONS, number)
            omission: dict[str, Any] = {}
            for field, (column, value) in cells.items():
                omission[field] = as_date(value) if field == "agreed_on" else as_text(value)
                self.places[(*path, field)] = self.where(OMISSIONS, number, column,
                                                         self.headers.get(field, field))
            found.append(omission)
        if found:
            data["statutory_omissions"] = found

    def read_sub_targets(self) -> dict[str, tuple[int, list[tuple[int, dict[str, Any]]]]]:
        found: dict[str, tuple[int, list[tuple[int, dict[str, Any]]]]] = {}
        for number, cells in self.table(SUB_TARGETS, SUB_TARGET_COLUMNS, []):
            key = as_text(cells.pop("target", (0, None))[1])
            cells = {field: cell for field, cell in cells.items() if cell[1] is not None}
            if key is None:
                self.problem(self.where(SUB_TARGETS, number), "no target key")
                continue
            found.setdefault(key, (number, []))[1].append((number, cells))
        return found

    def read_target(self, number: int, cells: dict[str, tuple[int, Any]], index: int,
                    sub_targets: dict[str, tuple[int, list[tuple[int, dict[str, Any]]]]]
                    ) -> dict[str, Any]:
        path: PathT = ("targets", index)
        self.places[path] = self.where(TARGETS, number)

        def cell(field: str, *at: str | int, convert: Any = None) -> Any:
            column, value = cells.get(field, (None, None))
            if column is not None:
                self.places[(*path, *at)] = self.where(
                    TARGETS, number, column, self.headers.get(field, field)
                )
            if value is None:
                return None
            return convert(value) if convert else value

        target: dict[str, Any] = {}
        for name in ("key", "indicator", "category", "outcome"):
            value = cell(name, name, convert=as_text)
            if value is not None or name != "key":
                target[name] = value
        sub_areas = cell("sub_areas", "scope", "sub_areas", convert=as_text)
        target["scope"] = {
            "sub_areas": [s.strip() for s in sub_areas.split(";")] if sub_areas else [],
            "group": cell("group", "scope", "group", convert=as_text),
        }
        target["baseline"] = {
            "value": cell("baseline_value", "baseline", "value", convert=as_number),
            "period": cell("baseline_period", "baseline", "period", convert=as_text),
            "source": cell("baseline_source", "baseline", "source", convert=as_text),
            "ci_lower": cell("ci_lower", "baseline", "ci_lower", convert=as_number),
            "ci_upper": cell("ci_upper", "baseline", "ci_upper", convert=as_number),
            "sample_size": cell("sample_size", "baseline", "sample_size", convert=as_whole),
        }
        target["targets"] = {
            field: None if is_none_set(cells[field][1])
            else cell(field, "targets", field, convert=as_number)
            for field in cells if YEAR.match(field) and cells[field][1] is not None
        }
        reason = cell("placeholder_reason", "placeholder", "reason", convert=as_text)
        set_at = cell("placeholder_set_at", "placeholder", "set_at", convert=as_text)
        go_agreed = cell("placeholder_go_agreed", "placeholder", "go_agreed", convert=as_boolean)
        target["placeholder"] = (
            None if reason is None and set_at is None else {"reason": reason, "set_at": set_at}
        )
        if target["placeholder"] is not None and go_agreed is not None:
            target["placeholder"]["go_agreed"] = go_agreed
        periods = cell("target_periods", "target_periods", convert=as_text)
        target["target_periods"] = periods_by_year(periods) if isinstance(periods, str) else periods
        target["direction_reason"] = cell("direction_reason", "direction_reason", convert=as_text)
        target["improvement_percent"] = cell(
            "improvement_percent", "improvement_percent", convert=as_number
        )
        target["relative_to"] = cell("relative_to", "relative_to", convert=as_text)
        partners = cell("partners", "partners", convert=as_text)
        target["partners"] = self.partners(partners, number, cells) if partners else []
        if "partners" in cells:
            for i in range(len(target["partners"])):
                self.places[(*path, "partners", i)] = self.places[(*path, "partners")]
        reward = {
            "without_reward": cell("reward_without_reward", "reward", "without_reward",
                                   convert=as_number),
            "stretched": cell("reward_stretched", "reward", "stretched", convert=as_number),
            "weight": cell("reward_weight", "reward", "weight", convert=as_number),
        }
        key = target.get("key")
        subs = sub_targets.get(key, (0, []))[1] if key is not None else []
        if any(value is not None for value in reward.values()) or subs:
            reward["sub_targets"] = [self.sub_target(path, i, n, c) for i, (n, c) in
                                     enumerate(subs)]
            target["reward"] = {k: v for k, v in reward.items() if v is not None or
                                k != "weight"}
        else:
            target["reward"] = None
        target["delivery_plan"] = cell("delivery_plan", "delivery_plan", convert=as_text)
        target["direction_of_travel"] = cell(
            "direction_of_travel", "direction_of_travel", convert=as_text
        )
        return target

    def sub_target(self, path: PathT, index: int, number: int,
                   cells: dict[str, tuple[int, Any]]) -> dict[str, Any]:
        at: PathT = (*path, "reward", "sub_targets", index)
        self.places[at] = self.where(SUB_TARGETS, number)
        result: dict[str, Any] = {}
        for field, (column, value) in cells.items():
            self.places[(*at, field)] = self.where(SUB_TARGETS, number, column, field)
            result[field] = as_text(value) if field == "label" else as_number(value)
        result.setdefault("share", None)
        return result

    def partners(self, text: str, number: int, cells: dict[str, tuple[int, Any]]
                 ) -> list[dict[str, Any]]:
        column = cells["partners"][0]
        result = []
        for item in (part.strip() for part in text.split(";")):
            if not item:
                continue
            match = PARTNER.match(item)
            name, details = (match[1], match[2]) if match else (item, "")
            # No duty written: none is stated, and it follows the organisation's kind (D6).
            entry: dict[str, Any] = {"organisation": name, "lead": False}
            for word in (w.strip().lower().replace(" ", "_") for w in details.split(",")):
                if word in ("have_regard", "voluntary"):
                    entry["duty"] = word
                elif word == "lead":
                    entry["lead"] = True
                elif word:
                    self.problem(
                        self.where(TARGETS, number, column, "Partners"),
                        f"{shown(word)} after {shown(name)} is not have_regard, voluntary or lead; write "
                        "e.g. 'Cleveland Police Authority (have_regard, lead)'",
                    )
            result.append(entry)
        return result

