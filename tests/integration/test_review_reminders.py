"""`laa review remind` (issue 12: "reminders as for the 2008 round"): Kent's approved
agreement is reminded of its 2008/09 annual review in the last fortnight of winter and
after it, and of its refresh in the fortnight before 31 March until one is proposed; one
e-mail an area a day, to its partnership officer and its Government Office; a failed
e-mail records nothing."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from laa.accounts.models import User
from laa.reviews.models import ReminderSent

from .refresh_support import fill_ni32, propose, reviewed
from .reviews_support import reviewed_kent

pytestmark = pytest.mark.django_db


def remind(day: str, *more: str) -> str:
    out = io.StringIO()
    call_command("review", "remind", "--date", day, *more, stdout=out)
    return out.getvalue()


def addresses() -> list[str]:
    return sorted(User.objects.filter(username__in=["officer", "go-manager"]).values_list("email", flat=True))


def test_a_review_not_done_is_reminded_once_a_day_then_overdue(settings):
    reviewed_kent(settings)
    assert "Sent 0 reminders" in remind("2009-02-13")  # more than a fortnight before 28 February
    said = remind("2009-02-14")
    assert "Sent 1 reminders (1 reviews and refreshes) for 2009-02-14" in said
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Annual review and refresh of Kent's agreement: 1 due soon"
    assert "The 2008/09 annual review, to be completed by 28 February 2009 (Government Office)" in message.body
    assert "/reviews/E2221" in message.body
    assert set(addresses()) <= set(message.to)
    assert "Sent 0 reminders" in remind("2009-02-14")  # once a day
    assert len(mail.outbox) == 1
    remind("2009-03-01")
    assert mail.outbox[1].subject == "Annual review and refresh of Kent's agreement: 1 overdue"
    assert list(ReminderSent.objects.values_list("year", "kind", "urgency").order_by("day")) == [
        ("2008/09", "review", "due_soon"), ("2008/09", "review", "overdue")]


def test_a_completed_review_is_followed_by_the_refresh_until_it_is_proposed(settings):
    _, review = reviewed(settings)
    assert "Sent 0 reminders" in remind("2009-03-16")  # completed: its refresh not yet due soon
    remind("2009-03-17")
    assert "The 2008/09 refresh proposals, due by 31 March 2009 (the partnership)" in mail.outbox[0].body
    assert "/reviews/E2221/2008-09" in mail.outbox[0].body
    propose(review, [fill_ni32()])
    assert "Sent 0 reminders" in remind("2009-03-18")
    assert len(mail.outbox) == 1


def test_a_dry_run_and_a_failed_mail_record_nothing(settings):
    reviewed_kent(settings)
    said = remind("2009-03-02", "--dry-run")
    assert "Would send to" in said and "1 overdue" in said
    assert not mail.outbox and not ReminderSent.objects.exists()
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError("no mail server")):
        with pytest.raises(CommandError) as failed:
            remind("2009-03-02")
    assert "1 areas' reminders could not be sent: Kent" in str(failed.value)
    assert not ReminderSent.objects.exists()
    remind("2009-03-02")  # the next run tries again
    assert len(mail.outbox) == 1 and ReminderSent.objects.count() == 1


def test_a_bad_day_is_named(db):
    with pytest.raises(CommandError) as refused:
        remind("30 February")
    assert "--date: '30 February' is not a date" in str(refused.value)
