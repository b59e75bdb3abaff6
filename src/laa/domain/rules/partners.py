"""The rules about who is signed up to a target (D6): partner authorities with the duty
to have regard, a lead partner, a change and delivery plan."""

from __future__ import annotations

from collections.abc import Mapping

from laa.domain.composition import TargetDraft
from laa.domain.rules import registry as r
from laa.domain.rules.wording import listing


def not_partner_authority(label: str, organisation: str) -> str:
    """The message for a duty to have regard given to an organisation known not to be a
    partner authority (D6): the rule's, and the import's and the API's refusal."""
    return (
        f"{label}: {organisation} is not a partner authority (s104), so it cannot have the duty "
        "to have regard; sign it up as a voluntary partner."
    )


def check_partners(
    t: TargetDraft, label: str, authorities: Mapping[str, bool] | None, out: list[r.Finding]
) -> None:
    """`authorities` maps the organisations whose kind is known to whether each is a
    partner authority (None: no organisation is known); a sign-up stating no duty follows
    its organisation's kind. One named with the duty to have regard that the service does
    not know still counts for D6, with a warning naming it."""
    partners = t.partners
    # A partner counts for D6 if it has the duty to have regard (stated, or by default: a
    # duty not stated is have_regard unless the organisation is known not to be a partner
    # authority) and is not known to be other than a partner authority.
    counted = False
    if authorities is not None:
        unknown: list[str] = []
        for p in partners:
            known = authorities.get(p.organisation)
            if known is False:
                if p.duty == "have_regard":
                    out.append(r.DUTY_NOT_PARTNER_AUTHORITY.finding(
                        t.key, not_partner_authority(label, p.organisation)
                    ))
            elif p.duty != "voluntary":
                counted = True
                if known is None:
                    unknown.append(p.organisation)
        if unknown:
            out.append(r.UNKNOWN_ORGANISATION.finding(
                t.key,
                f"{label}: {listing(unknown)} {'is' if len(unknown) == 1 else 'are'} named with "
                "the duty to have regard but not known to the service as a partner authority "
                "of the area; check the name, or propose the organisation for the "
                "administrator to confirm.",
            ))
    else:
        for p in partners:
            if p.duty != "voluntary":
                counted = True
                break
    if t.category == "designated":
        if not counted:
            if partners:
                names = listing(p.organisation for p in partners)
                detail = (
                    f"only voluntary partners ({names}) are signed up, and the duty to have "
                    "regard does not apply to them"
                )
            else:
                detail = "no partner is signed up"
            out.append(r.NO_PARTNER_AUTHORITY.finding(
                t.key,
                f"{label}: a designated target needs at least one partner authority signed up "
                f"to it; {detail}.",
            ))
        if partners and not any(p.lead for p in partners):
            out.append(r.NO_LEAD_PARTNER.finding(
                t.key,
                f"{label}: none of the {len(partners)} partners signed up is named as the lead "
                "partner co-ordinating delivery.",
            ))
    if not t.delivery_plan.strip():
        out.append(r.NO_DELIVERY_PLAN.finding(
            t.key, f"{label}: no change and delivery plan is recorded for this target."
        ))

