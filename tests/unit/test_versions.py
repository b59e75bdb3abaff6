"""Agreement versions (laa.domain.versions): the version in force on a day, and what
changed between two versions, target by target. Table-driven."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from laa.domain.composition import PartnerSignUp, Placeholder
from laa.domain.versions import Change, VersionDate, compare, version_in_force

from .agreement_builders import PARTNERS, agreement, target

V1 = VersionDate(1, date(2008, 6, 30))
V2 = VersionDate(2, date(2009, 3, 31))
V3 = VersionDate(3, date(2009, 3, 31))  # a second change the same day


@pytest.mark.parametrize(("versions", "on", "expected"), [
    ([], date(2008, 7, 1), None),
    ([V1], date(2008, 6, 29), None),                 # before approval: none in force
    ([V1], date(2008, 6, 30), 1),                    # from its first day
    ([V1, V2], date(2009, 3, 30), 1),
    ([V1, V2], date(2009, 3, 31), 2),
    ([V2, V1], date(2010, 1, 1), 2),                 # order given does not matter
    ([V1, V2, V3], date(2009, 3, 31), 3),            # same day: the later number
])
def test_the_version_in_force_on_a_day(versions, on, expected):
    assert version_in_force(versions, on=on) == expected


BASE = agreement(target("NI 16"), target("NI 112", key="NI 112"), target("L-LOC-001", "local", key="local one"))
CLEVELAND, STOCKTON, FORUM = PARTNERS


def _with(which: str, /, **changes):
    """BASE with the target `which` changed."""
    return replace(BASE, targets=tuple(replace(t, **changes) if t.key == which else t for t in BASE.targets))


@pytest.mark.parametrize(("newer", "key", "expected"), [
    # values changed per period (NI 16 is lower-is-better): each year its own row, figures as written
    (_with("NI 16", yearly={"2008/09": Decimal("48"), "2009/10": Decimal("45.5"), "2010/11": Decimal("44")}),
     "NI 16", [Change("Target 2009/10", "46", "45.5")]),
    # a year given its target where none was set
    (_with("NI 16", yearly={"2008/09": Decimal("48"), "2009/10": Decimal("46")}, none_set=("2010/11",)),
     "NI 16", [Change("Target 2010/11", "44", "no target set")]),
    # designated or not
    (_with("local one", category="designated"), "local one",
     [Change("Designated", "No", "Yes"), Change("Category", "Local", "Designated")]),
    (_with("NI 16", category="local"), "NI 16",
     [Change("Designated", "Yes", "No"), Change("Category", "Designated", "Local")]),
    # partners signed up: one more, one gone, a duty changed, a lead moved
    (_with("NI 16", partners=(*PARTNERS, PartnerSignUp("Kent Police", "have_regard"))), "NI 16",
     [Change("Partner signed up", "", "Kent Police (must have regard)")]),
    (_with("NI 16", partners=(CLEVELAND, STOCKTON)), "NI 16",
     [Change("Partner signed up", "Stockton Residents Forum (voluntary partner)", "")]),
    (_with("NI 16", partners=(replace(CLEVELAND, lead=False), replace(STOCKTON, lead=True), FORUM)), "NI 16",
     [Change("Partner signed up", "Cleveland Police Authority (must have regard, lead)",
             "Cleveland Police Authority (must have regard)"),
      Change("Partner signed up", "Stockton-on-Tees Borough Council (must have regard)",
             "Stockton-on-Tees Borough Council (must have regard, lead)")]),
    # the outcome a target serves, by its title
    (_with("NI 16", outcome="healthier"), "NI 16", [Change("Outcome", "Outcome safer", "Outcome healthier")]),
    # baseline confirmed, placeholder filled
    (_with("NI 16", baseline=replace(BASE.targets[0].baseline, value=Decimal("49.2"))), "NI 16",
     [Change("Baseline", "50 (2007/08)", "49.2 (2007/08)")]),
    (_with("NI 16", placeholder=Placeholder("deferred to 2009/10")), "NI 16",
     [Change("Placeholder", "", "deferred to 2009/10")]),
    (_with("NI 16", delivery_plan="A new plan"), "NI 16",
     [Change("Change and delivery plan", "Delivery plan for NI 16", "A new plan")]),
])
def test_a_target_changed_between_versions(newer, key, expected):
    diff = compare(BASE, newer)
    assert [(t.key, t.kind) for t in diff.targets] == [(key, "changed")]
    assert list(diff.targets[0].changes) == expected
    assert not diff.outcomes and not diff.agreement


@pytest.mark.parametrize(("older", "newer", "kinds"), [
    (BASE, BASE, []),
    (BASE, replace(BASE, targets=(*BASE.targets, target("NI 152", key="NI 152"))), [("NI 152", "added")]),
    (BASE, replace(BASE, targets=BASE.targets[1:]), [("NI 16", "removed")]),
    # a key renamed reads as one target removed and one added
    (BASE, _with("local one", key="local two"), [("local two", "added"), ("local one", "removed")]),
    # both ways at once, and a change: newer's order, then the removed
    (BASE, replace(BASE, targets=(BASE.targets[2], replace(BASE.targets[1], relative_to="the region"),
                                  target("NI 152", key="NI 152"), *BASE.targets[3:])),
     [("NI 112", "changed"), ("NI 152", "added"), ("NI 16", "removed")]),
])
def test_targets_added_removed_and_changed(older, newer, kinds):
    diff = compare(older, newer)
    assert [(t.key, t.kind) for t in diff.targets] == kinds
    assert diff.unchanged == (not kinds)


def test_an_added_or_removed_target_says_what_it_held():
    extra = target("NI 152", key="NI 152", partners=(CLEVELAND,))
    added = compare(BASE, replace(BASE, targets=(*BASE.targets, extra))).added[0]
    assert Change("Category", "", "Designated") in added.changes
    assert Change("Target 2009/10", "", "46") in added.changes
    assert Change("Partner signed up", "", "Cleveland Police Authority (must have regard, lead)") in added.changes
    removed = compare(replace(BASE, targets=(*BASE.targets, extra)), BASE).removed[0]
    assert Change("Baseline", "50 (2007/08)", "") in removed.changes
    assert all(c.after == "" for c in removed.changes)


@pytest.mark.parametrize(("changed", "designation"), [
    ({"category": "local"}, "no longer designated"),
    ({"delivery_plan": "x"}, ""),
])
def test_designation_named_on_a_changed_target(changed, designation):
    assert compare(BASE, _with("NI 16", **changed)).changed[0].designation == designation
    assert compare(_with("local one", category="designated"), BASE).changed[0].designation == "no longer designated"


@pytest.mark.parametrize(("newer", "outcomes", "agreement_changes"), [
    (replace(BASE, story_of_place="A new story."), [],
     [Change("Story of place", "Stockton-on-Tees: a place of contrasts.", "A new story.")]),
    (replace(BASE, outcomes=tuple(replace(o, title="Safer streets") if o.id == "safer" else o
                                  for o in BASE.outcomes)),
     [Change("Outcome safer", "Outcome safer", "Safer streets")], []),
    (replace(BASE, period_end="2009/10"), [], [Change("Period", "2008/09 to 2010/11", "2008/09 to 2009/10")]),
])
def test_outcomes_and_the_agreement_itself(newer, outcomes, agreement_changes):
    diff = compare(BASE, newer)
    assert list(diff.outcomes) == outcomes
    assert list(diff.agreement) == agreement_changes
