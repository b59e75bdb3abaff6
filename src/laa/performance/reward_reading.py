"""What the reward calculation reads (issue 14, ADR 0024), always through the scopes: the
agreement (404 outside the person's scope, 403 for one who sees it but not its money),
its version in force on the day (laa.signoff.versions) and its reward targets, the
indicators' polarity and unit, the hub's values of the agreement's final year (final, or
provisional: a provisional figure), the net budget requirements of the year before the
agreement, and the policy: the one asked for, or the version of the agreement's scheme
in force when the agreement was made (`choose_policy`). The calculation itself is `laa.domain.reward.calculate`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from laa.agreements.models import Agreement
from laa.domain.composition import IndicatorFacts, TargetDraft, financial_year, financial_year_start
from laa.domain.progress_trend import counts_for
from laa.domain.reward import (
    Achieved,
    Budget,
    Calculation,
    Interim,
    RewardTarget,
    calculate,
    pounds,
)
from laa.domain.reward_policy import (
    Policy,
    bundled_policies,
    later_versions,
    made_under,
    scheme_for,
)
from laa.performance.models import ClaimStatus, InterimLevel, NetBudgetRequirement
from laa.performance.reading import indicator_facts, observed_values, scope_key
from laa.signoff.models import AgreementVersion
from laa.signoff.scopes import visible_agreement
from laa.signoff.versions import VersionDamaged, version_draft, version_on

READ_REFUSAL = ("The reward grant of {name}'s agreement is for its partnership, its Government Office and "
                "national readers")


class RewardUnavailable(Exception):
    """The calculation cannot be made (no policy, no version in force); the message says why."""


def reward_agreement(user, area_code: str) -> Agreement:
    agreement = visible_agreement(user, area_code)
    if not rules.has_perm("performance.read_reward", user, agreement):
        raise PermissionDenied(READ_REFUSAL.format(name=agreement.area.name))
    return agreement


def scheme_of(agreement: Agreement) -> str:
    """The reward scheme of the agreement's period: "laa-2008-11" for 2008/09 to 2010/11."""
    return scheme_for(agreement.period_start, agreement.period_end)


def choose_policy(agreement: Agreement, policy_id: str | None, day: date) -> Policy:
    """The policy asked for by name; else the version of the agreement's scheme it was made
    under, in force when its period began. A later version is used only when asked for: the
    sources do not give the day the later versions took effect (ADR 0024)."""
    policies = bundled_policies()
    if policy_id:
        if policy_id not in policies:
            raise RewardUnavailable(f"There is no reward policy {policy_id!r}: the policies are "
                                    f"{', '.join(sorted(policies))}")
        return policies[policy_id]
    found = made_under(policies.values(), agreement.period_start, agreement.period_end)
    if found is None:
        scheme = scheme_of(agreement)
        raise RewardUnavailable(f"No reward policy of the scheme {scheme or 'of this period'} was in force when "
                                f"the agreement's period began ({agreement.period_start})")
    return found


def policy_said(agreement: Agreement, policy: Policy, *, asked: bool) -> str:
    """Why the calculation is under this policy, in words, for the page and the API."""
    if asked:
        return f"Calculated under {policy.id} ({policy.title}), the policy asked for"
    later = later_versions(bundled_policies().values(), policy)
    said = (f"Calculated under {policy.id} ({policy.title}), the version of the scheme the agreement was made "
            f"under (in force when its period began, {agreement.period_start})")
    if later:
        said += (". A later version (" + "; ".join(f"{p.id}: {p.title}" for p in later) + ") is used only when "
                 "chosen: the sources do not give the day it took effect")
    return said


def budget_year(agreement: Agreement) -> str:
    start = financial_year_start(agreement.period_start)
    return financial_year(start - 1) if start is not None else ""


def budgets_of(user, agreement: Agreement) -> list[Budget]:
    """The latest net budget requirement of each authority for the year before the agreement."""
    year = budget_year(agreement)
    latest: dict[str, NetBudgetRequirement] = {}
    rows = list(NetBudgetRequirement.objects.visible_to(user).filter(area=agreement.area, year=year).order_by("id"))
    for row in rows:
        latest[row.authority] = row
    first = rows[0].authority if rows else ""  # the county's (or the unitary's) is entered first
    ordered = sorted(latest.values(), key=lambda r: (r.authority != first, r.authority))
    return [Budget(r.authority, r.amount, r.year, f"{r.source} (entered by {r.by_name})") for r in ordered]


@dataclass(frozen=True)
class AreaReward:
    agreement: Agreement
    day: date
    version: AgreementVersion | None
    policy: Policy
    calculation: Calculation
    targets: tuple[TargetDraft, ...]  # the reward targets, in the agreement's order
    facts: dict[str, IndicatorFacts]
    values_from: dict[str, str]  # target key -> where its achieved value came from, in words
    policy_note: str = ""  # why this policy, in words


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def district_names(agreement: Agreement) -> dict[str, str]:
    """Each way a target's sub-area or a sub-target may name one of the area's districts
    (the district's name or its council's, case and spacing aside, as the hub reads a
    file's district) -> the district's name now, as the hub's values carry it (their
    district is the district's row, not a name: a district renamed keeps its values)."""
    found: dict[str, str] = {}
    for district in agreement.area.districts.select_related("council"):
        found[_normal(district.name)] = district.name
        council = getattr(district, "council", None)  # none: RelatedObjectDoesNotExist is an AttributeError
        if council is not None:
            found.setdefault(_normal(council.name), district.name)
    return found


def hub_achieved(user, agreement: Agreement, targets: list[TargetDraft], years: tuple[str, ...],
                 day: date) -> tuple[dict[str, Achieved | None], dict[str, dict[str, Achieved | None]], dict[str, str]]:
    """The hub's value of the agreement's final year for each target and sub-target (final,
    else provisional; none when suppressed or not yet reported), and where each came from."""
    final_year = years[-1] if years else ""
    values = observed_values(user, agreement, {t.indicator for t in targets}, day)
    whole: dict[str, Achieved | None] = {}
    subs: dict[str, dict[str, Achieved | None]] = {}
    said: dict[str, str] = {}

    def pick(key, periods) -> Achieved | None:
        """The final year's outturn: its annual figure, or its fourth quarter (a quarter
        before it is not the year's outturn); a final value before a provisional one."""
        chosen = None
        for period, o in values.get(key, []):
            if " Q" in period and not period.endswith("Q4"):
                continue
            if counts_for(period, years, periods) == final_year and o.value is not None:
                if chosen is None or o.status == "final" or not chosen.final:
                    chosen = Achieved(o.value, o.status == "final", period)
        return chosen

    names = district_names(agreement)

    def district(label: str | None) -> str | None:
        return None if label is None else names.get(_normal(label), label)

    for t in targets:
        key, reason = scope_key(t)
        if key is not None:
            key = (key[0], district(key[1]), key[2])
        found = pick(key, t.value_periods) if key is not None else None
        whole[t.key] = found
        assert t.reward is not None
        subs[t.key] = {s.label: pick((t.indicator, district(s.label), key[2] if key else "all"), t.value_periods)
                      for s in t.reward.sub_targets}
        if found is not None:
            said[t.key] = f"The hub's {'final' if found.final else 'provisional'} value for {found.period}"
        else:
            said[t.key] = reason or f"The hub holds no value for {final_year} yet"
    return whole, subs, said


def area_reward(user, agreement: Agreement, day: date, policy_id: str | None = None) -> AreaReward:
    """The reward calculation of the agreement's version in force on the day, from the hub."""
    policy = choose_policy(agreement, policy_id, day)
    version = version_on(agreement, day)
    if version is None:
        raise RewardUnavailable(f"{agreement.area.name}'s agreement has no version in force on {day:%-d %B %Y}")
    try:
        draft = version_draft(version)
    except VersionDamaged as damaged:
        raise RewardUnavailable(str(damaged)) from None
    targets = [t for t in draft.targets if t.reward is not None]
    facts = indicator_facts(user, agreement, {t.indicator for t in targets})
    whole, subs, said = hub_achieved(user, agreement, targets, draft.years, day)
    interims = interim_levels(user, agreement)
    inputs = [reward_target(t, facts.get(t.indicator), whole[t.key], subs[t.key], interims.get(t.key))
              for t in targets]
    result = calculate(policy, budgets_of(user, agreement), inputs, period_end=agreement.period_end)
    return AreaReward(agreement, day, version, policy, result, tuple(targets), facts, said,
                      policy_said(agreement, policy, asked=bool(policy_id)))


def interim_levels(user, agreement: Agreement) -> dict[str, Interim]:
    """Each reward target's latest recorded interim level and the value reached."""
    found: dict[str, Interim] = {}
    for row in InterimLevel.objects.visible_to(user).filter(agreement=agreement).order_by("id"):
        found[row.target_key] = Interim(row.level, row.reached)
    return found


def reward_target(t: TargetDraft, facts: IndicatorFacts | None, achieved: Achieved | None,
                  subs: dict[str, Achieved | None], interim: Interim | None = None) -> RewardTarget:
    assert t.reward is not None
    if facts is not None:  # the hub keeps four places: show the indicator's own
        places = facts.decimal_places
        achieved, subs = _places(achieved, places), {k: _places(v, places) for k, v in subs.items()}
        if interim is not None:
            interim = Interim(_shown(interim.level, places),
                              None if interim.value is None else _shown(interim.value, places))
    return RewardTarget(t.key, facts.polarity if facts else "neither", t.reward, achieved, subs, interim,
                        unit=facts.unit if facts else None)


def _places(found: Achieved | None, places: int) -> Achieved | None:
    return None if found is None else Achieved(_shown(found.value, places), found.final, found.period)


def _shown(value: Decimal, places: int) -> Decimal:
    """The value to the indicator's places when that loses nothing (the hub keeps four)."""
    exact = value.quantize(Decimal(1).scaleb(-places))
    return exact if exact == value else value.normalize()


def reward_stamp_columns(user) -> list[Subquery]:
    """What the reward's summary reads besides the hub and the version, as subqueries of an
    agreement's row (the newest net budget requirement of its area, its interim level and
    claim step): they change whenever one is recorded."""
    def last(rows) -> Subquery:
        return Subquery(rows.order_by("-id").values("id")[:1])

    return [last(NetBudgetRequirement.objects.visible_to(user).filter(area=OuterRef("area_id"))),
            last(InterimLevel.objects.visible_to(user).filter(agreement=OuterRef("pk"))),
            last(ClaimStatus.objects.visible_to(user).filter(claim__agreement=OuterRef("pk")))]


def reward_summary(user, agreement: Agreement, day: date) -> dict | None:
    """The area's reward in brief, for the CAA's view: the potential grant, what is earned
    so far under the policy the agreement was made under (provisional while values are),
    and the latest determination; None for one who may not read the reward."""
    if not rules.has_perm("performance.read_reward", user, agreement):
        return None
    try:
        found = area_reward(user, agreement, day)
    except RewardUnavailable as why:
        return {"problem": str(why)}
    c = found.calculation
    row = (ClaimStatus.objects.visible_to(user).filter(claim__agreement=agreement, to_state="determined")
           .select_related("claim").order_by("-id").first())
    return {"policy": c.policy_id, "potential": pounds(c.potential), "earned": pounds(c.total),
            "percent": f"{c.percent_of_potential.normalize():f}%", "provisional": c.provisional,
            "payable": pounds(c.payable), "withheld": not found.policy.pays,
            "determined": {"claim": row.claim.number, "total": pounds(Decimal(row.figures["total"])),
                           "payable": pounds(Decimal(row.figures["payable"])), "on": timezone.localdate(row.at)}
                if row else None}
