"""The Performance Reward Grant calculation (D20, issue 14): table tests."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from laa.domain.composition import Reward, RewardSubTarget
from laa.domain.reward import Achieved, Budget, Interim, RewardTarget, calculate, part_result
from laa.domain.reward_policy import bundled_policies

POLICIES = bundled_policies()
LAA = POLICIES["laa-2005-08/1"]


@pytest.mark.parametrize(("polarity", "without", "stretched", "actual", "paid", "words"), [
    # share £100,000; enhancement 10 points
    ("higher", "50", "60", "55", "0", "50% of the enhancement achieved, below the 60% floor"),  # below the floor
    ("higher", "50", "60", "56", "60000", "60% of the enhancement achieved, so 60% of its share"),  # at the floor
    ("higher", "50", "60", "58.4", "84000", "84% of the enhancement achieved, so 84% of its share"),  # above
    ("higher", "50", "60", "65", "100000", "150% of the enhancement achieved, capped at 100%"),  # above the cap
    ("higher", "50", "60", "45", "0", "-50% of the enhancement achieved"),  # worse than without reward
    ("lower", "30", "20", "21.6", "84000", "84% of the enhancement achieved"),  # lower is better
    ("lower", "30", "20", "25", "0", "50% of the enhancement achieved, below the 60% floor"),
    ("lower", "30", "20", "35", "0", "-50%"),  # lower is better, got worse
    ("lower", "30", "20", "15", "100000", "capped at 100%"),
    ("lower", "20", "30", "15", "0", "lower is better but the stretched target is not below"),  # wrong way
    ("neither", "30", "20", "22", "80000", "80% of the enhancement achieved"),  # the way the stretch goes
])
def test_proportion_floor_and_cap(polarity, without, stretched, actual, paid, words):
    got = part_result(LAA, "NI 16", polarity, D(without), D(stretched), D(100000), Achieved(D(actual)))
    assert got.amount == D(paid)
    assert words in got.explanation
    assert got.explanation.startswith("NI 16: ")
    if got.amount:
        assert got.explanation.endswith(f"£{int(paid):,}")


def test_the_issue_example_reads_as_stated():
    got = part_result(LAA, "NI 16", "higher", D(0), D(100), D("133744.05"), Achieved(D(84)))
    assert got.explanation.endswith("84% of the enhancement achieved, so 84% of its share of £133,744: £112,345")


def target(key, polarity="higher", without="50", stretched="60", actual="58", final=True, **kw):
    achieved = Achieved(D(actual), final) if actual is not None else None
    return RewardTarget(key, polarity, Reward(D(without), D(stretched)), achieved, **kw)


def test_equal_shares_potential_rounded_to_the_nearest_thousand_and_two_tier_budget():
    budgets = [Budget("Kent County Council", D("880123456")), Budget("Ashford Borough Council", D("14200300")),
               Budget("Dover District Council", D("12650150"))]
    got = calculate(LAA, budgets, [target("NI 16"), target("NI 47", "lower", "30", "20", "20")],
                    period_end="2007/08")
    assert got.budget == D("906973906")
    assert got.potential == D("22674000")  # 22,674,347.65 to the nearest £1,000
    assert "Kent County Council £880,123,456 plus Ashford Borough Council" in got.explanations[1]
    assert [t.share for t in got.targets] == [D("11337000")] * 2
    assert [t.amount for t in got.targets] == [D("9069600"), D("11337000")]  # 80%, 100%
    assert got.total == D("20406600")
    assert got.percent_of_potential == D("90.00")
    assert got.policy_id == "laa-2005-08/1"


def test_sub_targets_equally_and_by_the_agreements_shares():
    subs = (RewardSubTarget("Dover", D(50), D(60)), RewardSubTarget("Thanet", D(40), D(50)))
    reward = Reward(D(45), D(55), sub_targets=subs)
    values = {"Dover": Achieved(D(60)), "Thanet": Achieved(D(46))}  # 100% and 60%
    equal = calculate(LAA, [Budget("Kent", D(8_000_000))], [RewardTarget("NI 152", "higher", reward,
                      sub_achieved=values)], period_end="2007/08")
    assert [p.amount for p in equal.targets[0].parts] == [D(100000), D(60000)]  # £200,000 halved
    assert "equally among its 2 sub-targets" in equal.targets[0].explanation
    weighted = Reward(D(45), D(55), sub_targets=(RewardSubTarget("Dover", D(50), D(60), D("0.75")),
                                                 RewardSubTarget("Thanet", D(40), D(50), D("0.25"))))
    got = calculate(LAA, [Budget("Kent", D(8_000_000))], [RewardTarget("NI 152", "higher", weighted,
                    sub_achieved=values)], period_end="2007/08")
    assert [p.amount for p in got.targets[0].parts] == [D(150000), D(30000)]
    assert got.targets[0].amount == D(180000)


def test_a_target_with_no_final_value_pays_nothing_and_says_why():
    got = calculate(LAA, [Budget("Kent", D(8_000_000))], [target("NI 16", actual=None), target("NI 47")],
                    period_end="2007/08")
    assert got.targets[0].amount == 0
    assert "no final value has been reported" in got.targets[0].explanation
    assert got.total == D(80000)


def test_a_provisional_value_gives_a_provisional_figure():
    got = calculate(LAA, [Budget("Kent", D(4_000_000))], [target("NI 16", final=False)], period_end="2007/08")
    assert got.total == D(80000)
    assert got.provisional and got.targets[0].provisional
    assert "(provisional: the value is not final)" in got.targets[0].explanation
    assert got.explanations[-1].startswith("Provisional")


def test_instalments_by_year_capital_and_revenue():
    got = calculate(LAA, [Budget("Kent", D(4_000_000))], [target("NI 16", actual="60")], period_end="2007/08")
    assert got.total == D(100000)
    rows = [(i.year, i.payable, i.capital, i.revenue) for i in got.instalments]
    assert rows == [("2008/09", D(50000), D(25000), D(25000)), ("2009/10", D(50000), D(25000), D(25000))]
    assert got.payable == D(100000)


def test_an_interim_payment_is_set_against_the_final_payment():
    reached = Interim(D(54), D(55))
    got = calculate(LAA, [Budget("Kent", D(4_000_000))], [target("NI 16", actual="58", interim=reached)],
                    period_end="2007/08")
    assert got.targets[0].on_account == D(20000)  # a fifth of the £100,000 share
    assert got.total == D(80000)
    assert [i.set_against for i in got.instalments] == [D(20000), D(0)]
    assert [i.payable for i in got.instalments] == [D(20000), D(40000)]
    assert got.payable + got.on_account == got.total and got.recovered == 0
    missed = calculate(LAA, [Budget("Kent", D(4_000_000))],
                       [target("NI 16", interim=Interim(D(54), D(53)))], period_end="2007/08")
    assert missed.on_account == 0 and "was not reached" in missed.targets[0].on_account_explanation


def test_an_overpayment_on_account_is_recovered():
    got = calculate(LAA, [Budget("Kent", D(4_000_000))], [target("NI 16", actual="51", interim=Interim(D(54), D(55)))],
                    period_end="2007/08")
    assert got.total == 0 and got.on_account == D(20000)
    assert got.recovered == D(20000) and got.payable == 0
    assert any("recovered" in s for s in got.explanations)


def test_a_later_policy_changes_only_the_later_instalment():
    args = ([Budget("Kent", D(4_000_000))], [target("NI 16", actual="60")])
    before = calculate(POLICIES["laa-2005-08/1"], *args, period_end="2007/08")
    after = calculate(POLICIES["laa-2005-08/2"], *args, period_end="2007/08")
    assert before.instalments[0] == after.instalments[0]
    last = after.instalments[1]
    assert (last.gross, last.reduction, last.payable, last.capital, last.revenue) == (
        D(50000), D(25000), D(25000), D(7500), D(17500))
    assert "reduced by 50% (£25,000) under policy laa-2005-08/2" in last.explanation
    assert before.total == after.total and after.payable == D(75000)


def test_a_withdrawn_scheme_shows_what_was_earned_and_pays_nothing():
    got = calculate(POLICIES["laa-2008-11/2"], [Budget("Kent", D(4_000_000))], [target("NI 16", actual="60")],
                    period_end="2010/11")
    assert got.total == D(100000) and got.payable == 0
    assert [i.year for i in got.instalments] == ["2011/12", "2012/13"]
    assert "No Performance Reward Grant was paid for the 2008-11 agreements" in got.explanations[-1]


def test_agreement_weights_when_the_policy_says_so():
    from dataclasses import replace
    policy = replace(LAA, target_shares="agreement_weights")
    heavy = RewardTarget("NI 16", "higher", Reward(D(50), D(60), weight=D(3)), Achieved(D(60)))
    got = calculate(policy, [Budget("Kent", D(4_000_000))], [heavy, target("NI 47", actual="60")],
                    period_end="2007/08")
    assert [t.amount for t in got.targets] == [D(75000), D(25000)]


def test_each_authority_in_proportion_to_its_budget_adding_up():
    from laa.domain.reward import by_authority
    budgets = [Budget("Kent County Council", D(3_000_000)), Budget("Dover District Council", D(1_000_000))]
    got = calculate(LAA, budgets, [target("NI 16", actual="60"), target("NI 47", actual="57.7")],
                    period_end="2007/08")
    assert got.payable == D(50000 + 38500)
    parts = by_authority(LAA, got)
    assert [(p.authority, p.capital, p.revenue, p.total) for p in parts] == [
        ("Kent County Council", D(33188), D(33188), D(66376)), ("Dover District Council", D(11062), D(11062),
                                                                 D(22124))]
    assert sum(p.total for p in parts) == got.payable
