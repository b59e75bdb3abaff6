"""MAAs' actions (ADR 0028; D17): composing in draft, the steps with their compare-and-set,
every signatory's signature, publication refused until all have signed (naming who has
not), and a designated target of Kent's approved agreement moved to the MAA by a revision."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from laa.agreements.models import Target
from laa.agreements.presenters import counts_view
from laa.agreements.shared_designation import shared_designated
from laa.audit.models import AuditEvent
from laa.domain.maa import GOVERNMENT, Measure, TargetIn, TargetKind
from laa.maa import actions
from laa.maa.models import MaaStatus, MaaTarget, MultiAreaAgreement, Signature
from laa.revisions import actions as revisions
from laa.signoff.versions import version_diff, versions_of

from .maa_support import (
    ASHFORD,
    JCP,
    KCC,
    LSC,
    MEDWAY,
    agreed_maa,
    draft_maa,
    medway_officer,
    org,
    person,
    published_maa,
    sign_all,
)
from .revisions_support import approved_kent, consent_all, designated_key

pytestmark = pytest.mark.django_db


def test_composing_refuses_bad_input_naming_the_field_and_saves_nothing():
    maa = draft_maa()
    before = (MaaTarget.objects.count(), AuditEvent.objects.count(), maa.version)
    bad = [
        (TargetIn("GVA", TargetKind.OTHER, "economy", measure=Measure("", "pounds", "up", "")), "measure_name"),
        (TargetIn("NI 999", TargetKind.NATIONAL, "economy", "NI 999", yearly={"2010/11": Decimal(1)}), "indicator"),
        (TargetIn("NI 152", TargetKind.DESIGNATED, "jobs", "NI 152", yearly={"2010/11": Decimal(1)}), "outcome"),
    ]
    for target, field in bad:
        with pytest.raises(actions.MaaError) as refused:
            actions.add_target(actor=person("officer"), maa=maa, target=target)
        assert field in refused.value.problems
    with pytest.raises(actions.MaaError) as partner:
        actions.add_contributor(actor=person("officer"), maa=maa, organisation=org(MEDWAY), contribution="x")
    assert "is a council" in partner.value.problems["organisation"]
    maa.refresh_from_db()
    assert (MaaTarget.objects.count(), AuditEvent.objects.count(), maa.version) == before


def test_only_a_participating_officer_composes():
    maa = draft_maa()
    for who in ("partner", "go-manager", "clg", "inspector"):
        with pytest.raises(PermissionDenied):
            actions.add_outcome(actor=person(who), maa=maa, key="x", title="X")


def test_the_maa_is_submitted_agreed_signed_by_everyone_and_published():
    maa = agreed_maa()
    assert [s.name for s in actions.required_signatories(maa)] == [ASHFORD, KCC, MEDWAY, GOVERNMENT, LSC, JCP]
    with pytest.raises(actions.MaaError) as early:
        actions.take_step(actor=person("clg"), maa=maa, step="publish", expected_state="agreed")
    assert "6 signatures missing" in early.value.message and ASHFORD in early.value.message
    with pytest.raises(PermissionDenied):  # the police are not a signatory's people
        actions.sign(actor=person("partner"), maa=maa, signatory=KCC, signed_by="Someone")
    with pytest.raises(PermissionDenied):  # Kent's officer does not sign for Medway
        actions.sign(actor=person("officer"), maa=maa, signatory=MEDWAY, signed_by="Someone")
    with pytest.raises(actions.MaaError) as nameless:
        actions.sign(actor=person("district"), maa=maa, signatory=ASHFORD, signed_by=" ")
    assert "signed_by" in nameless.value.problems
    sign_all(maa)
    with pytest.raises(actions.MaaConflict):
        actions.sign(actor=person("clg"), maa=maa, signatory=GOVERNMENT, signed_by="Again")
    maa.refresh_from_db()
    published = actions.take_step(actor=person("clg"), maa=maa, step="publish", expected_state="agreed")
    assert published.state == "published"
    assert list(MaaStatus.objects.filter(maa=maa).values_list("step", flat=True)) == ["submit", "agree", "publish"]
    assert Signature.objects.filter(maa=maa).count() == 6
    assert AuditEvent.objects.filter(action="maa-sign").count() == 6
    with pytest.raises(actions.MaaError) as after:
        actions.sign(actor=person("clg"), maa=maa, signatory=GOVERNMENT, signed_by="Late")
    assert "signed and published" in after.value.message


def test_a_step_from_a_stale_state_is_a_conflict_and_records_nothing():
    maa = draft_maa()
    actions.take_step(actor=person("officer"), maa=maa, step="submit", expected_state="draft")
    with pytest.raises(actions.MaaError) as stale:
        actions.take_step(actor=person("officer"), maa=maa, step="submit", expected_state="draft")
    assert stale.value.status == 409
    with pytest.raises(actions.MaaConflict):
        actions.take_step(actor=person("go-manager"), maa=maa, step="agree", expected_state="submitted",
                          expected_version=1)
    assert MaaStatus.objects.filter(maa=maa).count() == 1
    with pytest.raises(actions.MaaConflict):  # content is frozen once submitted
        actions.add_outcome(actor=person("officer"), maa=maa, key="more", title="More")


def test_submission_names_what_is_missing():
    maa = actions.create_maa(actor=person("officer"), code="bare", name="Bare", region=org(KCC).area.region,
                             councils=[org(KCC)])
    with pytest.raises(actions.MaaError) as refused:
        actions.take_step(actor=person("officer"), maa=maa, step="submit", expected_state="draft")
    assert "at least 2 participating councils (it has 1); an outcome; a target" in refused.value.message
    assert MultiAreaAgreement.objects.get(code="bare").state == "draft"


def test_the_maas_designated_target_counts_in_each_constituent_laa(settings):
    kent = approved_kent(settings)
    targets = list(Target.objects.filter(agreement=kent).select_related("indicator"))
    alone = counts_view(targets)["designated"]
    draft_maa()
    assert shared_designated(kent.area) == frozenset()  # a draft designates nothing yet
    MultiAreaAgreement.objects.update(state="submitted")
    assert shared_designated(kent.area) == {"NI 151"}
    counted = counts_view(targets, shared_designated(kent.area))
    assert counted["designated"] == alone + (0 if "NI 151" in {t.indicator.code for t in targets
                                                                if t.category == "designated"} else 1)
    assert "designated in a multi-area agreement" in counted["designated_text"]


def test_a_designated_target_moves_from_kents_agreement_to_the_maa(settings):
    kent = approved_kent(settings)
    maa = published_maa()
    key = designated_key(kent)
    with pytest.raises(actions.MaaError) as local:
        actions.propose_undesignation(actor=person("officer"), maa=maa, agreement=kent,
                                      key=Target.objects.filter(agreement=kent, category="local").first().key,
                                      outcome="economy")
    assert "is not designated" in local.value.problems["target"]
    moved = actions.propose_undesignation(actor=person("officer"), maa=maa, agreement=kent, key=key, outcome="economy")
    revision = moved.moved_by.revision
    assert revision.kind == "maa" and moved.kind == "national"
    with pytest.raises(actions.MaaError) as twice:
        actions.propose_undesignation(actor=person("officer"), maa=maa, agreement=kent, key=key, outcome="economy")
    assert "already moving" in twice.value.problems["target"]
    consent_all(revision)
    revision.refresh_from_db()
    approved = revisions.take_step(actor=person("clg"), revision=revision, step="approve", expected_state="consented")
    assert approved.made.number == 2
    first, second = versions_of(kent)
    diff = version_diff(first, second)
    assert [(t.key, t.kind) for t in diff.targets] == [(key, "changed")]  # moved, not deleted
    assert Target.objects.get(agreement=kent, key=key).category == "local"


def test_a_target_moves_only_to_a_published_maa_of_the_area(settings):
    kent = approved_kent(settings)
    maa = agreed_maa()
    with pytest.raises(actions.MaaError) as early:
        actions.propose_undesignation(actor=person("officer"), maa=maa, agreement=kent, key=designated_key(kent),
                                      outcome="economy")
    assert "not signed and published yet" in early.value.problems["target"]
    assert not MaaTarget.objects.filter(moved_by__isnull=False).exists()
    assert medway_officer()  # (Medway's officer exists for the signatures)
