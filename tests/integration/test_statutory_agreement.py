"""Issue 8, defect 3: sign-off, the timetable and the dashboards agree that a statutory
target is agreed only by DCSF (D3, D10)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from laa.agreements.models import Target
from laa.dashboards.dashboards import national_view, region_dashboard
from laa.negotiation.progress import progress_for
from laa.places.models import Area
from laa.signoff import actions
from laa.web.demo import agree_statutory_targets, load_demo_agreement

from .signoff_support import S, acknowledge_all, advance, make_agreement, user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _milestones(db):
    from laa.negotiation.reference import load_milestones
    from laa.permissions import SystemActor

    load_milestones(actor=SystemActor("laa load-reference"))


def submitted_without_dcsf():
    """Kent's agreement submitted with none of its statutory targets agreed by DCSF."""
    agreement = make_agreement()
    acknowledge_all(agreement)
    actions.transition(actor=user("officer"), agreement=agreement, transition="submit", expected_state="draft")
    agreement.refresh_from_db()
    return agreement


def test_the_go_cannot_agree_while_dcsf_has_not_agreed_the_statutory_targets():
    agreement = submitted_without_dcsf()
    statutory = list(Target.objects.filter(agreement=agreement, category="statutory").values_list("key", flat=True))
    assert len(statutory) == 16
    with pytest.raises(actions.TransitionRefused) as refused:
        actions.transition(actor=user("go-manager"), agreement=agreement, transition="agree",
                           expected_state="submitted")
    assert refused.value.kind == "guard" and refused.value.status == 422
    assert "16 statutory targets still wait for DCSF's agreement" in refused.value.message
    assert all(key in refused.value.message for key in statutory)
    agreement.refresh_from_db()
    assert agreement.state == S.SUBMITTED


def test_the_api_refuses_the_gos_agreement_naming_the_targets(client_for):
    submitted_without_dcsf()
    answer = client_for("go-manager").post("/api/v1/sign-off/agreements/E2221/transitions/agree",
                                           {"expected_state": "submitted"}, content_type="application/json")
    assert answer.status_code == 422
    assert "NI 72" in answer.json()["detail"] and "DCSF" in answer.json()["detail"]


def test_once_dcsf_agreed_them_the_milestone_sign_off_and_dashboards_agree(settings):
    settings.LAA_TODAY = date(2008, 7, 10)
    agreement = make_agreement()
    kent = Area.objects.get(code="E2221")
    round_ = agreement.round
    # Nothing agreed yet: the milestone is overdue on 10 July 2008, not done.
    progress = progress_for([kent.pk], round_, date(2008, 7, 10)).of(kent.pk)
    assert progress.status_of("statutory_targets_agreed").value == "overdue"
    assert agree_statutory_targets(agreement, officer=user("officer"), dcsf=user("dcsf")) == 16
    assert agree_statutory_targets(agreement, officer=user("officer"), dcsf=user("dcsf")) == 0  # idempotent
    advance(agreement, S.PUBLISHED)
    progress = progress_for([kent.pk], round_, date(2008, 7, 10)).of(kent.pk)
    assert progress.status_of("statutory_targets_agreed").value == "done"  # agreed on 28 March 2008
    # Published: every target is agreed, and the dashboards say so.
    total = Target.objects.filter(agreement=agreement).count()
    row = next(r for r in region_dashboard(user("go-manager"), kent.region, round_, date(2008, 7, 10))["rows"] if r["code"] == "E2221")
    assert row["agreed"] == f"{total} of {total}"
    south_east = next(r for r in national_view(user("clg"), round_, date(2008, 7, 10))["regions"] if r["name"] == kent.region.name)
    assert south_east["agreed"] == f"{total} of {total}"


def test_a_submitted_agreement_counts_only_targets_agreed_in_negotiation(settings):
    settings.LAA_TODAY = date(2008, 5, 20)
    agreement = submitted_without_dcsf()
    kent = Area.objects.get(code="E2221")
    total = Target.objects.filter(agreement=agreement).count()
    row = next(r for r in region_dashboard(user("go-manager"), kent.region, agreement.round, date(2008, 5, 20))["rows"]
               if r["code"] == "E2221")
    assert row["agreed"] == f"0 of {total}"
    progress = progress_for([kent.pk], agreement.round, date(2008, 5, 20)).of(kent.pk)
    assert progress.status_of("statutory_targets_agreed").value == "overdue"  # D10: due 31 March


def test_the_demo_agreement_has_its_statutory_targets_agreed_by_dcsf():
    assert load_demo_agreement() is True
    agreement = Target.objects.filter(agreement__area__code="E2221").first().agreement
    statutory = Target.objects.filter(agreement=agreement, category="statutory").select_related("thread")
    assert statutory.count() == 16
    assert all(t.thread.status == "agreed" for t in statutory)
    assert {timezone.localdate(t.thread.last_at) for t in statutory} == {date(2008, 3, 28)}
    advance(agreement, S.AGREED_WITH_GO)  # so the demo can go on to publication
