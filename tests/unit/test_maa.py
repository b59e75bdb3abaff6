"""Multi-area agreements (laa.domain.maa; D17, seed 004 Q57-63), table by table; with the
designated count that follows them (laa.domain.rules) and the un-designation revision
(laa.domain.revisions, kind MAA)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from laa.domain.composition import AgreementDraft, PartnerSignUp, TargetDraft
from laa.domain.maa import (
    GOVERNMENT,
    Contributor,
    Measure,
    SignatoryKind,
    State,
    TargetIn,
    TargetKind,
    content_editable,
    designated_indicators,
    missing_signatures,
    publish_refusal,
    sign_refusal,
    signatories,
    step_refusal,
    submit_refusal,
    target_problems,
    undesignation_problems,
    undesignation_review,
)
from laa.domain.revisions import (
    ChangeKind,
    Item,
    RevisionKind,
    apply_items,
    approver_roles,
    consents_needed,
    item_problems,
    revision_kind,
)
from laa.domain.roles import Role
from laa.domain.rules import DESIGNATED_LIMIT, check_agreement
from laa.domain.rules import designated_indicators as laa_designated
from laa.domain.versions import compare

YEARS = ("2008/09", "2009/10", "2010/11")
NATIONAL = {"NI 151": True, "NI 152": True, "L-TV-1": False}
GVA = Measure("Gross value added per head", "pounds", "higher", "ONS regional accounts")


def _target(**kw) -> TargetIn:
    base = {"key": "NI 151", "kind": TargetKind.DESIGNATED, "outcome": "jobs", "indicator": "NI 151",
            "yearly": {"2010/11": D("70.1")}}
    return TargetIn(**{**base, **kw})


@pytest.mark.parametrize(("target", "field", "words"), [
    (_target(), None, ""),
    (_target(kind=TargetKind.NATIONAL), None, ""),
    (_target(key="GVA", kind=TargetKind.OTHER, indicator="", measure=GVA), None, ""),
    (_target(key=""), "key", "Give the target a key"),
    (_target(key="NI 152"), "key", "already has a target NI 152"),
    (_target(outcome="housing"), "outcome", "Choose one of the MAA's outcomes"),
    (_target(indicator=""), "indicator", "Give the national indicator"),
    (_target(indicator="L-TV-1"), "indicator", "L-TV-1 is not in the National Indicator Set"),
    (_target(indicator="NI 999"), "indicator", "NI 999 is not in the National Indicator Set"),
    (_target(kind=TargetKind.NATIONAL, measure=GVA), "measure_name", "defined by its indicator"),
    (_target(key="GVA", kind=TargetKind.OTHER, indicator=""), "measure_name", "Define the measure"),
    (_target(key="GVA", kind=TargetKind.OTHER, indicator="NI 151", measure=GVA), "indicator", "its own measure"),
    (_target(key="GVA", kind=TargetKind.OTHER, indicator="", measure=Measure("", "pounds", "higher", "ONS")),
     "measure_name", "Give the measure's name"),
    (_target(key="GVA", kind=TargetKind.OTHER, indicator="", measure=Measure("GVA", "furlongs", "higher", "ONS")),
     "measure_unit", "Choose the unit"),
    (_target(key="GVA", kind=TargetKind.OTHER, indicator="", measure=Measure("GVA", "pounds", "up", "ONS")),
     "measure_polarity", "higher or lower"),
    (_target(key="GVA", kind=TargetKind.OTHER, indicator="", measure=Measure("GVA", "pounds", "higher", " ")),
     "measure_source", "Give the measure's source"),
    (_target(yearly={}), "yearly", "at least one year"),
    (_target(yearly={"2011/12": D(1)}), "yearly", "2011/12 is not a year of the MAA"),
])
def test_target_problems(target, field, words):
    problems = target_problems(target, outcomes=["jobs"], keys=["NI 152"], national=NATIONAL, years=YEARS)
    if field is None:
        assert problems == {}
    else:
        assert words in problems[field]


@pytest.mark.parametrize(("step", "state", "role", "reason", "words"), [
    ("submit", State.DRAFT, Role.PARTNERSHIP_OFFICER, "", ""),
    ("submit", State.DRAFT, Role.GO_OFFICER, "", "Only Partnership officer"),
    ("submit", State.SUBMITTED, Role.PARTNERSHIP_OFFICER, "", "cannot be submitted now"),
    ("agree", State.SUBMITTED, Role.GO_OFFICER, "", ""),
    ("agree", State.SUBMITTED, Role.CLG, "", ""),
    ("agree", State.SUBMITTED, Role.PARTNERSHIP_OFFICER, "", "Only"),
    ("agree", State.DRAFT, Role.CLG, "", "cannot be agreed now"),
    ("refer_back", State.SUBMITTED, Role.GO_DIRECTOR, "", "Give a reason"),
    ("refer_back", State.SUBMITTED, Role.GO_DIRECTOR, "Add the LSC's contribution", ""),
    ("publish", State.AGREED, Role.CLG, "", ""),
    ("publish", State.AGREED, Role.GO_DIRECTOR, "", "Only CLG"),
    ("publish", State.PUBLISHED, Role.CLG, "", "signed and published: it cannot be published now"),
    ("sign", State.AGREED, Role.CLG, "", "There is no step 'sign'"),
    ("submit", State.DRAFT, None, "", "Only"),
])
def test_step_refusal(step, state, role, reason, words):
    refusal = step_refusal(step, state, role, reason=reason)
    assert (words in refusal) if words else refusal == ""


@pytest.mark.parametrize(("state", "editable"), [(State.DRAFT, True), (State.SUBMITTED, False),
                                                 (State.AGREED, False), (State.PUBLISHED, False)])
def test_content_editable_only_in_draft(state, editable):
    assert content_editable(state) is editable


COUNCILS = ["Darlington Borough Council", "Hartlepool Borough Council", "Craven District Council"]
PARTNERS = [Contributor("One NorthEast", "£10m for the Tees Valley Unlimited programme"),
            Contributor("Jobcentre Plus", "Employment support for the worklessness target"),
            Contributor("A business forum", "")]


def test_signatories_are_every_council_government_and_each_contributing_partner():
    found = signatories(COUNCILS + ["Darlington Borough Council"], PARTNERS)
    assert [(s.name, s.kind) for s in found] == [
        ("Darlington Borough Council", SignatoryKind.COUNCIL), ("Hartlepool Borough Council", SignatoryKind.COUNCIL),
        ("Craven District Council", SignatoryKind.COUNCIL),  # districts sign too (Q60)
        (GOVERNMENT, SignatoryKind.GOVERNMENT),
        ("One NorthEast", SignatoryKind.PARTNER), ("Jobcentre Plus", SignatoryKind.PARTNER),
    ]  # a partner contributing nothing is not a co-signatory


REQUIRED = signatories(COUNCILS, PARTNERS)


@pytest.mark.parametrize(("who", "signed", "state", "words"), [
    ("Craven District Council", [], State.AGREED, ""),
    (GOVERNMENT, ["Craven District Council"], State.AGREED, ""),
    ("Craven District Council", ["Craven District Council"], State.AGREED, "has signed the MAA already"),
    ("A business forum", [], State.AGREED, "A business forum is not a signatory"),
    ("Jobcentre Plus", [], State.SUBMITTED, "signed once the GO and CLG have agreed it"),
    ("Jobcentre Plus", [], State.PUBLISHED, "signed and published"),
])
def test_sign_refusal(who, signed, state, words):
    refusal = sign_refusal(who, REQUIRED, signed, state)
    assert (words in refusal) if words else refusal == ""


@pytest.mark.parametrize(("signed", "words"), [
    ([s.name for s in REQUIRED], ""),
    ([s.name for s in REQUIRED if s.name != GOVERNMENT], f"1 signature missing ({GOVERNMENT})"),
    (["Darlington Borough Council"], "5 signatures missing (Hartlepool Borough Council, Craven District Council, "
                                     f"{GOVERNMENT}, One NorthEast, Jobcentre Plus)"),
])
def test_publish_needs_every_signature_and_names_the_missing(signed, words):
    refusal = publish_refusal(REQUIRED, signed)
    assert (words in refusal) if words else refusal == ""
    assert len(missing_signatures(REQUIRED, signed)) == (0 if not words else len(REQUIRED) - len(signed))


@pytest.mark.parametrize(("councils", "outcomes", "targets", "words"), [
    (5, 1, 3, ""),
    (1, 1, 1, "at least 2 participating councils (it has 1)"),
    (2, 0, 0, "it needs an outcome; a target."),
])
def test_submit_refusal(councils, outcomes, targets, words):
    refusal = submit_refusal(councils=councils, outcomes=outcomes, targets=targets)
    assert (words in refusal) if words else refusal == ""


def test_designated_indicators_of_an_maa():
    assert designated_indicators([(TargetKind.DESIGNATED, "NI 151"), (TargetKind.NATIONAL, "NI 152"),
                                  (TargetKind.OTHER, "")]) == {"NI 151"}


# --- the LAA's count of designated targets, aware of the MAAs ------------------------------

@pytest.mark.parametrize(("pairs", "shared", "count"), [
    ([("designated", "NI 1"), ("designated", "NI 1"), ("local", "NI 2")], (), 1),
    ([("designated", "NI 1")], ("NI 151",), 2),  # an MAA's designated target counts in the LAA's 35
    ([("designated", "NI 151")], ("NI 151",), 1),  # once, when the LAA lists it too
    ([("local", "NI 151")], ("NI 151",), 1),
])
def test_laa_designated_count_includes_the_maas(pairs, shared, count):
    assert len(laa_designated(pairs, shared)) == count


def _draft(n_designated: int) -> AgreementDraft:
    targets = tuple(TargetDraft(key=f"NI {i}", indicator=f"NI {i}", category="designated", outcome="o",
                                yearly={"2008/09": D(1), "2009/10": D(2), "2010/11": D(3)})
                    for i in range(1, n_designated + 1))
    return AgreementDraft(area="E0704", round=2008, targets=targets, education_responsibility=False)


def test_the_35_rule_counts_the_maas_designated_targets():
    draft = _draft(DESIGNATED_LIMIT)
    assert not [f for f in check_agreement(draft, {}) if f.rule == "D2.designated-limit"]
    over = [f for f in check_agreement(draft, {}, shared_designated={"NI 151"}) if f.rule == "D2.designated-limit"]
    assert len(over) == 1 and "36 indicators" in over[0].message and "multi-area agreement" in over[0].message


# --- un-designating ----------------------------------------------------------------------------

POLICE = "Cleveland Police Authority"
DESIGNATED = TargetDraft(key="NI 151", indicator="NI 151", category="designated", outcome="jobs",
                         yearly={"2010/11": D("70.1")}, partners=(PartnerSignUp(POLICE, "have_regard"),))
LOCAL = TargetDraft(key="NI 152", indicator="NI 152", category="local", outcome="jobs")


@pytest.mark.parametrize(("kw", "field", "words"), [
    ({}, None, ""),
    ({"area": "E2221"}, "area", "E2221 does not take part in this MAA"),
    ({"maa_state": State.AGREED}, "target", "not signed and published yet"),
    ({"target": None, "key": "NI 9"}, "target", "no target NI 9"),
    ({"target": LOCAL, "key": "NI 152"}, "target", "NI 152 is not designated"),
    ({"moving": ["NI 151"]}, "target", "already moving"),
])
def test_undesignation_problems(kw, field, words):
    args = {"key": "NI 151", "target": DESIGNATED, "area": "E0704", "participating": ["E0704", "E0701"],
            "maa_state": State.PUBLISHED, "moving": [], **kw}
    problems = undesignation_problems(**args)
    assert (words in problems[field]) if field else problems == {}


@pytest.mark.parametrize(("today", "completed", "year"), [
    (date(2009, 2, 20), ["2008/09"], "2008/09"),  # the review of the year completed: made at it
    (date(2009, 8, 31), ["2008/09"], "2008/09"),  # the last day before the next season opens
    (date(2009, 9, 1), ["2008/09"], ""),  # the 2009/10 season: its review is not completed
    (date(2008, 11, 5), [], ""),  # the review still in progress (or not started): between reviews
    (date(2008, 7, 1), ["2008/09"], ""),  # before the 2008/09 season (July is 2007/08's)
    (date(2010, 1, 10), ["2008/09", "2009/10"], "2009/10"),
])
def test_an_undesignation_is_made_at_the_annual_review_once_the_years_review_is_completed(today, completed, year):
    assert undesignation_review(today, completed) == year


def test_an_undesignation_is_a_revision_of_its_own_kind_approved_by_the_secretary_of_state():
    draft = AgreementDraft(area="E0704", round=2008, targets=(DESIGNATED, LOCAL))
    item = Item(ChangeKind.TO_MAA, "NI 151", reason="moves to the Tees Valley MAA")
    assert revision_kind([item], draft) is RevisionKind.MAA
    assert approver_roles(RevisionKind.MAA) == {Role.CLG}
    assert consents_needed([item], draft) == (POLICE,)  # s111: every partner signed up consents
    assert item_problems([item], draft) == {}
    assert "not designated" in item_problems([Item(ChangeKind.TO_MAA, "NI 152")], draft)["target"]
    assert "not both" in item_problems([item, Item(ChangeKind.DROP, "NI 152")], draft)["items"]


def test_the_undesignated_target_stays_in_the_laa_as_local_and_the_diff_shows_it():
    draft = AgreementDraft(area="E0704", round=2008, targets=(DESIGNATED, LOCAL))
    after = apply_items(draft, [Item(ChangeKind.TO_MAA, "NI 151")])
    assert [(t.key, t.category) for t in after.targets] == [("NI 151", "local"), ("NI 152", "local")]
    assert after.targets[0].partners == DESIGNATED.partners  # the duty to have regard stays (Q57)
    diff = compare(draft, after)
    assert not diff.removed and not diff.added
    assert [(c.key, [(x.what, x.before, x.after) for x in c.changes]) for c in diff.changed] == [
        ("NI 151", [("Designated", "Yes", "No"), ("Category", "Designated", "Local")])]
    assert len(laa_designated([(t.category, t.indicator) for t in after.targets])) == 0
