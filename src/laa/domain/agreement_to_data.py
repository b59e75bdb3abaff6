"""Writing an agreement as the agreement file's plain data (`laa-agreement/1`), the shape
that `laa.domain.agreement_file_data` reads back and the text formats and the workbook
write out."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from laa.domain.agreement_file_data import FORMAT, AgreementFile
from laa.domain.composition import (
    AgreementDraft,
    PartnerSignUp,
    TargetDraft,
)


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
