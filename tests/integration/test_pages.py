"""One happy-path client test per page, checking what the page says, not only its status."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from django.db.models import Q
from django.test import Client

from laa.accounts.models import ApiToken, User
from laa.audit.models import AuditEvent
from laa.catalogue.actions import add_local_indicator
from laa.catalogue.models import Indicator, IndicatorDefinition, StatutoryIndicator
from laa.places.models import Area

from .conftest import LOCAL_FIELDS, codes_shown, count_shown

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


# --- home -------------------------------------------------------------------------

HOME_SAYS = {
    "anonymous": ["Browse the National Indicator Set", "sign in</a>"],
    "officer": ["Partnership officer", "Pat Officer (demo)", "Kent", "Your area and partnership", "demonstration account"],
    "partner": ["Partner authority", "Priya Partner (demo)", "Kent", "Your area and partnership"],
    "go-manager": ["Government Office locality manager", "Government Office for the South East", "19 areas in South East", ">Kent<"],
    "go-director": ["Government Office regional director", "Government Office for the South East", ">Kent<"],
    "department": ["Department policy lead", "Home Office:", "NI 16</a>"],
    "dcsf": ["DCSF (statutory education targets)", "Department for Children, Schools and Families:"],
    "clg": ["CLG (Secretary of State delegate)", "Regions", "North East"],
    "inspector": ["Inspector", "Regions", "South West"],
    "admin": ["Administrator", "Regions", "Read the audit trail", "Manage organisations, partnerships and people"],
}


@pytest.mark.parametrize("username", list(HOME_SAYS))
def test_home_for_each_role(client_for, username):
    response = client_for(username).get("/")
    assert response.status_code == 200
    html = text(response)
    for phrase in HOME_SAYS[username]:
        assert phrase in html, phrase
    if username != "admin":
        assert "Read the audit trail" not in html
    if username == "anonymous":
        assert "Sign out" not in html
    else:
        assert "Sign out" in html


def test_home_of_a_department_lists_exactly_its_indicators(client_for, scoping):
    # Another area's local indicator on a Home Office priority is that partnership's own:
    # the department's home page must not list it.
    add_local_indicator(
        actor=scoping.stockton_officer,
        data={**LOCAL_FIELDS, "code": "L-STK-HO", "title": "Stockton private HO measure", "department": "HO"},
    )
    html = text(client_for("department").get("/"))
    expected = IndicatorDefinition.objects.filter(
        is_current=True, department__code="HO", indicator__partnership__isnull=True
    ).count()
    assert expected > 0
    assert f"Home Office: {expected} indicators" in html
    assert "L-STK-HO" not in html and "Stockton private HO measure" not in html


def test_theme_dropdown_lists_only_themes_of_indicators_the_user_sees(client_for, scoping):
    add_local_indicator(
        actor=scoping.stockton_officer,
        data={**LOCAL_FIELDS, "code": "L-STK-02", "theme": "Preston Park private theme"},
    )
    for username in ("officer", "anonymous", "department", "go-manager"):
        html = text(client_for(username).get("/indicators/"))
        assert "Safer communities" in html, username
        assert "Preston Park private theme" not in html, username
    stockton = Client()
    stockton.force_login(scoping.stockton_officer)
    assert "Preston Park private theme" in text(stockton.get("/indicators/"))
    assert "Preston Park private theme" in text(client_for("clg").get("/indicators/"))


def test_home_of_a_go_user_lists_the_areas_of_2008_in_the_region(client_for):
    html = text(client_for("go-manager").get("/"))
    expected = Area.objects.filter(region__code="SE", valid_from="2008-04-01").count()
    assert f"{expected} areas in South East" in html


# --- catalogue ---------------------------------------------------------------------

def catalogue(client, **params):
    response = client.get("/indicators/", params)
    assert response.status_code == 200
    return text(response)


def test_catalogue_lists_all_198_national_indicators(client):
    html = catalogue(client)
    assert count_shown(html) == 198
    assert codes_shown(html)[:3] == ["NI 1", "NI 2", "NI 3"]
    assert len(codes_shown(html)) == 50  # the first page
    assert 'href="?page=4"' in html  # four pages of 50
    page4 = catalogue(client, page=4)
    assert codes_shown(page4)[-1] == "NI 199"  # NI 31 was never used: 198 indicators


@pytest.mark.parametrize("q", ["16", "NI 16", "ni16", " NI  16 "])
def test_catalogue_search_by_number(client, q):
    html = catalogue(client, q=q)
    assert count_shown(html) == 1
    assert codes_shown(html) == ["NI 16"]
    assert "Serious acquisitive crime rate" in html


def test_catalogue_search_by_words(client):
    html = catalogue(client, q="obesity children")
    expected = (
        IndicatorDefinition.objects.filter(is_current=True, title__icontains="obesity")
        .filter(title__icontains="children").count()
    )
    assert expected > 0
    assert count_shown(html) == expected
    for code in codes_shown(html):
        title = IndicatorDefinition.objects.get(indicator__code=code, is_current=True).title.lower()
        assert "obesity" in title and "children" in title


def test_catalogue_search_with_no_match_says_so(client):
    html = catalogue(client, q="zzzunknownword")
    assert count_shown(html) == 0
    assert "No indicator matches" in html


def test_catalogue_by_theme(client):
    html = catalogue(client, theme="Safer communities")
    expected = set(
        IndicatorDefinition.objects.filter(is_current=True)
        .filter(Q(theme="Safer communities") | Q(annex="Safer communities"))
        .values_list("indicator__code", flat=True)
    )
    assert count_shown(html) == len(expected) >= 31
    assert set(codes_shown(html)) == expected


def test_catalogue_by_department(client):
    html = catalogue(client, department="HO")
    expected = set(
        IndicatorDefinition.objects.filter(is_current=True, department__code="HO")
        .values_list("indicator__code", flat=True)
    )
    assert 0 < count_shown(html) == len(expected) <= 50
    assert set(codes_shown(html)) == expected
    assert '<option value="HO" selected>' in html


def test_catalogue_by_data_source(client):
    html = catalogue(client, source="place_survey")
    assert count_shown(html) == 18
    expected = set(
        IndicatorDefinition.objects.filter(is_current=True, data_source="place_survey")
        .values_list("indicator__code", flat=True)
    )
    assert set(codes_shown(html)) == expected


def test_catalogue_deferred(client):
    deferred = IndicatorDefinition.objects.filter(is_current=True).exclude(first_year="2008/09")
    html = catalogue(client, deferred="yes")
    assert 0 < count_shown(html) == deferred.count()
    assert set(codes_shown(html)) == set(deferred.values_list("indicator__code", flat=True))
    assert count_shown(catalogue(client, deferred="no")) == 198 - deferred.count()


def test_catalogue_statutory_gives_exactly_the_16_statutory_indicators(client):
    html = catalogue(client, statutory="yes")
    expected = set(StatutoryIndicator.objects.values_list("indicator__code", flat=True))
    assert count_shown(html) == 16 == len(expected)
    assert set(codes_shown(html)) == expected
    assert html.count("govuk-tag--purple") == 16  # each row tagged Statutory
    assert count_shown(catalogue(client, statutory="no")) == 198 - 16


def test_catalogue_place_survey(client):
    html = catalogue(client, place_survey="yes")
    assert count_shown(html) == 18
    expected = set(
        IndicatorDefinition.objects.filter(is_current=True, place_survey=True).values_list("indicator__code", flat=True)
    )
    assert set(codes_shown(html)) == expected


def test_catalogue_filters_combine(client):
    html = catalogue(client, department="DCSF", statutory="yes")
    expected = set(
        StatutoryIndicator.objects.filter(
            indicator__definitions__is_current=True, indicator__definitions__department__code="DCSF"
        ).values_list("indicator__code", flat=True)
    )
    assert set(codes_shown(html)) == expected


# --- indicator, regions, region, area --------------------------------------------

def test_indicator_detail(client):
    response = client.get("/indicators/NI%2016")
    html = text(response)
    assert response.status_code == 200
    assert "<h1 class=\"govuk-heading-l\">NI 16: Serious acquisitive crime rate</h1>" in html
    assert "National indicator" in html and "Home Office" in html
    assert "Definition history" in html and "1 (current)" in html
    assert "Lower is better" in html


def test_indicator_detail_of_a_statutory_indicator_names_its_round(client):
    code = StatutoryIndicator.objects.select_related("indicator").first().indicator.code
    html = text(client.get(f"/indicators/{code}"))
    assert "Yes, in the 2008 round (2008/09 to 2010/11)" in html


def test_unknown_indicator_is_404_with_a_page(client):
    response = client.get("/indicators/NI%20999")
    assert response.status_code == 404
    assert "Page not found" in text(response)


def test_a_request_for_another_host_is_400_with_a_page(client):
    response = client.get("/indicators/", headers={"Host": "laa.example.com"})
    assert response.status_code == 400
    assert "govuk-header" in response.content.decode()


def test_regions(client):
    response = client.get("/areas/")
    html = text(response)
    assert response.status_code == 200
    counts = dict(re.findall(r'href="/areas/regions/(\w+)">.*?</a></td>.*?numeric">(\d+)</td>', html, re.S))
    assert len(counts) == 9
    assert sum(int(n) for n in counts.values()) == 150


def test_region(client):
    response = client.get("/areas/regions/SE")
    html = text(response)
    assert response.status_code == 200
    assert "Government Office for the South East" in html
    assert 'href="/areas/E2221">Kent</a>' in html
    assert client.get("/areas/regions/XX").status_code == 404


def test_area(client):
    response = client.get("/areas/E2221")
    html = text(response)
    assert response.status_code == 200
    assert "<h1 class=\"govuk-heading-xl\">Kent</h1>" in html
    assert "Districts (12)" in html and "Tunbridge Wells" in html
    assert "Kent Partnership" in html and "Kent Police Authority" in html
    assert "Demonstration data" in html
    assert "Safer and Stronger Communities Partnership" in html
    assert ">People<" not in html  # residents do not see who works there


def test_area_people_are_shown_to_those_whose_scope_covers_it(client_for):
    html = text(client_for("go-manager").get("/areas/E2221"))
    assert ">People<" in html and "Pat Officer (demo): Partnership officer" in html


def test_area_that_ceased_links_to_its_successors(client):
    html = text(client.get("/areas/E0221"))
    assert "Succeeded by" in html and 'href="/areas/E0202"' in html and 'href="/areas/E0203"' in html
    assert "Succeeds" in text(client.get("/areas/E0202"))


def test_area_that_became_a_unitary_under_its_code_shows_the_change(client):
    html = text(client.get("/areas/E1321"))
    assert "<h1 class=\"govuk-heading-xl\">Durham</h1>" in html
    assert "Changed in place" in html and "From 1 April 2009: County Durham, Unitary authority" in html
    assert "Changed in place" not in text(client.get("/areas/E2221"))


# --- sign in and out -----------------------------------------------------------------

def test_sign_in_page(client):
    response = client.get("/sign-in")
    assert response.status_code == 200
    assert 'name="username"' in text(response) and 'autocomplete="current-password"' in text(response)


def test_sign_in_with_the_right_password(client):
    response = client.post("/sign-in", {"username": "officer", "password": "laa-demo-2008"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Pat Officer (demo)" in text(client.get("/"))


def test_sign_in_goes_back_to_the_page_asked_for_but_not_off_site(client):
    response = client.post("/sign-in?next=/audit/", {"username": "admin", "password": "laa-demo-2008"})
    assert response["Location"] == "/audit/"
    client.logout()
    response = client.post("/sign-in", {"username": "admin", "password": "laa-demo-2008", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_sign_in_with_a_wrong_password_is_400_with_the_message(client):
    response = client.post("/sign-in", {"username": "officer", "password": "wrong"})
    html = text(response)
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "The user name or password is not right" in html
    assert 'href="#username"' in html
    assert "<title>Error: Sign in" in html
    assert 'value="officer"' in html  # what was typed is kept
    assert "_auth_user_id" not in client.session


def test_sign_in_with_empty_fields_names_each(client):
    response = client.post("/sign-in", {})
    html = text(response)
    assert response.status_code == 400
    assert "Enter your user name" in html and "Enter your password" in html


def test_sign_out_is_post_only(client_for):
    client = client_for("officer")
    assert client.get("/sign-out").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/sign-out")
    assert response.status_code == 302 and response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert "Browse the National Indicator Set" in text(client.get("/"))


# --- tokens ----------------------------------------------------------------------------

def test_tokens_page_create_and_revoke(client_for):
    client = client_for("officer")
    response = client.get("/account/tokens")
    assert response.status_code == 200 and "You have no tokens." in text(response)

    response = client.post("/account/tokens", {"name": "Kent data warehouse"})
    html = text(response)
    assert response.status_code == 200
    key = re.search(r"<code id='new-token'>(laa_[\w-]+)</code>", html).group(1)
    token = ApiToken.objects.get(user__username="officer")
    assert token.name == "Kent data warehouse" and key[4:12] == token.prefix
    assert ApiToken.authenticate(key).username == "officer"
    assert "shown only once" in html

    again = text(client.get("/account/tokens"))
    assert "Kent data warehouse" in again and key not in again  # the key is never shown again

    response = client.post(f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 302 and response["Location"] == "/account/tokens"
    html = text(client.get("/account/tokens"))
    assert "Token “Kent data warehouse” revoked" in html
    assert ">Revoked<" in html  # the status tag (issue 8)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiToken.authenticate(key) is None
    assert list(AuditEvent.objects.filter(record_type="accounts.apitoken", record_id=str(token.id))
                .order_by("id").values_list("action", flat=True)) == ["create-token", "revoke-token"]


def test_tokens_page_refuses_an_empty_name(client_for):
    response = client_for("officer").post("/account/tokens", {"name": "  "})
    assert response.status_code == 400
    assert "Enter a name for the token" in text(response)
    assert not ApiToken.objects.exists()


def test_nobody_revokes_another_persons_token(client_for):
    token, key = ApiToken.issue(user=User.objects.get(username="partner"), name="theirs")
    response = client_for("officer").post(f"/account/tokens/{token.id}/revoke", follow=True)
    assert "There is no such token of yours" in text(response)
    token.refresh_from_db()
    assert token.revoked_at is None


# --- audit trail -----------------------------------------------------------------------

def test_audit_trail_for_the_administrator(client_for):
    client = client_for("admin")
    client.post("/account/tokens", {"name": "audited"})
    response = client.get("/audit/")
    html = text(response)
    assert response.status_code == 200
    assert "<h1 class=\"govuk-heading-l\">Audit trail</h1>" in html
    assert "create-token" in html and "audited" in html
    filtered = text(client.get("/audit/", {"record_type": "places.partnership"}))
    assert "Kent Partnership" in filtered and "create-token" not in filtered
    assert "Older events" in text(client.get("/audit/"))  # the loading events fill many pages


# --- local indicators ----------------------------------------------------------------

def test_partnership_officer_adds_a_local_indicator(client_for):
    client = client_for("officer")
    form = client.get("/indicators/local/new")
    assert form.status_code == 200 and "Add a local indicator" in text(form)
    response = client.post("/indicators/local/new", {**LOCAL_FIELDS, "code": "l-kent-07", "department": "DH"})
    assert response.status_code == 302 and response["Location"] == "/indicators/L-KENT-07"
    html = text(client.get("/indicators/L-KENT-07"))
    assert "Local indicator of Kent Partnership" in html
    assert LOCAL_FIELDS["title"] in html and "Department of Health" in html and "Set locally" in html
    listed = text(client.get("/indicators/", {"kind": "local"}))
    assert codes_shown(listed) == ["L-KENT-07"]
    assert count_shown(text(client.get("/indicators/"))) == 199
    assert AuditEvent.objects.filter(action="add-local-indicator", actor__username="officer").count() == 2


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({}, {"code": "Enter a code", "title": "Enter the indicator", "polarity": "Choose the indicator",
              "unit": "Choose the indicator", "data_source": "Choose the indicator", "frequency": "Choose the indicator"}),
        ({**LOCAL_FIELDS, "code": "NI 500"}, {"code": "cannot start with NI"}),
        ({**LOCAL_FIELDS, "code": "L-1", "decimal_places": "seven"}, {"decimal_places": "whole number from 0 to 6"}),
        ({**LOCAL_FIELDS, "code": "L-1", "polarity": "sideways"}, {"polarity": "Choose the indicator's polarity"}),
        ({**LOCAL_FIELDS, "code": "L-1", "department": "NOPE"}, {"department": "Choose a department"}),
        ({**LOCAL_FIELDS, "code": "x" * 33}, {"code": "32 characters or fewer"}),
        # A code goes into the indicator's URL: only letters, numbers and hyphens.
        ({**LOCAL_FIELDS, "code": "L/STK/01"}, {"code": "only contain letters, numbers and hyphens"}),
        ({**LOCAL_FIELDS, "code": "L STK 01"}, {"code": "only contain letters, numbers and hyphens"}),
        ({**LOCAL_FIELDS, "code": "L-STK-01?x=1"}, {"code": "only contain letters, numbers and hyphens"}),
        ({**LOCAL_FIELDS, "code": "L-%2F"}, {"code": "only contain letters, numbers and hyphens"}),
        ({**LOCAL_FIELDS, "code": "-L-1-"}, {"code": "only contain letters, numbers and hyphens"}),
        # Longer than the columns: refused with a message, not a DataError on PostgreSQL.
        ({**LOCAL_FIELDS, "code": "L-1", "title": "t" * 401}, {"title": "400 characters or fewer"}),
        ({**LOCAL_FIELDS, "code": "L-1", "theme": "t" * 121}, {"theme": "120 characters or fewer"}),
        ({**LOCAL_FIELDS, "code": "L-1", "first_year": "2009-2010"}, {"first_year": "for example 2009/10"}),
        ({**LOCAL_FIELDS, "code": "L-1", "first_year": "2011/12"}, {"first_year": "must be one of"}),
    ],
)
def test_local_indicator_errors_are_named_per_field_and_nothing_is_saved(client_for, data, errors):
    counts = (Indicator.objects.count(), IndicatorDefinition.objects.count(), AuditEvent.objects.count())
    response = client_for("officer").post("/indicators/local/new", data)
    html = text(response)
    assert response.status_code == 400
    assert "There is a problem" in html and "<title>Error: " in html
    for field, message in errors.items():
        assert f'href="#{field}"' in html, field
        assert f'id="{field}-error"' in html, field
        assert message in htmllib.unescape(html), message
    assert (Indicator.objects.count(), IndicatorDefinition.objects.count(), AuditEvent.objects.count()) == counts


def test_a_local_code_already_taken_is_refused(client_for):
    client = client_for("officer")
    client.post("/indicators/local/new", {**LOCAL_FIELDS, "code": "L-KENT-01"})
    response = client.post("/indicators/local/new", {**LOCAL_FIELDS, "code": "l-kent-01"})
    assert response.status_code == 400 and "There is already an indicator L-KENT-01" in text(response)
    assert Indicator.objects.filter(code="L-KENT-01").count() == 1


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def test_a_local_code_that_cannot_go_in_a_url_never_breaks_the_catalogue(client_for):
    client = client_for("officer")
    response = client.post("/indicators/local/new", {**LOCAL_FIELDS, "code": "L/KENT/01"})
    assert response.status_code == 400
    assert not Indicator.objects.filter(code__contains="/").exists()
    assert client.get("/indicators/").status_code == 200


def test_a_local_indicator_keeps_its_first_year_and_place_survey_flag(client_for):
    client = client_for("officer")
    response = client.post("/indicators/local/new", {
        **LOCAL_FIELDS, "code": "L-KENT-PS", "data_source": "place_survey", "first_year": "2009/10",
    })
    assert response.status_code == 302
    definition = IndicatorDefinition.objects.get(indicator__code="L-KENT-PS")
    assert (definition.place_survey, definition.tellus_survey, definition.first_year) == (True, False, "2009/10")
    html = catalogue(client, place_survey="yes")
    assert "L-KENT-PS" in codes_shown(html) and count_shown(html) == 19
    assert "L-KENT-PS" not in codes_shown(catalogue(client, place_survey="no"))
    client.post("/indicators/local/new", {**LOCAL_FIELDS, "code": "L-KENT-TU", "data_source": "tellus_survey"})
    tellus = IndicatorDefinition.objects.get(indicator__code="L-KENT-TU")
    assert (tellus.place_survey, tellus.tellus_survey) == (False, True)


def test_a_refusal_page_gives_the_views_reason_or_the_general_words(rf):
    from django.core.exceptions import PermissionDenied

    from laa.web.views import forbidden

    request = rf.get("/agreements/E2221/edit")
    said = forbidden(request, PermissionDenied("The agreement for Kent is with the Government Office."))
    assert said.status_code == 403 and b"The agreement for Kent is with the Government Office." in said.content
    bare = forbidden(request, PermissionDenied())
    assert bare.status_code == 403 and b"Your role does not allow you to see or change this" in bare.content
