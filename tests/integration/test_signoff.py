"""Sign-off (D12): guards, freezing at approval, append-only status rows, the pages
(the agreement's sign-off page, the public published agreement with its s113
memorandum) and the API's answers to refusals."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from laa import clock
from laa.accounts.models import ApiToken, User
from laa.agreements import actions as agreement_actions
from laa.agreements import actions_import
from laa.agreements.convert import agreement_to_draft
from laa.agreements.models import Agreement
from laa.audit.append_only import AppendOnly
from laa.domain.agreement_file import agreement_to_data
from laa.domain.content_hash import content_hash
from laa.domain.signoff_history import derive_state
from laa.permissions import SystemActor
from laa.signoff import actions
from laa.signoff.checks import content_hash_of, rule_check
from laa.signoff.models import DistrictAdoption, SignOffStatus, WarningAcknowledgement

from .signoff_support import (
    S,
    acknowledge_all,
    advance,
    dcsf_agrees_statutory_targets,
    demo_draft,
    draft_with_error,
    draft_with_warning,
    make_agreement,
    step,
    user,
)

SYSTEM = SystemActor("a test")  # what a command acts as

pytestmark = pytest.mark.django_db


def refused(agreement, name, who, **inputs) -> actions.TransitionRefused:
    with pytest.raises(actions.TransitionRefused) as caught:
        step(agreement, name, who, **inputs)
    return caught.value


# --- guards ------------------------------------------------------------------------------

def test_the_whole_chain_from_draft_to_published():
    agreement = advance(make_agreement(), S.PUBLISHED)
    rows = list(SignOffStatus.objects.filter(agreement=agreement).order_by("id"))
    assert [r.transition for r in rows] == ["submit", "agree", "council_approve", "recommend", "approve", "designate", "publish"]
    assert [r.by_name for r in rows][:2] == ["Pat Officer (demo)", "Gil Locality Manager (demo)"]
    assert rows[2].council_body == "full_council" and rows[2].role == "partnership_officer"
    assert agreement.published_at is not None and agreement.content_hash == rows[4].content_hash != ""


def test_an_agreement_with_rule_errors_cannot_be_submitted():
    agreement = make_agreement(draft_with_error())
    assert rule_check(agreement).errors
    problem = refused(agreement, "submit", "officer")
    assert problem.kind == "guard" and "rule error" in problem.message
    assert not SignOffStatus.objects.filter(agreement=agreement).exists()


def test_warnings_need_an_acknowledgement_with_a_reason_before_submission():
    agreement = make_agreement(draft_with_warning())
    warnings = rule_check(agreement).warnings
    assert [w.finding.rule for w in warnings] == ["D6.no-delivery-plan"]
    warning = warnings[0].finding
    problem = refused(agreement, "submit", "officer")
    assert problem.kind == "guard" and "1 warning not yet acknowledged" in problem.message

    with pytest.raises(actions.AcknowledgementError) as blank:
        actions.acknowledge_warning(actor=user("officer"), agreement=agreement, rule=warning.rule,
                                    target=warning.target, reason="   ")
    assert set(blank.value.problems) == {"reason"}
    with pytest.raises(actions.AcknowledgementError) as unknown:
        actions.acknowledge_warning(actor=user("officer"), agreement=agreement, rule="D9.wrong-direction",
                                    target=warning.target, reason="x")
    assert "no warning D9.wrong-direction" in unknown.value.problems["rule"]
    with pytest.raises(actions.TransitionRefused) as not_officer:
        actions.acknowledge_warning(actor=user("go-manager"), agreement=agreement, rule=warning.rule,
                                    target=warning.target, reason="fine")
    assert not_officer.value.kind == "role"

    made = actions.acknowledge_warning(actor=user("officer"), agreement=agreement, rule=warning.rule,
                                       target=warning.target, reason="The plan is being written by the CDRP.")
    assert made[0].agreement_version == agreement.version and made[0].message == warning.message
    step(agreement, "submit", "officer")
    agreement.refresh_from_db()
    assert agreement.state == S.SUBMITTED


def test_an_acknowledgement_holds_for_the_warning_as_worded():
    agreement = make_agreement(draft_with_warning())
    warning = rule_check(agreement).warnings[0].finding
    actions.acknowledge_warning(actor=user("officer"), agreement=agreement, rule=warning.rule,
                                target=warning.target, reason="accepted")
    # An unrelated edit keeps it; the same warning on another target needs its own.
    agreement_actions.update_agreement(actor=user("officer"), agreement=agreement, version=agreement.version,
                                       fields={"story_of_place": "A new story."})
    assert rule_check(agreement).unacknowledged == 0
    draft = draft_with_warning()
    second = draft.targets[1].__class__(**{**draft.targets[1].__dict__, "delivery_plan": ""})
    actions_import.import_agreement(actor=SYSTEM, draft=draft.__class__(
        **{**draft.__dict__, "targets": (draft.targets[0], second, *draft.targets[2:])}))
    assert rule_check(agreement).unacknowledged == 1


def test_no_early_sign_off_approval_opens_on_the_rounds_date(settings):
    agreement = advance(make_agreement(), S.RECOMMENDED)
    assert agreement.round.approval_opens == date(2008, 6, 6)
    settings.LAA_TODAY = "2008-06-05"
    problem = refused(agreement, "approve", "clg")
    assert problem.kind == "guard"
    assert problem.message.startswith("Agreements cannot be approved before 6 June 2008: there is no early sign-off")
    settings.LAA_TODAY = date(2008, 6, 6)
    step(agreement, "approve", "clg")
    row = SignOffStatus.objects.get(agreement=agreement, transition="approve")
    assert clock.today() == date(2008, 6, 6) and timezone.localdate(row.at) == date(2008, 6, 6)


def test_designation_must_be_within_one_month_of_approval(settings):
    agreement = advance(make_agreement(), S.RECOMMENDED)
    settings.LAA_TODAY = "2008-06-30"
    step(agreement, "approve", "clg")
    settings.LAA_TODAY = "2008-07-31"
    problem = refused(agreement, "designate", "clg")
    assert problem.kind == "guard"
    assert "approved on 30 June 2008, so the last day was 30 July 2008" in problem.message
    settings.LAA_TODAY = "2008-07-30"
    step(agreement, "designate", "clg")


def test_the_council_body_is_required_and_recorded():
    agreement = advance(make_agreement(), S.AGREED_WITH_GO)
    problem = refused(agreement, "council_approve", "officer")
    assert (problem.kind, problem.field) == ("guard", "council_body")
    assert refused(agreement, "council_approve", "officer", council_body="cabinet").message.endswith("not 'cabinet'.")
    step(agreement, "council_approve", "officer", council_body="executive")
    assert SignOffStatus.objects.get(agreement=agreement, transition="council_approve").council_body == "executive"


@pytest.mark.parametrize(("name", "state", "who"), [("return_to_draft", S.SUBMITTED, "go-manager"),
                                                     ("refer_back", S.RECOMMENDED, "clg")])
def test_stepping_back_needs_a_reason(name, state, who):
    agreement = advance(make_agreement(), state)
    assert refused(agreement, name, who, reason=" ").field == "reason"
    step(agreement, name, who, reason="Rework NI 152.")
    agreement.refresh_from_db()
    assert agreement.state == S.DRAFT


def test_a_step_from_the_wrong_state_is_refused_and_a_stale_state_is_a_conflict():
    agreement = advance(make_agreement(), S.SUBMITTED)
    problem = refused(agreement, "recommend", "go-director")
    assert problem.kind == "state" and "cannot be recommended now" in problem.message
    with pytest.raises(actions.TransitionConflict) as stale:
        actions.transition(actor=user("officer"), agreement=agreement, transition="submit", expected_state="draft")
    assert "The agreement was submitted on" in stale.value.message
    assert "(recorded by Pat Officer (demo), Partnership officer)" in stale.value.message
    assert "not 'Draft' as when you looked" in stale.value.message
    with pytest.raises(actions.TransitionRefused) as unknown_state:
        actions.transition(actor=user("go-manager"), agreement=agreement, transition="agree", expected_state="nonsense")
    assert unknown_state.value.field == "expected_state"


def test_district_adoption_applies_to_two_tier_areas_once_per_district_and_not_after_approval():
    agreement = advance(make_agreement(), S.AGREED_WITH_GO)
    step(agreement, "adopt_district", "officer", district="Dover", note="Cabinet 2 June 2008")
    assert refused(agreement, "adopt_district", "officer", district="Dover").message == "Dover has already adopted its targets."
    assert refused(agreement, "adopt_district", "officer", district="Medway").message == "Medway is not a district of this area."
    assert refused(agreement, "adopt_district", "officer").field == "district"
    adoption = DistrictAdoption.objects.get(agreement=agreement)
    assert (adoption.district.name, adoption.note, adoption.by_name) == ("Dover", "Cabinet 2 June 2008", "Pat Officer (demo)")
    agreement.refresh_from_db()
    assert agreement.state == S.AGREED_WITH_GO  # beside the chain, never moving it
    advance(agreement, S.COUNCIL_APPROVED)
    assert refused(agreement, "adopt_district", "officer", district="Ashford").kind == "state"
    advance(agreement, S.APPROVED)
    assert refused(agreement, "adopt_district", "officer", district="Ashford").kind == "state"

    medway_draft = demo_draft().__class__(**{**demo_draft().__dict__, "area": "E2201"})
    medway = make_agreement(medway_draft)
    from laa.domain.roles import Role
    from laa.places.models import Area
    medway_officer = User.objects.create_user("medway", password="x", role=Role.PARTNERSHIP_OFFICER,
                                              area=Area.objects.get(code="E2201"))
    acknowledge_all(medway, medway_officer)
    dcsf_agrees_statutory_targets(medway, medway_officer)
    actions.transition(actor=medway_officer, agreement=medway, transition="submit", expected_state="draft")
    step(medway, "agree", "go-manager")
    with pytest.raises(actions.TransitionRefused) as unitary:
        actions.transition(actor=medway_officer, agreement=medway, transition="adopt_district",
                           expected_state="agreed_with_go", district="Gillingham")
    assert "only in two-tier areas" in unitary.value.message


@pytest.mark.parametrize("state", [S.DRAFT, S.SUBMITTED])
def test_a_district_cannot_adopt_targets_not_yet_agreed_with_the_go(state):
    agreement = advance(make_agreement(), state)
    problem = refused(agreement, "adopt_district", "officer", district="Dover")
    assert problem.kind == "state" and "that needs it to be 'Agreed with the Government Office'" in problem.message
    assert not DistrictAdoption.objects.filter(agreement=agreement).exists()


def test_a_return_to_draft_undoes_the_districts_adoptions():
    from laa.signoff.checks import current_adoptions

    agreement = advance(make_agreement(), S.AGREED_WITH_GO)
    step(agreement, "adopt_district", "officer", district="Dover", note="Cabinet 2 June 2008")
    assert list(current_adoptions(agreement).values_list("district__name", flat=True)) == ["Dover"]
    step(agreement, "return_to_draft", "go-manager", reason="NI 116 reworked after the district's comments.")
    assert not current_adoptions(agreement).exists()
    assert DistrictAdoption.objects.filter(agreement=agreement).count() == 1  # kept, append-only, but not counted
    html = signed_in("officer").get("/sign-off/E2221").content.decode()
    assert "Cabinet 2 June 2008" not in html
    advance(agreement, S.AGREED_WITH_GO)
    # Dover adopts again (the targets it adopted may have changed): allowed, and counted.
    step(agreement, "adopt_district", "officer", district="Dover", note="Cabinet 16 June 2008")
    assert list(current_adoptions(agreement).values_list("note", flat=True)) == ["Cabinet 16 June 2008"]
    assert refused(agreement, "adopt_district", "officer", district="Dover").message == "Dover has already adopted its targets."
    status = machine("officer").get("/api/v1/sign-off/agreements/E2221").json()
    assert "Cabinet 16 June 2008" in str(status) and "Cabinet 2 June 2008" not in str(status)


# --- negotiation settled before agreement with the GO -------------------------------------

def negotiate(agreement, key: str, *moves: tuple[str, str, dict]):
    """Negotiate the agreement's target `key`: the partnership proposes, then each move
    (who, kind, fields) in turn."""
    from laa.negotiation import actions as negotiation
    from laa.negotiation.scopes import Subject

    from .matrix_negotiation import proposal_values

    steps = [("officer", "proposal", {"values": proposal_values(), "rationale": "Our evidence."}), *moves]
    for seen, (who, kind, fields) in enumerate(steps):
        target = agreement.targets.get(key=key)
        negotiation.add_entry(actor=user(who), subject=Subject(agreement, target=target), kind=kind, seen=seen, **fields)


def test_the_partnership_cannot_submit_while_a_negotiation_or_dispute_is_open():
    """ADR 0007: every negotiation is settled before submission (it was the GO's
    agreement that checked it, after submission, when nothing could be accepted any more)."""
    agreement = make_agreement()
    # Targets without a reward element: accepting new values on one with a reward would
    # leave it stale, a rule error that blocks submission (D20, issue 8).
    keys = list(agreement.targets.filter(reward__isnull=True).order_by("id").values_list("key", flat=True)[:4])
    negotiate(agreement, keys[0])  # proposed
    negotiate(agreement, keys[1], ("go-manager", "challenge", {"challenge_reason": "ambition", "text": "Too low."}))
    negotiate(agreement, keys[2], ("go-manager", "accept", {"proposal": 1}))  # settled
    negotiate(agreement, keys[3], ("officer", "escalate", {"level": "go", "text": "The partners dispute the level."}))
    acknowledge_all(agreement)
    problem = refused(agreement, "submit", "officer")
    assert problem.kind == "guard"
    assert (f"negotiation is still open (proposed or under negotiation) on {keys[0]}, {keys[1]} and {keys[3]}"
            in problem.message)
    assert f"a dispute is still open on {keys[3]}:" in problem.message
    assert f"{keys[2]}," not in problem.message and f"{keys[2]} " not in problem.message
    agreement.refresh_from_db()
    assert agreement.state == S.DRAFT
    assert not SignOffStatus.objects.filter(agreement=agreement, transition="submit").exists()
    # The API says the same, as 422.
    response = machine("officer").post("/api/v1/sign-off/agreements/E2221/transitions/submit",
                                       {"expected_state": "draft"}, content_type="application/json")
    assert response.status_code == 422 and keys[0] in response.json()["detail"]


def test_the_go_cannot_agree_an_agreement_submitted_with_a_negotiation_open():
    """An agreement submitted before the rule (ADR 0007) with a thread open: the GO's
    agreement still checks it."""
    agreement = make_agreement()
    key = agreement.targets.order_by("id").first().key
    advance(agreement, S.SUBMITTED)
    Agreement.objects.filter(pk=agreement.pk).update(state=S.DRAFT)
    negotiate(agreement, key)
    Agreement.objects.filter(pk=agreement.pk).update(state=S.SUBMITTED)
    problem = refused(agreement, "agree", "go-manager")
    assert problem.kind == "guard" and f"still open (proposed or under negotiation) on {key}" in problem.message


def test_the_partnership_submits_once_every_negotiation_is_settled():
    from laa.negotiation import actions as negotiation
    from laa.negotiation.scopes import Subject

    agreement = make_agreement()
    key = agreement.targets.order_by("id").first().key
    negotiate(agreement, key, ("officer", "escalate", {"level": "go", "text": "The partners dispute the level."}))
    acknowledge_all(agreement)
    assert "dispute is still open" in refused(agreement, "submit", "officer").message

    def add(who, kind, seen, **fields):
        negotiation.add_entry(actor=user(who), subject=Subject(agreement, target=agreement.targets.get(key=key)),
                              kind=kind, seen=seen, **fields)

    add("go-manager", "resolve", 2, text="Settled at the case conference: the target stays as drafted.")
    message = refused(agreement, "submit", "officer").message
    assert "a dispute is still open" not in message and f"still open (proposed or under negotiation) on {key}" in message
    add("officer", "withdraw", 3, text="The drafted target stands.")
    advance(agreement, S.AGREED_WITH_GO)


# --- content changes only in draft -------------------------------------------------------

@pytest.mark.parametrize(("state", "where"), [
    (S.SUBMITTED, "is with the Government Office"),
    (S.AGREED_WITH_GO, "with the council for approval"),
    (S.COUNCIL_APPROVED, "approved by the council"),
    (S.RECOMMENDED, "with the Secretary of State"),
])
def test_content_cannot_change_after_submission(state, where):
    agreement = advance(make_agreement(), state)
    officer = user("officer")
    version = agreement.version
    target = agreement.targets.first()
    outcome = agreement.outcomes.first()
    writes = [
        lambda: agreement_actions.update_agreement(actor=officer, agreement=agreement, version=agreement.version,
                                                   fields={"story_of_place": "changed"}),
        lambda: agreement_actions.save_target(actor=officer, agreement=agreement,
                                              draft=agreement_to_draft(agreement).targets[0], target=target,
                                              version=target.version),
        lambda: agreement_actions.delete_target(actor=officer, target=target, version=target.version),
        lambda: actions_import.import_agreement(actor=officer, draft=draft_with_error()),
        lambda: agreement_actions.save_outcome(actor=officer, agreement=agreement, version=agreement.version,
                                               key="new", title="New"),
        lambda: agreement_actions.delete_outcome(actor=officer, outcome=outcome, version=agreement.version),
    ]
    for write in writes:
        with pytest.raises(agreement_actions.FrozenAgreement) as caught:
            write()
        assert where in str(caught.value) and "referred back to draft to change it" in str(caught.value)
    agreement.refresh_from_db()
    assert agreement.version == version and agreement.state == state
    assert rule_check(agreement).errors == []  # what was checked at submission is what is signed off
    # The page refuses the edit permission; the API answers 409 saying why.
    import rules
    assert not rules.has_perm("agreements.edit_agreement", officer, agreement)
    response = machine("officer").put("/api/v1/agreements/E2221", {"version": agreement.version, "agreement": {}},
                                      content_type="application/json")
    assert response.status_code == 409, response.content
    assert where in response.json()["detail"]


def test_an_agreement_returned_to_draft_can_change_again():
    import rules

    agreement = advance(make_agreement(), S.AGREED_WITH_GO)
    step(agreement, "return_to_draft", "go-manager", reason="Rework NI 116.")
    agreement.refresh_from_db()
    assert rules.has_perm("agreements.edit_agreement", user("officer"), agreement)
    agreement_actions.update_agreement(actor=user("officer"), agreement=agreement, version=agreement.version,
                                       fields={"story_of_place": "Reworked."})


@pytest.mark.parametrize(("kind", "who", "fields", "said"), [
    ("accept", "go-manager", {"proposal": 1}, "referred back to draft to change it"),
    ("move_to_local", "officer", {"text": "Local."}, "referred back to draft to change it"),
    ("placeholder", "go-manager", {"text": "Set at the first annual review."}, "referred back to draft to change it"),
    ("counter_proposal", "go-manager", {"rationale": "Higher."}, "its negotiation is over"),
    ("proposal", "officer", {"rationale": "Revised."}, "its negotiation is over"),
])
def test_negotiation_cannot_write_into_or_reopen_a_submitted_agreement(kind, who, fields, said):
    """A thread left open by an agreement submitted before ADR 0007 (today submission needs
    every thread settled): nothing writes into it, nothing opens; withdrawal closes it."""
    from laa.negotiation import actions as negotiation
    from laa.negotiation.models import NegotiationEntry
    from laa.negotiation.scopes import Subject
    from laa.negotiation.threads import load

    from .matrix_negotiation import proposal_values

    agreement = make_agreement()
    key = agreement.targets.order_by("id").first().key
    advance(agreement, S.SUBMITTED)
    Agreement.objects.filter(pk=agreement.pk).update(state=S.DRAFT)
    negotiate(agreement, key)
    Agreement.objects.filter(pk=agreement.pk).update(state=S.SUBMITTED)
    agreement.refresh_from_db()
    target = agreement.targets.get(key=key)
    before = (target.version, target.category)
    if kind in {"proposal", "counter_proposal"}:
        fields = {**fields, "values": proposal_values()}
    with pytest.raises(negotiation.Refused) as caught:
        negotiation.add_entry(actor=user(who), subject=Subject(agreement, target=target), kind=kind, seen=1, **fields)
    assert "is with the Government Office" in str(caught.value)
    assert said in str(caught.value)
    target.refresh_from_db()
    assert (target.version, target.category) == before
    assert NegotiationEntry.objects.filter(thread__target=target).count() == 1
    # The page offers no such move; a withdrawal, which closes the thread, may continue.
    view = load(user(who), Subject(agreement, target=target))
    assert kind not in {m.value for m in view.moves}
    negotiation.add_entry(actor=user("officer"), subject=Subject(agreement, target=target), kind="withdraw",
                          seen=1, text="The drafted target stands.")
    view = load(user("officer"), Subject(agreement, target=target))
    assert "reopen" not in {m.value for m in view.moves}


# --- frozen at approval ------------------------------------------------------------------

def test_an_approved_agreement_is_frozen_with_its_content_hash():
    agreement = advance(make_agreement(), S.APPROVED)
    recomputed = content_hash(agreement_to_data(agreement_to_draft(agreement)))
    assert agreement.content_hash == recomputed == content_hash_of(agreement)
    assert SignOffStatus.objects.get(agreement=agreement, transition="approve").content_hash == recomputed
    officer = user("officer")
    target = agreement.targets.first()
    with pytest.raises(agreement_actions.FrozenAgreement):
        agreement_actions.update_agreement(actor=officer, agreement=agreement, version=agreement.version,
                                           fields={"story_of_place": "changed"})
    with pytest.raises(agreement_actions.FrozenAgreement):
        agreement_actions.save_target(actor=officer, agreement=agreement, draft=agreement_to_draft(agreement).targets[0],
                                      target=target, version=target.version)
    with pytest.raises(agreement_actions.FrozenAgreement):
        agreement_actions.delete_target(actor=officer, target=target, version=target.version)
    with pytest.raises(agreement_actions.FrozenAgreement):
        actions_import.import_agreement(actor=officer, draft=demo_draft())
    with pytest.raises(agreement_actions.FrozenAgreement):
        agreement_actions.save_outcome(actor=officer, agreement=agreement, version=agreement.version, key="new", title="New")
    agreement.refresh_from_db()
    assert content_hash_of(agreement) == agreement.content_hash
    advance(agreement, S.PUBLISHED)
    with pytest.raises(agreement_actions.FrozenAgreement):
        agreement_actions.update_agreement(actor=officer, agreement=agreement, version=agreement.version,
                                           fields={"story_of_place": "changed"})


def test_the_content_hash_changes_with_the_content():
    agreement = make_agreement()
    before = content_hash_of(agreement)
    agreement_actions.update_agreement(actor=user("officer"), agreement=agreement, version=agreement.version,
                                       fields={"story_of_place": "Another story."})
    agreement.refresh_from_db()
    assert content_hash_of(agreement) != before


# --- append-only status rows -------------------------------------------------------------

def test_status_rows_are_append_only_and_derive_the_state():
    agreement = advance(make_agreement(), S.RECOMMENDED)
    step(agreement, "refer_back", "clg", reason="Stronger NI 152, please.")
    advance(agreement, S.SUBMITTED)
    step(agreement, "return_to_draft", "go-director", reason="Evidence for NI 116.")
    advance(agreement, S.PUBLISHED)
    rows = SignOffStatus.objects.filter(agreement=agreement).order_by("id")
    assert derive_state((r.from_state, r.to_state, r.at) for r in rows) == agreement.state == S.PUBLISHED
    assert rows.count() == 4 + 1 + 1 + 1 + 7

    first = rows.first()
    first.reason = "rewritten"
    with pytest.raises(AppendOnly):
        first.save()
    with pytest.raises(AppendOnly):
        first.delete()
    with pytest.raises(AppendOnly):
        SignOffStatus.objects.filter(agreement=agreement).update(reason="x")
    with pytest.raises(AppendOnly):
        SignOffStatus.objects.filter(agreement=agreement).delete()
    with pytest.raises(AppendOnly):
        WarningAcknowledgement.objects.all().delete()
    assert SignOffStatus.objects.get(pk=first.pk).reason == ""


def test_each_step_writes_the_audit_trail():
    from laa.audit.trail import trail_for

    agreement = advance(make_agreement(), S.SUBMITTED)
    event = trail_for(agreement).filter(action="sign-off-submit").get()
    assert event.actor_label == "officer" and event.before["state"] == "draft" and event.after["state"] == "submitted"


# --- pages -------------------------------------------------------------------------------

def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_the_sign_off_page_offers_each_role_its_steps():
    agreement = make_agreement()
    page = signed_in("officer").get("/sign-off/E2221")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Draft" in html and "Submit to the Government Office" in html and "Record adoption" not in html
    assert "Ashford" in html and "Tunbridge Wells" in html
    assert "Agree with the partnership" not in html
    html = signed_in("go-manager").get("/sign-off/E2221").content.decode()
    assert "There is no sign-off step for you to take" in html
    advance(agreement, S.SUBMITTED)
    html = signed_in("go-manager").get("/sign-off/E2221").content.decode()
    assert "Agree with the partnership" in html and "Return to draft" in html
    assert "Pat Officer (demo) (Partnership officer)" in html  # the history
    advance(agreement, S.AGREED_WITH_GO)
    assert "Record adoption" in signed_in("officer").get("/sign-off/E2221").content.decode()


def test_the_officer_drives_sign_off_from_the_page():
    agreement = advance(make_agreement(), S.AGREED_WITH_GO)
    officer = signed_in("officer")
    adopt = officer.post("/sign-off/E2221/adopt_district", {"expected_state": "agreed_with_go", "district": "Dover", "note": "Cabinet"})
    assert adopt.status_code == 302
    assert agreement.district_adoptions.count() == 1
    # Kent Police is not a district council: it cannot record Ashford's adoption.
    assert signed_in("partner").post("/sign-off/E2221/adopt_district", {"expected_state": "agreed_with_go", "district": "Ashford"}).status_code == 403
    missing = officer.post("/sign-off/E2221/council_approve", {"expected_state": "agreed_with_go"})
    assert missing.status_code == 400
    assert "Say whether full council or the executive approved the agreement." in missing.content.decode()
    assert 'href="#council_approve-council-body"' in missing.content.decode()
    done = officer.post("/sign-off/E2221/council_approve", {"expected_state": "agreed_with_go", "council_body": "executive"})
    assert done.status_code == 302 and done["Location"] == "/sign-off/E2221"
    assert "The agreement is now &#39;Approved by the council&#39;." in officer.get("/sign-off/E2221").content.decode()
    again = officer.post("/sign-off/E2221/council_approve", {"expected_state": "agreed_with_go", "council_body": "executive"})
    assert again.status_code == 409
    assert "The agreement was approved by the council on" in again.content.decode()
    late = officer.post("/sign-off/E2221/adopt_district", {"expected_state": "council_approved", "district": "Dover", "note": "Cabinet"})
    assert late.status_code == 409  # the county council has approved the whole agreement
    agreement.refresh_from_db()
    assert agreement.state == S.COUNCIL_APPROVED and agreement.district_adoptions.count() == 1
    assert signed_in("clg").post("/sign-off/E2221/recommend", {"expected_state": "council_approved"}).status_code == 403
    assert signed_in("go-director").post("/sign-off/E2221/nonsense", {"expected_state": "council_approved"}).status_code == 404


def test_warnings_are_acknowledged_on_the_page():
    agreement = make_agreement(draft_with_warning())
    warning = rule_check(agreement).warnings[0].finding
    officer = signed_in("officer")
    html = officer.get("/sign-off/E2221").content.decode()
    assert warning.message in html and "Acknowledge warning" in html
    assert "1 warning not yet acknowledged" in html  # the submit step says what stops it
    blank = officer.post("/sign-off/E2221/acknowledgements", {"rule": warning.rule, "target": warning.target, "reason": ""})
    assert blank.status_code == 400 and "Give a reason" in blank.content.decode()
    ok = officer.post("/sign-off/E2221/acknowledgements", {"rule": warning.rule, "target": warning.target, "reason": "Plan due in July."})
    assert ok.status_code == 302
    assert officer.post("/sign-off/E2221/submit", {"expected_state": "draft"}).status_code == 302
    assert signed_in("go-manager").post("/sign-off/E2221/acknowledgements",
                                        {"rule": warning.rule, "target": warning.target, "reason": "x"}).status_code == 403


def test_the_sign_off_page_is_private_and_scoped():
    make_agreement()
    anonymous = Client().get("/sign-off/E2221")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/sign-in?next=")
    assert signed_in("inspector").get("/sign-off/E2221").status_code == 200
    assert signed_in("officer").get("/sign-off/E0704").status_code == 404
    assert signed_in("go-director").get("/sign-off/").status_code == 200


def test_published_agreements_and_their_memoranda_are_public_and_drafts_are_not():
    agreement = make_agreement()
    resident = Client()
    assert resident.get("/sign-off/published/E2221").status_code == 404
    assert resident.get("/api/v1/sign-off/published/E2221").status_code == 404
    assert "Kent" not in resident.get("/sign-off/published").content.decode().split("<main")[1]
    advance(agreement, S.DESIGNATED)
    assert resident.get("/sign-off/published/E2221").status_code == 404  # designated, not yet published
    advance(agreement, S.PUBLISHED)
    listing = resident.get("/sign-off/published")
    assert listing.status_code == 200 and 'href="/sign-off/published/E2221"' in listing.content.decode()
    page = resident.get("/sign-off/published/E2221")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Memorandum (section 113)" in html and "2008/09 to 2010/11" in html
    assert "Designated targets" in html and "Who must have regard to which targets" in html
    assert "Kent Police Authority" in html and agreement.content_hash in html
    memo = resident.get("/api/v1/sign-off/published/E2221").json()
    designated = [t for t in memo["targets"] if t["designated"]]
    assert designated and all(t["category"] == "designated" for t in designated)
    assert memo["period_start"] == "2008/09" and memo["must_have_regard"]
    assert any(r["organisation"] == "Kent Police Authority" for r in memo["must_have_regard"])
    assert [a["area"] for a in resident.get("/api/v1/sign-off/published").json()] == ["E2221"]


# --- API ---------------------------------------------------------------------------------

def machine(username: str) -> Client:
    _, key = ApiToken.issue(user=User.objects.get(username=username), name="council system")
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_the_api_drives_sign_off_and_explains_refusals(settings):
    dcsf_agrees_statutory_targets(make_agreement(draft_with_warning()))
    council = machine("officer")
    status = council.get("/api/v1/sign-off/agreements/E2221").json()
    assert status["state"] == "draft" and status["warnings"][0]["acknowledged"] is False
    assert {s["name"]: s["allowed_now"] for s in status["your_steps"]} == {"submit": False}
    post = lambda path, body: council.post(path, body, content_type="application/json")  # noqa: E731
    blocked = post("/api/v1/sign-off/agreements/E2221/transitions/submit", {"expected_state": "draft"})
    assert blocked.status_code == 422 and "not yet acknowledged" in blocked.json()["detail"]
    w = status["warnings"][0]
    ack = post("/api/v1/sign-off/agreements/E2221/acknowledgements", {"rule": w["rule"], "target": w["target"], "reason": "Agreed with GO"})
    assert ack.status_code == 201 and ack.json()[0]["reason"] == "Agreed with GO"
    bad = post("/api/v1/sign-off/agreements/E2221/acknowledgements", {"rule": w["rule"], "target": w["target"], "reason": ""})
    assert bad.status_code == 422
    assert post("/api/v1/sign-off/agreements/E2221/transitions/submit", {"expected_state": "draft"}).json()["state"] == "submitted"
    stale = post("/api/v1/sign-off/agreements/E2221/transitions/submit", {"expected_state": "draft"})
    assert stale.status_code == 409 and "Pat Officer (demo)" in stale.json()["detail"]
    wrong = post("/api/v1/sign-off/agreements/E2221/transitions/council_approve", {"expected_state": "submitted"})
    assert wrong.status_code == 409 and "cannot be approved by the council now" in wrong.json()["detail"]
    assert post("/api/v1/sign-off/agreements/E2221/transitions/nonsense", {"expected_state": "submitted"}).status_code == 404
    assert council.post("/api/v1/sign-off/agreements/E2221/transitions/submit", {}, content_type="application/json").status_code == 422
    assert machine("go-manager").post("/api/v1/sign-off/agreements/E2221/transitions/agree", {"expected_state": "submitted"},
                                      content_type="application/json").json()["history"][-1]["transition"] == "agree"
    assert council.get("/api/v1/sign-off/agreements/E0704").status_code == 404
    table = Client().get("/api/v1/sign-off/transitions").json()
    assert {t["name"] for t in table} >= {"submit", "approve", "adopt_district"}
    assert next(t for t in table if t["name"] == "approve")["roles"] == ["clg"]
    assert [a["area"] for a in council.get("/api/v1/sign-off/agreements").json()] == ["E2221"]
