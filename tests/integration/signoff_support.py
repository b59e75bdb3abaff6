"""Helpers for the sign-off tests: a valid agreement (Kent's demonstration agreement,
which the rules find clean), inputs that satisfy each step's guards, and a quick way to
put an agreement in a given state by taking the real steps."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from laa.accounts.models import User
from laa.agreements.actions_import import import_agreement
from laa.agreements.models import Agreement
from laa.domain.agreement_file import read_agreement
from laa.domain.composition import AgreementDraft
from laa.domain.signoff import TRANSITIONS, SignOffState
from laa.permissions import SystemActor
from laa.places.models import Organisation
from laa.signoff import actions
from laa.web.demo import DEMO_AGREEMENT

SYSTEM = SystemActor("a test")  # what a command acts as

S = SignOffState
DEMO_USERNAMES = ["officer", "partner", "go-manager", "go-director", "department", "dcsf", "clg", "inspector", "admin"]
ROLES = [*DEMO_USERNAMES, "anonymous"]
ROLE_OF = {
    "officer": "partnership_officer", "partner": "partner_authority", "go-manager": "go_officer",
    "go-director": "go_director", "department": "department_lead", "dcsf": "dcsf", "clg": "clg",
    "inspector": "inspector", "admin": "administrator", "anonymous": None,
}
DISTRICT = "Ashford"

# The main line: (transition, who takes it, inputs) from draft to published.
MAIN_LINE = [
    ("submit", "officer", {}),
    ("agree", "go-manager", {}),
    ("council_approve", "officer", {"council_body": "full_council"}),
    ("recommend", "go-director", {}),
    ("approve", "clg", {}),
    ("designate", "clg", {}),
    ("publish", "clg", {}),
]
# Each transition: a state it starts from, and inputs that satisfy its guards.
START = {
    "submit": S.DRAFT,
    "return_to_draft": S.SUBMITTED,
    "agree": S.SUBMITTED,
    "council_approve": S.AGREED_WITH_GO,
    "recommend": S.COUNCIL_APPROVED,
    "refer_back": S.RECOMMENDED,
    "approve": S.RECOMMENDED,
    "designate": S.APPROVED,
    "publish": S.DESIGNATED,
    "adopt_district": S.AGREED_WITH_GO,
}
INPUTS = {
    "return_to_draft": {"reason": "The partnership asked for NI 116 to be reworked."},
    "refer_back": {"reason": "Cabinet committee asked for a stronger NI 152 target."},
    "council_approve": {"council_body": "executive"},
    "adopt_district": {"district": DISTRICT, "note": "Ashford Cabinet, 9 June 2008, minute 12"},
}
assert set(START) == set(TRANSITIONS), "a new transition needs a start state here"


def demo_draft() -> AgreementDraft:
    return read_agreement(DEMO_AGREEMENT).draft


def small_draft() -> AgreementDraft:
    """A short valid agreement (one target per outcome, no statutory targets): quick to
    import, for the tests that run once per role and transition."""
    draft = demo_draft()
    keep: dict[str, object] = {}
    for t in draft.targets:
        if t.category != "statutory" and t.outcome not in keep:
            keep[t.outcome] = t
    return replace(draft, targets=tuple(keep.values()), education_responsibility=False)


def make_agreement(draft: AgreementDraft | None = None) -> Agreement:
    return import_agreement(actor=SYSTEM, draft=draft or demo_draft()).agreement


def draft_with_warning() -> AgreementDraft:
    """The demo agreement with one target lacking its delivery plan (a warning, D6)."""
    draft = demo_draft()
    first = replace(draft.targets[0], delivery_plan="")
    return replace(draft, targets=(first, *draft.targets[1:]))


def draft_with_error() -> AgreementDraft:
    """The demo agreement with a target missing a year of its trajectory (an error, D5)."""
    draft = demo_draft()
    index = next(i for i, t in enumerate(draft.targets) if len(t.yearly) == 3)
    target = draft.targets[index]
    broken = replace(target, yearly={y: v for y, v in target.yearly.items() if y != "2009/10"})
    return replace(draft, targets=(*draft.targets[:index], broken, *draft.targets[index + 1:]))


def user(username: str) -> User | None:
    return None if username == "anonymous" else User.objects.get(username=username)


def step(agreement: Agreement, name: str, who: str, **inputs) -> actions.TransitionResult:
    """Take one step as `who`. Before submitting, DCSF agrees the statutory targets (in
    draft, as in the round), so that the GO can later agree the agreement (D3)."""
    agreement.refresh_from_db()
    if name == "submit" and agreement.state == S.DRAFT:
        dcsf_agrees_statutory_targets(agreement)
        agreement.refresh_from_db()
    return actions.transition(actor=user(who), agreement=agreement, transition=name,
                              expected_state=agreement.state, **inputs)


def advance(agreement: Agreement, target: SignOffState) -> Agreement:
    """Take the main-line steps, as their real roles, until the agreement is in `target`."""
    for name, who, inputs in MAIN_LINE:
        agreement.refresh_from_db()
        if agreement.state == target:
            break
        if agreement.state in TRANSITIONS[name].from_states:
            if name == "submit":
                acknowledge_all(agreement)
            step(agreement, name, who, **inputs)
    agreement.refresh_from_db()
    assert agreement.state == target
    return agreement


def dcsf_agrees_statutory_targets(agreement: Agreement, officer: User | None = None) -> int:
    """DCSF agrees each statutory target (in draft, where accepting may write the values):
    without it the GO cannot agree the agreement (D3)."""
    from laa.web.demo import agree_statutory_targets

    return agree_statutory_targets(agreement, officer=officer or user("officer"), dcsf=user("dcsf"),
                                   on=None)


def acknowledge_all(agreement: Agreement, officer: User | None = None) -> None:
    """The officer's step before submitting: acknowledge, with a reason, each warning the
    rules still find (the demonstration agreement may carry some as the rules evolve)."""
    from laa.signoff.checks import rule_check

    for w in rule_check(agreement).warnings:
        if not w.acknowledged:
            actions.acknowledge_warning(actor=officer or user("officer"), agreement=agreement, rule=w.finding.rule,
                                        target=w.finding.target or "", reason="Accepted for the test.")


def make_partner_represent(district_name: str = DISTRICT) -> User:
    """The demo partner authority user works for Kent Police; for district adoption they
    act for a district council instead."""
    partner = User.objects.get(username="partner")
    partner.organisation = Organisation.objects.get(district__name=district_name, district__county__code="E2221")
    partner.save()
    return partner


def on(day: str) -> date:
    return date.fromisoformat(day)
