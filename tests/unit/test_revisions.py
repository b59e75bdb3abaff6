"""Revisions between reviews (laa.domain.revisions; D14, D15, s110(3), s111), table by table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from laa.domain.composition import AgreementDraft, PartnerSignUp, Reward, TargetDraft
from laa.domain.revisions import (
    ChangeKind,
    Item,
    RevisionKind,
    RevisionState,
    Standing,
    apply_items,
    approval_refusal,
    approver_roles,
    consents_needed,
    earliest_local_revision,
    item_problems,
    needs_consultation,
    one_month_refusal,
    refuse_step,
    revision_kind,
    standing,
)
from laa.domain.roles import Role
from laa.domain.versions import compare

KCC, POLICE, PCT, VOL = "Kent County Council", "Kent Police", "Kent PCT", "Kent Voluntary Action"


def _t(key, category="local", partners=(KCC,), voluntary=(), reward=None, **yearly):
    return TargetDraft(
        key=key, indicator=key, category=category, outcome="safer",
        yearly={y.replace("_", "/").replace("y", ""): D(v) for y, v in yearly.items()},
        partners=tuple(PartnerSignUp(p, "have_regard", lead=i == 0) for i, p in enumerate(partners))
        + tuple(PartnerSignUp(v, "voluntary") for v in voluntary),
        reward=reward,
    )


KENT = AgreementDraft(area="E2221", round=2008, targets=(
    _t("NI 16", "designated", (KCC, POLICE), y2008_09="20", y2009_10="19"),
    _t("NI 72", "statutory", (KCC,), y2008_09="50"),
    _t("L-KEN-001", "local", (KCC, PCT), (VOL,), y2008_09="10", y2009_10="12"),
    _t("L-KEN-002", "local", (KCC,), reward=Reward(D("5"), D("7")), y2008_09="5"),
))
NEW = _t("L-KEN-003", "local", (KCC, POLICE), y2009_10="30", y2010_11="35")


@pytest.mark.parametrize(("approved", "revisions", "earliest"), [
    (date(2008, 6, 27), [], date(2008, 7, 27)),  # Kent: the journey
    (date(2008, 1, 31), [], date(2008, 2, 29)),  # no 31 February: the month's last day
    (date(2008, 12, 15), [], date(2009, 1, 15)),  # across the year
    (date(2008, 6, 27), [date(2008, 9, 10)], date(2008, 10, 10)),  # a later local revision restarts it
    (date(2008, 6, 27), [date(2008, 9, 10), date(2008, 8, 1)], date(2008, 10, 10)),  # the last one counts
])
def test_the_earliest_day_of_a_local_revision_is_one_month_after_the_last_approval(approved, revisions, earliest):
    assert earliest_local_revision(approved, revisions) == earliest


@pytest.mark.parametrize(("kind", "today", "revisions", "refusal"), [
    (RevisionKind.LOCAL, date(2008, 7, 11), [],
     "the agreement was approved on 27 June 2008, so a local revision can be made from 27 July 2008."),
    (RevisionKind.LOCAL, date(2008, 7, 26), [], "from 27 July 2008"),
    (RevisionKind.LOCAL, date(2008, 7, 27), [], ""),
    (RevisionKind.LOCAL, date(2008, 9, 20), [date(2008, 9, 1)],
     "the last revision including local targets was approved on 1 September 2008, so a local revision "
     "can be made from 1 October 2008."),
    (RevisionKind.DESIGNATED, date(2008, 7, 1), [], ""),  # s110(3) is about local targets
])
def test_the_one_month_rule_names_the_day_it_lifts(kind, today, revisions, refusal):
    found = one_month_refusal(kind, today, date(2008, 6, 27), revisions)
    if refusal:
        assert found.startswith("Local targets cannot be changed within one month of approval (s110(3))")
        assert refusal in found
    else:
        assert found == ""


@pytest.mark.parametrize(("items", "field", "words"), [
    ([], "items", "Choose a change"),
    ([Item(ChangeKind.ADD, "L-KEN-003", new_target=NEW)], None, ""),
    ([Item(ChangeKind.ADD, "L-KEN-001", new_target=_t("L-KEN-001", y2008_09="1"))], "target", "already has"),
    ([Item(ChangeKind.ADD, "NI 99", new_target=_t("NI 99", "designated", y2008_09="1"))], "target", "local targets only"),
    ([Item(ChangeKind.ADD, "L-KEN-009", new_target=_t("L-KEN-009"))], "yearly", "at least one year"),
    ([Item(ChangeKind.AMEND, "L-KEN-001", {"2009/10": D("14")})], None, ""),
    ([Item(ChangeKind.AMEND, "L-KEN-001", {"2009/10": D("12")})], "yearly", "values already"),
    ([Item(ChangeKind.AMEND, "L-KEN-001", {"2012/13": D("1")})], "yearly", "not a year of the agreement"),
    ([Item(ChangeKind.AMEND, "L-KEN-001", {})], "yearly", "at least one year"),
    ([Item(ChangeKind.AMEND, "NI 404", {"2009/10": D("1")})], "target", "no target NI 404"),
    ([Item(ChangeKind.DROP, "L-KEN-002")], "target",
     "L-KEN-002 has a reward element: a target with a reward element cannot be changed by a local revision"),
    ([Item(ChangeKind.AMEND, "L-KEN-002", {"2008/09": D("6")})], "target", "L-KEN-002 has a reward element"),
    ([Item(ChangeKind.DROP, "NI 16")], None, ""),
    ([Item(ChangeKind.DROP, "NI 16"), Item(ChangeKind.DROP, "L-KEN-001")], "items", "not both"),
    ([Item(ChangeKind.DROP, "NI 16"), Item(ChangeKind.DROP, "NI 16")], "target", "changed twice"),
    ([Item(ChangeKind.EXCHANGE, "L-KEN-001", new_target=_t("NI 20"))], "target", "cannot be exchanged between reviews"),
    ([Item(ChangeKind.EXCHANGE, "NI 16", new_target=_t("NI 20", "designated", (KCC, POLICE), y2009_10="8"))],
     "target", "exchanged for another only at the annual review, in the refresh"),
])
def test_proposed_changes_are_checked_by_field(items, field, words):
    problems = item_problems(items, KENT)
    if field is None:
        assert problems == {}
    else:
        assert words in problems[field]


@pytest.mark.parametrize(("items", "kind"), [
    ([Item(ChangeKind.ADD, "L-KEN-003", new_target=NEW)], RevisionKind.LOCAL),
    ([Item(ChangeKind.DROP, "L-KEN-001")], RevisionKind.LOCAL),
    ([Item(ChangeKind.DROP, "NI 16")], RevisionKind.DESIGNATED),
    ([Item(ChangeKind.AMEND, "NI 72", {"2008/09": D("51")})], RevisionKind.DESIGNATED),  # statutory: with the designated
    ([Item(ChangeKind.DROP, "NI 16"), Item(ChangeKind.DROP, "L-KEN-001")], None),
])
def test_a_revision_is_local_or_designated(items, kind):
    assert revision_kind(items, KENT) == kind


@pytest.mark.parametrize(("kind", "roles"), [
    (RevisionKind.LOCAL, {Role.PARTNERSHIP_OFFICER}),
    (RevisionKind.DESIGNATED, {Role.CLG}),
])
def test_who_approves(kind, roles):
    assert approver_roles(kind) == roles


@pytest.mark.parametrize(("items", "needed"), [
    ([Item(ChangeKind.ADD, "L-KEN-003", new_target=NEW)], (KCC, POLICE)),
    ([Item(ChangeKind.AMEND, "L-KEN-001", {"2009/10": D("14")})], (KCC, PCT)),  # not the voluntary partner
    ([Item(ChangeKind.DROP, "NI 16")], (KCC, POLICE)),
    ([Item(ChangeKind.EXCHANGE, "NI 16", new_target=_t("NI 20", "designated", (KCC, PCT)))], (KCC, POLICE, PCT)),
])
def test_each_partner_authority_signed_up_must_consent(items, needed):
    assert consents_needed(items, KENT) == needed


@pytest.mark.parametrize(("kind", "consented", "consulted", "refusal"), [
    (RevisionKind.LOCAL, [KCC, PCT], True, ""),
    (RevisionKind.LOCAL, [KCC], True, "by the responsible authority: Kent PCT has not consented yet."),
    (RevisionKind.LOCAL, [], True, "Kent County Council, Kent PCT have not consented yet"),
    (RevisionKind.LOCAL, [KCC, PCT], False, "the consultation of the voluntary partners is not recorded yet"),
    (RevisionKind.DESIGNATED, [KCC, PCT], False, ""),
    (RevisionKind.DESIGNATED, [KCC], False, "by the Secretary of State: Kent PCT has not consented yet."),
])
def test_approval_names_what_is_missing(kind, consented, consulted, refusal):
    found = approval_refusal(kind, needed=(KCC, PCT), consented=consented, voluntary_consulted=consulted)
    assert (refusal in found) if refusal else found == ""


@pytest.mark.parametrize(("kind", "includes_local", "consulted", "needed", "refused"), [
    (RevisionKind.LOCAL, False, False, True, True),
    (RevisionKind.LOCAL, False, True, True, False),
    (RevisionKind.REFRESH, True, False, True, True),
    (RevisionKind.REFRESH, True, True, True, False),
    (RevisionKind.REFRESH, False, False, False, False),
    (RevisionKind.DESIGNATED, False, False, False, False),
])
def test_voluntary_partners_are_consulted_whenever_a_local_target_changes(kind, includes_local, consulted, needed,
                                                                          refused):
    """D15: a refresh that changes a local target needs the consultation as a local revision does."""
    assert needs_consultation(kind, includes_local=includes_local) is needed
    found = approval_refusal(kind, needed=(KCC,), consented=[KCC], voluntary_consulted=consulted,
                             includes_local=includes_local)
    assert ("the consultation of the voluntary partners is not recorded yet" in found) is refused
    assert (found == "") is not refused


@pytest.mark.parametrize(("step", "state", "reason", "refusal"), [
    ("approve", RevisionState.CONSENTED, "", ""),
    ("approve", RevisionState.PROPOSED, "", "The revision is proposed: it cannot be approved now."),
    ("approve", RevisionState.APPROVED, "", "The revision is approved: it cannot be approved now."),
    ("withdraw", RevisionState.PROPOSED, "No longer needed", ""),
    ("withdraw", RevisionState.CONSENTED, "", "Give a reason"),
    ("withdraw", RevisionState.APPROVED, "late", "cannot be withdrawn now"),
    ("refuse", RevisionState.CONSENTED, "Not ambitious", ""),
    ("refuse", RevisionState.WITHDRAWN, "x", "The revision is withdrawn: it cannot be refused now."),
    ("publish", RevisionState.PROPOSED, "", "There is no step 'publish'"),
])
def test_the_state_table(step, state, reason, refusal):
    found = refuse_step(step, state, reason=reason)
    assert (refusal in found) if refusal else found == ""


@pytest.mark.parametrize(("state", "in_force_from", "today", "shown"), [
    (RevisionState.APPROVED, date(2008, 8, 1), date(2008, 8, 1), Standing.IN_FORCE),
    (RevisionState.APPROVED, date(2008, 8, 2), date(2008, 8, 1), Standing.APPROVED),
    (RevisionState.CONSENTED, None, date(2008, 8, 1), Standing.CONSENTED),
    (RevisionState.REFUSED, None, date(2008, 8, 1), Standing.REFUSED),
])
def test_an_approved_revision_is_in_force_from_its_day(state, in_force_from, today, shown):
    assert standing(state, in_force_from, today) is shown


@pytest.mark.parametrize(("items", "kinds", "whats"), [
    ([Item(ChangeKind.ADD, "L-KEN-003", new_target=NEW)], {"L-KEN-003": "added"}, None),
    ([Item(ChangeKind.AMEND, "L-KEN-001", {"2009/10": D("14")})], {"L-KEN-001": "changed"}, ["Target 2009/10"]),
    ([Item(ChangeKind.DROP, "NI 16")], {"NI 16": "removed"}, None),
    ([Item(ChangeKind.EXCHANGE, "NI 16", new_target=_t("NI 20", "local", (KCC,), y2009_10="8"))],
     {"NI 20": "added", "NI 16": "removed"}, None),
])
def test_the_diff_of_the_revised_agreement_shows_exactly_the_change(items, kinds, whats):
    revised = apply_items(KENT, items)
    diff = compare(KENT, revised)
    assert {t.key: t.kind for t in diff.targets} == kinds
    assert diff.outcomes == () and diff.agreement == ()
    if whats:
        assert [c.what for c in diff.targets[0].changes] == whats
    if items[0].kind is ChangeKind.EXCHANGE:
        assert next(t for t in revised.targets if t.key == "NI 20").category == "designated"
