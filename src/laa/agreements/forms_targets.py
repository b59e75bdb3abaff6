"""The target form: parsed into a `TargetDraft` for `actions.save_target`, with one
error per field keyed by the field's id; the action's own problems are mapped back onto
the fields by `target_problems`. A stored target is turned back into the form's values
by `target_values`."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from laa.agreements.convert import reward_from_json
from laa.agreements.forms import Errors, check_lengths, free_text, parse_decimal, parse_whole, text
from laa.agreements.models import Target
from laa.domain.composition import (
    CATEGORIES,
    Baseline,
    PartnerSignUp,
    Placeholder,
    Reward,
    Scope,
    TargetDraft,
    default_target_key,
)
from laa.domain.figures import figure_as_typed


def year_field(year: str) -> str:
    """The form field of a year's target: "2008/09" -> "year_2008_09"."""
    return "year_" + year.replace("/", "_")


def period_field(year: str) -> str:
    """The form field of a year's target's own data period: "2008/09" -> "period_2008_09"."""
    return "period_" + year.replace("/", "_")


def none_field(year: str) -> str:
    """The checkbox saying no target is set for a year: "2008/09" -> "none_2008_09"."""
    return "none_" + year.replace("/", "_")


VALUE_PERIOD_LIMIT = 60


def split_names(raw: str) -> list[str]:
    """Free-text sub-areas, separated by commas, semicolons or new lines."""
    names = []
    for part in raw.replace(";", ",").replace("\n", ",").split(","):
        part = part.strip()
        if part and part not in names:
            names.append(part)
    return names


@dataclass(frozen=True)
class PartnerChoice:
    """An organisation that may sign up to a target, with its duty (D6)."""

    name: str
    duty: str  # "have_regard" or "voluntary"


@dataclass
class TargetForm:
    """What the target form needs besides the submitted data."""

    indicator: str
    years: tuple[str, ...]
    partners: list[PartnerChoice]
    districts: list[str] = field(default_factory=list)
    outcome_keys: list[str] = field(default_factory=list)
    existing: Target | None = None

    def duty_of(self, name: str) -> str | None:
        for choice in self.partners:
            if choice.name == name:
                return choice.duty
        return None


NUMBER_FIELDS = {
    # name: (label, example)
    "baseline_value": ("Baseline value", "18.2"),
    "ci_lower": ("Lower limit of the confidence interval", "16.9"),
    "ci_upper": ("Upper limit of the confidence interval", "19.5"),
    "improvement_percent": ("Improvement over the baseline", "5"),
    "reward_without": ("Performance expected without the reward", "20.4"),
    "reward_stretched": ("Stretched target", "22.1"),
    "reward_weight": ("Reward weight", "1"),
}


TEXT_LIMITS = {
    # name: (label, the most characters its column holds)
    "group": ("The client group", 200),
    "baseline_period": ("The baseline period", 40),
    "baseline_source": ("The baseline source", 300),
    "placeholder_set_at": ("When the placeholder will be set", 120),
    "relative_to": ("What the target is relative to", 300),
    **free_text({"placeholder_reason": "Why the target is a placeholder",
                 "delivery_plan": "The change and delivery plan",
                 "direction_of_travel": "The direction of travel"}),
}


def parse_target(data, form: TargetForm) -> tuple[TargetDraft | None, Errors]:
    """A `TargetDraft` from the submitted target form, or the errors by field."""
    errors: Errors = {}
    numbers = {name: parse_decimal(data.get(name, ""), label, example, errors, name)
               for name, (label, example) in NUMBER_FIELDS.items()}
    check_lengths(data, TEXT_LIMITS, errors)
    improvement = numbers["improvement_percent"]
    if improvement is not None and (abs(improvement) >= 100_000 or -improvement.as_tuple().exponent > 3):
        errors["improvement_percent"] = "Improvement over the baseline must be less than 100,000%, to 3 decimal places at most"

    category = text(data, "category")
    if category not in CATEGORIES:
        errors["category"] = "Select whether the target is designated, statutory or local"

    outcome = text(data, "outcome")
    if form.outcome_keys and outcome not in form.outcome_keys:
        errors["outcome"] = "Select the priority outcome the target drives"

    sub_areas = [s for s in data.getlist("sub_areas") if s]
    if any(s not in form.districts for s in sub_areas):
        errors["sub_areas"] = "Select districts from the list, or type other sub-areas in the box"
    for name in split_names(data.get("other_sub_areas", "")):
        if name not in sub_areas:
            sub_areas.append(name)
    scope = Scope(sub_areas=tuple(sub_areas), group=text(data, "group") or None)

    sample_size = parse_whole(data.get("sample_size", ""), "Sample size", "1100", errors, "sample_size")
    baseline = Baseline(
        value=numbers["baseline_value"], period=text(data, "baseline_period") or None,
        source=text(data, "baseline_source"), ci_lower=numbers["ci_lower"], ci_upper=numbers["ci_upper"],
        sample_size=sample_size,
    )

    yearly: dict[str, Decimal] = {}
    none_set: list[str] = []
    value_periods: dict[str, str] = {}
    for year in form.years:
        name = year_field(year)
        value = parse_decimal(data.get(name, ""), f"The target for {year}", "17.5", errors, name)
        if value is not None:
            yearly[year] = value
        if data.get(none_field(year)):
            if value is not None:
                errors[name] = f"The target for {year}: enter a target or tick \u201cNone set\u201d, not both"
            none_set.append(year)
        period = text(data, period_field(year))
        if period:
            if len(period) > VALUE_PERIOD_LIMIT:
                errors[period_field(year)] = (
                    f"The data period of the {year} target must be {VALUE_PERIOD_LIMIT} characters or fewer"
                )
            elif value is None:
                errors[period_field(year)] = (
                    f"Enter the target for {year}, or clear the data period of its value"
                )
            value_periods[year] = period

    placeholder = None
    reason, set_at = text(data, "placeholder_reason"), text(data, "placeholder_set_at")
    go_agreed = bool(data.get("placeholder_go_agreed"))
    if reason:
        placeholder = Placeholder(reason=reason, set_at=set_at, go_agreed=go_agreed)
    elif set_at or go_agreed:
        errors["placeholder_reason"] = "Enter why the target is a placeholder, or clear when it will be set"

    partners = _partners(data, form, errors)
    reward = _reward(numbers, form.existing, errors)

    key = _key(form, scope)
    if len(key) > 200:
        errors["other_sub_areas"] = "The sub-areas and client group name the target: together they must be shorter"
    if errors:
        return None, errors
    return TargetDraft(
        key=key,
        indicator=form.indicator,
        category=category,  # type: ignore[arg-type]
        outcome=outcome,
        scope=scope,
        baseline=baseline,
        yearly=yearly,
        placeholder=placeholder,
        improvement_percent=numbers["improvement_percent"],
        relative_to=text(data, "relative_to"),
        partners=partners,
        reward=reward,
        delivery_plan=text(data, "delivery_plan"),
        direction_of_travel=text(data, "direction_of_travel"),
        none_set=tuple(none_set),
        value_periods=value_periods,
        direction_reason=text(data, "direction_reason"),
    ), {}


def _key(form: TargetForm, scope: Scope) -> str:
    """A new target's key names its indicator and scope; an edited one keeps its key
    unless its scope changed."""
    existing = form.existing
    if existing is not None and list(existing.sub_areas) == list(scope.sub_areas) \
            and (existing.group or None) == scope.group:
        return existing.key
    return default_target_key(form.indicator, scope)


def _partners(data, form: TargetForm, errors: Errors) -> tuple[PartnerSignUp, ...]:
    chosen = [n for n in data.getlist("partners") if n]
    lead = text(data, "lead")
    if lead and lead not in chosen:
        chosen.append(lead)  # choosing a lead signs it up
    signed: list[PartnerSignUp] = []
    for choice in form.partners:  # in the order of the list
        if choice.name in chosen:
            signed.append(PartnerSignUp(organisation=choice.name, duty=choice.duty,  # type: ignore[arg-type]
                                        lead=choice.name == lead))
    if any(form.duty_of(n) is None for n in chosen):
        errors["partners"] = "Select partners from the list of the partnership's members"
    return tuple(signed)


def _reward(numbers: dict[str, Decimal | None], existing: Target | None, errors: Errors) -> Reward | None:
    without, stretched, weight = numbers["reward_without"], numbers["reward_stretched"], numbers["reward_weight"]
    if without is None and stretched is None:
        if weight is not None and "reward_weight" not in errors:
            errors["reward_without"] = "Enter the performance expected without the reward, or clear the weight"
        return None
    if without is None:
        errors.setdefault("reward_without", "Enter the performance expected without the reward")
        return None
    if stretched is None:
        errors.setdefault("reward_stretched", "Enter the stretched target")
        return None
    kept = reward_from_json(existing.reward) if existing is not None else None
    return Reward(without_reward=without, stretched=stretched, weight=weight if weight is not None else Decimal(1),
                  sub_targets=kept.sub_targets if kept else ())


def target_values(target: Target, years: tuple[str, ...], districts: list[str]) -> dict[str, Any]:
    """A stored target as the form shows it."""
    reward = target.reward or {}
    values: dict[str, Any] = {
        "category": target.category,
        "outcome": target.outcome.key if target.outcome_id else "",
        "sub_areas": [s for s in target.sub_areas if s in districts],
        "other_sub_areas": ", ".join(s for s in target.sub_areas if s not in districts),
        "group": target.group,
        "baseline_value": figure_as_typed(target.baseline_value),
        "baseline_period": target.baseline_period,
        "baseline_source": target.baseline_source,
        "ci_lower": figure_as_typed(target.ci_lower),
        "ci_upper": figure_as_typed(target.ci_upper),
        "sample_size": "" if target.sample_size is None else str(target.sample_size),
        "placeholder_reason": target.placeholder_reason,
        "placeholder_set_at": target.placeholder_set_at,
        "improvement_percent": figure_as_typed(target.improvement_percent),
        "relative_to": target.relative_to,
        "delivery_plan": target.delivery_plan,
        "direction_of_travel": target.direction_of_travel,
        "direction_reason": target.direction_reason,
        "placeholder_go_agreed": target.placeholder_go_agreed,
        "reward_without": reward.get("without_reward", ""),
        "reward_stretched": reward.get("stretched", ""),
        "reward_weight": reward.get("weight", "") if reward else "",
        "partners": [p.name for p in target.partners.all()],
        "lead": next((p.name for p in target.partners.all() if p.lead), ""),
    }
    for year in years:
        values[year_field(year)] = target.yearly.get(year, "")
        values[period_field(year)] = (target.value_periods or {}).get(year, "")
        values[none_field(year)] = year in (target.none_set or [])
    return values


def new_target_values(*, statutory: bool) -> dict[str, Any]:
    return {"category": "statutory" if statutory else "designated", "partners": [], "sub_areas": [], "lead": ""}


def submitted_target_values(data, years: tuple[str, ...]) -> dict[str, Any]:
    """The submitted form as typed, to show it again (after an error or a stale edit)."""
    names = ["category", "outcome", "other_sub_areas", "group", "baseline_value", "baseline_period",
             "baseline_source", "ci_lower", "ci_upper", "sample_size", "placeholder_reason",
             "placeholder_set_at", "improvement_percent", "relative_to", "delivery_plan",
             "direction_of_travel", "direction_reason", "reward_without", "reward_stretched",
             "reward_weight", "lead"]
    values: dict[str, Any] = {name: data.get(name, "") for name in names}
    values["placeholder_go_agreed"] = bool(data.get("placeholder_go_agreed"))
    values["sub_areas"] = data.getlist("sub_areas")
    values["partners"] = data.getlist("partners")
    for year in years:
        values[year_field(year)] = data.get(year_field(year), "")
        values[period_field(year)] = data.get(period_field(year), "")
        values[none_field(year)] = bool(data.get(none_field(year)))
    return values


# The actions' problem keys -> (form field, label to name it by).
_ACTION_FIELDS = {
    "target.baseline.value": ("baseline_value", "Baseline value"),
    "target.baseline.ci_lower": ("ci_lower", "Lower limit of the confidence interval"),
    "target.baseline.ci_upper": ("ci_upper", "Upper limit of the confidence interval"),
    "target.improvement_percent": ("improvement_percent", "Improvement over the baseline"),
    "target.placeholder.reason": ("placeholder_reason", "Placeholder"),
    "target.partners": ("partners", "Partners"),
    "target.indicator": ("category", "Indicator"),
    "target.outcome": ("outcome", "Outcome"),
}


def target_problems(problems: dict[str, str], draft: TargetDraft) -> Errors:
    """`AgreementError.problems` from `save_target`, as errors on the form's fields."""
    errors: Errors = {}
    for key, message in problems.items():
        if key == "target.key":
            where = draft.scope.describe() or "the whole area"
            errors["sub_areas"] = (
                f"The agreement already has a target on {draft.indicator} for {where}: "
                "choose other sub-areas or a client group, or edit that target"
            )
        elif key.startswith("target.targets."):
            year = key.removeprefix("target.targets.")
            errors[year_field(year)] = f"The target for {year}: {message}"
        elif key in _ACTION_FIELDS:
            name, label = _ACTION_FIELDS[key]
            errors[name] = f"{label}: {message}"
        else:
            errors.setdefault("category", f"{key}: {message}")
    return errors
