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
from .test_permission_matrix import world_for_the_class

pytestmark = pytest.mark.django_db

# Who may take each step (DOMAIN.md D12, docs/adr/0005-sign-off.md), by demonstration
# user, pinned here rather than read from TRANSITIONS, so a wrong role in the table fails.
EXPECTED: dict[str, set[str]] = {
    "submit": {"officer"},
    "return_to_draft": {"officer", "go-manager", "go-director"},
    "agree": {"go-manager", "go-director"},
    "council_approve": {"officer"},
    "recommend": {"go-director"},
    "refer_back": {"clg"},
    "approve": {"clg"},
    "designate": {"clg"},
    "publish": {"clg"},
    "adopt_district": {"officer", "partner"},  # partner: as Ashford's own council
}


def allowed(name: str, role: str) -> bool:
    return role in EXPECTED[name]


def test_the_expected_table_covers_every_transition():
    assert set(EXPECTED) == set(TRANSITIONS)
    assert {n: {r for r in ROLES if ROLE_OF[r] in {x.value for x in TRANSITIONS[n].roles}} for n in TRANSITIONS} == EXPECTED


@pytest.fixture(scope="module", params=list(TRANSITIONS))
def started(request, django_db_setup, django_db_blocker):
    """(transition, id of Kent's agreement in the state it starts from), built once per
    transition for all of this module's tests of it (pytest runs them together), in a
    transaction rolled back after them; each test runs in a savepoint inside it."""
    name = request.param

    def build() -> int:
        agreement = advance(make_agreement(small_draft()), START[name])
        if name == "adopt_district":
            make_partner_represent()
        return agreement.pk

    with world_for_the_class(django_db_blocker, build) as pk:
        yield name, pk


def written(agreement: Agreement) -> tuple[int, int]:
    return SignOffStatus.objects.filter(agreement=agreement).count(), DistrictAdoption.objects.filter(agreement=agreement).count()


@pytest.mark.parametrize("role", ROLES)
def test_action_allows_only_the_tables_roles(started, role):
    name, agreement = started[0], Agreement.objects.get(pk=started[1])
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


@pytest.mark.parametrize("role", ROLES)
def test_api_allows_only_the_tables_roles(started, role):
    name, agreement = started[0], Agreement.objects.get(pk=started[1])
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


def outsiders() -> dict[str, object]:
    """For each demo user an allowed role could be, the same role outside the agreement's
    scope: another area's officer and partner authority, another region's GO."""
    from laa.accounts.models import User
    from laa.domain.roles import Role
    from laa.places.models import Area, Region

    medway = Area.objects.get(code="E2201")  # same region, another area
    north_east = Region.objects.get(code="NE")
    return {
        "officer": User.objects.create_user("medway-officer", password="x", role=Role.PARTNERSHIP_OFFICER, area=medway),
        "partner": User.objects.create_user("medway-partner", password="x", role=Role.PARTNER_AUTHORITY, area=medway),
        "go-manager": User.objects.create_user("ne-go", password="x", role=Role.GO_OFFICER, region=north_east),
        "go-director": User.objects.create_user("ne-director", password="x", role=Role.GO_DIRECTOR, region=north_east),
    }


@pytest.mark.parametrize("who", ["officer", "partner", "go-manager", "go-director"])
def test_the_right_role_outside_its_scope_is_refused_for_every_transition(started, who):
    name, agreement = started[0], Agreement.objects.get(pk=started[1])
    before_state, before_rows = agreement.state, written(agreement)
    actor = outsiders()[who]
    with pytest.raises(actions.TransitionRefused) as refused:
        actions.transition(actor=actor, agreement=agreement, transition=name, expected_state=agreement.state,
                           **INPUTS.get(name, {}))
    # The role the table allows, outside its scope: a scope refusal; any other: a role refusal.
    if allowed(name, who):
        assert refused.value.kind == "scope", refused.value.message
        assert "within your own" in refused.value.message
    else:
        assert refused.value.kind == "role", refused.value.message
    agreement.refresh_from_db()
    assert agreement.state == before_state and written(agreement) == before_rows
    # Through the API, too: 404 if the agreement is out of sight, else 403.
    _, key = ApiToken.issue(user=actor, name="another council's system")
    response = Client().post(f"/api/v1/sign-off/agreements/E2221/transitions/{name}",
                             {"expected_state": agreement.state, **INPUTS.get(name, {})},
                             content_type="application/json", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code in {403, 404}, response.content
    agreement.refresh_from_db()
    assert agreement.state == before_state and written(agreement) == before_rows


@pytest.mark.parametrize("started", ["agree"], indirect=True)
def test_an_allowed_role_outside_its_scope_is_refused(started):
    """The role is right but the agreement is another region's or area's."""
    from laa.accounts.models import User
    from laa.domain.roles import Role
    from laa.places.models import Area, Region

    agreement = Agreement.objects.get(pk=started[1])
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


@pytest.mark.parametrize("started", ["adopt_district"], indirect=True)
def test_a_partner_of_another_kind_cannot_record_a_districts_adoption(started):
    agreement = Agreement.objects.get(pk=started[1])
    from laa.accounts.models import User
    from laa.places.models import Organisation

    partner = User.objects.get(username="partner")
    partner.organisation = Organisation.objects.get(name="Kent Police Authority", area__code="E2221")
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
