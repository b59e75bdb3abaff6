"""A reward claim (issue 14): the partnership officer claims with the achieved values and
evidence, the Government Office checks and recommends, CLG determines; the determination
is published with each authority's capital, revenue and total, as a table and a CSV, and
keeps its own figures. Each step by its role only; a step on a claim that moved is refused."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.cache import cache

from laa.agreements.models import Agreement
from laa.audit.models import AuditEvent
from laa.performance.models import ClaimedValue, ClaimStatus, RewardClaim

from .page_text import text
from .reward_support import AFTER, SYSTEM, send

pytestmark = pytest.mark.django_db
CLAIMS = "/progress/E2221/reward/claims"


@pytest.fixture
def kent(kent_with_budgets_once, db, settings):
    settings.LAA_TODAY = AFTER
    return Agreement.objects.get(area__code="E2221")


def claim(client_for, who="officer", **data):
    return client_for(who).post(CLAIMS, {"value-0": "34.56", "value-1": "", "policy": "laa-2008-11/1",
                                         "evidence": "The hub's final values for 2010/11", **data})


def test_from_claim_to_published_determination(kent, client_for):
    send("NI 16,E2221,2010/11,34.56,final,,,\nNI 152,E2221,2010/11,67.5,provisional,,,\n")
    form = client_for("officer").get(CLAIMS).content.decode()
    assert "Value achieved: NI 16" in form and "Value achieved: NI 152" in form
    inputs = {re.search(r'name="(value-\d)"', tag)[1]: re.sub(r"\s+", " ", tag)
              for tag in re.findall(r"<input[^>]*>", form) if 'name="value-' in tag}
    assert 'value="34.56"' in inputs["value-0"]  # the hub's final value
    assert 'value=""' in inputs["value-1"]  # a provisional one is not offered
    made = claim(client_for)
    assert made.status_code == 302 and made["Location"] == f"{CLAIMS}/1"
    page = text(client_for("go-manager").get(f"{CLAIMS}/1"))
    assert "Claimed: Pat" in page or "Claimed:" in page
    assert "NI 16: 34.56" in page
    assert "60% of the enhancement achieved, so 60% of its share of £11,375,000: £6,825,000" in page
    assert "NI 152: no final value has been reported" in page
    assert "Recommend the claim" in page
    assert "Determine the grant" not in text(client_for("clg").get(f"{CLAIMS}/1"))  # not recommended yet
    recommended = client_for("go-manager").post(f"{CLAIMS}/1/recommend", {"version": "1", "note": "Checked"})
    assert recommended.status_code == 302
    assert "Determine the grant" in text(client_for("clg").get(f"{CLAIMS}/1"))
    determined = client_for("clg").post(f"{CLAIMS}/1/determine", {"version": "2", "note": ""})
    assert determined.status_code == 302
    published = text(client_for("partner").get(f"{CLAIMS}/1/determination"))
    assert "Kent: determination of the Performance Reward Grant" in published
    assert "under policy laa-2008-11/1" in published
    assert "Kent County Council £3,309,188 £3,309,188 £6,618,376" in published
    assert "Dover District Council £47,587 £47,587 £95,174" in published
    rows = list(csv.DictReader(io.StringIO(client_for("inspector").get(
        f"{CLAIMS}/1/determination.csv").content.decode())))
    assert [(r["authority"], r["capital"], r["revenue"], r["total"]) for r in rows] == [
        ("Kent County Council", "3309188", "3309188", "6618376"),
        ("Ashford Borough Council", "55725", "55725", "111450"),
        ("Dover District Council", "47587", "47587", "95174")]
    assert sum(int(r["total"]) for r in rows) == 6825000
    steps = list(ClaimStatus.objects.values_list("step", "role"))
    assert steps == [("claim", "partnership_officer"), ("recommend", "go_officer"), ("determine", "clg")]
    assert AuditEvent.objects.filter(action__in=["reward-claim", "reward-recommend", "reward-determine"]).count() == 3
    api = client_for("clg").get("/api/v1/performance/E2221/reward/claims").json()
    assert api[0]["state"] == "determined" and api[0]["steps"][-1]["figures"]["payable"] == "6825000"


def test_a_determination_keeps_its_figures_when_the_budget_is_corrected(kent, client_for):
    from laa.performance.reward_actions import record_budget

    claim(client_for)
    client_for("go-manager").post(f"{CLAIMS}/1/recommend", {"version": "1", "note": "Checked"})
    client_for("clg").post(f"{CLAIMS}/1/determine", {"version": "2"})
    record_budget(actor=SYSTEM, area=kent.area, authority="Kent County Council", year="2007/08", amount="1",
                  source="A correction")
    published = text(client_for("clg").get(f"{CLAIMS}/1/determination"))
    assert "Kent County Council £3,309,188" in published
    live = client_for("clg").get("/api/v1/performance/E2221/reward?policy=laa-2008-11/1").json()
    assert live["budget"] == "27550001.00"  # the live calculation reads the corrected figure


@pytest.mark.parametrize("who", ["partner", "go-manager", "clg", "inspector"])
def test_only_the_partnership_officer_claims(kent, client_for, who):
    assert claim(client_for, who).status_code == 403
    assert "Make the claim" not in text(client_for(who).get(CLAIMS))
    assert not RewardClaim.objects.exists()


@pytest.mark.parametrize(("data", "message"), [
    ({"value-0": "lots"}, "NI 16: the value achieved must be a number, like 17.5"),
    ({"evidence": " "}, "Give the evidence behind the achieved values"),
    ({"value-0": ""}, "Enter the value achieved for at least one reward target"),
    ({"policy": "nope"}, "There is no reward policy 'nope'"),
])
def test_a_bad_claim_is_refused_naming_the_field_nothing_written(kent, client_for, data, message):
    response = claim(client_for, **data)
    assert response.status_code in {400, 422}
    assert message in text(response)
    links = re.findall(r'<a href="#([^"]+)"', response.content.decode())
    assert links and all(f'id="{anchor}"' in response.content.decode() for anchor in links)  # each to its field
    assert not RewardClaim.objects.exists() and not ClaimedValue.objects.exists()


def test_each_step_by_its_role_and_a_stale_step_is_refused(kent, client_for):
    claim(client_for)
    assert client_for("clg").post(f"{CLAIMS}/1/recommend", {"version": "1", "note": "x"}).status_code == 403
    assert client_for("go-manager").post(f"{CLAIMS}/1/determine", {"version": "1"}).status_code == 403
    no_note = client_for("go-manager").post(f"{CLAIMS}/1/recommend", {"version": "1", "note": ""})
    assert no_note.status_code == 422 and "Say what you checked" in text(no_note)
    assert client_for("go-manager").post(f"{CLAIMS}/1/recommend", {"version": "1", "note": "ok"}).status_code == 302
    stale = client_for("go-director").post(f"{CLAIMS}/1/recommend", {"version": "1", "note": "ok"})
    assert stale.status_code == 409 and "Claim 1 is recommended by the government office now" in text(stale)
    early = client_for("clg").get(f"{CLAIMS}/1/determination")
    assert early.status_code == 404
    assert ClaimStatus.objects.count() == 2


def test_the_grant_determination_as_a_pdf(kent, client_for, django_capture_on_commit_callbacks):
    """Printed by the worker once CLG determines (ADR 0024, "Later"): until then the
    reader is told it is being prepared (202), the printing asked once; then served."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from laa.performance.tasks import print_determination

    cache.clear()  # "asked once a minute" is kept in the cache: an earlier test's claim may have had this row's id
    claim(client_for)
    client_for("go-manager").post(f"{CLAIMS}/1/recommend", {"version": "1", "note": "Checked"})
    with django_capture_on_commit_callbacks(execute=True):
        client_for("clg").post(f"{CLAIMS}/1/determine", {"version": "2"})
    queued = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path__endswith="print_determination")
    assert [r.args_kwargs["args"] for r in queued] == [[RewardClaim.objects.get(number=1).pk]]
    with django_capture_on_commit_callbacks(execute=True):  # the backend enqueues on commit
        waiting = client_for("officer").get(f"{CLAIMS}/1/determination.pdf")
    assert waiting.status_code == 202 and "The PDF is being prepared" in text(waiting)
    assert f'href="{CLAIMS}/1/determination"' in waiting.content.decode()
    assert queued.all().count() == 2  # the reader's request asked once more; a refresh within the minute does not
    with django_capture_on_commit_callbacks(execute=True):
        client_for("officer").get(f"{CLAIMS}/1/determination.pdf")
    assert queued.all().count() == 2

    fingerprint = print_determination.call(RewardClaim.objects.get(number=1).pk)
    assert len(fingerprint) == 64 and print_determination.call(RewardClaim.objects.get(number=1).pk) == fingerprint
    response = client_for("officer").get(f"{CLAIMS}/1/determination.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response.content.rstrip().endswith(b"%%EOF") and len(response.content) > 5000
    from django.template.loader import render_to_string

    from laa.accounts.models import User
    from laa.performance import reward_printing, reward_views
    agreement, found, row = reward_views.determined(User.objects.get(username="officer"), "E2221", 1)
    printed = render_to_string("performance/reward_determination.html",
                               reward_printing.printing_context(agreement, found, row))
    assert "Kent County Council" in printed and "£6,618,376" in printed and "Printed [printed-on]" in printed
    assert "govuk-header" not in printed  # the print page, not the site's
    assert client_for("officer").get(f"{CLAIMS}/1/determination.pdf").content == response.content  # kept
