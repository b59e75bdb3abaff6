"""Following and unfollowing (issue 13), and recording a digest sent (`laa alerts`): each
inside one transaction with its audit event where it is a person's act.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.http import Http404

from laa.audit.trail import record
from laa.catalogue.models import Indicator
from laa.domain.alerts import FollowKind
from laa.performance.alert_models import AlertDigest, AlertTold, Following
from laa.performance.alerts import Gathered, judgements_of, last_import
from laa.permissions import require
from laa.places.models import Area

REFUSAL = "Sign in to follow targets, indicators and areas"


class FollowError(ValueError):
    """What cannot be followed, said for the form's field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def subject_of(kind: FollowKind, area: str = "", indicator: str = "", target: str = "") -> str:
    return {FollowKind.TARGET: f"target:{area}:{target}", FollowKind.AREA: f"area:{area}",
            FollowKind.INDICATOR: f"indicator:{indicator}"}[kind]


def follow(*, actor, kind: str, area: str = "", indicator: str = "", target: str = "", day: date) -> Following:
    """Follow what is named (already followed: the same following). Raises FollowError
    naming the field, PermissionDenied for what the person may not read."""
    require(actor, "performance.follow", refusal=REFUSAL)
    try:
        what = FollowKind(kind)
    except ValueError:
        raise FollowError("kind", "Choose a target, an indicator or an area to follow") from None
    place = indicator_row = None
    judgements: dict[str, str] = {}
    if what in {FollowKind.TARGET, FollowKind.AREA}:
        place = Area.objects.visible_to(actor).filter(code=area.strip()[:16]).first()
        if place is None:
            raise FollowError("area", "There is no such area")
        try:
            judgements = judgements_of(actor, place, day)
        except Http404:
            raise FollowError("area", f"{place.name} has no agreement you may read") from None
        if what is FollowKind.TARGET:
            target = target.strip()[:200]
            judgements = {k: v for k, v in judgements.items() if k == f"{place.code}|{target}"}
            if not judgements:
                raise FollowError("target", f"{place.name}'s agreement in force has no target '{target}'")
    else:
        indicator_row = Indicator.objects.visible_to(actor).filter(code=indicator.strip()[:32]).first()
        if indicator_row is None:
            raise FollowError("indicator", "There is no such indicator")
        target = ""
    subject = subject_of(what, place.code if place else "", indicator_row.code if indicator_row else "", target)
    with transaction.atomic():
        following, created = Following.objects.get_or_create(
            user=actor, subject=subject,
            defaults={"kind": what.value, "area": place, "indicator": indicator_row, "target": target,
                      "judgements": judgements, "ledger_from": last_import(), "followed_on": day})
        if created:
            record(actor=actor, action="create", instance=following, before=None)
    return following


def unfollow(*, actor, following_id: int) -> None:
    require(actor, "performance.follow", refusal=REFUSAL)
    with transaction.atomic():
        following = Following.objects.visible_to(actor).filter(pk=following_id).first()
        if following is None:
            raise Http404("You do not follow that")
        record(actor=actor, action="delete", instance=following, before=None)
        following.delete()


def record_sent(user, day: date, to: str, subject: str, gathered: Gathered) -> AlertDigest:
    """The digest sent (in the transaction that hands the mail over): its items told."""
    sent = AlertDigest.objects.create(
        user=user, day=day, to=to, subject=subject, items=len(gathered.digest.items), ledger_to=gathered.ledger_to,
        judgements={f"{a}|{t}": j.value for (a, t), j in gathered.digest.judgements.items()})
    AlertTold.objects.bulk_create([AlertTold(digest=sent, user=user, key=i.key) for i in gathered.digest.items])
    return sent
