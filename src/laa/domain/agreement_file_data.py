"""The agreement file as plain data, read into an AgreementDraft and checked by the schema.

Shared by the text formats (`agreement_file`: YAML, JSON) and the workbook
(`agreement_workbook`): each reads its input into the plain structure the schema
describes, with a way to say where a field path came from (a line; a sheet, row and
column), and this module checks and converts it (`agreement_to_data` writes it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from laa.domain.agreement_file_schema import (
    MAX_PROBLEMS,
    AgreementFileError,
    FileProblem,
    Locate,
    PathT,
    plain_location,
    schema_problems,
)
from laa.domain.composition import (
    AgreementDraft,
    Baseline,
    Consultation,
    OutcomeDraft,
    PartnerSignUp,
    Placeholder,
    Reward,
    RewardSubTarget,
    Scope,
    StatutoryOmission,
    TargetDraft,
    default_period,
    default_target_key,
)
from laa.domain.input_limits import unsafe_character

FORMAT = "laa-agreement/1"

__all__ = ["FORMAT", "AgreementFile", "agreement_from_data"]

@dataclass(frozen=True)
class AgreementFile:
    draft: AgreementDraft
    format: str = FORMAT
    metadata: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "metadata", dict(self.metadata))



def agreement_from_data(
    data: Any, *, locate: Locate | None = None, source: str | None = None
) -> AgreementFile:
    """Check `data` (as read from YAML or JSON) against the schema and build the agreement.

    Raises AgreementFileError listing every problem, each located by `locate`. `source`:
    the text the data was read from, if any. When it holds no character a store refuses and
    no escape (a backslash), no text read from it can hold one, and the values and field
    names are not searched one by one.
    """
    where = locate or plain_location
    searched = source is None or "\\" in source or unsafe_character(source) is not None
    problems = (_unsafe_text(data, where) if searched else []) or schema_problems(data, where)
    if problems:
        raise AgreementFileError(problems)
    reader = _Reader(where)
    agreement = reader.agreement(data)
    if reader.problems:
        raise AgreementFileError(reader.problems[:MAX_PROBLEMS])
    return agreement


def _unsafe_text(data: Any, locate: Locate) -> list[FileProblem]:
    """Text no store can hold: a lone surrogate half (JSON's "\\ud800", which cannot be
    written as UTF-8) or a control character, in a value or a field name."""
    problems: list[FileProblem] = []
    stack: list[tuple[PathT, Any]] = [((), data)]
    while stack and len(problems) < MAX_PROBLEMS:
        path, value = stack.pop()
        if isinstance(value, str):
            found = unsafe_character(value)
            if found:
                problems.append(locate(path, f"the text holds {found}: remove it"))
        elif isinstance(value, dict):
            for name, item in value.items():
                found = unsafe_character(name) if isinstance(name, str) else None
                if found:
                    problems.append(locate(path, f"a field name holds {found}: remove it"))
                else:
                    stack.append(((*path, name), item))
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in enumerate(value))
    return sorted(problems, key=lambda p: (p.line or 0, p.path))


class _Reader:
    """Builds the draft from schema-valid data; only non-finite numbers can still fail."""

    def __init__(self, locate: Locate) -> None:
        self.locate = locate
        self.problems: list[FileProblem] = []

    def number(self, value: Any, where: PathT, *last: str | int) -> Decimal:
        """The number at the path `where` + `last` (only put together for a problem)."""
        kind = type(value)
        if kind is int:
            return Decimal(value)
        if kind is Decimal and value.is_finite():
            return value  # type: ignore[no-any-return]
        if isinstance(value, Decimal):
            number = value
        elif isinstance(value, int):
            number = Decimal(value)
        else:
            number = Decimal(repr(value))
        if not number.is_finite():
            self.problems.append(self.locate((*where, *last), f"expected a number, got {value}"))
        return number

    def optional_number(self, value: Any, where: PathT, *last: str | int) -> Decimal | None:
        return None if value is None else self.number(value, where, *last)

    def date(self, value: str | None, path: PathT) -> str | None:
        """An ISO date (the schema has checked its shape: is it a day of the calendar?)."""
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                self.problems.append(
                    self.locate(path, f'expected a date such as 2008-01-15, got "{value}"')
                )
        return value or None

    def agreement(self, data: Mapping[str, Any]) -> AgreementFile:
        round_year = int(data["round"])
        start, end = default_period(round_year)
        period = data.get("period")
        if period is not None:
            start, end = period["start"], period["end"]
        outcomes = tuple(
            OutcomeDraft(
                id=item["id"],
                title=item["title"],
                theme=item.get("theme") or "",
                evidence=item.get("evidence") or "",
                criteria=tuple(item.get("criteria") or ()),
                assessment=item.get("assessment") or "",
            )
            for item in data["outcomes"]
        )
        consultations = tuple(
            Consultation(
                consultee=item["consultee"],
                held_on=self.date(item.get("held_on"), ("consultations", index, "held_on")),
                summary=item.get("summary") or "",
            )
            for index, item in enumerate(data.get("consultations") or ())
        )
        omissions = tuple(
            StatutoryOmission(
                indicator=item["indicator"],
                agreed_on=self.date(item.get("agreed_on"), ("statutory_omissions", index, "agreed_on")),
                reason=item.get("reason") or "",
            )
            for index, item in enumerate(data.get("statutory_omissions") or ())
        )
        keys: set[str] = set()
        targets = tuple(
            self.target(item, ("targets", index), keys)
            for index, item in enumerate(data["targets"])
        )
        draft = AgreementDraft(
            area=data["area"],
            round=round_year,
            outcomes=outcomes,
            targets=targets,
            story_of_place=data.get("story_of_place") or "",
            education_responsibility=data.get("education_responsibility", True),
            period_start=start,
            period_end=end,
            evidence=data.get("evidence") or "",
            sustainability_assessed=data.get("sustainability_assessed", False),
            equality_assessed=data.get("equality_assessed", False),
            consultations=consultations,
            statutory_omissions=omissions,
        )
        return AgreementFile(draft, data["format"], data.get("metadata") or {})

    def target(self, data: Mapping[str, Any], path: PathT, keys: set[str]) -> TargetDraft:
        scope_data = data.get("scope") or {}
        scope = Scope(tuple(scope_data.get("sub_areas") or ()), scope_data.get("group") or None)
        key = data.get("key")
        if key is None:
            key = base = default_target_key(data["indicator"], scope)
            count = 1
            while key in keys:
                count += 1
                key = f"{base} ({count})"
        keys.add(key)
        b = data.get("baseline") or {}
        at = (*path, "baseline")
        baseline = Baseline(
            value=self.optional_number(b.get("value"), at, "value"),
            period=b.get("period") or None,
            source=b.get("source") or "",
            ci_lower=self.optional_number(b.get("ci_lower"), at, "ci_lower"),
            ci_upper=self.optional_number(b.get("ci_upper"), at, "ci_upper"),
            sample_size=None if b.get("sample_size") is None else int(b["sample_size"]),
        )
        given = data.get("targets") or {}
        yearly = {
            year: self.number(value, path, "targets", year)
            for year, value in sorted(given.items())
            if value is not None
        }
        # null for a year: explicitly no target set that year (kept, D5)
        none_set = tuple(sorted(year for year, value in given.items() if value is None))
        p = data.get("placeholder")
        placeholder = None if p is None else Placeholder(
            p["reason"], p.get("set_at") or "", bool(p.get("go_agreed", False))
        )
        partners = tuple(
            PartnerSignUp(
                organisation=item["organisation"],
                # Absent: follows the organisation's kind when it is known (D6).
                duty=item.get("duty"),
                lead=item.get("lead", False),
            )
            for item in data.get("partners") or ()
        )
        return TargetDraft(
            key=key,
            indicator=data["indicator"],
            category=data["category"],
            outcome=data.get("outcome") or "",
            scope=scope,
            baseline=baseline,
            yearly=yearly,
            placeholder=placeholder,
            improvement_percent=self.optional_number(
                data.get("improvement_percent"), path, "improvement_percent"
            ),
            relative_to=data.get("relative_to") or "",
            partners=partners,
            reward=self.reward(data.get("reward"), (*path, "reward")),
            delivery_plan=data.get("delivery_plan") or "",
            direction_of_travel=data.get("direction_of_travel") or "",
            none_set=none_set,
            value_periods=dict(sorted((data.get("target_periods") or {}).items())),
            direction_reason=data.get("direction_reason") or "",
        )

    def reward(self, data: Mapping[str, Any] | None, path: PathT) -> Reward | None:
        if data is None:
            return None
        subs = tuple(
            RewardSubTarget(
                label=item["label"],
                without_reward=self.number(item["without_reward"], path, "sub_targets", i),
                stretched=self.number(item["stretched"], path, "sub_targets", i),
                share=self.optional_number(item.get("share"), path, "sub_targets", i),
            )
            for i, item in enumerate(data.get("sub_targets") or ())
        )
        weight = data.get("weight")
        return Reward(
            without_reward=self.number(data["without_reward"], path, "without_reward"),
            stretched=self.number(data["stretched"], path, "stretched"),
            weight=Decimal(1) if weight is None else self.number(weight, path, "weight"),
            sub_targets=subs,
        )


