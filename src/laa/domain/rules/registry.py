"""The rules an agreement is checked against: each once, with a stable id and severity.

An `error` blocks submission; a `warning` must be acknowledged with a reason. Ids are
stable (pages, acknowledgements and the API refer to them); the prefix names the rule of
DOMAIN.md it comes from (D2, D3, ...) or the part of the draft it is about.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str  # a rule id, e.g. "D2.designated-limit"
    severity: Severity
    target: str | None  # the key of the target concerned; None for the agreement as a whole
    message: str  # plain English, naming the target and the numbers


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    description: str

    def finding(self, target: str | None, message: str) -> Finding:
        return Finding(self.id, self.severity, target, message)


_ALL: list[Rule] = []


def _rule(rule_id: str, severity: Severity, description: str) -> Rule:
    rule = Rule(rule_id, severity, description)
    _ALL.append(rule)
    return rule


# The agreement as a whole
AGREEMENT_PERIOD = _rule(
    "periods.agreement", "error",
    "The agreement period runs from one financial year (2008/09) to a later or the same "
    "one, at most three years (D1, D13).",
)
DUPLICATE_OUTCOME = _rule(
    "outcomes.duplicate-id", "error", "Each priority outcome has its own id.",
)
OUTCOME_WITHOUT_TARGETS = _rule(
    "outcomes.no-targets", "warning",
    "Each priority outcome is driven by at least one target (D1).",
)
DESIGNATED_LIMIT = _rule(
    "D2.designated-limit", "error",
    "At most 35 designated targets; several sub-area or client-group targets on one "
    "indicator count once (D2).",
)
STATUTORY_MISSING = _rule(
    "D3.statutory-missing", "error",
    "An area with education responsibility has a statutory target on every statutory "
    "education and early-years indicator in force for the year (the set changes: Key "
    "Stage 3 targets ended in October 2008), unless DCSF has agreed its omission (D3).",
)
STATUTORY_OMISSION = _rule(
    "D3.statutory-omission", "error",
    "A statutory indicator left out of the agreement is one of the round's statutory "
    "indicators, has no target, and records when DCSF agreed its omission (D3).",
)

# Each target
UNKNOWN_INDICATOR = _rule(
    "indicators.unknown", "error", "A target is set on an indicator of the catalogue.",
)
UNKNOWN_OUTCOME = _rule(
    "outcomes.unknown", "error", "A target drives one of the agreement's outcomes.",
)
DUPLICATE_TARGET = _rule(
    "targets.duplicate", "error",
    "An indicator has at most one target for each scope (sub-areas and client group).",
)
DUPLICATE_KEY = _rule(
    "targets.duplicate-key", "error", "Each target has its own key.",
)
DESIGNATED_LOCAL = _rule(
    "D2.designated-local-indicator", "error",
    "Designated targets are set on indicators of the National Indicator Set (D2).",
)
DESIGNATED_STATUTORY = _rule(
    "D3.designated-statutory", "error",
    "Statutory education and early-years indicators are agreed with DCSF and are never "
    "among the designated targets (D3).",
)
STATUTORY_NOT_IN_SET = _rule(
    "D3.statutory-not-in-set", "error",
    "A statutory target is set on one of the round's statutory DCSF indicators (D3).",
)
STATUTORY_WITHOUT_EDUCATION = _rule(
    "D3.statutory-without-education", "warning",
    "Statutory education targets are for areas with education responsibility (D3).",
)
MISSING_YEAR = _rule(
    "D5.missing-year", "error",
    "A target has a value, or an explicit \u201cnone set\u201d, for each year the indicator "
    "needs, unless it is a placeholder or a % improvement over a baseline to be confirmed. "
    "The years follow the indicator's first year and frequency: deferred indicators start "
    "in 2009/10, biennial indicators need their survey years only, Place Survey "
    "indicators the final survey year only; a statutory target only the years it is in "
    "force (D5, D7, D18).",
)
FINAL_YEAR_ONLY = _rule(
    "D5.final-year-only", "warning",
    "A target set for the final year only, as many councils' published plans did, has no "
    "trajectory for the years before it (D5).",
)
NONE_SET_WITH_VALUE = _rule(
    "D5.none-set-with-value", "error",
    "A year is either given a target or marked \u201cnone set\u201d, not both.",
)
PLACEHOLDER_NOT_ALLOWED = _rule(
    "D5.placeholder-not-allowed", "error",
    "Only deferred indicators and indicators without a baseline may be placeholders or "
    "a % improvement over a baseline to be confirmed (D5). The catalogue does not mark "
    "national indicators as new, so this is allowed for deferred indicators, Place Survey "
    "indicators (baseline from the autumn 2008 survey) and local indicators, and never "
    "when a baseline value is given.",
)
BASELINE_MISSING = _rule(
    "D5.baseline-missing", "error",
    "A target has a baseline, with its value and period, unless it is a placeholder, a % "
    "improvement over a baseline to be confirmed, or on a deferred indicator (D5).",
)
PLACEHOLDER_AGREED = _rule(
    "D5.placeholder-agreed", "warning",
    "A placeholder on an indicator that is neither deferred nor without a baseline is "
    "allowed when the GO agreed it for want of a usable baseline; it is recorded (D5).",
)
PLACEHOLDER_NO_REVIEW = _rule(
    "D5.placeholder-no-review", "warning",
    "A placeholder says when its target will be set (the annual review, D5, D16).",
)
PLACEHOLDER_WITH_VALUES = _rule(
    "D5.placeholder-with-values", "error",
    "A placeholder has no yearly targets: it is set later, or it is not a placeholder (D5).",
)
DEFERRED_FIRST_YEAR = _rule(
    "D5.deferred-first-year", "error",
    "An indicator deferred to 2009/10 has no target for an earlier year (D5).",
)
IMPROVEMENT_NOT_POSITIVE = _rule(
    "D5.improvement-not-positive", "error",
    "A % improvement over a baseline to be confirmed is more than 0 (D5).",
)
OUTSIDE_AGREEMENT = _rule(
    "periods.outside-agreement", "error",
    "Yearly targets are for the years of the agreement only.",
)
BASELINE_PERIOD_UNREADABLE = _rule(
    "periods.baseline-unreadable", "error",
    "A baseline period is a financial year (2007/08), quarter (Q3 2007/08), calendar year "
    "(2007), month (March 2008), season (autumn 2008), date (2008-03-31), range or average "
    "(2005-2007 average, 2005/06 to 2007/08) or part year (April-December 2007).",
)
VALUE_PERIOD_UNREADABLE = _rule(
    "periods.value-unreadable", "error",
    "A target value's own data period (a calendar year, \u201cto February 2011\u201d) can be "
    "read, and is given only for a year with a target.",
)
BASELINE_NOT_BEFORE = _rule(
    "periods.baseline-not-before", "error",
    "The baseline period ends before the first year with a target starts.",
)
UNIT_RANGE = _rule(
    "values.unit-range", "error",
    "Values are possible for the indicator's unit: percentages 0-100; counts, rates, "
    "ratios, durations, weights and money not negative (not checked for targets relative "
    "to another figure, D8).",
)
DECIMAL_PLACES = _rule(
    "values.decimal-places", "error",
    "Baselines, targets and reward figures have no more decimal places than the indicator "
    "is reported with.",
)
INTERVAL_INVALID = _rule(
    "D7.interval-invalid", "error",
    "A baseline's confidence interval has both limits, lower first, around the baseline, "
    "and a sample size of at least 1.",
)
INSIDE_INTERVAL = _rule(
    "D7.inside-interval", "warning",
    "A survey target lies beyond the 95% confidence interval of its baseline: above the "
    "upper limit when higher is better, below the lower limit when lower is better (D7).",
)
INTERVAL_UNKNOWN = _rule(
    "D7.interval-unknown", "warning",
    "A Place Survey baseline gives its confidence interval or its sample size, so that "
    "the target can be checked against the interval (D7).",
)
NO_DIRECTION_OF_TRAVEL = _rule(
    "D7.no-direction-of-travel", "warning",
    "A Place Survey target records the mechanism the GO and partnership agreed for gauging "
    "direction of travel in the non-survey year (D7): non-survey data, qualitative "
    "research or a mini survey.",
)
WRONG_DIRECTION = _rule(
    "D9.wrong-direction", "error",
    "Each yearly target improves on the baseline in the indicator's good direction, or "
    "the target records why not (e.g. rising demand); not checked when neither direction "
    "is better, or for relative targets (D9, ADR 0008).",
)
DIRECTION_EXPLAINED = _rule(
    "D9.direction-explained", "warning",
    "A target that does not improve on its baseline (wrong way or flat) shows the reason "
    "recorded for it, for the GO to weigh (D9).",
)
NO_PARTNER_AUTHORITY = _rule(
    "D6.no-partner-authority", "error",
    "At least one partner authority with the duty to have regard is signed up to each "
    "designated target; voluntary partners do not count (D6).",
)
DUTY_NOT_PARTNER_AUTHORITY = _rule(
    "D6.duty-not-partner-authority", "error",
    "Only a partner authority (s104) has the duty to have regard; an organisation known "
    "to be a voluntary, community, business or faith partner signs up as voluntary (D6).",
)
UNKNOWN_ORGANISATION = _rule(
    "D6.unknown-organisation", "warning",
    "An organisation signed up with the duty to have regard is one the service knows as "
    "a partner authority of the area; the partnership officer proposes a missing one and "
    "the administrator confirms it (D6).",
)
NO_LEAD_PARTNER = _rule(
    "D6.no-lead-partner", "warning",
    "A designated target names the lead partner that co-ordinates delivery (D6).",
)
NO_DELIVERY_PLAN = _rule(
    "D6.no-delivery-plan", "warning",
    "Each target is backed by a change and delivery plan (D6).",
)
REWARD_NOT_STRETCHED = _rule(
    "D20.reward-not-stretched", "error",
    "A reward (stretched) target, and each of its sub-targets, is beyond the performance "
    "expected without reward in the indicator's good direction (D20).",
)
REWARD_STALE = _rule(
    "D20.reward-stale", "error",
    "A reward element fits its target's values: the stretched target is at or beyond the "
    "final-year target in the indicator's good direction, and the performance expected "
    "without reward is not beyond it; when the values change it is restated (D20).",
)
REWARD_WEIGHT = _rule(
    "D20.reward-weight", "error", "A reward target's weight is more than 0 (D20).",
)
REWARD_SHARES = _rule(
    "D20.sub-target-shares", "error",
    "If any sub-target of a reward target has an agreed share, all do, each more than 0, "
    "adding up to 1 (D20).",
)
REWARD_NOT_DESIGNATED = _rule(
    "D20.reward-not-designated", "warning",
    "In the 2008 round only designated targets were eligible for reward grant (D20).",
)

RULES: tuple[Rule, ...] = tuple(_ALL)
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
