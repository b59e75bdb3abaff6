"""Kent's published agreement with two versions, for the version tests: version 1 as
approved (in force from the day of approval), version 2 a refresh in force from 31 March
2009 in which NI 152's 2009/10 target was renegotiated, the NI 32 placeholder got its
targets and one local target was dropped.

The refresh itself (its negotiation and approval) is a later slice of issue 12; here
version 2 is written as its approval will write it: the live agreement, changed, kept
through `record_version` beside a status row of the step that approved it."""

from __future__ import annotations

from datetime import date

from laa import clock
from laa.agreements.models import Agreement, Target
from laa.signoff.checks import approved_content_of
from laa.signoff.models import AgreementVersion, SignOffStatus
from laa.signoff.versions import record_version

from .signoff_support import S, advance, make_agreement

REFRESH_DAY = date(2009, 3, 31)


def published_kent() -> Agreement:
    return advance(make_agreement(), S.PUBLISHED)


def refresh(agreement: Agreement, *, in_force_from: date = REFRESH_DAY) -> tuple[AgreementVersion, str]:
    """Change the live agreement as a refresh would, and keep it as the next version.
    Returns the version and the key of the dropped local target."""
    ni152 = Target.objects.get(agreement=agreement, key="NI 152")
    Target.objects.filter(pk=ni152.pk).update(yearly={**ni152.yearly, "2009/10": "66.0"})
    Target.objects.filter(agreement=agreement, key="NI 32").update(
        yearly={"2009/10": "12.0", "2010/11": "11.0"}, placeholder_reason="", placeholder_set_at="",
    )
    dropped = Target.objects.filter(agreement=agreement, category="local").order_by("position", "id").last()
    dropped_key = dropped.key
    dropped.partners.all().delete()
    dropped.delete()
    agreement.refresh_from_db()
    status = SignOffStatus.objects.create(
        agreement=agreement, from_state=agreement.state, to_state=agreement.state, transition="approve",
        by_name="Hazel Blears", role="clg", at=clock.now(), agreement_version=agreement.version,
    )
    document, content_hash = approved_content_of(agreement)
    version = record_version(agreement=agreement, status=status, document=document, content_hash=content_hash,
                             in_force_from=in_force_from)
    return version, dropped_key
