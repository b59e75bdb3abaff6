"""Sign-off's entries for THE permission matrix (tests/integration/test_permission_matrix.py,
class TestSignOff): ENTRIES (url name -> role -> outcome), KWARGS (how to call each URL),
and `prepare_signoff_matrix()`, the world they run against.

Kent (E2221, the demonstration area, two-tier) has a draft agreement with a warning,
already acknowledged (so the officer can submit it; acknowledging it again is allowed);
Medway (E2201, same region, unitary) has a published one. A district adopts only once the
agreement is agreed with the GO, so the step taken on Kent's draft is its submission.
"""

from __future__ import annotations

OK, CREATED, REDIRECT, DENIED, NOT_FOUND, UNAUTHORIZED = "ok", "created", "redirect", "denied", "not_found", "unauthorized"
USERS = ["officer", "partner", "go-manager", "go-director", "department", "dcsf", "clg", "inspector", "admin"]


def _everyone(outcome: str) -> dict[str, str]:
    return {**dict.fromkeys(USERS, outcome), "anonymous": outcome}


def _signed_in(outcome: str, anonymous: str = DENIED) -> dict[str, str]:
    return {**dict.fromkeys(USERS, outcome), "anonymous": anonymous}


def _only(allowed: set[str], yes: str, no: str = DENIED, anonymous: str = DENIED) -> dict[str, str]:
    return {**{u: (yes if u in allowed else no) for u in USERS}, "anonymous": anonymous}


# Who reads Kent's whole draft: its area, its Government Office, national readers.
_WHOLE = {"officer", "partner", "go-manager", "go-director", "clg", "inspector", "admin"}

# The warning on Kent's draft (the first target has no delivery plan: D6.no-delivery-plan).
WARNING_RULE = "D6.no-delivery-plan"
WARNING_TARGET = "NI 1"

ENTRIES: dict[str, dict[str, str]] = {
    "signoff:index": _signed_in(OK),
    "signoff:published": _everyone(OK),
    "signoff:public_agreement": _everyone(OK),          # Medway, published
    "signoff:agreement": _signed_in(OK),                # Kent's draft: every demo role sees it
    "signoff:take": _only({"officer"}, REDIRECT),       # submit Kent's draft: only its officer
    "signoff:confirm": _only({"officer"}, OK),          # its confirmation page (issue 8)
    "signoff:acknowledge": _only({"officer"}, REDIRECT),
    "api:signoff_transitions": _everyone(OK),
    "api:signoff_agreements": _signed_in(OK, anonymous=UNAUTHORIZED),
    "api:signoff_status": _signed_in(OK, anonymous=UNAUTHORIZED),
    "api:signoff_transition": _only({"officer"}, OK, anonymous=UNAUTHORIZED),
    "api:signoff_acknowledge": _only({"officer"}, CREATED, anonymous=UNAUTHORIZED),
    "api:signoff_published": _everyone(OK),
    "api:signoff_published_agreement": _everyone(OK),
    # An agreement's versions (ADR 0020): the whole agreement, so on Kent's draft (no
    # version yet) a department or DCSF, who see only their own targets, are refused and
    # a resident finds nothing; Medway's published versions are everyone's.
    "signoff:versions": _only(_WHOLE, OK, no=DENIED, anonymous=NOT_FOUND),
    "signoff:version": _everyone(OK),
    "signoff:version_document": _everyone(OK),
    "signoff:version_file": _everyone(OK),
    "signoff:version_changes": _everyone(OK),
    "api:signoff_versions": _only(_WHOLE, OK, no="forbidden", anonymous=NOT_FOUND),
    "api:signoff_version": _everyone(OK),
    "api:signoff_version_changes": _everyone(OK),
}

_SUBMIT = {"expected_state": "draft"}
_ACK = {"rule": WARNING_RULE, "target": WARNING_TARGET, "reason": "The plan follows in July."}
KWARGS: dict[str, dict] = {
    "signoff:public_agreement": {"path": "/sign-off/published/E2201"},
    "signoff:agreement": {"path": "/sign-off/E2221"},
    "signoff:take": {"method": "post", "path": "/sign-off/E2221/submit", "data": _SUBMIT},
    "signoff:confirm": {"path": "/sign-off/E2221/submit/confirm"},
    "signoff:acknowledge": {"method": "post", "path": "/sign-off/E2221/acknowledgements", "data": _ACK},
    "api:signoff_status": {"path": "/api/v1/sign-off/agreements/E2221"},
    "api:signoff_transition": {"method": "post", "path": "/api/v1/sign-off/agreements/E2221/transitions/submit",
                               "data": _SUBMIT, "bearer": True, "json": True},
    "api:signoff_acknowledge": {"method": "post", "path": "/api/v1/sign-off/agreements/E2221/acknowledgements",
                                "data": _ACK, "bearer": True, "json": True},
    "api:signoff_published_agreement": {"path": "/api/v1/sign-off/published/E2201"},
    "signoff:versions": {"path": "/sign-off/E2221/versions"},
    "signoff:version": {"path": "/sign-off/E2201/versions/1"},
    "signoff:version_document": {"path": "/sign-off/E2201/versions/1/document"},
    "signoff:version_file": {"path": "/sign-off/E2201/versions/1.yaml"},
    "signoff:version_changes": {"path": "/sign-off/E2201/versions/changes?older=1&newer=1"},
    "api:signoff_versions": {"path": "/api/v1/sign-off/agreements/E2221/versions"},
    "api:signoff_version": {"path": "/api/v1/sign-off/agreements/E2201/versions/1"},
    "api:signoff_version_changes": {"path": "/api/v1/sign-off/agreements/E2201/versions/changes?older=1&newer=1"},
}


def prepare_signoff_matrix() -> None:
    """Kent: a draft with its warnings acknowledged. Medway: published, through the real steps."""
    from dataclasses import replace

    from laa.accounts.models import User
    from laa.agreements.actions_import import import_agreement
    from laa.domain.agreement_file import read_agreement
    from laa.domain.roles import Role
    from laa.permissions import SystemActor
    from laa.places.models import Area
    from laa.signoff.actions import transition
    from laa.web.demo import DEMO_AGREEMENT

    SYSTEM = SystemActor("a test")
    draft = read_agreement(DEMO_AGREEMENT).draft
    assert draft.targets[0].key == WARNING_TARGET
    kent = import_agreement(actor=SYSTEM, draft=replace(draft, targets=(replace(draft.targets[0], delivery_plan=""), *draft.targets[1:]))).agreement
    medway = import_agreement(actor=SYSTEM, draft=replace(draft, area="E2201")).agreement
    officer = User.objects.create_user("medway-officer", password="x", role=Role.PARTNERSHIP_OFFICER,
                                       area=Area.objects.get(code="E2201"))
    from .signoff_support import acknowledge_all

    acknowledge_all(kent)
    acknowledge_all(medway, officer)
    from laa.web.demo import agree_statutory_targets

    agree_statutory_targets(medway, officer=officer, dcsf=User.objects.get(username="dcsf"), on=None)  # D3
    steps = [("submit", officer, {}), ("agree", "go-manager", {}), ("council_approve", officer, {"council_body": "full_council"}),
             ("recommend", "go-director", {}), ("approve", "clg", {}), ("designate", "clg", {}), ("publish", "clg", {})]
    for name, who, inputs in steps:
        actor = who if isinstance(who, User) else User.objects.get(username=who)
        medway.refresh_from_db()
        transition(actor=actor, agreement=medway, transition=name, expected_state=medway.state, **inputs)

