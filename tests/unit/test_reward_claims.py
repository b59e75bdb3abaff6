"""A reward claim's steps and CLG's determination of another figure (D20, issue 14): table tests."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from laa.domain.composition import Reward
from laa.domain.reward import Achieved, Budget, Interim, RewardTarget, calculate
from laa.domain.reward_claims import STATE_LABELS, STEPS, determined, refusal, steps_from
from laa.domain.reward_policy import bundled_policies

LAA = bundled_policies()["laa-2005-08/1"]


@pytest.mark.parametrize(("state", "allowed"), [
    ("claimed", ["return", "recommend", "withdraw"]),
    ("returned", ["amend", "withdraw"]),
    ("recommended", ["determine", "refuse", "withdraw"]),
    ("determined", []), ("refused", []), ("withdrawn", []),
])
def test_the_steps_from_each_state(state, allowed):
    assert [s.name for s in steps_from(state)] == allowed
    for name, step in STEPS.items():
        assert (refusal(step, state) is None) == (name in allowed)


@pytest.mark.parametrize(("step", "state", "message"), [
    ("withdraw", "determined", "The claim is determined by clg: it moves no more, so it cannot be withdrawn"),
    ("determine", "claimed", "The claim is claimed: it cannot be determined from there"),
    ("amend", "recommended", "recommended by the government office: it cannot be claimed again from there"),
    ("return", "withdrawn", "withdrawn by the authority: it moves no more"),
])
def test_a_step_from_the_wrong_state_says_why(step, state, message):
    assert message in refusal(STEPS[step], state)


def test_who_takes_each_step_and_where_it_leads():
    assert {n: (s.by, s.to_state) for n, s in STEPS.items()} == {
        "return": ("go", "returned"), "amend": ("authority", "claimed"), "recommend": ("go", "recommended"),
        "determine": ("clg", "determined"), "refuse": ("clg", "refused"), "withdraw": ("authority", "withdrawn")}
    assert set(STATE_LABELS) == {s.to_state for s in STEPS.values()} | {"claimed"}
    assert all(s.note_needed for n, s in STEPS.items() if n != "determine")


def calculation(interim=None):
    target = RewardTarget("NI 16", "higher", Reward(D(50), D(60)), Achieved(D(58)), interim=interim)
    return calculate(LAA, [Budget("Kent", D(4_000_000))], [target], period_end="2007/08")  # £80,000 of £100,000


def test_the_figure_calculated_is_determined_unchanged():
    calc = calculation()
    assert determined(LAA, calc, None, period_end="2007/08", reason="") is calc
    assert determined(LAA, calc, D(80000), period_end="2007/08", reason="") is calc


def test_another_figure_sets_the_instalments_again_and_says_why():
    got = determined(LAA, calculation(), D("70000.4"), period_end="2007/08", reason="NI 16's outturn was restated")
    assert got.total == D(70000) and got.percent_of_potential == D("70.00")
    assert [(i.year, i.payable, i.capital, i.revenue) for i in got.instalments] == [
        ("2008/09", D(35000), D(17500), D(17500)), ("2009/10", D(35000), D(17500), D(17500))]
    assert got.payable == D(70000)
    assert got.explanations[-1] == ("CLG determined a grant of £70,000 rather than the £80,000 calculated (70% of the "
                                    "potential grant): NI 16's outturn was restated")
    assert got.targets == calculation().targets  # the calculation behind it is kept as it was


def test_a_lower_figure_than_paid_on_account_is_recovered():
    got = determined(LAA, calculation(Interim(D(54), D(55))), D(10000), period_end="2007/08", reason="Restated")
    assert got.on_account == D(20000) and got.recovered == D(10000) and got.payable == 0


@pytest.mark.parametrize(("amount", "reason", "message"), [
    ("-1", "x", "cannot be below £0"),
    ("100001", "x", "cannot be more than the potential grant, £100,000"),
    ("70000", " ", "Say why CLG determines £70,000 rather than the £80,000 calculated"),
])
def test_a_figure_that_cannot_be_determined(amount, reason, message):
    with pytest.raises(ValueError, match=message):
        determined(LAA, calculation(), D(amount), period_end="2007/08", reason=reason)


def test_the_reward_element_as_the_agreement_states_it():
    from laa.domain.composition import RewardSubTarget
    from laa.domain.reward_element import reward_element

    split = Reward(D(30), D(20), sub_targets=(RewardSubTarget("Ashford", D(30), D(20)),
                                              RewardSubTarget("Dover", D(30), D(20))))
    got = reward_element(LAA, [Budget("Kent", D(4_000_000)), Budget("Dover", D(1_000_000))],
                         [("NI 16", Reward(D(50), D(60))), ("NI 47", split)])
    assert got.potential == D(125000)
    assert [(s.key, s.fraction, s.share, s.sub_shares) for s in got.shares] == [
        ("NI 16", D("0.5"), D(62500), ()), ("NI 47", D("0.5"), D(62500), (D(31250), D(31250)))]
    assert got.explanation.endswith("£125,000; it is divided equally among the 2 reward targets")
    none = reward_element(LAA, [], [("NI 16", Reward(D(50), D(60)))])
    assert none.potential == 0 and none.shares[0].fraction == 1
    assert "No net budget requirement has been recorded" in none.explanation
