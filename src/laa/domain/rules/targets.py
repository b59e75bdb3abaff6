"""The rules about one target: category, years, values, confidence, partners, reward.

Written as a few straight passes over a target, because an agreement of 150 targets is
checked in well under a millisecond: no scipy call unless a survey baseline gives a
sample size but no interval (and those are cached).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from laa.domain.composition import (
    AgreementDraft,
    IndicatorFacts,
    TargetDraft,
    financial_year_start,
)
from laa.domain.rules import registry as r
from laa.domain.rules.partners import check_partners
from laa.domain.rules.periods import period_end
from laa.domain.rules.reward import stale_reward, stale_reward_message
from laa.domain.rules.trajectory import check_direction
from laa.domain.rules.values import check_values
from laa.domain.rules.wording import amount, listing, quoted

DEFERRED_FIRST_YEAR = "2009/10"  # deferred indicators are first reported in this year (D5)
# Autumn 2008 gives the baseline, autumn 2010 the final figure (D7).
PLACE_SURVEY_YEARS = frozenset({"2008/09", "2010/11"})
_ZERO = Decimal(0)
_year_start = lru_cache(maxsize=256)(financial_year_start)
_HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Context:
    """What every target's check needs to know about the agreement."""

    years: tuple[str, ...]
    year_set: frozenset[str]
    period_text: str
    non_survey_years: tuple[str, ...]  # the agreement's years with no Place Survey (D7)
    outcome_ids: frozenset[str]
    education_responsibility: bool
    before_first_year: tuple[int, int]  # (year, month) a baseline must end by
    # Organisations whose kind is known -> whether each is a partner authority (D6);
    # None when the caller knows no organisations (nothing is "unknown" then).
    partner_authorities: Mapping[str, bool] | None = None

    @classmethod
    def of(
        cls, draft: AgreementDraft, partner_authorities: Mapping[str, bool] | None = None
    ) -> Context:
        years = draft.years
        first = financial_year_start(years[0]) if years else None
        return cls(
            years=years,
            year_set=frozenset(years),
            period_text=f"{draft.period_start} to {draft.period_end}",
            non_survey_years=tuple(y for y in years if y not in PLACE_SURVEY_YEARS),
            outcome_ids=frozenset(outcome.id for outcome in draft.outcomes),
            education_responsibility=draft.education_responsibility,
            before_first_year=(first, 3) if first is not None else (0, 0),
            partner_authorities=partner_authorities,
        )


@lru_cache(maxsize=4096)
def required_years(
    years: tuple[str, ...],
    place_survey: bool,
    frequency: str,
    first_year: str,
    deferred: bool,
    statutory_until: str | None,
) -> tuple[tuple[str, ...], frozenset[str]]:
    """The years of the agreement a target on the indicator needs a value (or an explicit
    "none set") for, as a tuple and a set: they follow the indicator's first year and
    frequency (D5, D18); a Place Survey target needs the final survey year only (D7); a
    statutory target only the years it is in force (D3)."""
    if place_survey:
        needed = tuple(y for y in years[1:] if y in PLACE_SURVEY_YEARS)
    else:
        first = DEFERRED_FIRST_YEAR if deferred and first_year < DEFERRED_FIRST_YEAR else first_year
        needed = tuple(y for y in years if y >= first)
        start = _year_start(first)
        if frequency == "biennial" and start is not None:
            needed = tuple(y for y in needed if ((_year_start(y) or start) - start) % 2 == 0)
    if statutory_until is not None:
        needed = tuple(y for y in needed if y <= statutory_until)
    return needed, frozenset(needed)


def check_target(
    t: TargetDraft, facts: IndicatorFacts | None, ctx: Context, out: list[r.Finding]
) -> None:
    key = t.key
    label = t.label
    if t.outcome not in ctx.outcome_ids:
        out.append(r.UNKNOWN_OUTCOME.finding(
            key, f"{label}: the outcome {quoted(t.outcome)} is not one of the agreement's outcomes."
        ))
    _check_category(t, facts, ctx, label, out)
    _check_years(t, facts, ctx, label, out)
    finite = check_values(t, facts, label, out)
    if facts is not None and finite:
        check_direction(t, facts, label, out)
    check_partners(t, label, ctx.partner_authorities, out)
    if facts is not None and facts.place_survey:
        _check_direction_of_travel(t, ctx, label, out)
    if t.reward is not None:
        _check_reward(t, facts if finite else None, label, out)


def _check_category(
    t: TargetDraft, facts: IndicatorFacts | None, ctx: Context, label: str, out: list[r.Finding]
) -> None:
    category = t.category
    if facts is None:
        out.append(r.UNKNOWN_INDICATOR.finding(
            t.key, f"{label}: {quoted(t.indicator)} is not an indicator in the catalogue."
        ))
    elif category == "designated":
        if not facts.national:
            out.append(r.DESIGNATED_LOCAL.finding(
                t.key,
                f"{label}: {t.indicator} is a local indicator; designated targets must be on "
                "national indicators. Make it a local target.",
            ))
        elif facts.statutory:
            out.append(r.DESIGNATED_STATUTORY.finding(
                t.key,
                f"{label}: {t.indicator} is a statutory DCSF education indicator; it is agreed "
                "with DCSF as a statutory target and cannot be one of the designated targets.",
            ))
    elif category == "statutory" and not facts.statutory:
        out.append(r.STATUTORY_NOT_IN_SET.finding(
            t.key,
            f"{label}: {t.indicator} is not a statutory DCSF indicator in this round; make it "
            "a designated or local target.",
        ))
    if category == "statutory" and not ctx.education_responsibility:
        out.append(r.STATUTORY_WITHOUT_EDUCATION.finding(
            t.key,
            f"{label}: a statutory education target in an area whose council has no "
            "education responsibility.",
        ))


def _check_years(
    t: TargetDraft, facts: IndicatorFacts | None, ctx: Context, label: str, out: list[r.Finding]
) -> None:
    yearly = t.yearly
    key = t.key
    within = ctx.year_set.issuperset(yearly)
    if ctx.year_set and not within:
        outside = [y for y in yearly if y not in ctx.year_set]
        if outside:
            out.append(r.OUTSIDE_AGREEMENT.finding(
                key,
                f"{label}: the target{'s' if len(outside) > 1 else ''} for "
                f"{listing(sorted(outside))} fall{'' if len(outside) > 1 else 's'} outside "
                f"the agreement period {ctx.period_text}.",
            ))
    baseline = t.baseline
    if baseline.period is not None:
        end = period_end(baseline.period)
        if end is None:
            out.append(r.BASELINE_PERIOD_UNREADABLE.finding(
                key,
                f"{label}: the baseline period {quoted(baseline.period)} cannot be read; write a "
                "financial year (2007/08), a quarter (Q3 2007/08), a calendar year (2007), a "
                "month (March 2008), a season (autumn 2008), a date (2008-03-31), a range or "
                "average (2005-2007 average) or a part year (April-December 2007).",
            ))
        elif yearly and not (within and end <= ctx.before_first_year):
            first = min(yearly)
            start = _year_start(first)
            if start is not None and end > (start, 3):
                out.append(r.BASELINE_NOT_BEFORE.finding(
                    key,
                    f"{label}: the baseline period {baseline.period} does not end before "
                    f"{first}, the first year with a target.",
                ))

    deferred = facts is not None and facts.deferred
    if facts is None:
        required, required_set = ctx.years, ctx.year_set
    else:
        required, required_set = required_years(
            ctx.years, facts.place_survey, facts.frequency, facts.first_year, deferred,
            facts.statutory_until if t.category == "statutory" else None,
        )
    none_set = t.none_set
    if none_set:
        both = [y for y in none_set if y in yearly]
        if both:
            out.append(r.NONE_SET_WITH_VALUE.finding(
                key,
                f"{label}: {listing(both)} {'is' if len(both) == 1 else 'are'} marked "
                "\u201cnone set\u201d but also given a target; keep one or the other.",
            ))
        outside = [y for y in none_set if y not in ctx.year_set]
        if outside and ctx.year_set:
            out.append(r.OUTSIDE_AGREEMENT.finding(
                key,
                f"{label}: \u201cnone set\u201d for {listing(outside)}, outside the agreement "
                f"period {ctx.period_text}.",
            ))
    if t.value_periods:
        _check_value_periods(t, label, out)
    placeholder = t.placeholder
    later = placeholder is not None or t.improvement_percent is not None
    if not later:
        covered = yearly.keys() | set(none_set) if none_set else yearly.keys()
        if not covered >= required_set:
            missing = [y for y in required if y not in covered]
            final = required[-1]
            if len(required) > 1 and final in yearly and set(missing) == set(required[:-1]):
                out.append(r.FINAL_YEAR_ONLY.finding(
                    key,
                    f"{label}: a target for the final year {final} only, with no trajectory "
                    f"for {listing(missing)}; give a target for each year, or mark a year "
                    "\u201cnone set\u201d.",
                ))
            else:
                out.append(r.MISSING_YEAR.finding(
                    key,
                    f"{label}: no target for {listing(missing)}. Set one for each year (or "
                    "mark a year \u201cnone set\u201d), or make the target a placeholder if "
                    "the indicator is deferred or has no baseline.",
                ))
        if not deferred and (baseline.value is None or baseline.period is None):
            gaps = [name for name, given in (("value", baseline.value is not None),
                                             ("period", baseline.period is not None))
                    if not given]
            out.append(r.BASELINE_MISSING.finding(
                key,
                f"{label}: the baseline has no {' and no '.join(gaps)}; give the baseline's "
                f"value and the period it is for (e.g. 2007/08), or, if {t.indicator} has no "
                "baseline yet, make the target a placeholder or a % improvement over a "
                "baseline to be confirmed.",
            ))
    elif facts is not None and not deferred and placeholder is not None and placeholder.go_agreed:
        if facts.national and not facts.place_survey or baseline.value is not None:
            out.append(r.PLACEHOLDER_AGREED.finding(
                key,
                f"{label}: a placeholder on {t.indicator}, which is not deferred, agreed by "
                f"the GO for want of a usable baseline ({quoted(placeholder.reason)}).",
            ))
    elif facts is not None and not deferred:
        what = "a placeholder" if placeholder is not None else "a % improvement"
        if baseline.value is not None:
            out.append(r.PLACEHOLDER_NOT_ALLOWED.finding(
                key,
                f"{label}: the target is {what}, but {t.indicator} is not deferred and has a "
                f"baseline ({amount(baseline.value, facts.unit)}"
                f"{' in ' + baseline.period if baseline.period else ''}); set a target for "
                "each year.",
            ))
        elif facts.national and not facts.place_survey:
            out.append(r.PLACEHOLDER_NOT_ALLOWED.finding(
                key,
                f"{label}: the target is {what}, but {t.indicator} is neither deferred to "
                f"{DEFERRED_FIRST_YEAR} nor an indicator without a baseline: the catalogue "
                "does not mark national indicators as new, so only deferred, Place Survey "
                "and local indicators may wait for a baseline. Give the baseline and a target "
                "for each year.",
            ))
    if placeholder is not None:
        if yearly:
            out.append(r.PLACEHOLDER_WITH_VALUES.finding(
                key,
                f"{label}: the target is a placeholder but also has targets for "
                f"{listing(sorted(yearly))}; remove the placeholder or the yearly targets.",
            ))
        if not placeholder.set_at.strip():
            out.append(r.PLACEHOLDER_NO_REVIEW.finding(
                key,
                f"{label}: the placeholder ({quoted(placeholder.reason)}) does not say when "
                "its target will be set; give the review, e.g. annual review 2009.",
            ))
    if deferred:
        early = sorted(y for y in yearly if y < DEFERRED_FIRST_YEAR)
        if early:
            out.append(r.DEFERRED_FIRST_YEAR.finding(
                key,
                f"{label}: {t.indicator} is deferred to {DEFERRED_FIRST_YEAR} and cannot have a "
                f"target for {listing(early)}.",
            ))
    improvement = t.improvement_percent
    if improvement is not None and not (improvement.is_finite() and improvement > _ZERO):
        out.append(r.IMPROVEMENT_NOT_POSITIVE.finding(
            key, f"{label}: an improvement of {improvement}% is not an improvement."
        ))

def _check_value_periods(t: TargetDraft, label: str, out: list[r.Finding]) -> None:
    """A target value's own data period, when it is not the financial year: readable, and
    for a year that has a target."""
    for year, period in sorted(t.value_periods.items()):
        if year not in t.yearly:
            out.append(r.VALUE_PERIOD_UNREADABLE.finding(
                t.key,
                f"{label}: the data period {quoted(period)} is given for {year}, which has no "
                "target.",
            ))
        elif period_end(period) is None:
            out.append(r.VALUE_PERIOD_UNREADABLE.finding(
                t.key,
                f"{label}: the data period {quoted(period)} of the {year} target cannot be "
                "read; write a calendar year (2010), a period up to a month (to February "
                "2011), a financial year (2010/11) or a range (April-December 2010).",
            ))


def _check_direction_of_travel(
    t: TargetDraft, ctx: Context, label: str, out: list[r.Finding]
) -> None:
    """A Place Survey indicator is measured only in survey years; the GO and partnership
    agree how to gauge direction of travel in the years between (D7)."""
    gap = ctx.non_survey_years
    if gap and not t.direction_of_travel.strip():
        year = "year" if len(gap) == 1 else "years"
        out.append(r.NO_DIRECTION_OF_TRAVEL.finding(
            t.key,
            f"{label}: {t.indicator} is a Place Survey indicator, but no way of gauging "
            f"direction of travel in the non-survey {year} ({listing(gap)}) is recorded; "
            "agree one with the GO (non-survey data, qualitative research or a mini survey).",
        ))


def _check_reward(
    t: TargetDraft, facts: IndicatorFacts | None, label: str, out: list[r.Finding]
) -> None:
    reward = t.reward
    assert reward is not None
    if t.category != "designated":
        out.append(r.REWARD_NOT_DESIGNATED.finding(
            t.key, f"{label}: a reward element on a {t.category} target; only designated "
            "targets were eligible for reward grant in 2008.",
        ))
    if not (reward.weight.is_finite() and reward.weight > _ZERO):
        out.append(r.REWARD_WEIGHT.finding(
            t.key, f"{label}: the reward weight is {reward.weight}; it must be more than 0."
        ))
    if facts is not None:
        unit, polarity = facts.unit, facts.polarity
        parts = [("", reward.without_reward, reward.stretched)]
        parts += [(f" sub-target {quoted(s.label)}", s.without_reward, s.stretched)
                  for s in reward.sub_targets]
        for part, without, stretched in parts:
            if polarity == "higher":
                ok, wanted = stretched > without, "above"
            elif polarity == "lower":
                ok, wanted = stretched < without, "below"
            else:
                ok, wanted = stretched != without, "different from"
            if not ok:
                out.append(r.REWARD_NOT_STRETCHED.finding(
                    t.key,
                    f"{label}:{part} the stretched target {amount(stretched, unit)} must be "
                    f"{wanted} the performance expected without reward "
                    f"({amount(without, unit)}).",
                ))
        stale = stale_reward(t, facts)
        if stale:
            out.append(r.REWARD_STALE.finding(t.key, stale_reward_message(label, stale)))
    shares = [s.share for s in reward.sub_targets]
    given = [s for s in shares if s is not None]
    if given:
        problem = ""
        if len(given) < len(shares):
            problem = f"{len(given)} of {len(shares)} sub-targets have a share; give all or none"
        elif not all(s.is_finite() and s > _ZERO for s in given):
            problem = "every share must be more than 0"
        elif sum(given, _ZERO) != 1:
            problem = f"the shares add up to {sum(given, _ZERO)}, not 1"
        if problem:
            out.append(r.REWARD_SHARES.finding(t.key, f"{label}: {problem}."))
