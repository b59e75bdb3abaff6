"""The agreement pages: overview with findings, the agreement's own fields, outcomes,
consultations, targets, files and the rules. Each page's happy path, and its error
paths: bad input is a 400 naming the field with nothing saved, a stale version a 409
with nothing saved, another area's officer a 404, a read-only role a 403."""

from __future__ import annotations

import html as htmllib
import re

import pytest
import yaml
from django.test import Client

from laa.agreements import actions
from laa.agreements.models import Agreement, Consultation, Outcome, Target
from laa.audit.models import AuditEvent
from laa.catalogue.models import Round
from laa.domain.agreement_file import dump_yaml
from laa.domain.rules import RULES
from laa.places.models import Area

pytestmark = pytest.mark.django_db

KENT = "E2221"


def text(response) -> str:
    """The page's words, without tags, entities decoded and spaces collapsed."""
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", body)))


def url(*parts) -> str:
    return "/agreements/" + "/".join(str(p) for p in parts)


@pytest.fixture
def officer():
    from laa.accounts.models import User

    return User.objects.get(username="officer")


@pytest.fixture
def kent(db):
    """Kent's demonstration agreement (a draft, 58 targets, no findings)."""
    from laa.web.demo import load_demo_agreement

    load_demo_agreement()
    return Agreement.objects.get(area__code=KENT)


@pytest.fixture
def blank(officer):
    """Kent's agreement, just started, with one outcome and no targets."""
    agreement = actions.start_agreement(actor=officer, area=Area.objects.get(code=KENT), round_=Round.objects.get(year=2008))
    actions.save_outcome(actor=officer, agreement=agreement, version=agreement.version, key="safer",
                         title="Safer and stronger communities", theme="Safer and stronger communities")
    agreement.refresh_from_db()
    return agreement


@pytest.fixture
def stockton(scoping):
    client = Client()
    client.force_login(scoping.stockton_officer)
    return client


def target_data(**changes) -> dict:
    data = {
        "indicator": "NI 16", "category": "designated", "outcome": "safer",
        "baseline_value": "36.0", "baseline_period": "2007/08", "baseline_source": "Kent Police",
        "year_2008_09": "35.4", "year_2009_10": "34.8", "year_2010_11": "34.2",
        "partners": ["Kent Police Authority", "Kent Voluntary Sector Forum"], "lead": "Kent Police Authority",
        "delivery_plan": "Safer Kent delivery plan",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def add_target(client, **changes):
    return client.post(url(KENT, "targets/new"), target_data(**changes))


# --- the way in ---------------------------------------------------------------------------


def test_an_officer_goes_to_their_areas_agreement(client_for):
    response = client_for("officer").get("/agreements/")
    assert response.status_code == 302 and response["Location"] == f"/agreements/{KENT}/"
    assert client_for("partner").get("/agreements/")["Location"] == f"/agreements/{KENT}/"


def test_others_get_the_list_of_agreements_they_may_see(client_for, kent):
    page = text(client_for("go-manager").get("/agreements/"))
    assert "Kent" in page and "Draft" in page
    assert "Kent" in text(client_for("inspector").get("/agreements/"))
    assert client_for("anonymous").get("/agreements/")["Location"].startswith("/sign-in?next=")


def test_go_users_of_another_region_do_not_see_the_agreement(scoping, kent):
    client = Client()
    client.force_login(scoping.north_east_go)
    assert "Kent" not in text(client.get("/agreements/"))
    assert client.get(url(KENT, "")).status_code == 404


# --- starting -----------------------------------------------------------------------------


def test_an_area_without_an_agreement_offers_the_officer_to_start_it(client_for, officer):
    page = text(client_for("officer").get(url(KENT, "")))
    assert "Kent: no agreement yet" in page and "Start the agreement" in page
    response = client_for("officer").post(url(KENT, "start"))
    assert response.status_code == 302 and response["Location"] == url(KENT, "")
    agreement = Agreement.objects.get(area__code=KENT)
    assert AuditEvent.objects.filter(action="start-agreement", record_id=str(agreement.pk), actor=officer).exists()
    assert "Local Area Agreement" in text(client_for("officer").get(url(KENT, "")))


def test_only_the_officer_of_the_area_starts_it(client_for, stockton):
    go = client_for("go-manager")
    assert "Start the agreement" not in text(go.get(url(KENT, "")))
    assert go.post(url(KENT, "start")).status_code == 403
    assert stockton.post(url(KENT, "start")).status_code == 404
    assert client_for("department").get(url(KENT, "")).status_code == 404
    assert client_for("anonymous").post(url(KENT, "start"))["Location"].startswith("/sign-in?next=")
    assert not Agreement.objects.filter(area__code=KENT).exists()


# --- the overview -------------------------------------------------------------------------


def test_the_overview_shows_the_agreement(client_for, kent):
    page = text(client_for("officer").get(url(KENT, "")))
    designated = len({t.indicator_id for t in kent.targets.filter(category="designated")})
    assert f"{designated} designated targets of at most 35 (indicators counted once)" in page
    assert "16 statutory education targets" in page
    for phrase in ("Story of place", "DEMONSTRATION DATA. Kent is England's largest shire county",
                   "Safer and stronger communities", "Criteria met", "Designated targets",
                   "Statutory education and early-years targets", "Local targets", "2008/09", "2010/11",
                   "NI 16 Serious acquisitive crime rate", "36.00 2007/08 35.40 34.80 34.20", "Kent Police Authority (lead)",
                   "Kent Voluntary Sector Forum (voluntary)", "Add a target", "Import an agreement file",
                   "Download the agreement as a YAML agreement file", "Read the agreement document"):
        assert phrase in page, phrase


@pytest.mark.parametrize("username", ["go-manager", "go-director", "inspector", "clg", "partner", "admin"])
def test_readers_get_the_same_overview_without_edit_controls(client_for, kent, username):
    response = client_for(username).get(url(KENT, ""))
    assert response.status_code == 200
    page = text(response)
    assert "NI 16 Serious acquisitive crime rate" in page
    for control in ("Add a target", "Import an agreement file", "Edit the story of place", "Add a priority outcome",
                    "Record a consultation"):
        assert control not in page, control
    assert client_for(username).get(url(KENT, "edit")).status_code == 403


def test_a_department_sees_only_the_targets_on_its_indicators(client_for, kent):
    page = text(client_for("department").get(url(KENT, "")))  # the Home Office
    assert "NI 16 Serious acquisitive crime rate" in page
    assert "NI 1 Percentage of people who believe" not in page  # a CLG indicator


def test_another_areas_officer_and_anonymous_do_not_see_a_draft(stockton, client_for, kent):
    assert stockton.get(url(KENT, "")).status_code == 404
    assert stockton.get(url(KENT, "edit")).status_code == 404
    assert client_for("anonymous").get(url(KENT, ""))["Location"].startswith("/sign-in?next=")


def test_the_overview_shows_findings_at_the_top_and_beside_each_target(client_for, blank):
    client = client_for("officer")
    add_target(client, partners=["Kent Voluntary Sector Forum"], lead="", delivery_plan="")
    add_target(client, indicator="NI 1", baseline_value="47", baseline_period="autumn 2008",
               year_2008_09="", year_2009_10="", year_2010_11="51", sample_size="4200")
    blank.outcomes.create(key="unused", title="An outcome without targets", position=1)
    response = client.get(url(KENT, ""))
    page = text(response)
    assert "This agreement has problems to fix" in page
    assert "no statutory target on 16 of the statutory education and early-years indicators" in page
    assert "The outcome “An outcome without targets” (unused) has no targets." in page
    assert "Findings on NI 16:" in page
    assert "Must fix" in page and "Check" in page
    assert "NI 16: no partner authority is signed up" in page or "partner authority" in page
    assert 'class="govuk-tag govuk-tag--red"' in response.content.decode()
    assert "govuk-tag--yellow" in response.content.decode()


def test_a_frozen_agreement_has_no_edit_controls(client_for, kent):
    Agreement.objects.filter(pk=kent.pk).update(state="approved")
    client = client_for("officer")
    page = text(client.get(url(KENT, "")))
    assert "Approved by the Secretary of State" in page or "approved" in page.lower()
    assert "Add a target" not in page
    assert client.get(url(KENT, "edit")).status_code == 403
    assert add_target(client).status_code == 403


# --- the story of place -------------------------------------------------------------------


def test_the_officer_edits_the_story_of_place(client_for, kent, officer):
    client = client_for("officer")
    page = text(client.get(url(KENT, "edit")))
    assert "Story of place" in page and "Is the council the local education authority?" in page
    response = client.post(url(KENT, "edit"), {
        "version": kent.version, "story_of_place": "A new story.\n\nIn two paragraphs.", "evidence": "JSNA 2008",
        "education_responsibility": "yes", "assessments": ["equality"],
    })
    assert response.status_code == 302
    kent.refresh_from_db()
    assert kent.story_of_place == "A new story.\n\nIn two paragraphs." and kent.evidence == "JSNA 2008"
    assert kent.equality_assessed and not kent.sustainability_assessed
    assert AuditEvent.objects.filter(action="edit-agreement", actor=officer).exists()
    assert "Done: equality impact assessment" in text(client.get(url(KENT, "")))


def test_a_stale_story_edit_is_a_409_showing_the_change_and_keeping_the_text(client_for, kent, officer):
    seen = kent.version
    actions.update_agreement(actor=officer, agreement=kent, version=seen, fields={"story_of_place": "Changed first."})
    response = client_for("officer").post(url(KENT, "edit"), {
        "version": seen, "story_of_place": "My careful rewrite.", "education_responsibility": "yes",
    })
    assert response.status_code == 409
    page = text(response)
    assert "was changed by officer while you were editing it" in page
    assert "Changed first." in page  # the current value
    assert "My careful rewrite." in page  # what the person typed, kept
    assert f'name="version" value="{seen + 1}"' in response.content.decode()
    kent.refresh_from_db()
    assert kent.story_of_place == "Changed first."


def test_a_bad_story_form_is_a_400_naming_the_field(client_for, kent):
    response = client_for("officer").post(url(KENT, "edit"), {"version": kent.version, "story_of_place": "x",
                                                              "education_responsibility": "perhaps"})
    assert response.status_code == 400
    assert "Select yes if the council is the local education authority" in text(response)
    assert 'href="#education_responsibility"' in response.content.decode()
    kent.refresh_from_db()
    assert kent.story_of_place != "x"


def test_a_lost_version_is_refused_as_stale(client_for, kent):
    response = client_for("officer").post(url(KENT, "edit"), {"story_of_place": "x", "education_responsibility": "yes"})
    assert response.status_code == 409
    kent.refresh_from_db()
    assert kent.story_of_place != "x"


# --- outcomes -----------------------------------------------------------------------------


def test_the_officer_adds_and_edits_an_outcome(client_for, blank):
    client = client_for("officer")
    assert "Which selection criteria does the outcome meet?" in text(client.get(url(KENT, "outcomes/new")))
    response = client.post(url(KENT, "outcomes/new"), {
        "version": blank.version, "key": "economy", "title": "A prosperous county", "theme": "Economy",
        "evidence": "Kent Prospects", "criteria": ["challenging", "needs_partnership"], "assessment": "Poor skills",
    })
    assert response.status_code == 302
    outcome = blank.outcomes.get(key="economy")
    assert outcome.criteria == {"challenging": True, "needs_partnership": True}
    page = text(client.get(url(KENT, "")))
    assert "A prosperous county" in page and "Challenging: the area is performing poorly" in page

    blank.refresh_from_db()
    response = client.post(url(KENT, f"outcomes/{outcome.pk}/edit"), {
        "version": blank.version, "key": "economy", "title": "A prosperous Kent", "criteria": [],
    })
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.title == "A prosperous Kent" and outcome.criteria == {}


def test_an_over_long_outcome_is_a_400_not_a_database_error(client_for, blank):
    response = client_for("officer").post(url(KENT, "outcomes/new"), {"version": blank.version, "key": "long",
                                                                       "title": "x" * 301})
    assert response.status_code == 400 and "The outcome must be 300 characters or fewer" in text(response)
    assert not blank.outcomes.filter(key="long").exists()


def test_a_bad_outcome_is_a_400_naming_the_field(client_for, blank):
    response = client_for("officer").post(url(KENT, "outcomes/new"), {"version": blank.version, "key": "no spaces!",
                                                                       "title": ""})
    assert response.status_code == 400
    page = text(response)
    assert "The id may hold only letters, digits, - and _" in page and "Enter the outcome's title" in page
    assert blank.outcomes.count() == 1


def test_a_stale_outcome_is_a_409(client_for, blank, officer):
    seen = blank.version
    actions.update_agreement(actor=officer, agreement=blank, version=seen, fields={"evidence": "new"})
    response = client_for("officer").post(url(KENT, "outcomes/new"), {"version": seen, "key": "late", "title": "Late"})
    assert response.status_code == 409
    assert 'value="Late"' in response.content.decode()  # kept
    assert "Someone else changed this" in text(response)
    assert not blank.outcomes.filter(key="late").exists()


def test_an_outcome_driven_by_targets_is_not_removed(client_for, blank):
    client = client_for("officer")
    assert add_target(client).status_code == 302
    outcome = blank.outcomes.get(key="safer")
    blank.refresh_from_db()
    response = client.post(url(KENT, f"outcomes/{outcome.pk}/delete"), {"version": blank.version})
    assert response.status_code == 400
    assert "1 target drives this outcome: move them to another outcome first" in text(response)
    assert Outcome.objects.filter(pk=outcome.pk).exists()


def test_the_officer_removes_an_outcome(client_for, blank):
    outcome = blank.outcomes.get(key="safer")
    client = client_for("officer")
    assert "Remove the outcome “Safer and stronger communities”?" in text(client.get(url(KENT, f"outcomes/{outcome.pk}/delete")))
    assert client.post(url(KENT, f"outcomes/{outcome.pk}/delete"), {"version": blank.version - 1}).status_code == 409
    assert client.post(url(KENT, f"outcomes/{outcome.pk}/delete"), {"version": blank.version}).status_code == 302
    assert not Outcome.objects.filter(pk=outcome.pk).exists()
    assert AuditEvent.objects.filter(action="delete-outcome", record_id=str(outcome.pk)).exists()


# --- consultations ------------------------------------------------------------------------


def test_the_officer_records_a_consultation(client_for, blank):
    client = client_for("officer")
    response = client.post(url(KENT, "consultations/new"), {
        "version": blank.version, "consultee": "Kent Residents' Panel", "held_on-day": "27", "held_on-month": "3",
        "held_on-year": "2008", "summary": "Wants safer streets",
    })
    assert response.status_code == 302
    consultation = blank.consultations.get()
    assert str(consultation.held_on) == "2008-03-27"
    page = text(client.get(url(KENT, "")))
    assert "Kent Residents' Panel" in page and "27 March 2008" in page and "Wants safer streets" in page


@pytest.mark.parametrize(("day", "month", "year", "message"), [
    ("31", "2", "2008", "The date of the consultation must be a real date"),
    ("1", "", "2008", "The date of the consultation must include a month"),
    ("1", "1", "2999", "The date of the consultation must be today or in the past"),
    ("x", "1", "2008", "The date of the consultation must be a real date"),
])
def test_a_bad_consultation_date_is_a_400(client_for, blank, day, month, year, message):
    response = client_for("officer").post(url(KENT, "consultations/new"), {
        "version": blank.version, "consultee": "Panel", "held_on-day": day, "held_on-month": month, "held_on-year": year,
    })
    assert response.status_code == 400
    assert message in text(response)
    assert 'href="#held_on-day"' in response.content.decode()
    assert f'value="{day}"' in response.content.decode()  # what was typed is kept
    assert not blank.consultations.exists()


def test_a_consultation_needs_its_consultee(client_for, blank):
    response = client_for("officer").post(url(KENT, "consultations/new"), {"version": blank.version, "consultee": " "})
    assert response.status_code == 400 and "Enter who was consulted" in text(response)


def test_the_officer_removes_a_consultation(client_for, blank, officer):
    consultation = actions.add_consultation(actor=officer, agreement=blank, version=blank.version, consultee="Panel",
                                            held_on=None, summary="")
    blank.refresh_from_db()
    client = client_for("officer")
    path = url(KENT, f"consultations/{consultation.pk}/delete")
    assert "Remove the consultation with Panel?" in text(client.get(path))
    assert client.post(path, {"version": blank.version}).status_code == 302
    assert not Consultation.objects.filter(pk=consultation.pk).exists()


# --- targets ------------------------------------------------------------------------------


def test_the_officer_finds_an_indicator_to_add(client_for, blank):
    response = client_for("officer").get(url(KENT, "targets/find"), {"q": "16"})
    page = text(response)
    assert "1 indicator found" in page and "Serious acquisitive crime rate" in page
    assert "/agreements/E2221/targets/new?indicator=NI+16" in response.content.decode()
    assert "Has a target" not in page


def test_the_target_form_offers_the_partnerships_members_with_their_duty(client_for, blank):
    response = client_for("officer").get(url(KENT, "targets/new"), {"indicator": "NI 16"})
    page = text(response)
    assert "Add a target on NI 16" in page
    assert "Kent Police Authority Duty to have regard" in page
    assert "Kent Voluntary Sector Forum Voluntary: no statutory duty" in page
    assert "Target for 2008/09" in page and "Target for 2010/11" in page
    assert "Dartford" in page  # a district of Kent, as a sub-area


def test_the_officer_adds_a_target_and_sees_its_findings(client_for, blank, officer):
    client = client_for("officer")
    response = add_target(client)
    target = Target.objects.get(agreement=blank)
    assert response.status_code == 302 and response["Location"] == url(KENT, f"targets/{target.pk}/")
    assert target.key == "NI 16" and target.yearly == {"2008/09": "35.4", "2009/10": "34.8", "2010/11": "34.2"}
    assert str(target.baseline_value) == "36.0000" and target.outcome.key == "safer"
    partners = [(p.name, p.duty, p.lead) for p in target.partners.all()]
    assert partners == [("Kent Police Authority", "have_regard", True), ("Kent Voluntary Sector Forum", "voluntary", False)]
    assert AuditEvent.objects.filter(action="add-target", actor=officer, record_id=str(target.pk)).exists()
    page = text(client.get(response["Location"]))
    assert "You added the target NI 16. Its findings are below." in page
    assert "No findings" in page


def place_survey_data(**changes) -> dict:
    """NI 5 (overall satisfaction with the area): an autumn 2008 Place Survey baseline."""
    return target_data(indicator="NI 5", baseline_value="62", baseline_period="autumn 2008",
                       baseline_source="Place Survey", sample_size="1100", year_2008_09="",
                       year_2009_10="", year_2010_11="70", **changes)


def test_a_place_survey_target_records_its_direction_of_travel_in_the_non_survey_year(client_for, blank):
    client = client_for("officer")
    form = text(client.get(url(KENT, "targets/new"), {"indicator": "NI 5"}))
    assert "Direction of travel in the non-survey year" in form
    assert "Direction of travel" not in text(client.get(url(KENT, "targets/new"), {"indicator": "NI 16"}))
    response = client.post(url(KENT, "targets/new"),
                           place_survey_data(direction_of_travel=" Residents' panel mini survey, autumn 2009 "))
    assert response.status_code == 302, text(response)
    target = Target.objects.get(agreement=blank)
    assert target.direction_of_travel == "Residents' panel mini survey, autumn 2009"
    page = text(client.get(response["Location"]))
    assert "Direction of travel in the non-survey year Residents' panel mini survey, autumn 2009" in page
    assert "D7.no-direction-of-travel" not in page
    form = client.get(url(KENT, f"targets/{target.pk}/edit")).content.decode()
    assert "Residents&#39; panel mini survey, autumn 2009</textarea>" in form


def test_a_place_survey_target_without_a_direction_of_travel_is_warned(client_for, blank):
    client = client_for("officer")
    response = client.post(url(KENT, "targets/new"), place_survey_data())
    page = text(client.get(response["Location"]))
    assert "D7.no-direction-of-travel" in page
    assert "no way of gauging direction of travel in the non-survey year (2009/10)" in page
    assert "Direction of travel in the non-survey year Not agreed yet" in page


def test_a_target_without_a_partner_authority_shows_its_finding(client_for, blank):
    client = client_for("officer")
    response = add_target(client, partners=["Kent Voluntary Sector Forum"], lead="")
    page = text(client.get(response["Location"]))
    assert "Must fix" in page and "D6.no-partner-authority" in page


def test_choosing_a_lead_signs_it_up(client_for, blank):
    add_target(client_for("officer"), partners=[], lead="Kent Police Authority")
    target = Target.objects.get(agreement=blank)
    assert [(p.name, p.lead) for p in target.partners.all()] == [("Kent Police Authority", True)]


@pytest.mark.parametrize(("field", "value", "message", "anchor"), [
    ("baseline_value", "abc", "Baseline value must be a number, like 18.2", None),
    ("baseline_value", "NaN", "Baseline value must be a number, like 18.2", None),
    ("year_2009_10", "34,8x", "The target for 2009/10 must be a number, like 17.5", None),
    ("ci_lower", "low", "Lower limit of the confidence interval must be a number", None),
    ("sample_size", "12.5", "Sample size must be a whole number, like 1100", None),
    ("category", "", "Select whether the target is designated, statutory or local", None),
    ("outcome", "", "Select the priority outcome the target drives", None),
    ("placeholder_set_at", "annual review 2009", "Enter why the target is a placeholder", "placeholder_reason"),
    ("reward_without", "20", "Enter the stretched target", "reward_stretched"),
    ("baseline_value", "18.123456", "Baseline value has more than 4 decimal places", None),
    ("partners", ["Not a member"], "Select partners from the list of the partnership's members", None),
    ("baseline_period", "x" * 41, "The baseline period must be 40 characters or fewer", None),
    ("improvement_percent", "5.1234", "Improvement over the baseline must be less than 100,000%", None),
])
def test_bad_target_input_is_a_400_naming_the_field_and_saves_nothing(client_for, blank, field, value, message, anchor):
    response = add_target(client_for("officer"), **{field: value})
    assert response.status_code == 400
    page = text(response)
    assert message in page
    assert "There is a problem" in page
    assert f'href="#{anchor or field}"' in response.content.decode()
    assert not Target.objects.filter(agreement=blank).exists()
    if isinstance(value, str) and value:
        assert f'value="{value}"' in response.content.decode()  # kept as typed


def test_a_second_target_for_the_same_scope_is_refused_on_the_scope(client_for, blank):
    client = client_for("officer")
    add_target(client)
    response = add_target(client)
    assert response.status_code == 400
    assert "The agreement already has a target on NI 16 for the whole area" in text(response)
    assert add_target(client, sub_areas=["Dartford"]).status_code == 302
    assert Target.objects.get(agreement=blank, sub_areas=["Dartford"]).key == "NI 16 [Dartford]"


def test_an_unknown_indicator_is_a_404(client_for, blank):
    assert client_for("officer").get(url(KENT, "targets/new"), {"indicator": "NI 999"}).status_code == 404
    assert client_for("officer").get(url(KENT, "targets/new"))["Location"] == url(KENT, "targets/find")


def test_readers_cannot_add_targets(client_for, blank, stockton):
    assert add_target(client_for("go-manager")).status_code == 403
    assert add_target(client_for("inspector")).status_code == 403
    assert add_target(client_for("admin")).status_code == 403
    assert add_target(stockton).status_code == 404
    assert add_target(client_for("anonymous"))["Location"].startswith("/sign-in?next=")
    assert not Target.objects.filter(agreement=blank).exists()


def test_the_officer_edits_a_target(client_for, blank):
    client = client_for("officer")
    add_target(client)
    target = Target.objects.get(agreement=blank)
    form = client.get(url(KENT, f"targets/{target.pk}/edit")).content.decode()
    assert 'value="35.4"' in form and f'name="version" value="{target.version}"' in form
    response = client.post(url(KENT, f"targets/{target.pk}/edit"),
                           target_data(version=target.version, year_2010_11="33.9", category="local"))
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.yearly["2010/11"] == "33.9" and target.category == "local" and target.version == 2


def test_a_stale_target_edit_is_a_409_with_the_current_values_and_nothing_lost(client_for, blank, officer):
    client = client_for("officer")
    add_target(client)
    target = Target.objects.get(agreement=blank)
    seen = target.version
    # Someone else changes it first
    other = client_for("officer")
    other.post(url(KENT, f"targets/{target.pk}/edit"), target_data(version=seen, year_2010_11="30.0"))
    response = client.post(url(KENT, f"targets/{target.pk}/edit"), target_data(version=seen, year_2010_11="33.3"))
    assert response.status_code == 409
    page = text(response)
    assert "Target NI 16 was changed by officer while you were editing it" in page
    assert "Target for 2010/11 30.00 " in page  # the current value, to the indicator's 2 places
    assert 'value="33.3"' in response.content.decode()  # the person's value, kept
    assert f'name="version" value="{seen + 1}"' in response.content.decode()
    target.refresh_from_db()
    assert target.yearly["2010/11"] == "30.0"


def test_the_officer_deletes_a_target_after_confirming(client_for, blank, officer):
    client = client_for("officer")
    add_target(client)
    target = Target.objects.get(agreement=blank)
    path = url(KENT, f"targets/{target.pk}/delete")
    assert "Delete the target NI 16?" in text(client.get(path))
    stale = client.post(path, {"version": target.version + 5})
    assert stale.status_code == 409 and Target.objects.filter(pk=target.pk).exists()
    assert client.post(path, {"version": target.version}).status_code == 302
    assert not Target.objects.filter(pk=target.pk).exists()
    assert AuditEvent.objects.filter(action="delete-target", record_id=str(target.pk), actor=officer).exists()


def test_readers_see_a_target_but_cannot_change_it(client_for, kent, stockton):
    target = kent.targets.get(key="NI 16")
    page = text(client_for("go-manager").get(url(KENT, f"targets/{target.pk}/")))
    assert "Target NI 16" in page and "Kent Police Authority" in page and "Edit target" not in page
    assert client_for("go-manager").get(url(KENT, f"targets/{target.pk}/edit")).status_code == 403
    assert client_for("go-manager").post(url(KENT, f"targets/{target.pk}/delete"), {"version": 1}).status_code == 403
    assert stockton.get(url(KENT, f"targets/{target.pk}/")).status_code == 404
    assert Target.objects.filter(pk=target.pk).exists()


# --- files --------------------------------------------------------------------------------


def test_export_in_each_format(client_for, kent):
    client = client_for("go-manager")
    response = client.get(url(KENT, "export.yaml"))
    assert response["Content-Type"] == "application/yaml"
    assert 'filename="laa-E2221-2008.yaml"' in response["Content-Disposition"]
    assert yaml.safe_load(response.content)["area"] == KENT
    assert client.get(url(KENT, "export.json")).json()["area"] == KENT
    xlsx = client.get(url(KENT, "export.xlsx"))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats") and xlsx.content[:2] == b"PK"
    assert client.get(url(KENT, "export.csv")).status_code == 404
    assert client_for("department").get(url(KENT, "export.yaml")).status_code == 403
    assert client_for("anonymous").get(url(KENT, "export.yaml"))["Location"].startswith("/sign-in?next=")


def test_the_blank_workbook(client_for):
    response = client_for("officer").get("/agreements/template.xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    from laa.domain.agreement_workbook import read_agreement_workbook

    assert read_agreement_workbook(response.content).draft.area == KENT


def _yaml_of(agreement) -> bytes:
    from laa.agreements.convert import agreement_to_draft

    return dump_yaml(agreement_to_draft(agreement)).encode()


def upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_the_officer_imports_an_agreement_file(client_for, kent, officer):
    content = _yaml_of(kent).replace(b"DEMONSTRATION DATA. Kent", b"IMPORTED. Kent")
    client = client_for("officer")
    response = client.post(url(KENT, "import"), {"version": kent.version, "agreement_file": upload("kent.yaml", content)})
    assert response.status_code == 302
    kent.refresh_from_db()
    assert kent.story_of_place.startswith("IMPORTED. Kent")
    assert "You imported kent.yaml: 58 targets" in text(client.get(url(KENT, "")))
    assert AuditEvent.objects.filter(action="import-agreement", actor=officer).exists()


def test_an_import_starts_the_agreement(client_for):
    from laa.web.demo import DEMO_AGREEMENT

    response = client_for("officer").post(url(KENT, "import"), {
        "agreement_file": upload("demo.yaml", DEMO_AGREEMENT.read_bytes())})
    assert response.status_code == 302
    assert Agreement.objects.get(area__code=KENT).targets.count() == 58


def test_an_unreadable_file_lists_its_problems_and_saves_nothing(client_for, kent):
    before = kent.version
    content = _yaml_of(kent).replace(b"value: 36", b"value: abc", 1)
    response = client_for("officer").post(url(KENT, "import"), {"version": before, "agreement_file": upload("k.yaml", content)})
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert re.search(r"k\.yaml: targets\[\d+\]\.baseline\.value: .*\(line \d+\)", page), page
    kent.refresh_from_db()
    assert kent.version == before


@pytest.mark.parametrize(("name", "content", "message"), [
    ("k.xlsx", b"not a workbook", "the file is not an XLSX workbook"),
    ("k.json", b"{", "k.json:"),
    ("k.yaml", None, "The file is for the area E0704, not Kent (E2221)"),
])
def test_files_that_cannot_be_imported(client_for, kent, name, content, message):
    content = content or _yaml_of(kent).replace(b"area: E2221", b"area: E0704")
    response = client_for("officer").post(url(KENT, "import"), {"version": kent.version,
                                                                "agreement_file": upload(name, content)})
    assert response.status_code == 400
    assert message in text(response)
    assert kent.targets.count() == 58


def test_an_import_needs_a_file(client_for, kent):
    response = client_for("officer").post(url(KENT, "import"), {"version": kent.version})
    assert response.status_code == 400 and "Select an agreement file" in text(response)


def test_a_stale_import_is_a_409(client_for, kent, officer):
    seen = kent.version
    actions.update_agreement(actor=officer, agreement=kent, version=seen, fields={"evidence": "x"})
    content = _yaml_of(kent).replace(b"DEMONSTRATION DATA. Kent", b"IMPORTED. Kent")
    response = client_for("officer").post(url(KENT, "import"), {"version": seen, "agreement_file": upload("k.yaml", content)})
    assert response.status_code == 409
    assert "was changed by officer after you opened it" in text(response)
    kent.refresh_from_db()
    assert not kent.story_of_place.startswith("IMPORTED")


def test_readers_cannot_import(client_for, kent, stockton):
    assert client_for("go-manager").get(url(KENT, "import")).status_code == 403
    assert stockton.get(url(KENT, "import")).status_code == 404


# --- the rules ----------------------------------------------------------------------------


def test_the_rules_page_lists_every_rule(client_for):
    response = client_for("anonymous").get("/agreements/rules")
    page = text(response)
    for rule in RULES:
        assert rule.id in page and f'id="rule-{rule.id}"' in response.content.decode()
    assert "At most 35 designated targets" in page
