"""A reward claim's later steps (issue 14, ADR 0024): the Government Office returns a claim
to the authority with what to put right, the officer amends it and claims again; CLG
determines another figure with its reason, or refuses; the authority withdraws before CLG
decides. Each step by its role, on the page and in the API, with its audit event and
status row; a step on a claim that moved since it was read is refused (409), nothing written."""

from __future__ import annotations

import pytest

from laa.agreements.models import Agreement
from laa.audit.models import AuditEvent
from laa.performance.models import ClaimedValue, ClaimStatus, RewardClaim

from .page_text import text
from .reward_support import AFTER, send

pytestmark = pytest.mark.django_db
CLAIMS = "/progress/E2221/reward/claims"
API = "/api/v1/performance/E2221/reward/claims"


@pytest.fixture
def kent(kent_with_budgets_once, db, settings):
    settings.LAA_TODAY = AFTER
    return Agreement.objects.get(area__code="E2221")


def claim(client_for, value="34.56"):
    made = client_for("officer").post(CLAIMS, {"value-0": value, "value-1": "", "policy": "laa-2008-11/1",
                                              "evidence": "The hub's final values for 2010/11"})
    assert made.status_code == 302


def step(client_for, who, name, version, **data):
    return client_for(who).post(f"{CLAIMS}/1/{name}", {"version": str(version), **data})


def test_returned_amended_and_claimed_again_then_recommended(kent, client_for):
    claim(client_for)
    page = text(client_for("go-manager").get(f"{CLAIMS}/1"))
    assert "Return the claim to the authority" in page and "Recommend the claim" in page
    assert "Withdraw the claim" not in page  # the authority's step
    no_reason = step(client_for, "go-manager", "return", 1, note=" ")
    assert no_reason.status_code == 422 and "Say what the authority must put right" in text(no_reason)
    assert 'href="#return-note"' in no_reason.content.decode() and 'id="return-note"' in no_reason.content.decode()
    returned = step(client_for, "go-manager", "return", 1, note="NI 16's figure is the provisional one")
    assert returned.status_code == 302
    officer = text(client_for("officer").get(f"{CLAIMS}/1"))
    assert "Kent · Returned to the authority" in officer
    assert "Returned to the authority: " in officer and "NI 16's figure is the provisional one" in officer
    assert "Claim again" in officer and "Withdraw the claim" in officer
    assert "Recommend the claim" not in text(client_for("go-manager").get(f"{CLAIMS}/1"))  # not while returned
    bad = step(client_for, "officer", "amend", 2, **{"value-0": "lots", "value-1": "", "evidence": "x",
                                                     "note": "Final figure"})
    assert bad.status_code == 422 and "NI 16: the value achieved must be a number" in text(bad)
    assert 'href="#amend-value-0"' in bad.content.decode()
    assert ClaimedValue.objects.count() == 1 and RewardClaim.objects.get().state == "returned"  # nothing written
    again = step(client_for, "officer", "amend", 2, **{"value-0": "34.38", "value-1": "", "note": "The final figure",
                                                       "evidence": "The hub's final value, published 30 June 2011"})
    assert again.status_code == 302
    page = text(client_for("go-manager").get(f"{CLAIMS}/1"))
    assert "Kent · Claimed" in page and "Claimed again: " in page and "NI 16: 34.38" in page
    assert "NI 16: 34.56" not in page  # the claim's values are the latest amendment's
    assert "80% of the enhancement achieved, so 80% of its share of £11,375,000: £9,100,000" in page
    assert "The hub's final value, published 30 June 2011" in page
    assert step(client_for, "go-manager", "recommend", 3, note="Checked").status_code == 302
    rows = list(ClaimStatus.objects.values_list("step", "from_state", "to_state"))
    assert rows == [("claim", "", "claimed"), ("return", "claimed", "returned"), ("amend", "returned", "claimed"),
                    ("recommend", "claimed", "recommended")]
    assert set(AuditEvent.objects.filter(action__startswith="reward-").values_list("action", flat=True)) == {
        "reward-claim", "reward-return", "reward-amend", "reward-recommend"}


def test_clg_determines_another_figure_with_its_reason(kent, client_for):
    claim(client_for)
    step(client_for, "go-manager", "recommend", 1, note="Checked")
    page = text(client_for("clg").get(f"{CLAIMS}/1"))
    assert "Determine the grant" in page and "Refuse the claim" in page
    assert "Leave blank to determine the figure calculated, £6,825,000" in page
    no_reason = step(client_for, "clg", "determine", 2, amount="6,000,000")
    assert no_reason.status_code == 422
    assert "Say why CLG determines £6,000,000 rather than the £6,825,000 calculated" in text(no_reason)
    too_much = step(client_for, "clg", "determine", 2, amount="30000000", note="x")
    assert too_much.status_code == 422 and "cannot be more than the potential grant, £22,750,000" in text(too_much)
    assert 'href="#determine-amount"' in too_much.content.decode()
    assert RewardClaim.objects.get().state == "recommended" and ClaimStatus.objects.count() == 2
    done = step(client_for, "clg", "determine", 2, amount="6,000,000", note="Part of NI 16's fall is a recount")
    assert done.status_code == 302
    published = text(client_for("officer").get(f"{CLAIMS}/1/determination"))
    assert ("CLG determined a grant of £6,000,000 rather than the £6,825,000 calculated (26% of the potential "
            "grant): Part of NI 16's fall is a recount") in published
    csv = client_for("officer").get(f"{CLAIMS}/1/determination.csv").content.decode()
    assert sum(int(line.rsplit(",", 1)[1]) for line in csv.strip().splitlines()[1:]) == 6000000


def test_clg_refuses_with_its_reason_and_nothing_is_published(kent, client_for):
    claim(client_for)
    step(client_for, "go-manager", "recommend", 1, note="Checked")
    assert step(client_for, "clg", "refuse", 2, note="").status_code == 422
    assert step(client_for, "clg", "refuse", 2, note="The outturn is not final").status_code == 302
    page = text(client_for("officer").get(f"{CLAIMS}/1"))
    assert "Kent · Refused by CLG" in page and "The outturn is not final" in page
    assert "Withdraw the claim" not in page and "Claim again" not in page
    assert client_for("officer").get(f"{CLAIMS}/1/determination").status_code == 404
    stale = step(client_for, "officer", "withdraw", 3, note="Too late")
    assert stale.status_code == 409 and "Claim 1 is refused by clg now: it cannot be withdrawn" in text(stale)


@pytest.mark.parametrize("state", ["claimed", "returned", "recommended"])
def test_the_authority_withdraws_before_clg_decides(kent, client_for, state):
    claim(client_for)
    version = 1
    if state == "returned":
        step(client_for, "go-manager", "return", 1, note="Evidence missing")
        version = 2
    if state == "recommended":
        step(client_for, "go-manager", "recommend", 1, note="Checked")
        version = 2
    assert step(client_for, "go-manager", "withdraw", version, note="x").status_code == 403
    assert step(client_for, "officer", "withdraw", version, note="").status_code == 422
    assert step(client_for, "officer", "withdraw", version, note="Claimed before the final figures").status_code == 302
    page = text(client_for("clg").get(f"{CLAIMS}/1"))
    assert "Kent · Withdrawn by the authority" in page and "Determine the grant" not in page
    assert ClaimStatus.objects.last().step == "withdraw"


def test_a_step_on_a_claim_that_moved_since_it_was_read_is_refused(kent, client_for):
    claim(client_for)
    assert step(client_for, "officer", "withdraw", 1, note="Wrong year").status_code == 302
    late = step(client_for, "go-manager", "recommend", 1, note="Checked")
    assert late.status_code == 409
    assert "Claim 1 is withdrawn by the authority now: it cannot be recommended" in text(late)
    assert ClaimStatus.objects.count() == 2


def test_the_api_takes_the_same_steps(kent, client_for):
    made = client_for("officer").post(API, {"values": [{"target": "NI 16", "value": "34.56"}],
                                            "evidence": "The hub", "policy": "laa-2008-11/1"},
                                      content_type="application/json")
    assert made.status_code == 201 and made.json()["state"] == "claimed" and made.json()["version"] == 1
    assert client_for("partner").post(f"{API}/1/steps/return", {"version": 1, "note": "x"},
                                      content_type="application/json").status_code == 403
    returned = client_for("go-manager").post(f"{API}/1/steps/return", {"version": 1, "note": "Evidence?"},
                                             content_type="application/json")
    assert returned.status_code == 200 and returned.json()["state"] == "returned"
    stale = client_for("go-director").post(f"{API}/1/steps/return", {"version": 1, "note": "Evidence?"},
                                           content_type="application/json")
    assert stale.status_code == 409 and "cannot be returned" in stale.json()["detail"]
    bad = client_for("officer").post(f"{API}/1/steps/amend", {"version": 2, "note": "Fixed", "evidence": "",
                                                              "values": [{"target": "NI 16", "value": "34.4"}]},
                                     content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"] == [
        {"field": "evidence", "message": "Give the evidence behind the achieved values"}]
    again = client_for("officer").post(f"{API}/1/steps/amend", {"version": 2, "note": "Fixed", "evidence": "Audit",
                                                                "values": [{"target": "NI 16", "value": "34.4"}]},
                                       content_type="application/json")
    assert again.json()["state"] == "claimed" and again.json()["steps"][-1]["figures"]["total"] == "8847222"
    client_for("go-manager").post(f"{API}/1/steps/recommend", {"version": 3, "note": "Checked"},
                                  content_type="application/json")
    determined = client_for("clg").post(f"{API}/1/steps/determine", {"version": 4, "amount": "8000000",
                                                                     "note": "Rounded down"},
                                        content_type="application/json")
    assert determined.status_code == 200 and determined.json()["steps"][-1]["figures"]["total"] == "8000000"
    assert client_for("clg").post(f"{API}/1/steps/fly", {"version": 5}, content_type="application/json"
                                  ).status_code == 404


def test_the_caa_view_shows_the_reward_in_brief(kent, client_for):
    send("NI 16,E2221,2010/11,34.56,final,,,\n")
    before = text(client_for("inspector").get("/progress/E2221/assessment"))
    assert ("Performance Reward Grant Potential grant £22,750,000 (policy laa-2008-11/1) Earned so far £6,825,000, "
            "30% of the potential Determined No claim has been determined") in before
    assert "The reward calculation, every figure explained" in before
    claim(client_for)
    step(client_for, "go-manager", "recommend", 1, note="Checked")
    step(client_for, "clg", "determine", 2, amount="6000000", note="A recount")
    after = text(client_for("inspector").get("/progress/E2221/assessment"))  # the kept page is read afresh
    assert "Determined £6,000,000 on claim 1 (£6,000,000 payable), 1 July 2011" in after
