"""The approved content is kept (issue 10): approval stores the whole agreement as an
agreement file beside its status row, and it reads back to the approved hash whatever
later happens to the live rows."""

from __future__ import annotations

import pytest

from laa.agreements.convert import agreement_to_draft
from laa.agreements.models import Target
from laa.audit.append_only import AppendOnly
from laa.domain.agreement_file import agreement_to_data, dump_json, parse_agreement
from laa.domain.content_hash import content_hash
from laa.domain.signoff import SignOffState as S
from laa.signoff.models import AgreementVersion, SignOffStatus

from .signoff_support import advance, make_agreement

pytestmark = pytest.mark.django_db


def test_approval_stores_the_content_that_reads_back_to_the_approved_hash():
    agreement = advance(make_agreement(), S.RECOMMENDED)
    expected = dump_json(agreement_to_draft(agreement))  # what the Secretary of State approves
    assert not AgreementVersion.objects.filter(agreement=agreement).exists()
    agreement = advance(agreement, S.APPROVED)

    stored = AgreementVersion.objects.get(agreement=agreement)
    assert stored.status == SignOffStatus.objects.get(agreement=agreement, transition="approve")
    assert stored.document == expected
    read_back = parse_agreement(stored.document).draft
    assert content_hash(agreement_to_data(read_back)) == stored.content_hash == agreement.content_hash

    # The live rows change later (a revision, a slip past the freeze): the stored content
    # still reads back to what was approved, and no longer matches the live agreement.
    target = agreement.targets.order_by("pk").first()
    Target.objects.filter(pk=target.pk).update(delivery_plan="Changed after approval")
    agreement.refresh_from_db()
    assert "Changed after approval" in dump_json(agreement_to_draft(agreement))
    assert "Changed after approval" not in stored.document
    stored.refresh_from_db()
    assert content_hash(agreement_to_data(parse_agreement(stored.document).draft)) == agreement.content_hash


def test_the_approved_content_cannot_be_changed_or_deleted():
    agreement = advance(make_agreement(), S.APPROVED)
    stored = AgreementVersion.objects.get(agreement=agreement)
    stored.document = "{}"
    with pytest.raises(AppendOnly):
        stored.save()
    with pytest.raises(AppendOnly):
        AgreementVersion.objects.filter(pk=stored.pk).update(document="{}")
    with pytest.raises(AppendOnly):
        stored.delete()


def test_steps_before_approval_store_no_content():
    agreement = advance(make_agreement(), S.RECOMMENDED)
    assert SignOffStatus.objects.filter(agreement=agreement).count() >= 3
    assert not AgreementVersion.objects.filter(agreement=agreement).exists()
