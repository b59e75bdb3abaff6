"""A partner authority signs up to targets (D6) and sees the targets it must have regard to.

README says a partner authority can "sign up to targets"; before this there was no way to
(only the partnership officer named partners). Here: the page and its action (audited,
refused to anyone else, only while the agreement is a draft, stale-safe), "Our targets"
across the area, and the API endpoints."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from laa.accounts.models import ApiToken, User
from laa.agreements import actions, actions_partners
from laa.agreements.convert import target_to_draft
from laa.agreements.models import Target, TargetPartner
from laa.audit.models import AuditEvent
from laa.domain.signoff import SignOffState
from laa.places.models import Organisation

from .signoff_support import advance, make_agreement

pytestmark = pytest.mark.django_db
POLICE = "Kent Police Authority"


def _target(agreement, code: str) -> Target:
    return agreement.targets.get(indicator__code=code)


def _main(html: str) -> str:
    return html.split("<main", 1)[1]


def _row(html: str, target: Target) -> str:
    found = re.search(rf'<tr class="govuk-table__row" id="target-{target.pk}">(.*?)</tr>', html, re.S)
    assert found, f"no row for {target.key}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1)))


def test_a_partner_authority_signs_up_to_a_target_and_withdraws_on_its_page(client_for):
    agreement = make_agreement()
    obesity, crime = _target(agreement, "NI 56"), _target(agreement, "NI 16")
    partner = client_for("partner")
    detail = partner.get("/agreements/E2221/").content.decode()
    assert 'href="/agreements/E2221/sign-up"' in detail  # the way in, from the agreement
    page = partner.get("/agreements/E2221/sign-up")
    html = page.content.decode()
    assert page.status_code == 200
    assert f"You sign up for <strong>{POLICE}</strong>" in html and "must have regard" in html
    assert "Not signed up" in _row(html, obesity) and "Sign up to" in _row(html, obesity)
    assert "Signed up: duty to have regard" in _row(html, crime) and "Withdraw from" in _row(html, crime)
    assert "There is a problem" not in html
    assert f'Sign up to<span class="govuk-visually-hidden"> {obesity.key}</span>' in html
    assert f'Withdraw from<span class="govuk-visually-hidden"> {crime.key}</span>' in html

    response = partner.post(f"/agreements/E2221/targets/{obesity.pk}/sign-up",
                            {"version": obesity.version, "choice": "sign_up"})
    assert response.status_code == 302 and response["Location"] == "/agreements/E2221/sign-up"
    after = partner.get("/agreements/E2221/sign-up").content.decode()
    assert f"{POLICE} signed up to {obesity.key}." in after
    assert "Signed up: duty to have regard" in _row(after, obesity)
    row = TargetPartner.objects.get(target=obesity, name=POLICE)
    assert row.duty == "have_regard" and row.organisation.name == POLICE
    obesity.refresh_from_db()
    event = AuditEvent.objects.filter(action="partner-sign-up", record_id=str(obesity.pk)).get()
    assert event.actor.username == "partner" and f"{POLICE} (have_regard)" in event.after["partners"]
    assert f"{POLICE} (have_regard)" not in event.before["partners"]

    response = partner.post(f"/agreements/E2221/targets/{crime.pk}/sign-up",
                            {"version": crime.version, "choice": "withdraw"})
    assert response.status_code == 302
    assert not TargetPartner.objects.filter(target=crime, name=POLICE).exists()
    assert AuditEvent.objects.filter(action="partner-withdraw", record_id=str(crime.pk)).exists()
    assert "Not signed up" in _row(partner.get("/agreements/E2221/sign-up").content.decode(), crime)


def test_a_voluntary_partner_signs_up_without_the_duty(client_for):
    agreement = make_agreement()
    partner = User.objects.get(username="partner")
    partner.organisation = Organisation.objects.get(name="Kent Voluntary Sector Forum")
    partner.save()
    obesity = _target(agreement, "NI 56")
    actions_partners.sign_up(actor=partner, target=obesity, version=obesity.version)
    assert TargetPartner.objects.get(target=obesity, name="Kent Voluntary Sector Forum").duty == "voluntary"
    html = client_for("partner").get("/agreements/our-targets").content.decode()
    assert "It is not a partner authority, so no statutory duty applies" in html
    assert "Signed up as a voluntary partner (no statutory duty)" in html


def test_our_targets_lists_what_the_organisation_must_have_regard_to(client_for):
    agreement = make_agreement()
    mine = [t for t in agreement.targets.prefetch_related("partners")
            if any(p.name == POLICE for p in t.partners.all())]
    assert mine
    partner = client_for("partner")
    home = partner.get("/agreements/E2221/").content.decode()
    assert 'href="/agreements/our-targets"' in home  # in the navigation
    page = partner.get("/agreements/our-targets")
    html = _main(page.content.decode())
    assert page.status_code == 200
    assert f"{len(mine)} of {len(mine)} carry that duty" in html
    for t in mine:
        assert f'href="/agreements/E2221/targets/{t.pk}/"' in html
    others = agreement.targets.exclude(pk__in=[t.pk for t in mine])
    for t in others:
        assert f'href="/agreements/E2221/targets/{t.pk}/"' not in html
    crime = _target(agreement, "NI 16")
    assert "by 2010/11" in html and crime.indicator.code in html
    current = re.findall(r'<li class="govuk-service-navigation__item govuk-service-navigation__item--active">\s*'
                         r'<a class="govuk-service-navigation__link" href="([^"]+)"', page.content.decode())
    assert current == ["/agreements/our-targets"]  # not also "Agreement"


def test_only_a_partner_authority_of_the_area_signs_up_and_only_while_draft(client_for):
    agreement = make_agreement()
    obesity = _target(agreement, "NI 56")
    for who in ("officer", "go-manager", "clg", "admin"):
        client = client_for(who)
        assert client.get("/agreements/E2221/sign-up").status_code == 403, who
        assert client.post(f"/agreements/E2221/targets/{obesity.pk}/sign-up",
                           {"version": obesity.version}).status_code == 403, who
        assert client.get("/agreements/our-targets").status_code == 403, who
    officer = User.objects.get(username="officer")
    with pytest.raises(actions_partners.SignUpRefused):
        actions_partners.sign_up(actor=officer, target=obesity, version=obesity.version)
    assert not TargetPartner.objects.filter(target=obesity, name=POLICE).exists()

    partner = client_for("partner")
    stale = partner.post(f"/agreements/E2221/targets/{obesity.pk}/sign-up", {"version": obesity.version - 1})
    assert stale.status_code == 409 and "was changed" in stale.content.decode()
    partner.post(f"/agreements/E2221/targets/{obesity.pk}/sign-up", {"version": obesity.version})
    obesity.refresh_from_db()
    twice = partner.post(f"/agreements/E2221/targets/{obesity.pk}/sign-up", {"version": obesity.version})
    assert twice.status_code == 400 and f"{POLICE} is already signed up to {obesity.key}" in twice.content.decode()

    advance(agreement, SignOffState.SUBMITTED)
    obesity.refresh_from_db()
    page = partner.get("/agreements/E2221/sign-up").content.decode()
    assert "Sign-up changes only while the agreement is a draft" in page and "Withdraw from" not in page
    frozen = partner.post(f"/agreements/E2221/targets/{obesity.pk}/sign-up",
                          {"version": obesity.version, "choice": "withdraw"})
    assert frozen.status_code == 409
    assert TargetPartner.objects.filter(target=obesity, name=POLICE).exists()


def test_an_officers_edit_made_before_a_sign_up_is_refused_as_stale():
    agreement = make_agreement()
    obesity = _target(agreement, "NI 56")
    seen = obesity.version
    actions_partners.sign_up(actor=User.objects.get(username="partner"), target=obesity, version=seen)
    with pytest.raises(actions.StaleEdit):
        actions.save_target(actor=User.objects.get(username="officer"), agreement=agreement,
                            draft=target_to_draft(obesity, dict(agreement.outcomes.values_list("id", "key"))),
                            target=obesity, version=seen)
    assert TargetPartner.objects.filter(target=obesity, name=POLICE).exists()


def _api(username: str) -> Client:
    _, key = ApiToken.issue(user=User.objects.get(username=username), name="partner system")
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_the_api_signs_up_withdraws_and_lists_our_targets():
    agreement = make_agreement()
    obesity = _target(agreement, "NI 56")
    api = _api("partner")
    path = f"/api/v1/agreements/E2221/targets/{obesity.pk}/sign-up"
    done = api.post(path, {"version": obesity.version}, content_type="application/json")
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["signed_up"] is True and body["duty"] == "have_regard" and body["organisation"] == POLICE
    assert body["target_version"] == obesity.version + 1
    again = api.post(path, {"version": body["target_version"]}, content_type="application/json")
    assert again.status_code == 400 and "already signed up" in again.json()["detail"]
    stale = api.post(path, {"version": obesity.version}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["current_version"] == body["target_version"]
    listed = api.get("/api/v1/agreements/our-targets").json()
    assert obesity.key in [t["key"] for t in listed] and all(t["area"] == "E2221" for t in listed)
    gone = api.delete(path, {"version": body["target_version"]}, content_type="application/json")
    assert gone.status_code == 200 and gone.json()["signed_up"] is False
    assert obesity.key not in [t["key"] for t in api.get("/api/v1/agreements/our-targets").json()]
    refused = _api("officer").post(path, {"version": gone.json()["target_version"]}, content_type="application/json")
    assert refused.status_code == 403 and "partner authority" in refused.json()["detail"]
    assert _api("officer").get("/api/v1/agreements/our-targets").status_code == 403
    assert Client().post(path, {"version": 1}, content_type="application/json").status_code == 401


def test_the_openapi_document_describes_the_sign_up():
    schema = Client().get("/api/v1/openapi.json").json()
    sign_up = schema["paths"]["/api/v1/agreements/{area_code}/targets/{target_id}/sign-up"]
    assert set(sign_up) == {"post", "delete"}
    for method in ("post", "delete"):
        assert {"200", "403", "404", "409"} <= set(sign_up[method]["responses"])
        assert sign_up[method]["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/SignUpIn")
    assert "version" in schema["components"]["schemas"]["SignUpIn"]["properties"]
    assert "get" in schema["paths"]["/api/v1/agreements/our-targets"]
