"""What the revisions' pages show (ADR 0021): standing tags, each change in words, the
consents needed and given, the history. Templates hold no logic beyond loops."""

from __future__ import annotations

from django.urls import reverse

from laa import clock
from laa.domain import refresh
from laa.domain.revisions import ChangeKind, Item, RevisionState, Standing, standing
from laa.presentation.presenters import govuk_date
from laa.revisions.changes import items_of
from laa.revisions.models import Revision

STANDING_TAGS = {Standing.PROPOSED: "govuk-tag--blue", Standing.CONSENTED: "govuk-tag--yellow",
                 Standing.APPROVED: "govuk-tag--turquoise", Standing.IN_FORCE: "govuk-tag--green",
                 Standing.WITHDRAWN: "govuk-tag--grey", Standing.REFUSED: "govuk-tag--red"}


def standing_of(revision: Revision) -> Standing:
    made = revision.made
    return standing(RevisionState(revision.state), made.in_force_from if made else None, clock.today())


def standing_tag(revision: Revision) -> dict[str, str]:
    s = standing_of(revision)
    return {"text": s.label, "classes": STANDING_TAGS[s]}


def describe(item: Item) -> str:
    """One change in words: "Add local target NI 28: 2009/10 7.1, 2010/11 6.8 (Kent Police Authority, ...)"."""
    if item.ground:
        return refresh.describe(item)
    values = ", ".join(f"{y} {v}" for y, v in sorted(item.yearly.items()))
    if item.kind is ChangeKind.ADD and item.new_target is not None:
        t = item.new_target
        values = ", ".join(f"{y} {v}" for y, v in sorted(t.yearly.items()))
        partners = ", ".join(p.organisation for p in t.partners)
        return f"Add local target {t.key}: {values} (signed up: {partners})"
    if item.kind is ChangeKind.AMEND:
        return f"Amend {item.target}'s targets: {values}"
    if item.kind is ChangeKind.EXCHANGE and item.new_target is not None:
        return f"Exchange designated target {item.target} for {item.new_target.key}"
    if item.kind is ChangeKind.TO_MAA:  # the reason names the MAA (laa.domain.maa.undesignation_reason)
        return f"Un-designate {item.target}: {item.reason}" if item.reason else f"Un-designate {item.target}"
    return f"Drop {item.target}"


def href(revision: Revision) -> str:
    return reverse("revisions:revision", args=[revision.agreement.area.code, revision.number])


def consent_rows(needed, consents) -> list[dict]:
    given = {c.organisation: c for c in consents}
    rows = []
    for name in needed:
        c = given.get(name)
        rows.append({"organisation": name,
                     "tag": ({"text": "Consents", "classes": "govuk-tag--green"} if c and c.consents else
                             {"text": "Refuses", "classes": "govuk-tag--red"} if c else
                             {"text": "Waiting", "classes": "govuk-tag--grey"}),
                     "by": f"{c.by_name}, {govuk_date(c.at)}" if c else "", "note": c.note if c else ""})
    return rows


def summary(revision: Revision) -> dict:
    """A revision in brief, as the API and `laa revision` give it."""
    return {"area_code": revision.agreement.area.code, "area": revision.agreement.area.name,
            "number": revision.number, "kind": revision.kind, "state": revision.state,
            "review_year": revision.review.year if revision.review else "",
            "standing": standing_of(revision).value, "proposed_on": revision.proposed_on,
            "reason": revision.reason, "based_on": revision.based_on.number,
            "made": revision.made.number if revision.made else None,
            "changes": [describe(i) for i in items_of(revision)]}
