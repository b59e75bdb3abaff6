"""The Performance Reward Grant an area earns by beating its stretched targets (DOMAIN.md
D20; issue 14), under a versioned policy (`laa.domain.reward_policy`).

Per area: the potential grant is the policy's rate (2.5%) of the net budget requirement
of the year before the agreement (a two-tier area adds its districts' to the county's),
rounded as the policy says (the nearest £1,000). It is divided among the reward targets
(equally, or by the agreement's weights where the policy says so), and a target's share
among its sub-targets (equally, unless the agreement gives each a share).

Per target (or sub-target): enhancement = stretched target minus the performance
expected without reward; proportion achieved = (actual minus expected-without) /
enhancement, sign-adjusted for a lower-is-better indicator. Below the floor (60%) nothing
is paid; otherwise the share times the proportion, capped (100%), to the policy's
rounding (the nearest pound). A provisional value gives a provisional figure, marked as
such; a target with no value pays nothing and says why.

A payment on account (one fifth of a target's share, when the agreed interim level was
reached) is set against the instalments in order; what it paid beyond the grant earned is
recovered. The instalments follow the policy: a year after the period each, a fraction of
the grant, reduced if the policy says so, split capital and revenue.

    result = calculate(policy, budgets, targets, period_end="2010/11")
    result.total, result.instalments, result.explanations

Every figure comes with its explanation in plain English.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from laa.domain.composition import Polarity, Reward, Unit, financial_year, financial_year_start
from laa.domain.reward_policy import Policy
from laa.domain.rules.wording import amount

_ZERO, _HUNDRED = Decimal(0), Decimal(100)


def pounds(value: Decimal) -> str:
    """£112,345 (pennies shown only when there are some)."""
    whole = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.quantize(Decimal("0.01"))
    return amount(whole, "pounds")


def percent(fraction: Decimal) -> str:
    """0.8412 -> "84%" (to the nearest whole per cent, for reading; never for paying)."""
    return f"{(fraction * _HUNDRED).quantize(Decimal(1)):,}%"


@dataclass(frozen=True, slots=True)
class Budget:
    """A net budget requirement: one authority's, of one year, with its source."""

    authority: str
    amount: Decimal
    year: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class Achieved:
    """The value achieved, from the hub or a claim: final, or provisional."""

    value: Decimal
    final: bool = True
    period: str = ""


@dataclass(frozen=True, slots=True)
class Interim:
    """An agreed interim level and the value reached at the interim point (None: none reported)."""

    level: Decimal
    value: Decimal | None


@dataclass(frozen=True, slots=True)
class RewardTarget:
    """A reward target of the agreement, with what was achieved. For a target with
    sub-targets, `sub_achieved` holds each sub-target's value by its label."""

    key: str
    polarity: Polarity
    reward: Reward
    achieved: Achieved | None = None
    sub_achieved: Mapping[str, Achieved | None] = field(default_factory=dict)
    interim: Interim | None = None
    unit: Unit | None = None  # the indicator's unit, for showing values


@dataclass(frozen=True, slots=True)
class PartResult:
    """A target's (or a sub-target's) figure."""

    label: str
    share: Decimal
    enhancement: Decimal | None
    proportion: Decimal | None  # None: no value, or no enhancement to measure against
    amount: Decimal
    provisional: bool
    explanation: str


@dataclass(frozen=True, slots=True)
class TargetResult:
    key: str
    share: Decimal
    amount: Decimal
    parts: tuple[PartResult, ...]  # one, or one per sub-target
    on_account: Decimal  # the payment on account earned (0: none)
    provisional: bool
    explanation: str
    on_account_explanation: str = ""


@dataclass(frozen=True, slots=True)
class InstalmentResult:
    year: str
    gross: Decimal  # the instalment's fraction of the grant earned
    set_against: Decimal  # payments on account set against it
    reduction: Decimal  # taken off by the policy
    payable: Decimal
    capital: Decimal
    revenue: Decimal
    explanation: str


@dataclass(frozen=True, slots=True)
class Calculation:
    policy_id: str
    budget: Decimal
    budgets: tuple[Budget, ...]
    potential: Decimal
    targets: tuple[TargetResult, ...]
    total: Decimal  # the grant earned
    percent_of_potential: Decimal  # 0..100
    on_account: Decimal  # payments on account earned, set against the instalments
    recovered: Decimal  # payments on account beyond the grant earned, to be recovered
    instalments: tuple[InstalmentResult, ...]
    payable: Decimal  # the instalments' total
    provisional: bool
    explanations: tuple[str, ...]  # the area's figures, in order


def _direction(polarity: Polarity, without: Decimal, stretched: Decimal) -> int:
    if polarity == "higher":
        return 1
    if polarity == "lower":
        return -1
    return 1 if stretched >= without else -1  # neither: the way the stretch goes


def part_result(policy: Policy, label: str, polarity: Polarity, without: Decimal, stretched: Decimal,
                share: Decimal, achieved: Achieved | None, unit: Unit | None = None) -> PartResult:
    """One target's (or sub-target's) paid share, with its explanation."""
    sign = _direction(polarity, without, stretched)
    enhancement = (stretched - without) * sign

    def show(value: Decimal) -> str:  # in the indicator's unit
        return amount(value, unit)

    worth = f"its share of {pounds(policy.round_amount(share))}"
    if enhancement <= _ZERO:
        why = ("lower is better but the stretched target is not below" if polarity == "lower"
               else "the stretched target is not beyond")
        return PartResult(label, share, enhancement, None, _ZERO, False,
                          f"{label}: {why} the performance expected without reward "
                          f"({show(stretched)} against {show(without)}), so there is no enhancement to "
                          f"reward: nothing of {worth} is paid")
    if achieved is None:
        return PartResult(label, share, enhancement, None, _ZERO, False,
                          f"{label}: no final value has been reported, so nothing of {worth} is paid yet")
    proportion = (achieved.value - without) * sign / enhancement
    marked = " (provisional: the value is not final)" if not achieved.final else ""
    stated = (f"{show(achieved.value)} achieved against {show(without)} expected without reward and "
              f"{show(stretched)} stretched")
    if proportion < policy.floor:
        return PartResult(label, share, enhancement, proportion, _ZERO, not achieved.final,
                          f"{label}: {stated}: {percent(proportion)} of the enhancement achieved, below the "
                          f"{percent(policy.floor)} floor, so nothing of {worth} is paid{marked}")
    paid = min(proportion, policy.cap)
    money = policy.round_amount(share * paid)
    if proportion > policy.cap:
        text = (f"{percent(proportion)} of the enhancement achieved, capped at {percent(policy.cap)}, "
                f"so {percent(paid)} of {worth}: {pounds(money)}")
    else:
        text = f"{percent(proportion)} of the enhancement achieved, so {percent(paid)} of {worth}: {pounds(money)}"
    return PartResult(label, share, enhancement, proportion, money, not achieved.final,
                      f"{label}: {stated}: {text}{marked}")


def _reached(polarity: Polarity, reward: Reward, interim: Interim) -> bool:
    if interim.value is None:
        return False
    sign = _direction(polarity, reward.without_reward, reward.stretched)
    return (interim.value - interim.level) * sign >= 0


def sub_fractions(reward: Reward) -> list[Decimal]:
    """Each sub-target's fraction of its target's share: the agreement's, where it gives
    every one; else equal."""
    given = [s.share for s in reward.sub_targets]
    if all(g is not None for g in given):
        return [Decimal(g) for g in given if g is not None]
    return [Decimal(1) / len(given)] * len(given) if given else []


def target_result(policy: Policy, target: RewardTarget, share: Decimal) -> TargetResult:
    reward = target.reward
    subs = reward.sub_targets
    if subs:
        given = [s.share for s in subs]
        fractions = sub_fractions(reward)
        parts = tuple(part_result(policy, f"{target.key} ({s.label})", target.polarity, s.without_reward,
                                  s.stretched, share * f, target.sub_achieved.get(s.label), target.unit)
                      for s, f in zip(subs, fractions, strict=True))
        how = ("by the shares the agreement gives" if all(g is not None for g in given)
               else f"equally among its {len(subs)} sub-targets")
    else:
        parts = (part_result(policy, target.key, target.polarity, reward.without_reward, reward.stretched,
                             share, target.achieved, target.unit),)
        how = ""
    total = sum((p.amount for p in parts), _ZERO)
    provisional = any(p.provisional for p in parts)
    explanation = (f"{target.key}: its share of {pounds(policy.round_amount(share))} is divided {how}; "
                   f"together they earn {pounds(total)}" if subs else parts[0].explanation)
    on_account, said = _ZERO, ""
    if target.interim is not None:
        level = amount(target.interim.level, target.unit)
        if policy.on_account is None:
            said = f"{target.key}: policy {policy.id} makes no payment on account"
        elif _reached(target.polarity, reward, target.interim):
            on_account = policy.round_amount(share * policy.on_account)
            said = (f"{target.key}: the agreed interim level {level} was reached, so a payment on account of "
                    f"{percent(policy.on_account)} of its share, {pounds(on_account)}, was earned; it is set "
                    "against the final payment")
        else:
            said = f"{target.key}: the agreed interim level {level} was not reached: no payment on account"
    return TargetResult(target.key, share, total, parts, on_account, provisional, explanation, said)


def potential_grant(policy: Policy, budgets: Sequence[Budget]) -> tuple[Decimal, Decimal, str]:
    """The net budget requirement (summed), the potential grant, and their explanation."""
    budget = sum((b.amount for b in budgets), _ZERO)
    potential = policy.round_potential(budget * policy.rate)
    if len(budgets) > 1:
        said = (f"The net budget requirement is {pounds(budget)}: "
                + " plus ".join(f"{b.authority} {pounds(b.amount)}" for b in budgets))
    elif budgets:
        said = f"The net budget requirement is {pounds(budget)} ({budgets[0].authority})"
    else:
        said = "No net budget requirement has been recorded, so the potential grant is £0"
    said += (f". The potential grant is {(policy.rate * _HUNDRED).normalize():f}% of it, rounded to "
             f"the nearest {pounds(policy.potential_rounded_to)}: {pounds(potential)}")
    return budget, potential, said


def shares(policy: Policy, potential: Decimal, targets: Sequence[RewardTarget]) -> list[Decimal]:
    """Each reward target's share of the potential grant (not rounded)."""
    if not targets:
        return []
    if policy.target_shares == "equal":
        return [potential / len(targets)] * len(targets)
    weights = [t.reward.weight for t in targets]
    whole = sum(weights, _ZERO)
    return [potential * w / whole for w in weights]


def instalments(policy: Policy, total: Decimal, on_account: Decimal, period_end: str) -> tuple[InstalmentResult, ...]:
    """The instalments of the grant earned, the payments on account set against them in order."""
    start = financial_year_start(period_end)
    found = []
    left = on_account
    paid_so_far = _ZERO
    for i, step in enumerate(policy.instalments):
        last = i == len(policy.instalments) - 1
        gross = total - paid_so_far if last else policy.round_amount(total * step.fraction)
        paid_so_far += gross
        against = min(left, gross)
        left -= against
        reduction = policy.round_amount((gross - against) * step.reduction)
        payable = _ZERO if not policy.pays else gross - against - reduction
        capital = policy.round_amount(payable * step.capital)
        revenue = payable - capital
        year = financial_year(start + step.after_period) if start is not None else f"year {step.after_period}"
        said = f"{year}: {percent(step.fraction)} of the grant earned, {pounds(gross)}"
        if against:
            said += f", less {pounds(against)} already paid on account"
        if reduction:
            said += f", reduced by {percent(step.reduction)} ({pounds(reduction)}) under policy {policy.id}"
        if policy.pays:
            said += (f": {pounds(payable)} payable, {percent(step.capital)} capital ({pounds(capital)}) and "
                     f"{percent(step.revenue)} revenue ({pounds(revenue)})")
        else:
            said += f": nothing payable. {policy.withheld_reason}"
        found.append(InstalmentResult(year, gross, against, reduction if policy.pays else _ZERO, payable,
                                      capital, revenue, said))
    return tuple(found)


def calculate(policy: Policy, budgets: Sequence[Budget], targets: Sequence[RewardTarget], *,
              period_end: str) -> Calculation:
    """The area's reward under the policy: potential, each target's amount, the total,
    the payments on account and the instalments, each explained."""
    budget, potential, budget_said = potential_grant(policy, budgets)
    found = tuple(target_result(policy, t, s) for t, s in zip(targets, shares(policy, potential, targets),
                                                             strict=True))
    total = sum((t.amount for t in found), _ZERO)
    on_account = sum((t.on_account for t in found), _ZERO)
    recovered = max(on_account - total, _ZERO)
    paid = instalments(policy, total, on_account, period_end)
    payable = sum((i.payable for i in paid), _ZERO)
    share_of = (total / potential * _HUNDRED) if potential else _ZERO
    provisional = any(t.provisional for t in found)
    said = [f"Calculated under policy {policy.id} ({policy.title})", budget_said]
    if targets:
        how = "equally" if policy.target_shares == "equal" else "by the agreement's weights"
        said.append(f"It is divided {how} among {len(targets)} reward target{'s' if len(targets) != 1 else ''}")
    else:
        said.append("The agreement has no reward targets, so nothing is earned")
    said.append(f"The grant earned is {pounds(total)}, {percent(share_of / _HUNDRED)} of the potential grant")
    if on_account:
        said.append(f"Payments on account of {pounds(on_account)} are set against the final payment")
    if recovered:
        said.append(f"The payments on account exceed the grant earned by {pounds(recovered)}: it is recovered")
    if not policy.pays:
        said.append(policy.withheld_reason)
    if provisional:
        said.append("Provisional: some values are not final, so these figures may change")
    return Calculation(policy.id, budget, tuple(budgets), potential, found, total,
                       share_of.quantize(Decimal("0.01")), on_account, recovered, paid, payable, provisional,
                       tuple(said))


@dataclass(frozen=True, slots=True)
class AuthorityPayment:
    authority: str
    capital: Decimal
    revenue: Decimal

    @property
    def total(self) -> Decimal:
        return self.capital + self.revenue


def by_authority(policy: Policy, result: Calculation) -> tuple[AuthorityPayment, ...]:
    """The grant payable divided among the area's authorities in proportion to their net
    budget requirements (the last takes what rounding leaves, so the parts add up)."""
    capital = sum((i.capital for i in result.instalments), _ZERO)
    revenue = sum((i.revenue for i in result.instalments), _ZERO)
    budgets = [b for b in result.budgets if b.amount > 0]
    if not budgets:
        return ()
    found = []
    left_capital, left_revenue = capital, revenue
    for i, b in enumerate(budgets):
        if i == len(budgets) - 1:
            found.append(AuthorityPayment(b.authority, left_capital, left_revenue))
            break
        part = b.amount / result.budget
        c, r = policy.round_amount(capital * part), policy.round_amount(revenue * part)
        left_capital, left_revenue = left_capital - c, left_revenue - r
        found.append(AuthorityPayment(b.authority, c, r))
    return tuple(found)
