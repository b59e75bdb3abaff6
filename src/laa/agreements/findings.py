"""The rules' findings on an agreement in the database."""

from __future__ import annotations

from collections import defaultdict

from laa.agreements.convert import agreement_to_draft
from laa.agreements.models import Agreement
from laa.catalogue.facts import indicator_facts
from laa.domain.composition import AgreementDraft
from laa.domain.rules import Finding, check_agreement


def findings_for_draft(draft: AgreementDraft, agreement: Agreement) -> list[Finding]:
    partnership = getattr(agreement.area, "partnership", None)
    facts = indicator_facts(agreement.round, partnership_id=partnership.pk if partnership else None)
    return check_agreement(draft, facts)


def findings_for(agreement: Agreement) -> list[Finding]:
    return findings_for_draft(agreement_to_draft(agreement), agreement)


def by_target(findings: list[Finding]) -> tuple[list[Finding], dict[str, list[Finding]]]:
    """Agreement-wide findings, and the findings of each target by key."""
    general: list[Finding] = []
    per_target: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        (per_target[f.target] if f.target else general).append(f)
    return general, dict(per_target)
