"""The rules' findings on an agreement in the database."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q

from laa.agreements.convert import agreement_to_draft
from laa.agreements.models import Agreement
from laa.agreements.shared_designation import shared_designated
from laa.catalogue.facts import indicator_facts
from laa.domain.composition import AgreementDraft
from laa.domain.rules import Finding, check_agreement
from laa.domain.rules.reward import stale_reward, stale_reward_message
from laa.places.models import Organisation


def partner_authorities(draft: AgreementDraft, area) -> dict[str, bool] | None:
    """The organisations the draft signs up whose kind the service knows (the area's own,
    else one serving no single area; confirmed, not merely proposed): whether each is a
    partner authority (s104, D6). A name not in it is unknown, and the rules say so;
    None when there is no area to know organisations of."""
    if area is None:
        return None
    names = {p.organisation for t in draft.targets for p in t.partners}
    if not names:
        return {}
    kinds: dict[str, bool] = {}
    known = Organisation.objects.known().filter(Q(area=area) | Q(area__isnull=True), name__in=names)
    for org in known.order_by("area_id"):
        if org.name not in kinds or org.area_id is not None:
            kinds[org.name] = org.is_partner_authority
    return kinds


def findings_for_draft(draft: AgreementDraft, agreement: Agreement) -> list[Finding]:
    partnership = getattr(agreement.area, "partnership", None)
    facts = indicator_facts(agreement.round, partnership_id=partnership.pk if partnership else None)
    # Checked for the agreement's first year, the year it is negotiated for: the statutory
    # targets in force then (D3); a set that changed later is met by DCSF-agreed omissions.
    return check_agreement(draft, facts, partner_authorities=partner_authorities(draft, agreement.area),
                           shared_designated=shared_designated(agreement.area))


def reward_notices(agreement: Agreement, targets) -> list[str]:
    """For targets whose values were just written: a notice, naming each target, whose
    reward element no longer fits its values and must be restated (D20,
    `laa.domain.rules.reward`). The same finding blocks submission until it is."""
    with_reward = [t for t in targets if t.reward is not None]
    if not with_reward:
        return []
    partnership = getattr(agreement.area, "partnership", None)
    facts = indicator_facts(agreement.round, partnership_id=partnership.pk if partnership else None)
    notices = []
    for t in with_reward:
        problems = stale_reward(t, facts.get(t.indicator))
        if problems:
            notices.append(stale_reward_message(t.label, problems))
    return notices


def visible_findings(findings: list[Finding], visible_keys: set[str]) -> list[Finding]:
    """The findings a reader may see: agreement-wide ones and those on targets they may see."""
    return [f for f in findings if f.target is None or f.target in visible_keys]


def findings_for(agreement: Agreement) -> list[Finding]:
    return findings_for_draft(agreement_to_draft(agreement), agreement)


def by_target(findings: list[Finding]) -> tuple[list[Finding], dict[str, list[Finding]]]:
    """Agreement-wide findings, and the findings of each target by key."""
    general: list[Finding] = []
    per_target: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        (per_target[f.target] if f.target else general).append(f)
    return general, dict(per_target)
