"""An agreement in the database <-> the domain's `AgreementDraft` (the same content
as plain data, which the rules judge and the agreement file carries)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from laa.agreements.models import Agreement, Target, TargetPartner
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
)


def _dec(value: Any) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def _norm(value: Decimal | None) -> Decimal | None:
    """Database decimals carry trailing zeros (17.5000); the draft keeps the figure."""
    if value is None:
        return None
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Decimal(text)


def exact_text(value: Decimal) -> str:
    """A decimal as stored in JSON: exact, and plain where str() would use an exponent
    (1E+1 is stored "10", which pages and exports show as it is); 17.50 stays "17.50".
    Past 30 digits either way it stays str()'s shorter form."""
    exponent = value.as_tuple().exponent  # "n", "N" or "F" if not a number
    if isinstance(exponent, int) and -30 <= exponent <= 30:
        return format(value, "f")
    return str(value)


def reward_to_json(reward: Reward | None) -> dict[str, Any] | None:
    if reward is None:
        return None
    return {
        "without_reward": exact_text(reward.without_reward),
        "stretched": exact_text(reward.stretched),
        "weight": exact_text(reward.weight),
        "sub_targets": [
            {"label": s.label, "without_reward": exact_text(s.without_reward),
             "stretched": exact_text(s.stretched),
             "share": None if s.share is None else exact_text(s.share)}
            for s in reward.sub_targets
        ],
    }


def reward_from_json(data: dict[str, Any] | None) -> Reward | None:
    if not data:
        return None
    return Reward(
        without_reward=Decimal(data["without_reward"]),
        stretched=Decimal(data["stretched"]),
        weight=Decimal(data.get("weight", "1")),
        sub_targets=tuple(
            RewardSubTarget(label=s["label"], without_reward=Decimal(s["without_reward"]),
                            stretched=Decimal(s["stretched"]), share=_dec(s.get("share")))
            for s in data.get("sub_targets", [])
        ),
    )


# The target's columns a draft needs; read with values() for a whole agreement (building
# 150 model instances costs more than the rules that judge them).
TARGET_COLUMNS = (
    "id", "key", "category", "outcome_id", "sub_areas", "group", "baseline_value", "baseline_period",
    "baseline_source", "ci_lower", "ci_upper", "sample_size", "yearly", "placeholder_reason",
    "placeholder_set_at", "improvement_percent", "relative_to", "reward", "delivery_plan",
    "direction_of_travel", "none_set", "value_periods", "direction_reason", "placeholder_go_agreed",
)


def _target_draft(row: dict[str, Any], indicator_code: str, partners: list[tuple[str, str, bool]],
                  outcome_keys: dict[int, str]) -> TargetDraft:
    placeholder = (
        Placeholder(reason=row["placeholder_reason"], set_at=row["placeholder_set_at"],
                    go_agreed=row["placeholder_go_agreed"])
        if row["placeholder_reason"] else None
    )
    outcome_id = row["outcome_id"]
    return TargetDraft(
        key=row["key"],
        indicator=indicator_code,
        category=row["category"],
        outcome=outcome_keys.get(outcome_id, "") if outcome_id else "",
        scope=Scope(sub_areas=tuple(row["sub_areas"]), group=row["group"] or None),
        baseline=Baseline(
            value=_norm(row["baseline_value"]),
            period=row["baseline_period"] or None,
            source=row["baseline_source"],
            ci_lower=_norm(row["ci_lower"]),
            ci_upper=_norm(row["ci_upper"]),
            sample_size=row["sample_size"],
        ),
        yearly={year: Decimal(value) for year, value in row["yearly"].items()},
        placeholder=placeholder,
        improvement_percent=_norm(row["improvement_percent"]),
        relative_to=row["relative_to"],
        partners=tuple(
            PartnerSignUp(organisation=name, duty=duty, lead=lead)  # type: ignore[arg-type]
            for name, duty, lead in partners
        ),
        reward=reward_from_json(row["reward"]),
        delivery_plan=row["delivery_plan"],
        direction_of_travel=row["direction_of_travel"],
        none_set=tuple(row["none_set"] or ()),
        value_periods=row["value_periods"] or {},
        direction_reason=row["direction_reason"],
    )


def target_to_draft(target: Target, outcome_keys: dict[int, str]) -> TargetDraft:
    row = {column: getattr(target, column) for column in TARGET_COLUMNS}
    partners = [(p.name, p.duty, p.lead) for p in target.partners.all()]
    return _target_draft(row, target.indicator.code, partners, outcome_keys)


def _target_drafts(agreement: Agreement, outcome_keys: dict[int, str]) -> tuple[TargetDraft, ...]:
    """Every target of the agreement, in order: three plain queries."""
    partners: dict[int, list[tuple[str, str, bool]]] = {}
    for target_id, name, duty, lead in TargetPartner.objects.filter(target__agreement=agreement).values_list(
        "target_id", "name", "duty", "lead"
    ):
        partners.setdefault(target_id, []).append((name, duty, lead))
    rows = agreement.targets.order_by("position", "id").values(*TARGET_COLUMNS, "indicator__code")
    return tuple(
        _target_draft(row, row["indicator__code"], partners.get(row["id"], []), outcome_keys) for row in rows
    )


def agreement_to_draft(agreement: Agreement) -> AgreementDraft:
    """The whole agreement as a draft."""
    outcomes = list(agreement.outcomes.all())
    outcome_keys = {o.id: o.key for o in outcomes}
    return AgreementDraft(
        area=agreement.area.code,
        round=agreement.round.year,
        outcomes=tuple(
            OutcomeDraft(
                id=o.key, title=o.title, theme=o.theme, evidence=o.evidence,
                criteria=criteria_ids(o.criteria), assessment=o.assessment,
            )
            for o in outcomes
        ),
        targets=_target_drafts(agreement, outcome_keys),
        story_of_place=agreement.story_of_place,
        education_responsibility=agreement.education_responsibility,
        period_start=agreement.period_start,
        period_end=agreement.period_end,
        evidence=agreement.evidence,
        sustainability_assessed=agreement.sustainability_assessed,
        equality_assessed=agreement.equality_assessed,
        consultations=tuple(
            Consultation(
                consultee=c.consultee,
                held_on=None if c.held_on is None else c.held_on.isoformat(),
                summary=c.summary,
            )
            for c in agreement.consultations.all()
        ),
        statutory_omissions=tuple(
            StatutoryOmission(
                indicator=o.indicator.code,
                agreed_on=None if o.agreed_on is None else o.agreed_on.isoformat(),
                reason=o.reason,
            )
            for o in agreement.statutory_omissions.select_related("indicator")
        ),
    )


def criteria_ids(stored: Any) -> tuple[str, ...]:
    """The ids of the criteria met, from the stored {criterion: true} (the draft orders them)."""
    if not isinstance(stored, dict):
        return ()
    return tuple(criterion for criterion, met in stored.items() if met)


def criteria_json(criteria: tuple[str, ...]) -> dict[str, bool]:
    """The stored form of the criteria met: {criterion: true}."""
    return {criterion: True for criterion in criteria}


def target_fields(draft: TargetDraft) -> dict[str, Any]:
    """The stored fields of a target from its draft (not its indicator, outcome or partners)."""
    return {
        "key": draft.key,
        "category": draft.category,
        "sub_areas": list(draft.scope.sub_areas),
        "group": draft.scope.group or "",
        "baseline_value": draft.baseline.value,
        "baseline_period": draft.baseline.period or "",
        "baseline_source": draft.baseline.source,
        "ci_lower": draft.baseline.ci_lower,
        "ci_upper": draft.baseline.ci_upper,
        "sample_size": draft.baseline.sample_size,
        "yearly": {year: exact_text(value) for year, value in draft.yearly.items()},
        "placeholder_reason": draft.placeholder.reason if draft.placeholder else "",
        "placeholder_set_at": draft.placeholder.set_at if draft.placeholder else "",
        "improvement_percent": draft.improvement_percent,
        "relative_to": draft.relative_to,
        "delivery_plan": draft.delivery_plan,
        "direction_of_travel": draft.direction_of_travel,
        "reward": reward_to_json(draft.reward),
        "none_set": list(draft.none_set),
        "value_periods": dict(sorted(draft.value_periods.items())),
        "direction_reason": draft.direction_reason,
        "placeholder_go_agreed": bool(draft.placeholder and draft.placeholder.go_agreed),
    }
