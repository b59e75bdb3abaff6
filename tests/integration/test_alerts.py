"""Alerts (issue 13): following from the pages, and `laa alerts`' daily digest: a
department's import turns Kent's targets off track and at risk, and the follower is told
once, with links; nothing twice; a mail that fails records nothing and is sent the next
day; what may not be read cannot be followed."""

from __future__ import annotations

import io
from datetime import date
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from laa.accounts.models import User
from laa.agreements.models import Agreement
from laa.hub import actions as hub
from laa.performance.alert_models import AlertDigest, AlertTold, Following
from laa.permissions import SystemActor

from .page_text import text

pytestmark = pytest.mark.django_db

DAY = "2009-06-30"
VALUES = (
    "NI 16,E2221,2008/09 Q4,38.00,final,,,\n"      # target 35.40: off track
    "NI 20,E2221,2008/09 Q4,39.40,provisional,,,\n"  # target 39.33: at risk
    "NI 30,E2221,2008/09,69.0,final,,,\n"          # lower is better: on track
)


@pytest.fixture
def kent(published_kent_once, db, settings):
    """Kent's published agreement, built once for the module."""
    settings.LAA_TODAY = DAY
    return Agreement.objects.get(area__code="E2221")


def send(rows: str) -> None:
    body = ("indicator,area,period,value,status,ci_lower,ci_upper,sample_size\n" + rows).encode()
    report = hub.import_values(actor=SystemActor("a test"), name="values.csv", stream=io.BytesIO(body), size=len(body))
    assert not report.rejected, report


def alerts(day: str, *args: str) -> str:
    out = io.StringIO()
    call_command("alerts", "--date", day, "--site", "https://laa.example", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_follower_is_told_once_of_the_targets_an_import_turned(kent, client_for):
    officer = client_for("officer")
    page = officer.get("/progress/E2221")
    assert "Follow Kent's targets and values" in text(page)
    followed = officer.post("/alerts/follow", {"kind": "area", "area": "E2221", "next": "/progress/E2221"})
    assert followed.status_code == 302 and followed["Location"] == "/progress/E2221"
    assert "You follow Kent" in text(officer.get("/progress/E2221"))
    assert "Kent: every target and value" in text(officer.get("/alerts/"))

    send(VALUES)  # the department's import
    out = alerts("2009-07-01")
    assert "Sent 1 digests for 2009-07-01" in out
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [User.objects.get(username="officer").email]
    body = message.body
    assert "Targets that turned at risk or off track (2)" in body
    assert "Kent, NI 16: off track in 2008/09 (was no judgement)." in body
    assert "Kent, NI 20: at risk in 2008/09 (was no judgement)." in body
    assert "NI 30" not in body.split("Values published")[0]  # on track: not an alert
    assert "https://laa.example/progress/E2221#progress-ni-16-1" in body
    assert "Values published (3)" in body and "NI 16 for Kent: 1 value published by" in body

    # the same day again, and the next day: nothing twice
    alerts("2009-07-01")
    assert "followers had nothing new" in alerts("2009-07-02")
    assert len(mail.outbox) == 1
    assert AlertDigest.objects.filter(items__gt=0).count() == 1
    assert AlertTold.objects.count() == 5
    assert "Local Area Agreements: 5 changes in what you follow" in text(officer.get("/alerts/"))


def test_a_target_that_gets_better_then_worse_again_is_told_again(kent, client_for):
    officer = client_for("officer")
    assert officer.post("/alerts/follow", {"kind": "target", "area": "E2221", "target": "NI 16"}).status_code == 302
    send("NI 16,E2221,2008/09 Q4,38.00,final,,,\n")
    alerts("2009-07-01")
    send("NI 16,E2221,2008/09 Q4,35.00,final,,,\n")  # corrected: on track
    alerts("2009-07-02")
    send("NI 16,E2221,2008/09 Q4,35.50,final,,,\n")  # short by 0.10 of a step of 0.60: at risk
    alerts("2009-07-03")
    turned = [m.body for m in mail.outbox if "Targets that turned" in m.body]
    assert len(turned) == 2
    assert "off track in 2008/09 (was no judgement)" in turned[0]
    assert "at risk in 2008/09 (was on track)" in turned[1]
    assert all("NI 20" not in m.body for m in mail.outbox)  # only the target followed


def test_a_mail_that_fails_records_nothing_and_goes_the_next_day(kent, client_for):
    client_for("officer").post("/alerts/follow", {"kind": "indicator", "indicator": "NI 16"})
    send(VALUES)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError("no mail server")):
        with pytest.raises(CommandError, match="1 digests could not be sent: officer"):
            alerts("2009-07-01")
    assert not AlertDigest.objects.exists() and not AlertTold.objects.exists()
    assert "Sent 1 digests" in alerts("2009-07-02")
    assert len(mail.outbox) == 1 and "NI 16 for Kent: 1 value published" in mail.outbox[0].body
    assert "NI 20" not in mail.outbox[0].body  # an indicator followed: its values only


def test_a_dry_run_sends_and_records_nothing(kent, client_for):
    client_for("officer").post("/alerts/follow", {"kind": "area", "area": "E2221"})
    send(VALUES)
    assert "Would send 1 digests" in alerts("2009-07-01", "--dry-run")
    assert not mail.outbox and not AlertDigest.objects.exists()


def test_what_cannot_be_followed_is_said_and_nothing_is_saved(kent, client_for):
    officer = client_for("officer")
    cases = [
        ({"kind": "everything"}, "Choose a target, an indicator or an area to follow"),
        ({"kind": "area", "area": "E9999"}, "There is no such area"),
        ({"kind": "target", "area": "E2221", "target": "NI 999"}, "Kent's agreement in force has no target 'NI 999'"),
        ({"kind": "indicator", "indicator": "NI 999"}, "There is no such indicator"),
    ]
    for data, message in cases:
        response = officer.post("/alerts/follow", data)
        assert response.status_code == 400, data
        page = text(response)
        assert "There is a problem" in page and message in page, page[:500]
    # a department does not read an area's progress: it cannot follow it
    assert client_for("department").post("/alerts/follow", {"kind": "area", "area": "E2221"}).status_code == 403
    assert not Following.objects.exists()


def test_a_person_stops_following_only_their_own(kent, client_for):
    officer, go = client_for("officer"), client_for("go-manager")
    officer.post("/alerts/follow", {"kind": "area", "area": "E2221"})
    mine = Following.objects.get()
    assert go.post(f"/alerts/{mine.pk}/unfollow").status_code == 404
    assert "You follow nothing yet" in text(go.get("/alerts/"))
    assert officer.post(f"/alerts/{mine.pk}/unfollow").status_code == 302
    assert not Following.objects.exists()


def test_following_twice_is_one_following(kent, client_for):
    officer = client_for("officer")
    for _ in range(2):
        officer.post("/alerts/follow", {"kind": "indicator", "indicator": "NI 16"})
    assert Following.objects.count() == 1
    assert Following.objects.get().followed_on == date(2009, 6, 30)
