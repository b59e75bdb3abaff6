"""Versions of an approved agreement (ADR 0020): writing the next one, and reading them
back (the version in force on a day, a version's agreement-file draft, the diff of two).

A version keeps the agreement as the agreement file in JSON (the writer the approve step
and the downloads use: `laa.domain.agreement_file.dump_json`), so reading one back is
`parse_agreement(version.document)`, and its hash is checked against the stored one.
The rules (which version is in force, what changed) are in `laa.domain.versions`.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Max

from laa import clock
from laa.agreements.models import Agreement
from laa.domain.agreement_file import agreement_to_data, dump_json, parse_agreement
from laa.domain.composition import AgreementDraft
from laa.domain.content_hash import content_hash
from laa.domain.versions import VersionDate, VersionDiff, compare, version_in_force
from laa.signoff.models import AgreementVersion, SignOffStatus


class VersionDamaged(Exception):
    """A stored version no longer reads back to its hash: never shown as if it did."""


def record_version(*, agreement: Agreement, status: SignOffStatus | None, document: str, content_hash: str,
                   in_force_from: date, approved_by_name: str = "", approved_role: str = "",
                   approved_at: datetime | None = None) -> AgreementVersion:
    """Append the agreement's next version (1 for the first). Called inside the action's
    transaction, after its compare-and-set on the agreement: two approvals cannot both get
    here, and the unique (agreement, number) would refuse the second if they did. A version
    that no sign-off step approved (a revision, ADR 0021) names its approver instead."""
    last = AgreementVersion.objects.filter(agreement=agreement).aggregate(last=Max("number"))["last"] or 0
    return AgreementVersion.objects.create(
        agreement=agreement, number=last + 1, in_force_from=in_force_from, status=status,
        document=document, content_hash=content_hash, approved_by_name=approved_by_name,
        approved_role=approved_role, approved_at=approved_at,
    )


def latest_version(agreement: Agreement) -> AgreementVersion | None:
    """The agreement's last version (the one a change is made to)."""
    return versions_of(agreement).order_by("-number").first()


def approved_content(draft: AgreementDraft) -> tuple[str, str]:
    """An agreement as a version keeps it: its agreement file in JSON, and its hash (what
    approval stores; `laa.signoff.checks.approved_content_of` for the live agreement)."""
    return dump_json(draft), content_hash(agreement_to_data(draft))


def versions_of(agreement: Agreement):
    """The agreement's versions, oldest first (with the step that approved each)."""
    return AgreementVersion.objects.filter(agreement=agreement).select_related("status").order_by("number")


def number_in_force(agreement: Agreement, day: date | None = None) -> int | None:
    """The number of the version in force on the day (today by the service's clock)."""
    dates = versions_of(agreement).values_list("number", "in_force_from")
    return version_in_force([VersionDate(n, d) for n, d in dates], on=day or clock.today())


def version_on(agreement: Agreement, day: date) -> AgreementVersion | None:
    """The version in force on the day; None if none was yet. One query: the agreement's
    few versions, their documents left to be read when asked for."""
    found = list(versions_of(agreement).defer("document"))
    number = version_in_force([VersionDate(v.number, v.in_force_from) for v in found], on=day)
    return next((v for v in found if v.number == number), None)


def version_draft(version: AgreementVersion) -> AgreementDraft:
    """The version's agreement, read back from its file and checked against its hash."""
    draft = parse_agreement(version.document, syntax="json").draft
    if content_hash(agreement_to_data(draft)) != version.content_hash:
        raise VersionDamaged(
            f"Version {version.number} of {version.agreement} does not read back to its fingerprint"
        )
    return draft


def version_diff(older: AgreementVersion, newer: AgreementVersion) -> VersionDiff:
    return compare(version_draft(older), version_draft(newer))
