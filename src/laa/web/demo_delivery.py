"""The demonstration's two halves of the service, in the same region (South East):

- Kent's agreement taken through the real sign-off steps, by the demonstration accounts
  and on the days of the 2008 round, to approval by the Secretary of State: it is in
  delivery, so its data can be reported against its targets;
- Medway, a unitary neighbour, with its own demonstration accounts and an agreement
  still in negotiation: a target the partnership proposed and the Government Office
  challenged with a counter-proposal; its round's steps before the draft agreement
  recorded on their days, its draft agreement (due 30 May 2008) late.

Both are walked on the demonstration's day, `DEMO_DAY` (`make run` sets LAA_TODAY to it):
1 July 2008, the day after the approved agreements were announced. Kent is approved (27
June) and in delivery, its designation due within a month of approval; Medway is one of
the areas whose negotiation ran late.

Both idempotent: loading them twice changes nothing. All labelled demonstration data."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.test.utils import override_settings

from laa.accounts.models import User
from laa.agreements.actions_import import import_agreement
from laa.agreements.models import Agreement, Target
from laa.audit.trail import record
from laa.domain.agreement_file import read_agreement
from laa.domain.negotiation import EntryKind
from laa.domain.roles import Role
from laa.domain.signoff import SignOffState
from laa.negotiation.actions import add_entry
from laa.negotiation.actions_records import record_milestone
from laa.negotiation.models import MilestoneCompletion, RoundMilestone
from laa.negotiation.scopes import Subject
from laa.negotiation.values import values_of_target
from laa.places.models import Area, Organisation, OrganisationKind, Partnership
from laa.signoff.actions import acknowledge_warning, transition
from laa.signoff.checks import rule_check
from laa.web.demo import (
    DEMO_AGREEMENT,
    DEMO_AREA,
    DEMO_DISTRICT,
    DEMO_PASSWORD,
    SYSTEM,
    agree_statutory_targets,
    demo_account,
)

DEMO_DAY = date(2008, 7, 1)  # the demonstration's day: the Makefile's LAA_TODAY for `make run`
SECOND_AREA = "E2201"  # Medway: a unitary area of the South East, beside Kent
SECOND_AREA_NAME = "Medway"

# Kent's sign-off, on the days of the 2008 round (D10, D12): the draft to the GO by 30 May,
# to the Secretary of State by 6 June (no early sign-off), approved agreements announced
# by 30 June. (transition, who, day, inputs)
KENT_SIGN_OFF = [
    ("submit", "officer", date(2008, 5, 30), {}),
    ("agree", "go-manager", date(2008, 6, 2), {}),
    ("adopt_district", "district", date(2008, 6, 3),
     {"district": DEMO_DISTRICT, "note": "Demonstration: Ashford Cabinet, 3 June 2008"}),
    ("council_approve", "officer", date(2008, 6, 4), {"council_body": "full_council"}),
    ("recommend", "go-director", date(2008, 6, 6), {}),
    ("approve", "clg", date(2008, 6, 27), {}),
]
WARNINGS_ACKNOWLEDGED_ON = date(2008, 5, 29)


def _account(username: str) -> User:
    return User.objects.get(username=username, is_demo=True)


@transaction.atomic
def deliver_demo_agreement() -> bool:
    """Take Kent's demonstration agreement from draft to approved (in delivery) through the
    sign-off actions. True if it moved; False if it had already left draft (or is absent)."""
    agreement = Agreement.objects.filter(area__code=DEMO_AREA).first()
    if agreement is None or agreement.state != SignOffState.DRAFT:
        return False
    sign_off(agreement, officer=_account("officer"), steps=KENT_SIGN_OFF)
    return True


def sign_off(agreement: Agreement, *, officer: User, steps: list) -> None:
    """DCSF agrees the draft's statutory targets, the partnership officer acknowledges the
    rules' warnings (29 May 2008), then each sign-off step (transition, who, day, inputs)."""
    agree_statutory_targets(agreement, officer=officer, dcsf=_account("dcsf"))
    with override_settings(LAA_TODAY=WARNINGS_ACKNOWLEDGED_ON):
        for warning in rule_check(agreement).warnings:
            if not warning.acknowledged:
                acknowledge_warning(
                    actor=officer, agreement=agreement, rule=warning.finding.rule,
                    target=warning.finding.target or "",
                    reason="Demonstration: the partnership board accepted this on 29 May 2008.",
                )
    for name, who, day, inputs in steps:
        agreement.refresh_from_db()
        with override_settings(LAA_TODAY=day):
            transition(actor=_account(who), agreement=agreement, transition=name,
                       expected_state=agreement.state, **inputs)


def _second_people(area: Area, council: Organisation) -> list[dict]:
    return [
        {"username": "medway-officer", "first_name": "Mo", "last_name": "Medway Partnership Officer (demo)",
         "role": Role.PARTNERSHIP_OFFICER, "area": area},
        {"username": "medway-partner", "first_name": "Mel", "last_name": "Medway Council Officer (demo)",
         "role": Role.PARTNER_AUTHORITY, "area": area, "organisation": council},
    ]


STORY = (
    "DEMONSTRATION DATA. Medway is a unitary area of about 250,000 people on the Thames estuary, "
    "beside Kent: the towns of Rochester, Chatham, Gillingham, Rainham and Strood, and the rural "
    "Hoo Peninsula. This invented agreement is still being negotiated with the Government Office "
    "for the South East, so the demonstration shows negotiation beside Kent's delivery."
)
CHALLENGED = "NI 16"  # the target the GO counter-proposes in the demonstration
# Medway's steps of the 2008 round before its draft agreement (D10), each recorded on its
# day by who did it: (milestone code, who records it, day done).
MEDWAY_STEPS = [
    ("story_of_place", "medway-officer", date(2007, 11, 23)),
    ("priority_outcomes", "go-manager", date(2007, 12, 14)),
    ("draft_framework", "medway-officer", date(2008, 1, 25)),
    ("statutory_targets_submitted", "medway-officer", date(2008, 1, 31)),
    ("revised_framework", "medway-officer", date(2008, 3, 28)),
    ("departments_consulted", "go-manager", date(2008, 4, 30)),
]


@transaction.atomic
def load_second_area(*, password: str = DEMO_PASSWORD) -> list[User]:
    """Medway's demonstration partnership, its two accounts, and its agreement in
    negotiation (a copy of Kent's invented targets, without Kent's partners)."""
    area = Area.objects.select_related("region").filter(code=SECOND_AREA).first()
    if area is None:
        raise LookupError(f"The area {SECOND_AREA} is not loaded")
    council = Organisation.objects.get(area=area, kind=OrganisationKind.UNITARY_COUNCIL)
    partnership, created = Partnership.objects.get_or_create(
        area=area, defaults={"name": "Medway Local Strategic Partnership", "accountable_body": council,
                             "is_demo": True},
    )
    if created:
        record(actor=SYSTEM, action="demo", instance=partnership, before=None)
        partnership.memberships.get_or_create(organisation=council, defaults={"on_executive": True})
    users = [demo_account(spec, password=password) for spec in _second_people(area, council)]
    if not Agreement.objects.filter(area=area).exists():
        _negotiating_agreement(area, officer=users[0])
    _record_steps(area)
    return users


def _record_steps(area: Area) -> None:
    """Medway's timetable so far (MEDWAY_STEPS), each step not yet recorded, on its day;
    nothing if the round's milestones are not loaded."""
    done = set(MilestoneCompletion.objects.filter(area=area).values_list("milestone__code", flat=True))
    for code, who, day in MEDWAY_STEPS:
        milestone = RoundMilestone.objects.filter(round__year=2008, code=code).first()
        if milestone is None or code in done:
            continue
        with override_settings(LAA_TODAY=day):
            record_milestone(actor=_account(who), area=area, milestone=milestone, completed_on=day,
                             note="Demonstration: recorded for the invented timetable.")


def _negotiating_agreement(area: Area, *, officer: User) -> Agreement:
    kent = read_agreement(DEMO_AGREEMENT).draft
    draft = replace(kent, area=area.code, story_of_place=STORY,
                    targets=tuple(replace(t, partners=()) for t in kent.targets))
    agreement = import_agreement(actor=SYSTEM, draft=draft).agreement
    agree_statutory_targets(agreement, officer=officer, dcsf=_account("dcsf"))
    target = Target.objects.get(agreement=agreement, key=CHALLENGED)
    subject = Subject(agreement=agreement, target=target)
    with override_settings(LAA_TODAY=date(2008, 4, 14)):
        proposal = add_entry(actor=officer, subject=subject, kind=EntryKind.PROPOSAL, seen=0,
                             values=values_of_target(target),
                             rationale="Demonstration: the partnership's proposal, from its crime audit.")
    counter = values_of_target(target)
    counter["targets"] = {year: format(Decimal(value) * Decimal("0.97"), ".1f") if value else value
                          for year, value in counter["targets"].items()}
    with override_settings(LAA_TODAY=date(2008, 5, 6)):
        add_entry(actor=_account("go-manager"), subject=subject, kind=EntryKind.COUNTER_PROPOSAL,
                  seen=proposal.sequence, values=counter,
                  rationale="Demonstration: the Home Office expects a steeper fall in serious acquisitive crime.")
    return agreement
