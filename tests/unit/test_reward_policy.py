"""Reward policies as versioned data files (D20, issue 14): loading is strict."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

import pytest

from laa.domain.reward_policy import (
    PolicyError,
    bundled_policies,
    later_versions,
    load_policy,
    made_under,
    policy_for,
)


def good() -> dict:
    return json.loads(json.dumps({
        "id": "laa-2005-08/1", "scheme": "laa-2005-08", "version": 1, "title": "t", "in_force_from": "2005-04-01",
        "source": "s", "rate": "0.025", "budget_year": "b", "potential_rounded_to": "1000",
        "amounts_rounded_to": "1", "floor": "0.6", "cap": "1", "target_shares": "equal",
        "instalments": [{"after_period": 1, "fraction": "0.5", "capital": "0.5", "reduction": "0"},
                        {"after_period": 2, "fraction": "0.5", "capital": "0.5", "reduction": "0"}],
        "payment_on_account": {"fraction_of_share": "0.2"}, "pays": True, "withheld_reason": ""}))


def test_every_bundled_policy_loads_and_names_its_source():
    policies = bundled_policies()
    assert set(policies) == {"lpsa/1", "laa-2005-08/1", "laa-2005-08/2", "laa-2008-11/1", "laa-2008-11/2"}
    for policy in policies.values():
        assert policy.source and policy.rate == D("0.025") and policy.floor == D("0.60")


def test_the_policy_in_force_on_a_day():
    policies = bundled_policies().values()
    assert policy_for(policies, "laa-2008-11", on=date(2009, 1, 1)).id == "laa-2008-11/1"
    assert policy_for(policies, "laa-2008-11", on=date(2007, 1, 1)) is None


def test_a_later_version_whose_day_the_sources_do_not_give_is_never_chosen_by_date():
    policies = bundled_policies()
    for later in ("laa-2005-08/2", "laa-2008-11/2"):
        assert policies[later].in_force_from is None
        assert "not in the sources" in policies[later].source
    assert policy_for(policies.values(), "laa-2008-11", on=date(2030, 1, 1)).id == "laa-2008-11/1"
    assert policy_for(policies.values(), "laa-2005-08", on=date(2030, 1, 1)).id == "laa-2005-08/1"
    assert [p.id for p in later_versions(policies.values(), policies["laa-2008-11/1"])] == ["laa-2008-11/2"]
    undated = good() | {"in_force_from": None}
    assert load_policy(json.dumps(undated)).in_force_from is None


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.pop("rate"), "rate is missing"),
    (lambda d: d.update(colour="red"), "unknown field colour"),
    (lambda d: d.update(rate="lots"), "rate is 'lots', not a number"),
    (lambda d: d.update(rate="1.5"), "rate is 1.5; it must be between 0 and 1"),
    (lambda d: d.update(floor=True), "floor must be a number"),
    (lambda d: d.update(id="laa/9"), "id is 'laa/9'"),
    (lambda d: d.update(version=0), "version must be a whole number of at least 1"),
    (lambda d: d.update(in_force_from="April"), "in_force_from must be a date like 2008-04-01, or null"),
    (lambda d: d.update(target_shares="random"), "target_shares must be one of equal, agreement_weights"),
    (lambda d: d.update(cap="0.5"), "cap (0.5) must be more than 0 and not below the floor"),
    (lambda d: d.update(potential_rounded_to="0"), "potential_rounded_to is 0; it must be more than 0"),
    (lambda d: d.update(instalments=[]), "instalments must be a list of at least one"),
    (lambda d: d["instalments"][0].update(fraction="0.7"), "the instalments' fractions add up to 1.2, not 1"),
    (lambda d: d["instalments"][1].pop("capital"), "instalments[1].capital is missing"),
    (lambda d: d["instalments"][1].update(reduction="2"), "instalments[1].reduction is 2"),
    (lambda d: d["instalments"][1].update(after_period=1), "in order of after_period"),
    (lambda d: d.update(payment_on_account={"fraction": "0.2"}), "unknown field payment_on_account.fraction"),
    (lambda d: d.update(pays="yes"), "pays must be true or false"),
    (lambda d: d.update(pays=False), "withheld_reason must be non-empty text"),
])
def test_a_bad_policy_is_refused_naming_the_field(change, message):
    data = good()
    change(data)
    with pytest.raises(PolicyError) as refused:
        load_policy(json.dumps(data), name="x.json")
    assert str(refused.value).startswith("x.json: ")
    assert message in str(refused.value)


def test_not_json():
    with pytest.raises(PolicyError, match="not JSON"):
        load_policy("{", name="x.json")


def test_the_version_an_agreement_was_made_under():
    policies = bundled_policies().values()
    assert made_under(policies, "2008/09", "2010/11").id == "laa-2008-11/1"
    assert made_under(policies, "2005/06", "2007/08").id == "laa-2005-08/1"
    assert made_under(policies, "2001/02", "2003/04") is None  # no such scheme
    assert made_under(policies, "soon", "2010/11") is None
