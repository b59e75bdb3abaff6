"""The demonstration data: Kent's partnership, its partners and one account per role.
Idempotent: loading it twice changes nothing."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import date
from pathlib import Path

from django.db import transaction
from django.test.utils import override_settings

from laa.accounts.models import User
from laa.agreements.actions_import import import_agreement
from laa.agreements.models import Agreement, Target
from laa.audit.trail import record
from laa.catalogue.models import Department
from laa.domain.agreement_file import read_agreement
from laa.domain.negotiation import EntryKind
from laa.domain.roles import Role
from laa.domain.target_agreement import AGREED_BY_NEGOTIATION
from laa.negotiation.actions import add_entry
from laa.negotiation.models import NegotiationThread
from laa.negotiation.scopes import Subject
from laa.negotiation.values import values_of_target
from laa.permissions import SystemActor
from laa.places.models import (
    Area,
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    Region,
    ThematicPartnership,
)

DEMO_PASSWORD = "laa-demo-2008"
SYSTEM = SystemActor("laa demo")
DEMO_AREA = "E2221"  # Kent: a two-tier county, so district adoption can be shown
DEMO_DISTRICT = "Ashford"  # its district council's officer records the district's own adoption

PARTNERS = [
    ("Kent Police Authority", OrganisationKind.POLICE_AUTHORITY, True),
    ("Kent Fire and Rescue Service", OrganisationKind.FIRE_AUTHORITY, True),
    ("NHS Eastern and Coastal Kent", OrganisationKind.PCT, True),
    ("NHS West Kent", OrganisationKind.PCT, True),
    ("Jobcentre Plus (Kent)", OrganisationKind.JOBCENTRE_PLUS, False),
    ("Learning and Skills Council Kent and Medway", OrganisationKind.LSC, False),
    ("Kent Probation Area", OrganisationKind.PROBATION, False),
    ("Environment Agency (Kent)", OrganisationKind.ENVIRONMENT_AGENCY, False),
    ("Kent Voluntary Sector Forum", OrganisationKind.VOLUNTARY, True),
    ("Kent Invicta Chamber of Commerce", OrganisationKind.BUSINESS, False),
    ("Kent Residents' Panel", OrganisationKind.COMMUNITY, False),
]
THEMES = [
    ("Safer and Stronger Communities Partnership", "Safer and stronger communities", "Kent Police Authority"),
    ("Children's Trust", "Children and young people", None),
    ("Health and Wellbeing Partnership", "Healthier communities and older people", "NHS Eastern and Coastal Kent"),
    ("Economic Prosperity Partnership", "Economic development and enterprise", "Kent Invicta Chamber of Commerce"),
]


def _people(area: Area, region: Region, police: Organisation, district: Organisation) -> list[dict]:
    return [
        {"username": "officer", "first_name": "Pat", "last_name": "Officer (demo)", "role": Role.PARTNERSHIP_OFFICER, "area": area},
        {"username": "partner", "first_name": "Priya", "last_name": "Partner (demo)", "role": Role.PARTNER_AUTHORITY, "area": area, "organisation": police},
        {"username": "district", "first_name": "Ash", "last_name": "District Council Officer (demo)", "role": Role.PARTNER_AUTHORITY, "area": area, "organisation": district},
        {"username": "go-manager", "first_name": "Gil", "last_name": "Locality Manager (demo)", "role": Role.GO_OFFICER, "region": region},
        {"username": "go-director", "first_name": "Dana", "last_name": "Regional Director (demo)", "role": Role.GO_DIRECTOR, "region": region},
        {"username": "department", "first_name": "Hal", "last_name": "Home Office Lead (demo)", "role": Role.DEPARTMENT_LEAD, "department": "HO"},
        {"username": "dcsf", "first_name": "Ceri", "last_name": "DCSF Lead (demo)", "role": Role.DCSF, "department": "DCSF"},
        {"username": "clg", "first_name": "Sam", "last_name": "Secretary of State's Delegate (demo)", "role": Role.CLG},
        {"username": "inspector", "first_name": "Ira", "last_name": "Inspector (demo)", "role": Role.INSPECTOR},
        {"username": "admin", "first_name": "Ada", "last_name": "Administrator (demo)", "role": Role.ADMINISTRATOR},
    ]


@transaction.atomic
def load_demo(*, password: str = DEMO_PASSWORD) -> list[User]:
    area = Area.objects.select_related("region").filter(code=DEMO_AREA).first()
    if area is None:
        raise LookupError(f"The area {DEMO_AREA} is not loaded")
    council = Organisation.objects.get(area=area, kind=OrganisationKind.COUNTY_COUNCIL)
    partnership, created = Partnership.objects.get_or_create(
        area=area, defaults={"name": "Kent Partnership", "accountable_body": council, "is_demo": True}
    )
    if created:
        record(actor=SYSTEM, action="demo", instance=partnership, before=None)
    Membership.objects.get_or_create(partnership=partnership, organisation=council, defaults={"on_executive": True})
    orgs: dict[str, Organisation] = {}
    for name, kind, executive in PARTNERS:
        org, _ = Organisation.objects.get_or_create(name=name, area=area, defaults={"kind": kind, "is_demo": True})
        orgs[name] = org
        Membership.objects.get_or_create(partnership=partnership, organisation=org, defaults={"on_executive": executive})
    for district_council in Organisation.objects.filter(area=area, kind=OrganisationKind.DISTRICT_COUNCIL):
        Membership.objects.get_or_create(partnership=partnership, organisation=district_council)
    for name, theme, lead in THEMES:
        ThematicPartnership.objects.get_or_create(
            partnership=partnership, name=name, defaults={"theme": theme, "lead": orgs.get(lead) if lead else None}
        )

    users = []
    district = Organisation.objects.get(
        area=area, kind=OrganisationKind.DISTRICT_COUNCIL, district__name=DEMO_DISTRICT
    )
    for spec in _people(area, area.region, orgs["Kent Police Authority"], district):
        spec = dict(spec)
        dept = spec.pop("department", None)
        if dept:
            spec["department"] = Department.objects.get(code=dept)
        users.append(demo_account(spec, password=password))
    return users


def demo_account(spec: dict, *, password: str) -> User:
    """The demonstration account `spec` describes (its username and fields), made if absent."""
    spec = dict(spec)
    username = spec.pop("username")
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, is_demo=True, email=f"{username}@demo.invalid", **spec)
        if spec["role"] == Role.ADMINISTRATOR:
            user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.full_clean()
        user.save()
        record(actor=SYSTEM, action="demo", instance=user, before=None)
    return user


DEMO_AGREEMENT = Path(__file__).resolve().parent / "data" / "demo-kent-2008.yaml"


def load_demo_agreement() -> bool:
    """Kent's demonstration agreement (a draft), unless Kent already has one. True if loaded."""
    if Agreement.objects.filter(area__code=DEMO_AREA).exists():
        return False
    agreement = import_agreement(actor=SYSTEM, draft=read_agreement(DEMO_AGREEMENT).draft).agreement
    officer = User.objects.filter(username="officer", role=Role.PARTNERSHIP_OFFICER).first()
    dcsf = User.objects.filter(username="dcsf", role=Role.DCSF).first()
    if officer is not None and dcsf is not None:
        agree_statutory_targets(agreement, officer=officer, dcsf=dcsf)
    return True


# The 2008 round: statutory targets went to DCSF by 31 January and were agreed by 31 March (D10).
DCSF_AGREED_ON = date(2008, 3, 28)


def agree_statutory_targets(agreement, *, officer: User, dcsf: User, on: date | None = DCSF_AGREED_ON) -> int:
    """DCSF agrees each statutory target of the (draft) agreement not yet agreed, as it would
    in the round: the partnership proposes the target as it stands, DCSF accepts it (a
    target without values is agreed as a placeholder). Dated `on` (None: today). Returns
    how many were agreed. Without this the GO cannot agree the agreement (D3)."""
    agreed = 0
    day = override_settings(LAA_TODAY=on) if on is not None else nullcontext()
    with day:
        for target in Target.objects.filter(agreement=agreement, category="statutory").order_by("position", "id"):
            thread = NegotiationThread.objects.filter(target=target).first()
            if thread is not None and thread.status in AGREED_BY_NEGOTIATION:
                continue
            subject = Subject(agreement=agreement, target=target)
            seen = thread.last_sequence if thread is not None else 0
            if not target.yearly:
                add_entry(actor=dcsf, subject=subject, kind=EntryKind.PLACEHOLDER, seen=seen,
                          text="Agreed with DCSF as a placeholder: the target is set at the first annual review.")
            else:
                proposal = add_entry(
                    actor=officer, subject=subject, kind=EntryKind.PROPOSAL, seen=seen,
                    values=values_of_target(target),
                    rationale="The statutory target as submitted to DCSF on 31 January 2008.",
                )
                add_entry(actor=dcsf, subject=subject, kind=EntryKind.ACCEPT, seen=proposal.sequence,
                          proposal=proposal.sequence)
            agreed += 1
    return agreed
