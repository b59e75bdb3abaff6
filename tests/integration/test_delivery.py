"""Delivery's commentary, actions, exceptions and the board's challenges (issue 13) as the
people who use them see them: Kent's officer explains an off-track target and sets an
action; the partner authority speaks for its own targets only; the Government Office reads;
errors beside their fields, nothing saved; nothing overwritten."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote

import pytest

from laa.accounts.models import User
from laa.agreements.models import Agreement
from laa.performance.delivery_models import ActionDone, BoardChallenge, Commentary, DeliveryAction
from laa.performance.reading import area_progress, progress_agreement

from .page_text import text

pytestmark = pytest.mark.django_db

DAY = "2009-06-30"


@pytest.fixture
def kent(kent_in_delivery_once, db, settings):
    """Kent's published agreement with NI 16 off track and NI 20 at risk (provisional),
    built once for the module."""
    settings.LAA_TODAY = DAY
    return Agreement.objects.get(area__code="E2221")


def words(key: str) -> str:
    return f"/progress/E2221/targets?target={quote(key)}"


def commentary(client, key="NI 16", **given):
    data = {"form": "commentary", "target": key, "period": "2008/09 Q4",
            "why": "Burglary rose with the recession", "next_steps": "Target hardening in Dartford", **given}
    return client.post("/progress/E2221/targets", data)


def test_an_off_track_target_is_an_exception_until_it_is_explained(kent, client_for):
    officer = client_for("officer")
    page = text(officer.get("/progress/E2221/exceptions"))
    assert "1 exception" in page and "NI 16" in page and "Off track with no commentary for 2008/09 Q4" in page
    assert "NI 20" not in page  # at risk: not an exception

    assert "Commentary and actions on NI 16" in text(officer.get("/progress/E2221"))
    response = commentary(officer)
    assert response.status_code == 302 and response["Location"].endswith("#commentary")
    page = text(officer.get(words("NI 16")))
    assert "2008/09 Q4 (the latest): Pat Officer (demo)" in page
    assert "Why: Burglary rose with the recession What happens next: Target hardening in Dartford" in page
    assert "0 exceptions" in text(officer.get("/progress/E2221/exceptions"))
    progress = text(officer.get("/progress/E2221"))
    assert "The latest commentary, on 2008/09 Q4" in progress and "Burglary rose with the recession" in progress

    # a later word is another record: both kept, the latest first
    commentary(officer, why="Burglary fell back in May")
    assert Commentary.objects.count() == 2
    page = text(officer.get(words("NI 16")))
    assert page.index("Burglary fell back in May") < page.index("Burglary rose with the recession")


def test_an_overdue_action_is_an_exception_until_done(kent, client_for):
    officer = client_for("officer")
    commentary(officer)
    added = officer.post("/progress/E2221/targets", {"form": "action", "target": "NI 16", "text": "Extra patrols",
                                                    "owner": "Kent Police", "due-day": "1", "due-month": "6",
                                                    "due-year": "2009"})
    assert added.status_code == 302
    page = text(officer.get("/progress/E2221/exceptions"))
    assert "1 action overdue (the first was due on 1 June 2009: Kent Police)" in page
    assert "Extra patrols Kent Police 1 June 2009 Overdue" in text(officer.get(words("NI 16")))
    action = DeliveryAction.objects.get()
    assert officer.post("/progress/E2221/targets", {"form": "done", "target": "NI 16",
                                                    "action": str(action.pk)}).status_code == 302
    assert "0 exceptions" in text(officer.get("/progress/E2221/exceptions"))
    assert "Done on 30 June 2009" in text(officer.get(words("NI 16")))
    again = officer.post("/progress/E2221/targets", {"form": "done", "target": "NI 16", "action": str(action.pk)})
    assert again.status_code == 400 and "That action is done already" in text(again)
    assert ActionDone.objects.count() == 1


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"why": ""}, "why", "Say why the figure is what it is."),
    ({"next_steps": " "}, "next_steps", "Say what happens next."),
    ({"period": "2010/11"}, "period", "Choose the period the commentary is about."),
    ({"why": "x" * 20_001}, "why", "This must be 20,000 characters or fewer"),
])
def test_a_commentary_with_a_problem_is_shown_beside_its_field_and_not_saved(kent, client_for, data, field, message):
    response = commentary(client_for("officer"), **data)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'href="#{field}"' in html and message in text(response)
    assert not Commentary.objects.exists()


def test_an_action_with_a_problem_names_its_field(kent, client_for):
    response = client_for("officer").post("/progress/E2221/targets", {
        "form": "action", "target": "NI 16", "text": "", "owner": "", "due-day": "31", "due-month": "2",
        "due-year": "2009"})
    assert response.status_code == 400
    page = text(response)
    assert "Say what action was agreed." in page and "Say who owns the action" in page
    assert "The due date must be a real date, like 31 3 2009: not '2009-02-31'." in page
    assert 'href="#due-day"' in response.content.decode()
    assert not DeliveryAction.objects.exists()


def test_the_partner_authority_speaks_for_its_own_targets_only(kent, client_for):
    partner = User.objects.get(username="partner")
    draft_targets = [t.target for t in area_progress(partner, progress_agreement(partner, "E2221"),
                                                     date(2009, 6, 30)).targets]
    mine = next(t.key for t in draft_targets if any(p.organisation == partner.organisation.name for p in t.partners))
    others = next(t.key for t in draft_targets
                  if not any(p.organisation == partner.organisation.name for p in t.partners))
    client = client_for("partner")
    assert commentary(client, key=mine, period=_a_period(client, mine)).status_code == 302
    refused = commentary(client, key=others, period="2008/09")  # refused before its content is read
    assert refused.status_code == 403
    assert "Record the commentary" not in text(client.get(words(others)))
    assert Commentary.objects.filter(target=others).count() == 0


def _a_period(client, key: str) -> str:
    html = client.get(words(key)).content.decode()
    return re.search(r'<option value="([^"]+)"', html).group(1)


def test_the_government_office_reads_and_does_not_write(kent, client_for):
    commentary(client_for("officer"))
    go = client_for("go-manager")
    page = text(go.get(words("NI 16")))
    assert "Burglary rose with the recession" in page and "Record the commentary" not in page
    assert commentary(go, why="The GO's view").status_code == 403
    assert "Record the challenge" not in text(go.get("/progress/E2221/exceptions"))
    assert client_for("department").get(words("NI 16")).status_code == 403
    assert client_for("officer").get("/progress/E2221/targets?target=NI%20999").status_code == 404


def test_the_board_challenges_a_theme(kent, client_for):
    officer = client_for("officer")
    page = officer.get("/progress/E2221/exceptions").content.decode()
    theme = re.search(r'<option value="([^"]+)"', page.split('id="theme"')[1]).group(1)
    future = officer.post("/progress/E2221/exceptions", {"theme": theme, "held-day": "1", "held-month": "7",
                                                         "held-year": "2009", "decisions": "Extra patrols"})
    assert future.status_code == 400 and "must be today or before (30 June 2009)" in text(future)
    done = officer.post("/progress/E2221/exceptions", {"theme": theme, "held-day": "15", "held-month": "6",
                                                       "held-year": "2009", "decisions": "NI 16: extra patrols"})
    assert done.status_code == 302
    page = text(officer.get("/progress/E2221/exceptions"))
    assert f"{theme}, 15 June 2009 NI 16: extra patrols" in page
    assert BoardChallenge.objects.count() == 1
    assert client_for("partner").post("/progress/E2221/exceptions", {"theme": theme}).status_code == 403
