"""What an agreement is made of (DOMAIN.md D1-D9, D20), as plain frozen dataclasses.

A draft is what a partnership proposes: outcomes, then targets on indicators, each with a
baseline, a trajectory (one value per year of the agreement), the partners signed up to
it and, optionally, a reward (stretched) element. `rules.check_agreement` judges a draft;
`agreement_file` and `agreement_workbook` read and write it.

Numbers are `Decimal`. Sequences are tuples. Optional text is `""` when absent, except
where `None` says "not known yet" (a baseline period, a scope's group). The constructors
normalise lists to tuples and `""` to `None` for those fields, so that two drafts with the
same meaning compare equal whichever way they were built.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Literal, get_args

Polarity = Literal["higher", "lower", "neither"]
Unit = Literal[
    "percentage",
    "count",
    "rate",
    "ratio",
    "score",
    "days",
    "weeks",
    "tonnes",
    "kilograms",
    "pounds",
    "index",
]
Category = Literal["designated", "statutory", "local"]
Duty = Literal["have_regard", "voluntary"]

# The selection criteria a priority outcome may meet (D1, D10), by id; the service's
# labels for them live with the agreements (`laa.agreements.models.CRITERIA`).
SELECTION_CRITERIA: tuple[str, ...] = (
    "important_to_vision",
    "needs_partnership",
    "challenging",
    "fits_regional_priorities",
    "nationally_important",
    "cross_cutting",
)

POLARITIES: tuple[Polarity, ...] = get_args(Polarity)
UNITS: tuple[Unit, ...] = get_args(Unit)
CATEGORIES: tuple[Category, ...] = get_args(Category)
DUTIES: tuple[Duty, ...] = get_args(Duty)

_FINANCIAL_YEAR = re.compile(r"(\d{4})/(\d{2})")


def financial_year(start: int) -> str:
    """The label of the financial year starting in April of `start`: 2008 -> "2008/09"."""
    return f"{start}/{(start + 1) % 100:02d}"


def financial_year_start(label: str) -> int | None:
    """2008 for "2008/09"; None if `label` is not a financial year label."""
    match = _FINANCIAL_YEAR.fullmatch(label)
    if match is None:
        return None
    start = int(match[1])
    if (start + 1) % 100 != int(match[2]):
        return None
    return start


@cache
def agreement_years(period_start: str, period_end: str) -> tuple[str, ...]:
    """The financial years from `period_start` to `period_end` inclusive; () if unreadable."""
    first = financial_year_start(period_start)
    last = financial_year_start(period_end)
    if first is None or last is None or last < first:
        return ()
    return tuple(financial_year(year) for year in range(first, last + 1))


def default_period(round_year: int) -> tuple[str, str]:
    """A round's agreements run three years from the April of the round (D1)."""
    return financial_year(round_year), financial_year(round_year + 2)


@dataclass(frozen=True, slots=True)
class IndicatorFacts:
    """What the rules need to know about an indicator (national or local)."""

    code: str  # "NI 16" or a local code such as "L-STK-01"
    national: bool
    title: str
    polarity: Polarity
    unit: Unit
    decimal_places: int = 1
    place_survey: bool = False  # measured by the biennial Place Survey (D7)
    deferred: bool = False  # first reporting year 2009/10 (D5)
    statutory: bool = False  # a statutory DCSF education target in this round (D3)
    # The last financial year the statutory target is in force ("2008/09" for the Key
    # Stage 3 targets, which went when the tests ended in October 2008); None: every year.
    statutory_until: str | None = None
    frequency: str = "annual"  # "annual", "quarterly" or "biennial" (D18)
    first_year: str = "2008/09"  # the first year the indicator is reported


@dataclass(frozen=True, slots=True)
class Baseline:
    value: Decimal | None = None  # None: to be confirmed (D5)
    period: str | None = None  # "2007/08", "autumn 2008", ...
    source: str = ""
    ci_lower: Decimal | None = None  # 95% confidence interval, for survey indicators (D7)
    ci_upper: Decimal | None = None
    sample_size: int | None = None

    def __post_init__(self) -> None:
        if self.period == "":
            object.__setattr__(self, "period", None)


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A target to be set later, at the annual review (D5, D16)."""

    reason: str
    set_at: str = ""  # when it will be set: "annual review 2009"
    # The GO agreed the placeholder on an indicator that is not deferred, for want of a
    # usable baseline (D5): allowed, recorded, and shown as a warning.
    go_agreed: bool = False


@dataclass(frozen=True, slots=True)
class RewardSubTarget:
    label: str
    without_reward: Decimal
    stretched: Decimal
    share: Decimal | None = None  # fraction of the target's reward; None: equal split (D20)


@dataclass(frozen=True, slots=True)
class Reward:
    """The reward (stretch) element of a target (D20)."""

    without_reward: Decimal  # performance expected without the reward
    stretched: Decimal  # the stretched target
    weight: Decimal = Decimal(1)
    sub_targets: tuple[RewardSubTarget, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.sub_targets, tuple):
            object.__setattr__(self, "sub_targets", tuple(self.sub_targets))


@dataclass(frozen=True, slots=True)
class PartnerSignUp:
    """An organisation signed up to a target (D6). Only partner authorities (s104) have a
    duty to have regard; voluntary, community and business partners sign up voluntarily.

    `duty` is None when a file does not state it: it then follows the organisation's kind
    (`default_duty`) when the organisation is known, and is stored resolved."""

    organisation: str
    duty: Duty | None = "have_regard"
    lead: bool = False


def default_duty(partner_authority: bool | None) -> Duty:
    """The duty of a sign-up that states none (D6): "have_regard" for a partner authority,
    "voluntary" for an organisation known not to be one; "have_regard" (the file format's
    documented default) when the organisation's kind is not known."""
    return "voluntary" if partner_authority is False else "have_regard"


def effective_duty(signup: PartnerSignUp, partner_authority: bool | None) -> Duty:
    """The duty a sign-up has: as stated, else by the organisation's kind (`default_duty`)."""
    return signup.duty if signup.duty is not None else default_duty(partner_authority)


@dataclass(frozen=True, slots=True)
class Scope:
    """Where and for whom a target is set: the whole area (no sub-areas, no group), some
    sub-areas (districts, neighbourhoods) and/or a client group (D2, D8)."""

    sub_areas: tuple[str, ...] = ()
    group: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.sub_areas, tuple):
            object.__setattr__(self, "sub_areas", tuple(self.sub_areas))
        if self.group == "":
            object.__setattr__(self, "group", None)

    @property
    def is_whole_area(self) -> bool:
        return not self.sub_areas and self.group is None

    def describe(self) -> str:
        """Empty for the whole area, else e.g. "Billingham, Norton; group: over-65s"."""
        parts = []
        if self.sub_areas:
            parts.append(", ".join(self.sub_areas))
        if self.group is not None:
            parts.append(f"group: {self.group}")
        return "; ".join(parts)


@dataclass(frozen=True)
class TargetDraft:
    key: str  # unique within the agreement; names the target in messages
    indicator: str  # indicator code
    category: Category
    outcome: str  # the id of one of the agreement's outcomes
    scope: Scope = Scope()
    baseline: Baseline = Baseline()
    yearly: Mapping[str, Decimal] = field(default_factory=dict)  # "2008/09" -> target
    placeholder: Placeholder | None = None
    improvement_percent: Decimal | None = None  # % improvement over a baseline to be confirmed
    relative_to: str = ""  # what the target is relative to (D8), "" if absolute
    partners: tuple[PartnerSignUp, ...] = ()
    reward: Reward | None = None
    delivery_plan: str = ""  # the change and delivery plan behind the target (D6)
    # how direction of travel is gauged in a Place Survey's non-survey year (D7)
    direction_of_travel: str = ""
    # years for which the agreement says explicitly that no target is set (kept, not dropped)
    none_set: tuple[str, ...] = ()
    # a yearly target's own data period when it is not the financial year:
    # "2010/11" -> "to February 2011", "2009/10" -> "2009" (a calendar year)
    value_periods: Mapping[str, str] = field(default_factory=dict)
    # why a target does not improve on its baseline (a relative target, rising demand):
    # without it a wrong-way or flat target is an error (D9)
    direction_reason: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "yearly", dict(self.yearly))
        object.__setattr__(self, "value_periods", dict(self.value_periods))
        if not isinstance(self.none_set, tuple) or list(self.none_set) != sorted(set(self.none_set)):
            object.__setattr__(self, "none_set", tuple(sorted(set(self.none_set))))
        if not isinstance(self.partners, tuple):
            object.__setattr__(self, "partners", tuple(self.partners))

    @property
    def label(self) -> str:
        """How messages name the target: its key, with the indicator if the key lacks it."""
        if self.indicator in self.key:
            return self.key
        return f"{self.key} ({self.indicator})"


def default_target_key(indicator: str, scope: Scope) -> str:
    """The key a target gets when a file does not give one: "NI 16" or "NI 16 [Norton]"."""
    described = scope.describe()
    return f"{indicator} [{described}]" if described else indicator


@dataclass(frozen=True, slots=True)
class OutcomeDraft:
    """A priority outcome agreed between the partnership and the GO (D1, D10)."""

    id: str
    title: str
    theme: str = ""
    evidence: str = ""
    criteria: tuple[str, ...] = ()  # ids of the SELECTION_CRITERIA met
    assessment: str = ""  # the partnership's assessment against the criteria

    def __post_init__(self) -> None:
        # A set of criteria: kept once each, in the order of SELECTION_CRITERIA (any
        # unknown id after them, as given), so the same choice always compares equal.
        chosen = tuple(dict.fromkeys(self.criteria))
        ordered = tuple(c for c in SELECTION_CRITERIA if c in chosen)
        ordered += tuple(c for c in chosen if c not in SELECTION_CRITERIA)
        if ordered != self.criteria:
            object.__setattr__(self, "criteria", ordered)


@dataclass(frozen=True, slots=True)
class Consultation:
    """A record of the duty to involve: who was consulted, when, what they said."""

    consultee: str
    held_on: str | None = None  # an ISO date, "2008-01-15"; None if not recorded
    summary: str = ""

    def __post_init__(self) -> None:
        if self.held_on == "":
            object.__setattr__(self, "held_on", None)


@dataclass(frozen=True, slots=True)
class StatutoryOmission:
    """A statutory indicator the area has no target on because DCSF agreed so (D3)."""

    indicator: str  # "NI 74"
    agreed_on: str | None = None  # an ISO date: when DCSF agreed; None if not (yet) agreed
    reason: str = ""

    def __post_init__(self) -> None:
        if self.agreed_on == "":
            object.__setattr__(self, "agreed_on", None)


@dataclass(frozen=True)
class AgreementDraft:
    area: str  # CLG area code, e.g. "E2221"
    round: int  # the negotiation round, e.g. 2008
    outcomes: tuple[OutcomeDraft, ...] = ()
    targets: tuple[TargetDraft, ...] = ()
    story_of_place: str = ""
    education_responsibility: bool = True  # the council is a local education authority (D3)
    period_start: str = "2008/09"
    period_end: str = "2010/11"
    evidence: str = ""  # references to the evidence behind the story of place
    sustainability_assessed: bool = False  # a sustainability appraisal was made
    equality_assessed: bool = False  # an equality impact assessment was made
    consultations: tuple[Consultation, ...] = ()  # the duty to involve, in order
    # statutory indicators DCSF agreed the area need not have a target on (D3)
    statutory_omissions: tuple[StatutoryOmission, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.statutory_omissions, tuple):
            object.__setattr__(self, "statutory_omissions", tuple(self.statutory_omissions))
        if not isinstance(self.outcomes, tuple):
            object.__setattr__(self, "outcomes", tuple(self.outcomes))
        if not isinstance(self.targets, tuple):
            object.__setattr__(self, "targets", tuple(self.targets))
        if not isinstance(self.consultations, tuple):
            object.__setattr__(self, "consultations", tuple(self.consultations))

    @property
    def years(self) -> tuple[str, ...]:
        """The financial years of the agreement, e.g. ("2008/09", "2009/10", "2010/11")."""
        return agreement_years(self.period_start, self.period_end)
