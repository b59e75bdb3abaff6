"""A test MAA (invented: the South East's Kent, Medway and Ashford councils, with the LSC
and Jobcentre Plus contributing), for the MAAs' tests (ADR 0028); the demo's Tees Valley
MAA is in `laa.web.demo_maa`."""

from __future__ import annotations

from decimal import Decimal

from laa.accounts.models import User
from laa.domain.maa import GOVERNMENT, Measure, TargetIn, TargetKind
from laa.domain.roles import Role
from laa.maa import actions
from laa.maa.models import MultiAreaAgreement
from laa.permissions import SystemActor
from laa.places.models import Area, Organisation

SYSTEM = SystemActor("tests")
KCC, MEDWAY, ASHFORD = "Kent County Council", "Medway Council", "Ashford District Council"
LSC, JCP = "Learning and Skills Council Kent and Medway", "Jobcentre Plus (Kent)"
GVA = Measure("Gross value added per head", "pounds", "higher", "ONS regional accounts")


def person(username: str) -> User:
    return User.objects.get(username=username)


def medway_officer() -> User:
    medway = Area.objects.get(code="E2201")
    found, _ = User.objects.get_or_create(username="maa-medway-officer", defaults={
        "first_name": "Mo", "last_name": "Medway Officer", "role": Role.PARTNERSHIP_OFFICER, "area": medway})
    return found


def org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def draft_maa(code: str = "test-gateway") -> MultiAreaAgreement:
    """A draft with three councils (one a district), two contributing partners, an outcome
    and one target of each kind; composed by Kent's partnership officer."""
    officer = person("officer")
    maa = actions.create_maa(actor=officer, code=code, name="Test Gateway (invented)",
                             region=Area.objects.get(code="E2221").region,
                             councils=[org(KCC), org(MEDWAY), org(ASHFORD)])
    actions.add_contributor(actor=officer, maa=maa, organisation=org(LSC), contribution="Skills funding for NI 163")
    actions.add_contributor(actor=officer, maa=maa, organisation=org(JCP), contribution="Employment support")
    actions.add_outcome(actor=officer, maa=maa, key="economy", title="A stronger sub-regional economy")
    for target in (
        TargetIn("NI 151", TargetKind.DESIGNATED, "economy", "NI 151", yearly={"2010/11": Decimal("74.0")}),
        TargetIn("NI 163", TargetKind.NATIONAL, "economy", "NI 163", yearly={"2010/11": Decimal("72.5")}),
        TargetIn("GVA", TargetKind.OTHER, "economy", measure=GVA, yearly={"2010/11": Decimal("19500")}),
    ):
        actions.add_target(actor=officer, maa=maa, target=target)
    maa.refresh_from_db()
    return maa


def agreed_maa() -> MultiAreaAgreement:
    maa = draft_maa()
    maa = actions.take_step(actor=person("officer"), maa=maa, step="submit", expected_state="draft")
    return actions.take_step(actor=person("go-manager"), maa=maa, step="agree", expected_state="submitted")


def sign_all(maa: MultiAreaAgreement) -> None:
    for who, signatory in [("officer", KCC), ("district", ASHFORD), ("clg", GOVERNMENT), ("officer", LSC),
                           ("officer", JCP)]:
        actions.sign(actor=person(who), maa=maa, signatory=signatory, signed_by=f"Signed for {signatory}")
    actions.sign(actor=medway_officer(), maa=maa, signatory=MEDWAY, signed_by="Leader of Medway Council")


def published_maa() -> MultiAreaAgreement:
    maa = agreed_maa()
    sign_all(maa)
    maa.refresh_from_db()
    return actions.take_step(actor=person("clg"), maa=maa, step="publish", expected_state="agreed")
