"""The designation deadline (D12): once the Secretary of State approves an agreement, its
targets must be designated within one month. The deadline shows as due soon or overdue on
CLG's national picture and the GO's region dashboard, and `laa remind` e-mails it to CLG."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command

from laa.negotiation.models import DesignationReminderSent
from laa.negotiation.reference import load_milestones
from laa.permissions import SystemActor

from .signoff_support import S, advance, make_agreement, step

pytestmark = pytest.mark.django_db

TITLE = "Secretary of State designates the targets (within one month of approval)"


@pytest.fixture(autouse=True)
def _fresh_fragments():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def approved_kent(settings):
    """Kent's agreement approved by the Secretary of State on 10 June 2008: designate by 10 July."""
    load_milestones(actor=SystemActor("laa load-reference"))
    agreement = advance(make_agreement(), S.RECOMMENDED)
    settings.LAA_TODAY = "2008-06-10"
    step(agreement, "approve", "clg")
    return agreement


def deadlines_section(html: str) -> str:
    return html.split('id="deadlines-heading"', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize(
    ("today", "shown"),
    [
        ("2008-06-12", None),  # 28 days left: upcoming, not yet a warning
        ("2008-06-30", "Due soon"),
        ("2008-07-10", "Due soon"),  # the last day
        ("2008-07-11", "Overdue"),
    ],
)
# Not "page": that is pytest-playwright's fixture, and naming it starts a browser in this process.
@pytest.mark.parametrize("path", ["/negotiation/national", "/negotiation/region"])
def test_the_dashboards_show_the_designation_deadline(approved_kent, client_for, settings, today, shown, path):
    settings.LAA_TODAY = today
    who = "clg" if path.endswith("national") else "go-manager"
    response = client_for(who).get(path)
    assert response.status_code == 200
    section = deadlines_section(response.content.decode())
    if shown is None:
        assert TITLE not in section
        return
    item = next(li for li in section.split("<li>") if TITLE in li)
    verb = "was due" if shown == "Overdue" else "due"
    assert f"{TITLE}: {verb} 10 July 2008" in item, item
    assert shown in item and "Kent" in item


def test_once_designated_the_deadline_is_no_longer_shown(approved_kent, client_for, settings):
    settings.LAA_TODAY = "2008-07-01"
    step(approved_kent, "designate", "clg")
    section = deadlines_section(client_for("clg").get("/negotiation/national").content.decode())
    assert TITLE not in section


def test_remind_emails_clg_the_designation_deadline_once_a_day(approved_kent, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LAA_TODAY = "2008-07-12"
    out = io.StringIO()
    call_command("remind", stdout=out)
    clg = [m for m in mail.outbox if m.subject.startswith("Designation of Local Area Agreement targets")]
    assert len(clg) == 1
    message = clg[0]
    assert message.to == ["clg@demo.invalid"]
    assert message.subject == "Designation of Local Area Agreement targets: 1 overdue"
    assert "- Kent: approved 10 June 2008, designate by 10 July 2008" in message.body
    assert "/sign-off/E2221" in message.body
    assert "Sent CLG the designation deadlines of 1 agreements." in out.getvalue()
    # The areas' own reminders do not carry it (partnership and GO are not the ones to act).
    assert not any(TITLE in m.body for m in mail.outbox if m not in clg)
    sent = len(mail.outbox)
    call_command("remind", stdout=io.StringIO())
    assert len(mail.outbox) == sent  # once a day
    assert DesignationReminderSent.objects.filter(area=approved_kent.area, day="2008-07-12").count() == 1


def test_remind_dry_run_sends_clg_nothing(approved_kent, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LAA_TODAY = "2008-07-01"
    out = io.StringIO()
    call_command("remind", "--dry-run", stdout=out)
    assert "Would send to clg@demo.invalid: Designation of Local Area Agreement targets: 1 due soon" in out.getvalue()
    assert not mail.outbox and not DesignationReminderSent.objects.exists()
