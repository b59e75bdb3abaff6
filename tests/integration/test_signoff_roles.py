"""For EVERY sign-off transition in the domain table and EVERY role (the nine demonstration
roles and an anonymous resident), only the roles the table names succeed, through the
action and through the API; every other role is refused and nothing is written."""

from __future__ import annotations

import pytest
from django.test import Client

from laa.accounts.models import ApiToken
from laa.agreements.models import Agreement
from laa.domain.signoff import TRANSITIONS
from laa.signoff import actions
from laa.signoff.models import DistrictAdoption, SignOffStatus

from .signoff_support import (
    INPUTS,
    ROLE_OF,
    ROLES,
    START,
    advance,
    make_agreement,
    make_partner_represent,
    small_draft,
    user,
)

pytestmark = pytest.mark.django_db

CASES = [(name, role) for name in TRANSITIONS for role in ROLES]


def allowed(name: str, role: str) -> bool:
    return ROLE_OF[role] in {r.value for r in TRANSITIONS[name].roles}


@pytest.fixture
def ready():
    """An agreement in the state the transition starts from."""
    def make(name: str) -> Agreement:
        agreement = advance(make_agreement(small_draft()), START[name])
        if name == "adopt_district":
            make_partner_represent()
        return agreement
    return make


def written(agreement: Agreement) -> tuple[int, int]:
    return SignOffStatus.objects.filter(agreement=agreement).count(), DistrictAdoption.objects.filter(agreement=agreement).count()


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_action_allows_only_the_tables_roles(ready, name, role):
    agreement = ready(name)
    before_state, before_rows = agreement.state, written(agreement)
    call = dict(actor=user(role), agreement=agreement, transition=name, expected_state=agreement.state, **INPUTS.get(name, {}))
    if allowed(name, role):
        result = actions.transition(**call)
        t = TRANSITIONS[name]
        assert result.agreement.state == (t.to_state or before_state)
        rows, adoptions = written(agreement)
        assert (rows, adoptions) == ((before_rows[0] + 1, before_rows[1]) if t.changes_state else (before_rows[0], before_rows[1] + 1))
    else:
        with pytest.raises(actions.TransitionRefused) as refused:
            actions.transition(**call)
        assert refused.value.kind == "role", refused.value.message
        assert refused.value.message.startswith(("Only ", "Sign in to "))
        agreement.refresh_from_db()
        assert agreement.state == before_state and written(agreement) == before_rows


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_api_allows_only_the_tables_roles(ready, name, role):
    agreement = ready(name)
    before_state, before_rows = agreement.state, written(agreement)
    headers = {}
    actor = user(role)
    if actor is not None:
        _, key = ApiToken.issue(user=actor, name="council system")
        headers["Authorization"] = f"Bearer {key}"
    response = Client().post(
        f"/api/v1/sign-off/agreements/E2221/transitions/{name}",
        {"expected_state": agreement.state, **INPUTS.get(name, {})},
        content_type="application/json", headers=headers,
    )
    if allowed(name, role):
        assert response.status_code == 200, response.content
        t = TRANSITIONS[name]
        assert response.json()["state"] == (t.to_state or before_state)
        return
    if actor is None:
        assert response.status_code == 401
    else:
        sees = Agreement.objects.visible_to(actor).filter(pk=agreement.pk).exists()
        assert response.status_code == (403 if sees else 404), response.content
        if sees:
            assert response.json()["detail"].startswith("Only ")
    agreement.refresh_from_db()
    assert agreement.state == before_state and written(agreement) == before_rows


def test_an_allowed_role_outside_its_scope_is_refused(ready):
    """The role is right but the agreement is another region's or area's."""
    from laa.accounts.models import User
    from laa.domain.roles import Role
    from laa.places.models import Area, Region

    agreement = ready("agree")
    north_east = User.objects.create_user("go-ne", password="x", role=Role.GO_OFFICER, region=Region.objects.get(code="NE"))
    with pytest.raises(actions.TransitionRefused) as refused:
        actions.transition(actor=north_east, agreement=agreement, transition="agree", expected_state=agreement.state)
    assert refused.value.kind == "scope" and "your own region" in refused.value.message
    medway_officer = User.objects.create_user("medway", password="x", role=Role.PARTNERSHIP_OFFICER,
                                              area=Area.objects.get(code="E2201"))
    with pytest.raises(actions.TransitionRefused) as refused:
        actions.transition(actor=medway_officer, agreement=agreement, transition="return_to_draft",
                           expected_state=agreement.state, reason="not ours")
    assert refused.value.kind == "scope"
    assert SignOffStatus.objects.filter(agreement=agreement).count() == 1  # only the submission


def test_a_partner_of_another_kind_cannot_record_a_districts_adoption(ready):
    agreement = ready("adopt_district")
    from laa.accounts.models import User
    from laa.places.models import Organisation

    partner = User.objects.get(username="partner")
    partner.organisation = Organisation.objects.get(name="Kent Police Authority")
    partner.save()
    with pytest.raises(actions.TransitionRefused) as refused:
        actions.transition(actor=partner, agreement=agreement, transition="adopt_district",
                           expected_state=agreement.state, district="Ashford")
    assert refused.value.kind == "scope" and "Ashford's own council" in refused.value.message
    # ... but the district's own council may, and the partnership officer for any district.
    make_partner_represent("Ashford")
    actions.transition(actor=User.objects.get(username="partner"), agreement=agreement,
                       transition="adopt_district", expected_state=agreement.state, district="Ashford")
    actions.transition(actor=User.objects.get(username="officer"), agreement=agreement,
                       transition="adopt_district", expected_state=agreement.state, district="Dover")
    assert sorted(agreement.district_adoptions.values_list("district__name", flat=True)) == ["Ashford", "Dover"]
