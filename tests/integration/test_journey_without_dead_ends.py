"""Issue 8, defects 1, 2 and 7 and three smaller points, as the pages show them: a fresh
form shows no error; every negotiation is settled before submission (ADR 0007) and each
refusal offers the step it names; the officer reaches the negotiation from the agreement,
the sign-off page and the navigation; irreversible steps are taken from a confirmation
page; a closed thread of a published agreement says the truth; proposals are numbered
per thread; a counter-proposal starts from every value of the proposal, partners too."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from laa.agreements.models import Agreement
from laa.signoff.models import SignOffStatus

from .signoff_support import S, acknowledge_all, advance, make_agreement, user

pytestmark = pytest.mark.django_db

ERROR_MARKS = ("govuk-error-message", "govuk-error-summary", "no such element", "There is a problem")


@pytest.fixture(autouse=True)
def _fresh_fragments():
    from django.core.cache import cache

    cache.clear()


def words(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def assert_no_error(response) -> None:
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    for mark in ERROR_MARKS:
        assert mark not in html, f"{mark!r} on a fresh page"


def add(agreement, key: str, who: str, kind: str, seen: int, **fields):
    from laa.negotiation import actions as negotiation
    from laa.negotiation.scopes import Subject

    target = agreement.targets.get(key=key)
    return negotiation.add_entry(actor=user(who), subject=Subject(agreement, target=target), kind=kind, seen=seen,
                                 **fields)


def propose(agreement, key: str, final: str = "8.5"):
    from .matrix_negotiation import proposal_values

    return add(agreement, key, "officer", "proposal", 0, values=proposal_values(final), rationale="Our evidence.")


def thread_url(agreement, key: str) -> str:
    return reverse("negotiation:target", args=[agreement.area.code, agreement.targets.get(key=key).pk])


# ---- defect 1: a fresh form shows no error ------------------------------------------------


@pytest.mark.parametrize("who", ["officer", "go-manager", "partner", "clg"])
def test_a_fresh_negotiation_thread_shows_no_error_on_any_form(client_for, who):
    agreement = make_agreement()
    key = agreement.targets.filter(indicator__code="NI 16").values_list("key", flat=True).first() or \
        agreement.targets.order_by("id").first().key
    propose(agreement, key)
    response = client_for(who).get(thread_url(agreement, key))
    assert_no_error(response)
    if who in {"officer", "go-manager"}:
        assert 'name="kind"' in response.content.decode()  # the forms are there


def test_a_posted_error_shows_on_its_own_form_only(client_for):
    agreement = make_agreement()
    key = agreement.targets.order_by("id").first().key
    propose(agreement, key)
    response = client_for("go-manager").post(thread_url(agreement, key), {
        "kind": "challenge", "seen": "1", "challenge_reason": "", "text": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "no such element" not in html
    # The errors are on the challenge form; the counter-proposal's fields carry none.
    counter = html[html.index('value="counter_proposal"'):html.index('value="challenge"')]
    assert "govuk-error-message" not in counter
    challenge = html[html.index('value="challenge"'):]
    assert "govuk-error-message" in challenge


@pytest.mark.parametrize(("who", "path"), [
    ("officer", "negotiation:agreement"),
    ("officer", "negotiation:meetings"),
    ("officer", "negotiation:timetable"),
    ("go-director", "negotiation:agreement"),
    ("officer", "signoff:agreement"),
    ("officer", "agreements:edit"),
    ("officer", "agreements:add_outcome"),
    ("officer", "agreements:add_consultation"),
    ("officer", "agreements:import"),
])
def test_every_fresh_form_shows_no_error(client_for, who, path):
    agreement = make_agreement()
    assert_no_error(client_for(who).get(reverse(path, args=[agreement.area.code])))


def test_the_fresh_target_form_shows_no_error(client_for):
    agreement = make_agreement()
    target = agreement.targets.order_by("id").first()
    assert_no_error(client_for("officer").get(reverse("agreements:edit_target", args=["E2221", target.pk])))


# ---- defect 2: settled before submission, each refusal offers its step -------------------


def test_submission_is_refused_while_a_thread_is_open_and_the_page_links_to_it(client_for):
    agreement = make_agreement()
    key = agreement.targets.order_by("id").first().key
    propose(agreement, key)
    acknowledge_all(agreement)
    page = client_for("officer").get(reverse("signoff:agreement", args=["E2221"]))
    text = words(page)
    assert f"negotiation is still open (proposed or under negotiation) on {key}" in text
    assert f'href="{thread_url(agreement, key)}"' in page.content.decode()
    assert f"Settle the negotiation of {key}" in text
    # Posting anyway changes nothing.
    response = client_for("officer").post(reverse("signoff:take", args=["E2221", "submit"]),
                                          {"expected_state": "draft", "confirmed": "yes"})
    assert response.status_code == 400
    assert Agreement.objects.get(pk=agreement.pk).state == S.DRAFT


def test_a_thread_left_open_in_a_submitted_agreement_is_no_dead_end(client_for):
    """An agreement submitted before ADR 0007 with a thread open: the GO's refusal links
    to the thread, the thread says the truth and offers what closes it, and the sign-off
    page offers the return to draft that reopens negotiation."""
    agreement = make_agreement()
    key = agreement.targets.order_by("id").first().key
    advance(agreement, S.SUBMITTED)
    Agreement.objects.filter(pk=agreement.pk).update(state=S.DRAFT)
    propose(agreement, key)
    Agreement.objects.filter(pk=agreement.pk).update(state=S.SUBMITTED)
    go = client_for("go-manager")
    signoff = go.get(reverse("signoff:agreement", args=["E2221"]))
    assert f'href="{thread_url(agreement, key)}"' in signoff.content.decode()
    assert "Return to draft" in words(signoff)
    thread = words(go.get(thread_url(agreement, key)))
    assert "Your turn: answer proposal" not in thread
    assert "Accept proposal" not in thread and "Counter-propose" not in thread
    assert "its negotiation is over: to negotiate again it must be returned to draft" in thread
    officer_thread = words(client_for("officer").get(thread_url(agreement, key)))
    assert "Withdraw from the negotiation" in officer_thread
    assert "The agreement's sign-off" in officer_thread


def test_the_officer_reaches_the_negotiation_from_the_agreement_sign_off_and_navigation(client_for):
    make_agreement()
    officer = client_for("officer")
    negotiation = reverse("negotiation:agreement", args=["E2221"])
    for page in (reverse("agreements:detail", args=["E2221"]), reverse("signoff:agreement", args=["E2221"])):
        assert f'href="{negotiation}"' in officer.get(page).content.decode(), page
    home = officer.get("/").content.decode()
    assert re.search(r'href="/negotiation/"[^>]*>\s*Negotiation\s*<', home)
    response = officer.get("/negotiation/")
    assert response.status_code == 302 and response["Location"] == negotiation


# ---- defect 7: irreversible steps need a confirmation --------------------------------------


def test_submit_without_confirmation_changes_nothing_and_leads_to_the_confirmation(client_for):
    agreement = make_agreement()
    acknowledge_all(agreement)
    officer = client_for("officer")
    sign_off = officer.get(reverse("signoff:agreement", args=["E2221"])).content.decode()
    confirm = reverse("signoff:confirm", args=["E2221", "submit"])
    assert f'href="{confirm}"' in sign_off  # the button leads to the confirmation page
    response = officer.post(reverse("signoff:take", args=["E2221", "submit"]), {"expected_state": "draft"})
    assert response.status_code == 302 and response["Location"] == confirm
    assert Agreement.objects.get(pk=agreement.pk).state == S.DRAFT
    assert not SignOffStatus.objects.filter(agreement=agreement).exists()
    page = officer.get(confirm)
    assert_no_error(page)
    text = words(page)
    assert "Submit to the Government Office?" in text
    assert "Its content can no longer be changed" in text
    assert "Yes, submit to the Government Office" in text
    response = officer.post(reverse("signoff:take", args=["E2221", "submit"]),
                            {"expected_state": "draft", "confirmed": "yes"})
    assert response.status_code == 302
    assert Agreement.objects.get(pk=agreement.pk).state == S.SUBMITTED


@pytest.mark.parametrize(("name", "start", "follows"), [
    ("approve", S.RECOMMENDED, "its content is frozen"),
    ("designate", S.APPROVED, "have regard to them"),
    ("publish", S.DESIGNATED, "become public"),
])
def test_the_secretary_of_states_steps_need_a_confirmation(client_for, settings, name, start, follows):
    settings.LAA_TODAY = "2008-06-30"
    agreement = advance(make_agreement(), start)
    clg = client_for("clg")
    response = clg.post(reverse("signoff:take", args=["E2221", name]), {"expected_state": start.value})
    assert response.status_code == 302 and response["Location"].endswith("/confirm")
    assert Agreement.objects.get(pk=agreement.pk).state == start
    page = clg.get(response["Location"])
    assert_no_error(page)
    assert follows in words(page)
    clg.post(reverse("signoff:take", args=["E2221", name]), {"expected_state": start.value, "confirmed": "yes"})
    assert Agreement.objects.get(pk=agreement.pk).state != start


def test_a_step_back_needs_no_confirmation(client_for):
    """Returning to draft can be undone (submit again): it stays one form with its reason."""
    agreement = advance(make_agreement(), S.SUBMITTED)
    client_for("officer").post(reverse("signoff:take", args=["E2221", "return_to_draft"]),
                               {"expected_state": "submitted", "reason": "NI 116 to rework."})
    assert Agreement.objects.get(pk=agreement.pk).state == S.DRAFT


# ---- smaller points (item 9) --------------------------------------------------------------


def test_a_closed_thread_of_a_published_agreement_says_the_truth(client_for, settings):
    settings.LAA_TODAY = "2008-06-30"
    agreement = make_agreement()
    key = agreement.targets.order_by("id").first().key  # NI 1: higher is better
    from .matrix_negotiation import proposal_values

    add(agreement, key, "officer", "proposal", 0, rationale="Our evidence.",
        values={**proposal_values("12.5"), "target_2008_09": "10.8", "target_2009_10": "11.5"})
    add(agreement, key, "go-manager", "accept", 1, proposal=1)
    advance(agreement, S.PUBLISHED)
    for who in ("officer", "go-manager"):
        text = words(client_for(who).get(thread_url(agreement, key)))
        assert "can be reopened" not in text
        assert "Reopen the negotiation" not in text
        assert "its negotiation is over and its targets change only through a revision" in text


def test_proposals_are_numbered_in_the_thread_without_gaps(client_for):
    agreement = make_agreement()
    key = agreement.targets.order_by("id").first().key
    propose(agreement, key)
    add(agreement, key, "go-manager", "challenge", 1, challenge_reason="ambition", text="Too low.")
    from .matrix_negotiation import proposal_values

    add(agreement, key, "officer", "proposal", 2, values=proposal_values("8.0"), rationale="Stretched.")
    text = words(client_for("go-manager").get(thread_url(agreement, key)))
    assert "Proposal #1" in text and "Proposal #2" in text
    assert "#3" not in text
    assert "Accept proposal #2" in text


def test_the_counter_proposal_form_starts_from_the_proposals_partners(client_for):
    agreement = make_agreement()
    key = agreement.targets.order_by("id").first().key
    propose(agreement, key)
    html = client_for("go-manager").get(thread_url(agreement, key)).content.decode()
    partners = re.search(r'<textarea[^>]*name="partners"[^>]*>(.*?)</textarea>', html, re.S)
    assert partners, "no partners field"
    assert "Kent Police Authority" in partners.group(1)
    assert "Kent Fire and Rescue Service" in partners.group(1)
