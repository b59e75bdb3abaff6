"""The negotiation pages: a thread (each side's forms, the moves through the pages, errors
as 400 naming the field, 403, 404 and 409 for a stale answer), the agreement's overview,
meetings, champions and the timetable (the dashboards: test_dashboards.py)."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from laa.accounts.models import User
from laa.domain.roles import Role
from laa.negotiation.models import Champion, MilestoneCompletion, NegotiationThread
from laa.places.models import Region

from .matrix_negotiation import build_world, proposal_values

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_fragments():
    """Pages keep rendered content per process, keyed by the data (laa.presentation.fragments);
    a rolled-back test can leave ids that the next test reuses, so start each test empty."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def world():
    return build_world()


def thread_url(world, target=None):
    return reverse("negotiation:target", args=["E2221", (target or world.ni16).pk])


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def words(html: str) -> str:
    """The page's text without its tags, spaces normalised."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def table(response, table_id: str) -> str:
    html = response.content.decode()
    found = re.search(rf'<table class="govuk-table" id="{table_id}">.*?</table>', html, re.S)
    assert found, f"no table #{table_id}"
    return words(found.group(0))


# ---- a thread ------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "shown", "hidden"), [
    ("officer", ["Revise your proposal", "Withdraw from the negotiation"], ["Accept proposal #1", "Send advice"]),
    ("go-manager", ["Accept proposal #1", "Counter-propose", "Challenge proposal #1", "Escalate a dispute",
                    "Agree as a placeholder"], ["Revise your proposal", "Send advice"]),
    ("partner", ["Proposal #1"], ["Your move", "Accept proposal"]),
    ("department", ["Advise the Government Office"], ["Your move"]),
    ("clg", ["Proposal #1", "Waiting for the Government Office to answer proposal #1"], ["Your move"]),
])
def test_each_side_sees_its_own_moves(world, client_for, who, shown, hidden):
    response = client_for(who).get(thread_url(world))
    assert response.status_code == 200
    page = text(response)
    for phrase in shown:
        assert phrase in page, phrase
    for phrase in hidden:
        assert phrase not in page, phrase


def test_a_negotiation_through_the_pages(world, client_for):
    url = thread_url(world, world.ni39)
    officer, go = client_for("officer"), client_for("go-manager")
    response = officer.post(url, {"kind": "proposal", "seen": "0", "rationale": "Worst quartile.",
                                  **proposal_values("8.0")})
    assert response.status_code == 302 and response["Location"].endswith("#entry-1")
    page = text(officer.get(url))
    assert "Recorded: Pat Officer (demo) made proposal #1." in page
    assert "Waiting for the Government Office to answer proposal #1" in page
    response = go.post(url, {"kind": "challenge", "seen": "1", "challenge_reason": "ambition",
                             "text": "The region expects 7.5."})
    assert response.status_code == 302
    response = officer.post(url, {"kind": "proposal", "seen": "2", "rationale": "Stretch accepted.",
                                  **proposal_values("7.5")})
    assert response.status_code == 302
    assert go.post(url, {"kind": "accept", "seen": "3", "proposal": "3"}).status_code == 302
    world.ni39.refresh_from_db()
    assert world.ni39.yearly["2010/11"] == "7.5"
    page = text(go.get(url))
    # Proposals are numbered in the thread: the revision after the challenge is #2 (the form
    # and the API name it by its entry's sequence, 3).
    assert "Proposal #2 accepted" in page and "Agreed" in page
    assert "This proposal was accepted: its values are the agreed target." in page
    assert "Superseded by proposal #2." in page


def test_the_escalation_form_offers_the_next_step_of_the_ladder_only(world, client_for):
    from laa.negotiation import actions
    from laa.negotiation.scopes import Subject

    def offered() -> list[str]:
        html = client_for("go-manager").get(thread_url(world)).content.decode()
        return re.findall(r'name="level" type="radio" value="([a-z_]+)"', html)

    assert offered() == ["go"]
    for seen, level in enumerate(("go", "department"), start=1):
        actions.add_entry(actor=User.objects.get(username="go-manager"),
                          subject=Subject(world.agreement, target=world.ni16),
                          kind="escalate", seen=seen, level=level, text="Affordability.")
    assert offered() == ["ministers"]  # no champion for Kent: the department's next step
    Champion.objects.create(agreement=world.agreement, name="Sir Humphrey", appointed_by_name="test",
                            appointed_at="2008-01-01T10:00Z")
    assert offered() == ["whitehall_champion"]  # the kept page follows the appointment


def test_an_acceptance_settled_at_a_meeting_says_so_in_the_thread(world, client_for):
    url = thread_url(world)  # NI 16, with the partnership's proposal #1
    meeting = world.agreement.meetings.get()  # the case conference of 12 March 2008
    go = client_for("go-manager")
    form = text(go.get(url))
    assert 'name="meeting"' in form and f'value="{meeting.pk}"' in form
    response = go.post(url, {"kind": "accept", "seen": "1", "proposal": "1", "meeting": "999999"})
    assert response.status_code == 400
    page = text(response)
    assert 'href="#accept-meeting"' in page and "There is no meeting 999999" in page
    assert NegotiationThread.objects.get(target=world.ni16).last_sequence == 1
    response = go.post(url, {"kind": "accept", "seen": "1", "proposal": "1", "meeting": str(meeting.pk)})
    assert response.status_code == 302
    page = words(go.get(url).content.decode())
    assert "Settled at: the case conference on 12 March 2008" in page


def test_bad_input_is_a_400_naming_the_field_and_keeping_what_was_typed(world, client_for):
    url = thread_url(world, world.ni39)
    response = client_for("officer").post(url, {"kind": "proposal", "seen": "0", "rationale": "",
                                                **proposal_values("eight")})
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert 'href="#target_2010_11"' in page and "The target for 2010/11 must be a number, like 17.5" in page
    assert 'href="#rationale"' in page
    assert 'value="eight"' in page
    assert not NegotiationThread.objects.filter(target=world.ni39).exists()


def test_a_stale_answer_is_a_409_saying_who_answered_first(world, client_for):
    url = thread_url(world)
    assert client_for("go-manager").post(url, {"kind": "accept", "seen": "1", "proposal": "1"}).status_code == 302
    response = client_for("go-director").post(url, {"kind": "challenge", "seen": "1", "challenge_reason": "evidence",
                                                    "text": "Where is the evidence?"})
    assert response.status_code == 409
    page = text(response)
    assert "Your answer was not saved" in page
    assert "Gil Locality Manager (demo) accepted proposal #1 at" in page
    assert NegotiationThread.objects.get(target=world.ni16).last_sequence == 2


def test_a_refused_move_is_a_400_with_the_reason(world, client_for):
    response = client_for("officer").post(thread_url(world), {"kind": "accept", "seen": "1", "proposal": "1"})
    assert response.status_code == 400
    assert "This cannot be recorded" in text(response) and "own side" in text(response)


@pytest.mark.parametrize(("data", "message"), [
    ({"kind": "challenge", "challenge_reason": "ambition", "text": "x"}, "missing the thread&#39;s state"),
    ({"kind": "accept", "seen": "1"}, "Say which proposal is accepted"),
    ({"kind": "challenge", "seen": "1", "challenge_reason": "ambition", "text": "x", "on_behalf_of": "ZZ"},
     "Choose a department from the list"),
])
def test_a_broken_form_is_a_400(world, client_for, data, message):
    response = client_for("go-manager").post(thread_url(world), data)
    assert response.status_code == 400 and message in text(response)


@pytest.mark.parametrize("who", ["partner", "department", "clg", "admin", "inspector"])
def test_those_who_do_not_speak_get_403(world, client_for, who):
    response = client_for(who).post(thread_url(world), {"kind": "challenge", "seen": "1",
                                                        "challenge_reason": "ambition", "text": "x"})
    assert response.status_code == 403


def test_a_department_advises_the_go_unseen_by_the_partnership(world, client_for):
    url = thread_url(world)
    assert client_for("department").post(url, {"kind": "advice", "advice": "Expect 5% stretch."}).status_code == 302
    assert "Expect 5% stretch." in text(client_for("go-manager").get(url))
    assert "Expect 5% stretch." in text(client_for("clg").get(url))
    assert "Expect 5% stretch." not in text(client_for("officer").get(url))
    response = client_for("department").post(url, {"kind": "advice", "advice": ""})
    assert response.status_code == 400 and "Enter your advice" in text(response)
    assert client_for("go-manager").post(url, {"kind": "advice", "advice": "x"}).status_code == 403


def test_threads_outside_the_scope_are_404(world, client_for):
    north_east = User.objects.create_user("go-ne", password="x", role=Role.GO_OFFICER,
                                          region=Region.objects.get(code="NE"))
    client = Client()
    client.force_login(north_east)
    assert client.get(thread_url(world)).status_code == 404
    assert client_for("dcsf").get(thread_url(world)).status_code == 404  # NI 16 is the Home Office's
    assert client_for("dcsf").get(thread_url(world, world.ni72)).status_code == 200
    assert client_for("officer").get(reverse("negotiation:target", args=["E2221", 999999])).status_code == 404
    assert client_for("officer").get(reverse("negotiation:target", args=["E0704", world.ni16.pk])).status_code == 404
    assert client_for("anonymous").get(thread_url(world)).status_code == 302


def test_an_outcome_thread(world, client_for):
    url = reverse("negotiation:outcome", args=["E2221", world.outcome.pk])
    response = client_for("go-manager").post(url, {"kind": "proposal", "seen": "0", "title": "Safer Kent",
                                                   "theme": "Safer", "rationale": "Shorter."})
    assert response.status_code == 302
    assert client_for("officer").post(url, {"kind": "accept", "seen": "1", "proposal": "1"}).status_code == 302
    world.outcome.refresh_from_db()
    assert world.outcome.title == "Safer Kent"
    response = client_for("officer").post(url, {"kind": "reopen", "seen": "2", "text": ""})
    assert response.status_code == 400 and "Give the reason for reopening" in text(response)


# ---- the agreement's negotiation, meetings, champions, timetable ---------------------------


def test_the_agreement_overview_lists_every_thread(world, client_for):
    page = text(client_for("officer").get(reverse("negotiation:agreement", args=["E2221"])))
    assert "Negotiation: Kent" in page
    assert "NI 16: Serious acquisitive crime rate" in page
    assert "Safer and stronger communities" in page
    assert page.count("Not started") >= 2 and "Proposed" in page
    assert "Meetings</a> (1 recorded)" in page
    # A department sees only the targets on its indicators.
    page = text(client_for("department").get(reverse("negotiation:agreement", args=["E2221"])))
    assert "NI 16" in page and "NI 39" not in page


def test_recording_a_meeting_through_the_page(world, client_for):
    url = reverse("negotiation:meetings", args=["E2221"])
    data = {"kind": "bilateral", "held_on-day": "4", "held_on-month": "3", "held_on-year": "2008",
            "attendees": "Pat Officer\nGil Locality Manager", "decisions-0-subject": f"t:{world.ni16.pk}",
            "decisions-0-text": "Stretch of 5% agreed."}
    response = client_for("go-manager").post(url, data)
    assert response.status_code == 302
    page = text(client_for("officer").get(url))
    assert "Bilateral meeting, 4 March 2008" in page and "Stretch of 5% agreed." in page
    assert "Stretch of 5% agreed." in text(client_for("officer").get(thread_url(world)))
    response = client_for("go-manager").post(url, {**data, "held_on-month": "13", "attendees": ""})
    assert response.status_code == 400
    page = text(response)
    assert 'href="#held_on-day"' in page and 'href="#attendees"' in page
    assert client_for("partner").post(url, data).status_code == 403


def test_appointing_a_champion(world, client_for):
    url = reverse("negotiation:appoint_champion", args=["E2221"])
    assert client_for("go-manager").post(url, {"name": "Sir Humphrey"}).status_code == 403
    response = client_for("go-director").post(url, {"name": ""})
    assert response.status_code == 400 and "Enter the champion&#39;s name" in text(response)
    assert client_for("go-director").post(url, {"name": "Sir Humphrey", "organisation": "HM Treasury"}).status_code == 302
    assert Champion.objects.get().name == "Sir Humphrey"
    assert "Sir Humphrey, HM Treasury" in text(client_for("officer").get(reverse("negotiation:agreement", args=["E2221"])))


@override_settings(LAA_TODAY="2008-05-20")
def test_the_timetable_page(world, client_for):
    url = reverse("negotiation:timetable", args=["E2221"])
    page = text(client_for("officer").get(url))
    assert "Today is 20 May 2008" in page
    assert "Overdue" in page and "Due soon" in page
    data = {"milestone": "story_of_place", "completed_on-day": "20", "completed_on-month": "11",
            "completed_on-year": "2007"}
    assert client_for("officer").post(url, data).status_code == 302
    assert MilestoneCompletion.objects.get().milestone.code == "story_of_place"
    response = client_for("go-manager").post(url, {"milestone": "draft_agreement", "completed_on-day": "1",
                                                   "completed_on-month": "1", "completed_on-year": "2008"})
    assert response.status_code == 400 and 'href="#milestone"' in text(response)
    assert client_for("department").post(url, data).status_code == 403


# ---- dashboards ----------------------------------------------------------------------------


def test_kept_content_follows_the_data_and_the_reader(world, client_for):
    from laa.negotiation import actions
    from laa.negotiation.scopes import Subject

    go, officer = client_for("go-manager"), client_for("officer")
    url = thread_url(world)
    assert "Accept proposal #1" in text(go.get(url))
    assert "Accept proposal #1" not in text(officer.get(url))  # the same thread, another side
    actions.add_entry(actor=User.objects.get(username="go-director"), subject=Subject(world.agreement, target=world.ni16),
                      kind="escalate", seen=1, level="go", text="Stuck.")
    page = text(go.get(url))
    assert "Escalated to the Government Office" in page and "In dispute: the Government Office" in page
    dashboard = reverse("dashboards:region_dashboard")
    assert "1 dispute escalated" in words(go.get(dashboard).content.decode())
    actions.add_entry(actor=User.objects.get(username="go-director"), subject=Subject(world.agreement, target=world.ni16),
                      kind="resolve", seen=2, text="Settled.")
    assert "0 disputes escalated" in words(go.get(dashboard).content.decode())
    # Each reader's form carries their own CSRF token, never one kept from someone else's page.
    first = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', go.get(url).content.decode()).group(1)
    other = client_for("go-director")
    second = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', other.get(url).content.decode()).group(1)
    assert first != second
    assert "<!--laa:csrf-->" not in go.get(url).content.decode()
