"""Issue 8, defect 4: every change of a target's values re-checks its reward element (D20).
Kent's NI 16 (lower is better): 34.20 by 2010/11, stretched target 34.20, 35.10 expected
without the reward. Moving the 2010/11 target to 33.50 leaves the stretched target short."""

from __future__ import annotations

import copy
import html as htmllib
import json
import re
from dataclasses import replace
from decimal import Decimal

import pytest

from laa.accounts.models import ApiToken, User
from laa.agreements import actions_import
from laa.agreements.findings import findings_for
from laa.agreements.models import Agreement, Target
from laa.negotiation import actions as negotiation
from laa.negotiation.scopes import Subject
from laa.permissions import SystemActor
from laa.signoff import actions as signoff
from laa.web.demo import load_demo_agreement

from .signoff_support import acknowledge_all, demo_draft, user

SYSTEM = SystemActor("a test")  # what a command acts as

pytestmark = pytest.mark.django_db
STALE = "D20.reward-stale"


@pytest.fixture
def kent(db) -> Agreement:
    load_demo_agreement()
    return Agreement.objects.get(area__code="E2221")


def ni16(agreement) -> Target:
    return Target.objects.get(agreement=agreement, key="NI 16")


def words(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", body)))


def stale_findings(agreement):
    return [f for f in findings_for(agreement) if f.rule == STALE]


def test_the_demo_agreement_reward_fits(kent):
    assert stale_findings(kent) == []


def test_accepting_a_proposal_that_moves_the_target_says_the_reward_must_be_restated(kent):
    target = ni16(kent)
    subject = Subject(agreement=kent, target=target)
    from laa.negotiation.values import values_of_target

    values = values_of_target(target)
    values["targets"] = {**values["targets"], "2010/11": "33.50"}
    proposal = negotiation.add_entry(actor=user("officer"), subject=subject, kind="proposal", seen=0,
                                     values=values, rationale="A stronger end point.")
    accepted = negotiation.add_entry(actor=user("go-manager"), subject=subject, kind="accept",
                                     seen=proposal.sequence, proposal=proposal.sequence)
    assert ni16(kent).yearly["2010/11"] == "33.5"
    [notice] = accepted.notices
    assert notice.startswith("NI 16") and "stretched target 34.20 falls short of the target for 2010/11 (33.5" in notice
    assert "Restate the reward element" in notice
    [finding] = stale_findings(kent)
    assert finding.severity == "error" and finding.target == "NI 16"
    # The stale reward blocks submission until it is restated.
    acknowledge_all(kent)
    with pytest.raises(signoff.TransitionRefused) as refused:
        signoff.transition(actor=user("officer"), agreement=kent, transition="submit", expected_state="draft")
    assert "rule error" in refused.value.message


def test_the_thread_page_shows_the_notice_after_accepting(kent, client_for):
    target = ni16(kent)
    from laa.negotiation.values import values_of_target

    values = values_of_target(target)
    values["targets"] = {**values["targets"], "2010/11": "33.50"}
    negotiation.add_entry(actor=user("officer"), subject=Subject(agreement=kent, target=target), kind="proposal",
                          seen=0, values=values, rationale="A stronger end point.")
    go = client_for("go-manager")
    path = f"/negotiation/areas/E2221/targets/{target.pk}"
    answer = go.post(path, {"kind": "accept", "seen": "1", "proposal": "1"}, follow=True)
    assert answer.status_code == 200
    page = words(answer)
    assert "Recorded" in page
    assert "NI 16: the reward element no longer fits the target's values" in page


def test_the_target_form_says_so(kent, client_for):
    target = ni16(kent)
    officer = client_for("officer")
    data = {
        "indicator": "NI 16", "category": "designated", "outcome": "safer",
        "baseline_value": "36.00", "baseline_period": "2007/08", "baseline_source": "Demonstration figure",
        "year_2008_09": "35.40", "year_2009_10": "34.80", "year_2010_11": "33.50",
        "partners": ["Kent Police Authority", "Kent Voluntary Sector Forum"], "lead": "Kent Police Authority",
        "delivery_plan": "Delivery plan SAFER-03", "reward_without": "35.10", "reward_stretched": "34.20",
        "reward_weight": "1", "version": str(target.version),
    }
    answer = officer.post(f"/agreements/E2221/targets/{target.pk}/edit", data, follow=True)
    assert answer.status_code == 200, words(answer)[:2000]
    page = words(answer)
    assert "You saved the target NI 16" in page
    assert "the reward element no longer fits the target's values" in page and "falls short" in page
    # Restated, the notice goes and so does the finding.
    target.refresh_from_db()
    data.update(reward_stretched="33.50", version=str(target.version))
    page = words(officer.post(f"/agreements/E2221/targets/{target.pk}/edit", data, follow=True))
    assert "You saved the target NI 16" in page and "no longer fits" not in page
    assert stale_findings(kent) == []


def test_the_api_put_returns_the_notice(kent):
    _, key = ApiToken.issue(user=User.objects.get(username="officer"), name="council system")
    from django.test import Client

    client = Client(headers={"Authorization": f"Bearer {key}"})
    body = client.get("/api/v1/agreements/E2221").json()
    data = copy.deepcopy(next(t for t in body["agreement"]["targets"] if t["key"] == "NI 16"))
    data["targets"]["2010/11"] = 33.5
    target = ni16(kent)
    answer = client.put(f"/api/v1/agreements/E2221/targets/{target.pk}",
                        json.dumps({"version": target.version, "target": data}), content_type="application/json")
    assert answer.status_code == 200, answer.content
    [notice] = answer.json()["notices"]
    assert notice.startswith("NI 16") and "falls short" in notice


def test_an_import_that_moves_the_target_notes_it(kent):
    draft = demo_draft()
    targets = tuple(replace(t, yearly={**t.yearly, "2010/11": Decimal("33.50")}) if t.key == "NI 16" else t
                    for t in draft.targets)
    result = actions_import.import_agreement(actor=SYSTEM, draft=replace(draft, targets=targets))
    assert len(result.notes) == 1 and result.notes[0].startswith("NI 16") and "falls short" in result.notes[0]
    assert actions_import.import_agreement(actor=SYSTEM, draft=draft).notes == []
