"""Permission is checked in the action (ADR 0016): each app's actions refuse a forbidden
actor when called directly, not only behind a page or the API, and write nothing. No actor
(None) is refused everywhere; the system actor of commands is let through only where a
permission names it (imports, reference data), never for a sign-off step."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test.utils import override_settings

from laa.accounts import actions as accounts
from laa.accounts.models import User
from laa.agreements import actions as agreements
from laa.agreements import actions_import as agreement_import
from laa.agreements import actions_partners as partners
from laa.audit.models import AuditEvent
from laa.catalogue import actions as catalogue
from laa.catalogue.models import Round
from laa.catalogue.reference import load_catalogue
from laa.domain.agreement_file import read_agreement
from laa.domain.composition import TargetDraft
from laa.domain.progress import no_values, progress_target
from laa.hub import actions as hub
from laa.hub import actions_uploads as hub_uploads
from laa.hub.models import Upload
from laa.maa import actions as maa
from laa.negotiation import actions as negotiation
from laa.negotiation import actions_records as records
from laa.negotiation.models import RoundMilestone
from laa.negotiation.reference import load_milestones
from laa.negotiation.scopes import Subject
from laa.performance import alert_actions, caa_actions, delivery_actions, reward_steps
from laa.performance import reward_actions as rewards
from laa.performance.caa_models import CaaFlag
from laa.performance.models import RewardClaim
from laa.performance.reading import AreaProgress, TargetProgress
from laa.permissions import SystemActor
from laa.places import actions as places
from laa.places.models import Area, Organisation
from laa.places.reference import load_places
from laa.reviews import actions as reviews
from laa.reviews.models import Review
from laa.revisions import actions as revisions
from laa.revisions.models import Revision
from laa.revisions.refresh import propose_refresh
from laa.signoff import actions as signoff
from laa.web.demo import DEMO_AGREEMENT

from .conftest import LOCAL_FIELDS, world_once_in_transaction
from .maa_support import draft_maa
from .matrix_negotiation import build_world, proposal_values

SYSTEM = SystemActor("a test")
HUB_VALUES = b"indicator,area,period,value,status\nNI 20,E2221,2008/09,12.34,final\n"


@dataclass
class Ctx:
    world: Any
    proposed: Organisation

    @property
    def review(self) -> Review:
        """A review of the world's agreement, unsaved: the actions refuse before reading it."""
        return Review(agreement=self.world.agreement, year="2008/09", state="in_progress")

    def progress(self) -> AreaProgress:
        """The world's agreement as the progress pages read it: the actions refuse before reading more."""
        return AreaProgress(self.world.agreement, date(2008, 3, 20), None, ())

    def target_progress(self) -> TargetProgress:
        target = TargetDraft(key="NI 16", indicator="NI 16", category="designated", outcome="o1")
        inputs = progress_target(target, None, ("2008/09", "2009/10", "2010/11"))
        return TargetProgress(target, None, no_values(inputs, "Not reported yet"))

    def claim(self, state: str = "claimed") -> RewardClaim:
        """A reward claim of the world's agreement, unsaved: the actions refuse before reading it."""
        return RewardClaim(agreement=self.world.agreement, number=1, state=state, policy_id="laa-2008-11/1")

    def flag(self, state: str = "draft") -> CaaFlag:
        """A CAA flag on the world's area, unsaved: the actions refuse before reading it."""
        return CaaFlag(area=self.world.agreement.area, colour="red", title="A flag", evidence="Evidence", state=state)

    @cached_property
    def maa(self):
        """A draft MAA with Kent's, Medway's and Ashford's councils (tests/integration/maa_support.py)."""
        return draft_maa()

    def revision(self, kind: str = "local") -> Revision:
        """A revision of the world's agreement, unsaved: the actions refuse before reading it."""
        return Revision(agreement=self.world.agreement, number=1, kind=kind, state="consented", reason="A change")

    @staticmethod
    def who(username: str | None):
        if username is None:
            return None
        if username == "anonymous":
            return AnonymousUser()
        if username == "system":
            return SYSTEM
        return User.objects.get(username=username)


def _calls() -> dict[str, Callable[[Ctx, Any], Any]]:
    """Each app's actions, as (context, actor) -> the call."""
    kent = lambda: Area.objects.get(code="E2221")  # noqa: E731
    medway = lambda: Area.objects.get(code="E2201")  # noqa: E731
    return {
        # accounts
        "accounts.create_token": lambda c, a: accounts.create_token(user=a, name="a machine"),
        # places
        "places.propose_organisation": lambda c, a: places.propose_organisation(
            actor=a, area=kent(), name="Kent Wildlife Trust", kind="voluntary", note="Runs the county's reserves"),
        "places.confirm_organisation": lambda c, a: places.confirm_organisation(actor=a, organisation=c.proposed),
        "places.reject_organisation": lambda c, a: places.reject_organisation(
            actor=a, organisation=c.proposed, reason="Not a partner"),
        "places.load_places": lambda c, a: load_places(actor=a),
        # multi-area agreements
        "maa.create_maa": lambda c, a: maa.create_maa(actor=a, code="another", name="Another", region=kent().region,
                                                      councils=[kent().organisations.get(name="Kent County Council")]),
        "maa.add_outcome": lambda c, a: maa.add_outcome(actor=a, maa=c.maa, key="more", title="More"),
        "maa.agree": lambda c, a: maa.take_step(actor=a, maa=c.maa, step="agree", expected_state="submitted"),
        "maa.publish": lambda c, a: maa.take_step(actor=a, maa=c.maa, step="publish", expected_state="agreed"),
        "maa.sign": lambda c, a: maa.sign(actor=a, maa=c.maa, signatory="Kent County Council", signed_by="Leader"),
        "maa.propose_undesignation": lambda c, a: maa.propose_undesignation(
            actor=a, maa=c.maa, agreement=c.world.agreement, key="NI 16", outcome="economy"),
        # catalogue
        "catalogue.add_local_indicator": lambda c, a: catalogue.add_local_indicator(
            actor=a, data={**LOCAL_FIELDS, "code": "L-KENT-99"}),
        "catalogue.load_catalogue": lambda c, a: load_catalogue(actor=a),
        # agreements
        "agreements.start_agreement": lambda c, a: agreements.start_agreement(
            actor=a, area=medway(), round_=Round.objects.get(year=2008)),
        "agreements.update_agreement": lambda c, a: agreements.update_agreement(
            actor=a, agreement=c.world.agreement, version=c.world.agreement.version,
            fields={"story_of_place": "Rewritten"}),
        "agreements.save_outcome": lambda c, a: agreements.save_outcome(
            actor=a, agreement=c.world.agreement, version=c.world.agreement.version, key="green", title="Greener"),
        "agreements.delete_target": lambda c, a: agreements.delete_target(
            actor=a, target=c.world.ni39, version=c.world.ni39.version),
        "agreements.add_consultation": lambda c, a: agreements.add_consultation(
            actor=a, agreement=c.world.agreement, version=c.world.agreement.version, consultee="Residents",
            held_on=None, summary="Agreed"),
        "agreements.import_agreement": lambda c, a: agreement_import.import_agreement(
            actor=a, draft=read_agreement(DEMO_AGREEMENT).draft),
        "agreements.sign_up": lambda c, a: partners.sign_up(actor=a, target=c.world.ni16, version=c.world.ni16.version),
        # negotiation
        "negotiation.add_entry": lambda c, a: negotiation.add_entry(
            actor=a, subject=Subject(c.world.agreement, target=c.world.ni39), kind="proposal", seen=0,
            values=proposal_values(), rationale="Because."),
        "negotiation.give_advice": lambda c, a: negotiation.give_advice(
            actor=a, subject=Subject(c.world.agreement, target=c.world.ni16), text="Stretch it."),
        "negotiation.record_meeting": lambda c, a: records.record_meeting(
            actor=a, agreement=c.world.agreement, kind="bilateral", held_on="2008-03-04", attendees="Pat Officer"),
        "negotiation.appoint_champion": lambda c, a: records.appoint_champion(
            actor=a, agreement=c.world.agreement, name="Sir Humphrey"),
        "negotiation.record_milestone": lambda c, a: records.record_milestone(
            actor=a, area=kent(), milestone=RoundMilestone.objects.get(completed_by="story_of_place_prepared"),
            completed_on="2008-03-01"),
        "negotiation.load_milestones": lambda c, a: load_milestones(actor=a),
        # sign-off
        "signoff.transition": lambda c, a: signoff.transition(
            actor=a, agreement=c.world.agreement, transition="submit", expected_state="draft"),
        "signoff.acknowledge_warning": lambda c, a: signoff.acknowledge_warning(
            actor=a, agreement=c.world.agreement, rule="D6.no-delivery-plan", reason="Later"),
        # hub
        "hub.import_values": lambda c, a: hub.import_values(
            actor=a, name="values.csv", stream=io.BytesIO(HUB_VALUES), size=len(HUB_VALUES)),
        "hub.load_suppliers": lambda c, a: hub.load_suppliers(actor=a),
        # annual reviews: the permission is asked first, of the review's agreement (Kent's,
        # in draft here: the GO's own steps are in test_review_actions.py)
        "reviews.start_review": lambda c, a: reviews.start_review(actor=a, agreement=c.world.agreement, year="2008/09"),
        "reviews.assess_target": lambda c, a: reviews.assess_target(
            actor=a, review=c.review, target="NI 39", rating="on_track"),
        "reviews.add_action": lambda c, a: reviews.add_action(
            actor=a, review=c.review, text="Plan", owner="Kent Police", due="2009-01-31"),
        "reviews.add_proposal": lambda c, a: reviews.add_proposal(actor=a, review=c.review, text="Fill NI 32"),
        "reviews.take_step": lambda c, a: reviews.take_step(
            actor=a, review=c.review, step="complete", expected_state="in_progress"),
        # revisions (ADR 0021): the permission is asked first (the steps in test_revision_actions.py)
        "revisions.propose_revision": lambda c, a: revisions.propose_revision(
            actor=a, agreement=c.world.agreement, items=[], reason="A change"),
        "revisions.record_consent": lambda c, a: revisions.record_consent(
            actor=a, revision=c.revision(), consents=True),
        "revisions.record_consultation": lambda c, a: revisions.record_consultation(
            actor=a, revision=c.revision(), held_on=None, summary="Consulted"),
        "revisions.approve_local": lambda c, a: revisions.take_step(
            actor=a, revision=c.revision(), step="approve", expected_state="consented"),
        "revisions.approve_designated": lambda c, a: revisions.take_step(
            actor=a, revision=c.revision("designated"), step="approve", expected_state="consented"),
        # the refresh (ADR 0025): proposed by the officer, agreed by the GO, approved by CLG
        "revisions.propose_refresh": lambda c, a: propose_refresh(actor=a, review=c.review, items=[], reason="x"),
        "revisions.agree_refresh": lambda c, a: revisions.record_consent(
            actor=a, revision=c.revision("refresh"), consents=True),
        "revisions.approve_refresh": lambda c, a: revisions.take_step(
            actor=a, revision=c.revision("refresh"), step="approve", expected_state="consented"),
        "revisions.withdraw": lambda c, a: revisions.take_step(
            actor=a, revision=c.revision(), step="withdraw", expected_state="consented", reason="No longer"),
        "hub.start_upload": lambda c, a: hub_uploads.start_upload(
            actor=a, name="values.csv", size=len(HUB_VALUES), chunks=[HUB_VALUES]),
        "hub.confirm_upload": lambda c, a: hub_uploads.confirm_upload(
            actor=a, upload=Upload(file_name="values.csv", layout="csv", state="checked", report={"created": 1})),
        # the reward grant (issue 14): the steps themselves in test_reward_claims.py
        "performance.record_budget": lambda c, a: rewards.record_budget(
            actor=a, area=kent(), authority="Kent County Council", year="2007/08", amount="1000", source="A test"),
        "performance.record_pump_priming": lambda c, a: rewards.record_pump_priming(
            actor=a, area=kent(), year="2008/09", paid_on="2008-04-07", amount="1000", capital="500", source="A test"),
        "performance.record_area_based_grant": lambda c, a: rewards.record_area_based_grant(
            actor=a, area=kent(), year="2008/09", grant_replaced="Carers grant", amount="1000", source="A test"),
        "performance.record_interim": lambda c, a: rewards.record_interim(
            actor=a, agreement=c.world.agreement, target_key="NI 16", level="34.65", reached="", period="2009/10",
            source="A test"),
        "performance.make_claim": lambda c, a: rewards.make_claim(
            actor=a, agreement=c.world.agreement, values={("NI 16", ""): "34.5"}, evidence="The hub"),
        "performance.recommend": lambda c, a: reward_steps.take_step(
            actor=a, claim=c.claim(), step="recommend", seen_version=1, note="Checked"),
        "performance.return_claim": lambda c, a: reward_steps.take_step(
            actor=a, claim=c.claim(), step="return", seen_version=1, note="NI 16's evidence is missing"),
        "performance.amend_claim": lambda c, a: reward_steps.take_step(
            actor=a, claim=c.claim("returned"), step="amend", seen_version=1, note="Evidence added",
            values={("NI 16", ""): "34.5"}, evidence="The hub"),
        "performance.withdraw_claim": lambda c, a: reward_steps.take_step(
            actor=a, claim=c.claim(), step="withdraw", seen_version=1, note="Claimed too early"),
        "performance.determine": lambda c, a: reward_steps.take_step(
            actor=a, claim=c.claim("recommended"), step="determine", seen_version=1),
        "performance.refuse": lambda c, a: reward_steps.take_step(
            actor=a, claim=c.claim("recommended"), step="refuse", seen_version=1, note="The evidence does not hold"),
        # alerts (issue 13): anyone signed in follows; what each may follow in test_alerts.py
        "performance.follow": lambda c, a: alert_actions.follow(
            actor=a, kind="indicator", indicator="NI 16", day=date(2008, 3, 20)),
        "performance.unfollow": lambda c, a: alert_actions.unfollow(actor=a, following_id=999_999),
        # delivery (issue 13): the writers of each target in test_delivery.py
        "performance.add_commentary": lambda c, a: delivery_actions.add_commentary(
            actor=a, found=c.progress(), item=c.target_progress(), period="2008/09", why="Why", next_steps="Next"),
        "performance.add_action": lambda c, a: delivery_actions.add_action(
            actor=a, found=c.progress(), item=c.target_progress(), text="Patrols", owner="Kent Police",
            due="2009-09-30"),
        "performance.record_challenge": lambda c, a: delivery_actions.record_challenge(
            actor=a, found=c.progress(), themes=["Safer"], theme="Safer", held="2008-03-01", decisions="Patrols"),
        # the CAA's flags (issue 13): the steps themselves in test_caa.py
        "performance.record_flag": lambda c, a: caa_actions.record_flag(
            actor=a, area=c.world.agreement.area, colour="red", title="Crime rising", evidence="The hub's values"),
        "performance.change_flag": lambda c, a: caa_actions.change_flag(
            actor=a, flag=c.flag(), seen_version=1, colour="green", title="Changed", evidence="Evidence"),
        "performance.publish_flag": lambda c, a: caa_actions.move_flag(actor=a, flag=c.flag(), step="publish",
                                                                       seen_version=1),
        "performance.withdraw_flag": lambda c, a: caa_actions.move_flag(
            actor=a, flag=c.flag("published"), step="withdraw", seen_version=2, reason="Answered"),
    }


CALLS = _calls()
# Who is refused, for each action: people of the wrong role or scope, a resident, no actor,
# and the system where no permission names it.
REFUSED: dict[str, list[str | None]] = {
    "accounts.create_token": ["anonymous", None, "system"],
    "places.propose_organisation": ["go-manager", "partner", "admin", "anonymous", None, "system"],
    "places.confirm_organisation": ["officer", "clg", None, "system"],
    "places.reject_organisation": ["officer", "clg", None, "system"],
    "places.load_places": ["admin", None],
    "catalogue.add_local_indicator": ["go-manager", "partner", "department", "anonymous", None, "system"],
    "maa.create_maa": ["partner", "go-manager", "department", "inspector", "anonymous", None],
    "maa.add_outcome": ["partner", "go-manager", "clg", "department", "admin", "anonymous", None],
    "maa.agree": ["officer", "partner", "department", "inspector", "admin", "anonymous", None],
    "maa.publish": ["officer", "go-manager", "go-director", "admin", "anonymous", None],
    "maa.sign": ["partner", "go-manager", "clg", "department", "admin", "anonymous", None],
    "maa.propose_undesignation": ["partner", "go-manager", "clg", "department", "admin", "anonymous", None, "system"],
    "catalogue.load_catalogue": ["admin", None],
    "agreements.start_agreement": ["go-manager", "partner", "admin", "officer", None],  # officer: Kent's, not Medway's
    "agreements.update_agreement": ["go-manager", "partner", "department", "admin", None],
    "agreements.save_outcome": ["go-director", "clg", None],
    "agreements.delete_target": ["go-manager", "dcsf", None],
    "agreements.add_consultation": ["partner", "inspector", None],
    "agreements.import_agreement": ["go-manager", "admin", "anonymous", None],
    "agreements.sign_up": ["officer", "go-manager", None, "system"],
    "negotiation.add_entry": ["partner", "department", "clg", "admin", None, "system"],
    "negotiation.give_advice": ["officer", "go-manager", "dcsf", None, "system"],
    "negotiation.record_meeting": ["department", "clg", "partner", None, "system"],
    "negotiation.appoint_champion": ["officer", "go-manager", "admin", None, "system"],
    "negotiation.record_milestone": ["department", "clg", "partner", None, "system"],
    "negotiation.load_milestones": ["admin", None],
    "signoff.transition": ["go-manager", "admin", None, "system"],
    "signoff.acknowledge_warning": ["go-manager", "partner", "admin", None, "system"],
    "hub.import_values": ["partner", "anonymous", None],
    "hub.load_suppliers": ["admin", "officer", "department", None],
    **dict.fromkeys(["reviews.start_review", "reviews.assess_target", "reviews.add_action", "reviews.add_proposal",
                     "reviews.take_step"],
                    ["officer", "partner", "department", "clg", "admin", "anonymous", None, "system"]),
    **dict.fromkeys(["revisions.propose_revision", "revisions.record_consultation", "revisions.withdraw"],
                    ["partner", "go-manager", "clg", "department", "admin", "anonymous", None, "system"]),
    "revisions.record_consent": ["officer", "go-manager", "clg", "department", "admin", "anonymous", None, "system"],
    "revisions.propose_refresh": ["partner", "go-manager", "clg", "department", "admin", "anonymous", None, "system"],
    "revisions.agree_refresh": ["officer", "clg", "department", "admin", "anonymous", None, "system"],
    "revisions.approve_refresh": ["officer", "partner", "go-manager", "go-director", "dcsf", "admin", "anonymous",
                                  None, "system"],
    "revisions.approve_local": ["partner", "go-director", "clg", "department", "admin", "anonymous", None, "system"],
    "revisions.approve_designated": ["officer", "partner", "go-director", "dcsf", "admin", "anonymous", None,
                                     "system"],
    "hub.start_upload": ["partner", "inspector", "anonymous", None, "system"],  # the system: `laa hub import`
    "hub.confirm_upload": ["partner", "clg", "anonymous", None, "system"],
    **dict.fromkeys(["performance.record_budget", "performance.record_pump_priming",
                     "performance.record_area_based_grant"],
                    ["officer", "go-manager", "department", "admin", "anonymous", None]),
    "performance.record_interim": ["officer", "partner", "clg", "department", "admin", "anonymous", None],
    "performance.make_claim": ["partner", "go-manager", "clg", "department", "admin", "anonymous", None, "system"],
    **dict.fromkeys(["performance.recommend", "performance.return_claim"],
                    ["officer", "partner", "clg", "department", "admin", "anonymous", None, "system"]),
    **dict.fromkeys(["performance.amend_claim", "performance.withdraw_claim"],
                    ["partner", "go-manager", "clg", "department", "admin", "anonymous", None, "system"]),
    **dict.fromkeys(["performance.determine", "performance.refuse"],
                    ["officer", "go-manager", "go-director", "dcsf", "admin", "anonymous", None, "system"]),
    **dict.fromkeys(["performance.follow", "performance.unfollow"], ["anonymous", None, "system"]),
    # the world's NI 16 is signed up to by no partner: the partner authority may not write on it
    **dict.fromkeys(["performance.add_commentary", "performance.add_action", "performance.record_challenge"],
                    ["partner", "go-manager", "department", "clg", "admin", "anonymous", None, "system"]),
    # inspectors alone record, change, publish and withdraw flags
    **dict.fromkeys(["performance.record_flag", "performance.change_flag", "performance.publish_flag",
                     "performance.withdraw_flag"],
                    ["officer", "partner", "go-manager", "go-director", "department", "dcsf", "clg", "admin",
                     "anonymous", None, "system"]),
}
REFUSALS = (PermissionDenied, signoff.TransitionRefused, partners.SignUpRefused)


def test_every_action_is_in_the_table():
    assert set(REFUSED) == set(CALLS)


PROPOSED = "Kent Rivers Trust"


@pytest.fixture(scope="module")
def world_once(django_db_setup, django_db_blocker):
    """Kent's agreement and a proposed organisation, built once for the module's 470 tests
    (about 0.1 s a test before): `world_once_in_transaction` keeps them in a transaction
    that each test's own (a savepoint, pytest-django's `db`) rolls back to."""
    def build() -> None:
        with override_settings(LAA_TODAY="2008-03-20"):
            build_world()
            places.propose_organisation(actor=User.objects.get(username="officer"),
                                        area=Area.objects.get(code="E2221"), name=PROPOSED,
                                        kind="voluntary", note="Proposed by the partnership")
    yield from world_once_in_transaction(django_db_blocker, build)


@pytest.fixture
def ctx(world_once, db, settings, tmp_path):
    settings.LAA_TODAY = "2008-03-20"
    settings.VAR_DIR = tmp_path  # where an upload's file waits
    # read back afresh for each test: what a test changed in memory is not seen by the next
    return Ctx(build_world(), Organisation.objects.get(name=PROPOSED, area__code="E2221"))


@pytest.mark.parametrize(("action", "who"), [(a, w) for a, refused in REFUSED.items() for w in refused],
                         ids=lambda v: str(v))
def test_an_action_refuses_a_forbidden_actor_called_directly(ctx, action, who):
    if action.startswith("maa."):
        assert ctx.maa  # built (and its events written) before counting
    events = AuditEvent.objects.count()
    with pytest.raises(REFUSALS):
        CALLS[action](ctx, ctx.who(who))
    assert AuditEvent.objects.count() == events  # nothing written


# The same calls, by an actor the permission names: they pass the check (and write).
ALLOWED = {
    "accounts.create_token": "go-manager",
    "places.propose_organisation": "officer",
    "places.confirm_organisation": "admin",
    "places.load_places": "system",
    "catalogue.add_local_indicator": "officer",
    "maa.create_maa": "clg",
    "maa.add_outcome": "officer",
    "catalogue.load_catalogue": "system",
    "agreements.start_agreement": "system",
    "agreements.update_agreement": "officer",
    "agreements.add_consultation": "officer",
    "agreements.import_agreement": "system",
    "negotiation.record_meeting": "go-manager",
    "negotiation.appoint_champion": "go-director",
    "negotiation.record_milestone": "officer",
    "negotiation.load_milestones": "system",
    "hub.import_values": "system",
    "hub.load_suppliers": "system",
    "hub.start_upload": "department",
    "performance.record_budget": "system",
    "performance.record_pump_priming": "clg",
    "performance.record_area_based_grant": "system",
    "performance.follow": "department",
    "performance.add_commentary": "officer",
    "performance.add_action": "officer",
    "performance.record_challenge": "officer",
    "performance.record_flag": "inspector",
}


@pytest.mark.parametrize(("action", "who"), list(ALLOWED.items()), ids=lambda v: str(v))
def test_the_permitted_actor_passes_the_same_check(ctx, action, who):
    CALLS[action](ctx, ctx.who(who))
