"""Who has the duty to have regard (D6): a sign-up stating no duty follows the organisation's
kind when the service knows it; a duty to have regard for an organisation known not to be
a partner authority is refused, on import and through the API, naming target and organisation."""

from __future__ import annotations

from dataclasses import replace

import pytest

from laa.agreements import actions, actions_import
from laa.agreements.models import Agreement, TargetPartner
from laa.domain.agreement_file import parse_agreement
from laa.domain.composition import PartnerSignUp
from laa.permissions import SystemActor

from .test_agreement_document import import_draft, small_draft
from .test_agreements_api import BASE, NEW_TARGET, Api, snapshot

SYSTEM = SystemActor("a test")  # what a command acts as

pytestmark = pytest.mark.django_db

FORUM = "Kent Voluntary Sector Forum"  # a voluntary organisation of Kent (demo data)
POLICE = "Kent Police Authority"


def duties(agreement: Agreement, key: str) -> dict[str, str]:
    return dict(TargetPartner.objects.filter(target__agreement=agreement, target__key=key).values_list("name", "duty"))


def with_partners(*partners: PartnerSignUp):
    draft = small_draft()
    first = replace(draft.targets[0], partners=partners)
    return replace(draft, targets=(first, *draft.targets[1:]))


def test_a_duty_not_stated_follows_the_organisations_kind():
    text = """
format: laa-agreement/1
area: E2221
round: 2008
outcomes: [{id: safer, title: Safer}]
targets:
  - indicator: NI 16
    category: designated
    outcome: safer
    baseline: {value: 36, period: 2007/08}
    targets: {2008/09: 35, 2009/10: 34, 2010/11: 33}
    partners:
      - {organisation: Kent Police Authority, lead: true}
      - {organisation: Kent Voluntary Sector Forum}
      - {organisation: Medway Mums Network}
"""
    draft = parse_agreement(text).draft
    assert [p.duty for p in draft.targets[0].partners] == [None, None, None]
    agreement = actions_import.import_agreement(actor=SYSTEM, draft=draft).agreement
    assert duties(agreement, "NI 16") == {
        POLICE: "have_regard", FORUM: "voluntary",
        "Medway Mums Network": "have_regard",  # not known: the documented default
    }


def test_the_duty_to_have_regard_for_a_voluntary_organisation_is_refused_on_import():
    kent = import_draft(small_draft())
    before = snapshot(kent)
    draft = with_partners(PartnerSignUp(POLICE, "have_regard", lead=True), PartnerSignUp(FORUM, "have_regard"))
    with pytest.raises(actions.AgreementError) as refused:
        actions_import.import_agreement(actor=SYSTEM, draft=draft)
    message = refused.value.problems["targets[0].partners[1].duty"]
    assert message.startswith(f"NI 16: {FORUM} is not a partner authority (s104)")
    assert "voluntary" in message
    assert snapshot(kent) == before


def test_the_api_refuses_it_too():
    from laa.accounts.models import User

    kent = import_draft(small_draft())
    officer = Api(User.objects.get(username="officer"))
    before = snapshot(kent)
    target = {**NEW_TARGET, "partners": [{"organisation": FORUM, "duty": "have_regard", "lead": True}]}
    response = officer.send("post", f"{BASE}/E2221/targets", {"target": target})
    assert response.status_code == 422, response.content
    [error] = [e for e in response.json()["errors"] if e["field"] == "target.partners[0].duty"]
    assert f"{FORUM} is not a partner authority" in error["message"] and "NI 20" in error["message"]
    assert snapshot(kent) == before

    agreement = officer.get(f"{BASE}/E2221").json()
    data = agreement["agreement"]
    data["targets"][0]["partners"][0] = {"organisation": FORUM, "duty": "have_regard", "lead": True}
    response = officer.send("put", f"{BASE}/E2221", {"version": agreement["version"], "agreement": data})
    assert response.status_code == 422, response.content
    assert "agreement.targets[0].partners[0].duty" in {e["field"] for e in response.json()["errors"]}
    assert snapshot(kent) == before

    target = {**NEW_TARGET, "partners": [{"organisation": POLICE, "lead": True}, {"organisation": FORUM}]}
    created = officer.send("post", f"{BASE}/E2221/targets", {"target": target})
    assert created.status_code == 201, created.content
    assert created.json()["target"]["partners"] == [
        {"organisation": POLICE, "duty": "have_regard", "lead": True},
        {"organisation": FORUM, "duty": "voluntary"},
    ]


def test_stated_duties_round_trip_unchanged():
    draft = small_draft()
    agreement = import_draft(draft)
    assert duties(agreement, "NI 16") == {POLICE: "have_regard", "Kent Fire and Rescue Service": "have_regard",
                                          FORUM: "voluntary"}
