"""The agreement file as plain data: data <-> AgreementDraft, checked by the schema.

Shared by the text formats (`agreement_file`: YAML, JSON) and the workbook
(`agreement_workbook`): each reads its input into the plain structure the schema
describes, with a way to say where a field path came from (a line; a sheet, row and
column), and this module checks and converts it.
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
    path_text,
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

__all__ = [
    "FORMAT",
    "AgreementFile",
    "AgreementFileError",
    "FileProblem",
    "PathT",
    "agreement_from_data",
    "agreement_to_data",
    "path_text",
]


@dataclass(frozen=True)
class AgreementFile:
    draft: AgreementDraft
    format: str = FORMAT
    metadata: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "metadata", dict(self.metadata))


# --- Reading ----------------------------------------------------------------------------


def agreement_from_data(data: Any, *, locate: Locate | None = None) -> AgreementFile:
    """Check `data` (as read from YAML or JSON) against the schema and build the agreement.

    Raises AgreementFileError listing every problem, each located by `locate`.
    """
    where = locate or plain_location
    problems = _unsafe_text(data, where) or schema_problems(data, where)
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


# --- Writing ------------------------------------------------------------------------------


def agreement_to_data(
    agreement: AgreementDraft | AgreementFile, *, complete: bool = False
) -> dict[str, Any]:
    """The agreement as plain data (dicts, lists, str, int, bool, Decimal, None) in the shape
    of `laa-agreement/1`.

    Fields that are empty or null are left out (reading puts them back), which keeps files
    short and quick to read; `complete=True` writes every field out, with nulls.
    """
    if isinstance(agreement, AgreementFile):
        draft, metadata = agreement.draft, dict(agreement.metadata)
    else:
        draft, metadata = agreement, {}
    data: dict[str, Any] = {
        "format": FORMAT,
        "area": draft.area,
        "round": draft.round,
        "education_responsibility": draft.education_responsibility,
    }
    if complete or draft.sustainability_assessed:
        data["sustainability_assessed"] = draft.sustainability_assessed
    if complete or draft.equality_assessed:
        data["equality_assessed"] = draft.equality_assessed
    data["period"] = {"start": draft.period_start, "end": draft.period_end}
    if metadata:
        data["metadata"] = metadata
    data["story_of_place"] = draft.story_of_place
    if complete or draft.evidence:
        data["evidence"] = draft.evidence or None
    if complete or draft.consultations:
        data["consultations"] = [
            _pruned(
                {"consultee": c.consultee, "held_on": c.held_on, "summary": c.summary or None},
                complete,
            )
            for c in draft.consultations
        ]
    data["outcomes"] = [
        _pruned(
            {
                "id": outcome.id,
                "title": outcome.title,
                "theme": outcome.theme or None,
                "evidence": outcome.evidence or None,
                "criteria": list(outcome.criteria) if complete or outcome.criteria else None,
                "assessment": outcome.assessment or None,
            },
            complete,
        )
        for outcome in draft.outcomes
    ]
    if complete or draft.statutory_omissions:
        data["statutory_omissions"] = [
            _pruned(
                {"indicator": o.indicator, "agreed_on": o.agreed_on, "reason": o.reason or None},
                complete,
            )
            for o in draft.statutory_omissions
        ]
    data["targets"] = [_target_data(target, complete) for target in draft.targets]
    return data


def _pruned(data: dict[str, Any], complete: bool) -> dict[str, Any]:
    if complete:
        return data
    return {name: value for name, value in data.items() if value is not None}


def _partner_data(p: PartnerSignUp, complete: bool) -> dict[str, Any]:
    """A sign-up; a duty not stated (None) stays unstated, even in a complete file, so
    that reading it back gives the same draft."""
    data: dict[str, Any] = {"organisation": p.organisation, "duty": p.duty, "lead": p.lead}
    if p.duty is None:
        del data["duty"]
    if not (p.lead or complete):
        del data["lead"]
    return data


def _yearly_data(t: TargetDraft) -> dict[str, Decimal | None]:
    """The yearly targets in year order, a year explicitly without one as null."""
    values: dict[str, Decimal | None] = dict(t.yearly)
    for year in t.none_set:
        values.setdefault(year, None)
    return {year: values[year] for year in sorted(values)}


def _target_data(t: TargetDraft, complete: bool) -> dict[str, Any]:
    b = t.baseline
    reward = t.reward
    scope = None
    if complete or not t.scope.is_whole_area:
        scope = _pruned({"sub_areas": list(t.scope.sub_areas), "group": t.scope.group}, complete)
    baseline = _pruned(
        {
            "value": b.value,
            "period": b.period,
            "source": b.source or None,
            "ci_lower": b.ci_lower,
            "ci_upper": b.ci_upper,
            "sample_size": b.sample_size,
        },
        complete,
    )
    target = {
        "key": t.key,
        "indicator": t.indicator,
        "category": t.category,
        "outcome": t.outcome or None,
        "scope": scope,
        "baseline": baseline or None,
        "targets": _yearly_data(t) or None,
        "target_periods": {year: t.value_periods[year] for year in sorted(t.value_periods)}
        or None,
        "placeholder": None
        if t.placeholder is None
        else _pruned(
            {
                "reason": t.placeholder.reason,
                "set_at": t.placeholder.set_at or None,
                "go_agreed": True if t.placeholder.go_agreed else (False if complete else None),
            },
            complete,
        ),
        "improvement_percent": t.improvement_percent,
        "relative_to": t.relative_to or None,
        "partners": [
_partner_data(p, complete) for p in t.partners
        ] or None,
        "reward": None
        if reward is None
        else {
            "without_reward": reward.without_reward,
            "stretched": reward.stretched,
            "weight": reward.weight,
            "sub_targets": [
                _pruned(
                    {
                        "label": s.label,
                        "without_reward": s.without_reward,
                        "stretched": s.stretched,
                        "share": s.share,
                    },
                    complete,
                )
                for s in reward.sub_targets
            ],
        },
        "delivery_plan": t.delivery_plan or None,
        "direction_of_travel": t.direction_of_travel or None,
        "direction_reason": t.direction_reason or None,
    }
    if complete:
        target["targets"] = target["targets"] or {}
        target["target_periods"] = target["target_periods"] or {}
        target["partners"] = target["partners"] or []
    return _pruned(target, complete)
