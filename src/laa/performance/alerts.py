"""What a person follows and their daily digest of what changed, read as that person
(issue 13; the rules in laa.domain.alerts; following in `alert_actions`; `laa alerts`
sends the digests).

A person follows only what they may read: a target or an area's progress through the
progress pages' permission (`performance.read_progress`), an indicator they see in the
catalogue. Each digest is gathered as the follower: through their scopes, so a person who
lost sight of an area is told nothing more of it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.urls import reverse

from laa.catalogue.models import Indicator
from laa.domain.alerts import (
    Digest,
    Followed,
    FollowKind,
    Missed,
    Published,
    TargetStanding,
    digest,
    due_day,
)
from laa.domain.hub.periods import PeriodError, parse_period
from laa.domain.progress import Judgement
from laa.hub.models import Observation, Supplier
from laa.hub.stamps import hub_stamp
from laa.performance.alert_models import AlertDigest, AlertTold, Following
from laa.performance.presenters import target_anchor
from laa.performance.reading import area_progress, progress_agreement
from laa.places.models import Area

# The periods a missed value is looked for in: the 2008-11 agreements' years.
YEARS = ("2008/09", "2009/10", "2010/11")


def last_import() -> int:
    """The hub's latest import (ledger entry): what a following or a digest counts from."""
    return hub_stamp()[0] or 0


def judgements_of(user, area: Area, day: date) -> dict[str, str]:
    """The judgement of each target of the area's agreement in force, as the person reads it."""
    found = area_progress(user, progress_agreement(user, area.code), day)
    return {f"{area.code}|{t.target.key}": t.progress.latest.judgement.value for t in found.targets}


def follow_state(user, area: Area, path: str) -> dict | None:
    """For the progress page's follow buttons: whether the person follows the area, which
    of its targets they follow, and the page to come back to; None if they may not follow."""
    if not rules.has_perm("performance.follow", user):
        return None
    mine = Following.objects.visible_to(user).filter(area=area)
    return {"area_followed": mine.filter(kind=FollowKind.AREA).exists(),
            "targets": set(mine.filter(kind=FollowKind.TARGET).values_list("target", flat=True)), "next": path}


# ---- the digest ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Gathered:
    digest: Digest
    ledger_to: int


def followed(rows) -> list[Followed]:
    return [Followed(FollowKind(f.kind), area=f.area.code if f.area else "",
                     indicator=f.indicator.code if f.indicator else "", target=f.target) for f in rows]


def gather(user, day: date) -> Gathered:
    """What `user`'s digest for `day` says: since their last digest (or since they followed)."""
    rows = list(Following.objects.visible_to(user).select_related("area", "indicator"))
    last = AlertDigest.objects.visible_to(user).order_by("-day", "-id").first()
    ledger_to = last_import()
    # Each following counts from when it was made, or from the last digest if later.
    since = {f.pk: (max(f.ledger_from, last.ledger_to if last else 0), max(f.followed_on, last.day if last else f.followed_on))
             for f in rows}
    before: dict[tuple[str, str], Judgement] = {}
    for f in sorted(rows, key=lambda f: f.created_at):
        for key, value in f.judgements.items():
            area, target = key.split("|", 1)
            before[(area, target)] = Judgement(value)
    for key, value in (last.judgements if last else {}).items():
        area, target = key.split("|", 1)
        before[(area, target)] = Judgement(value)
    areas = {f.area for f in rows if f.area is not None}
    standings = [s for area in sorted(areas, key=lambda a: a.code) for s in _standings(user, area, day)]
    told = set(AlertTold.objects.visible_to(user).values_list("key", flat=True))
    result = digest(followed(rows), standings, before, _published(user, rows, since, ledger_to),
                    _missed(user, rows, since, day), told)
    return Gathered(result, ledger_to)


def _standings(user, area: Area, day: date) -> list[TargetStanding]:
    try:
        found = area_progress(user, progress_agreement(user, area.code), day)
    except (Http404, PermissionDenied):
        return []  # no longer theirs to read
    link = reverse("performance:area", args=[area.code])
    return [TargetStanding(area.code, area.name, t.target.key, t.target.indicator, t.progress.latest.judgement,
                           t.progress.latest.year, t.progress.latest.reason, f"{link}#{target_anchor(t.target.key, i)}")
            for i, t in enumerate(found.targets, start=1)]


def _published(user, rows, since: dict[int, tuple[int, date]], ledger_to: int) -> list[Published]:
    """The values each hub import brought since each following's mark, of what it follows."""
    wanted = Q(pk__in=[])
    for f in rows:
        after = Q(ledger_id__gt=since[f.pk][0], ledger_id__lte=ledger_to)
        if f.kind == FollowKind.INDICATOR:
            wanted |= after & Q(indicator_id=f.indicator_id)
        elif f.kind == FollowKind.AREA:
            wanted |= after & Q(area_id=f.area_id)
        else:
            wanted |= after & Q(area_id=f.area_id, indicator__code=_target_indicator(user, f))
    grouped: dict[tuple[int, str, str, str], set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for entry, code, name, indicator, supplier, period in Observation.objects.visible_to(user).filter(wanted).values_list(
            "ledger_id", "area__code", "area__name", "indicator__code", "supplier", "period"):
        grouped[(entry, code, indicator, supplier)].add(period)
        names[code] = name
    return [Published(entry, code, names[code], indicator, tuple(sorted(periods)), supplier,
                      reverse("hub:area", args=[code]))
            for (entry, code, indicator, supplier), periods in sorted(grouped.items())]


def _target_indicator(user, following: Following) -> str:
    """The indicator of a followed target, in the agreement's version in force (as followed)."""
    return next((s.indicator for s in _standings(user, following.area, following.followed_on)
                 if s.target == following.target), "")


def _candidate_periods(kinds: list[str]) -> list:
    codes = [*YEARS, *(f"{y} Q{q}" for y in YEARS for q in range(1, 5))] if "quarter" in kinds else list(YEARS)
    periods = []
    for code in codes + ["Place Survey 2008", "Place Survey 2010"]:
        try:
            period = parse_period(code)
        except PeriodError:  # pragma: no cover - the codes above are all periods
            continue
        if period.kind.value in kinds:
            periods.append(period)
    return periods


def _missed(user, rows, since: dict[int, tuple[int, date]], day: date) -> list[Missed]:
    """Periods due after `since_day` and by `day` with no value in the hub: for each
    followed area, the indicators of its targets; for a followed indicator, the areas with
    a target on it among those followed."""
    pairs: dict[tuple[int, int], date] = {}
    for f in rows:
        if f.area_id is None:
            continue
        try:
            found = area_progress(user, progress_agreement(user, f.area.code), day)
        except (Http404, PermissionDenied):
            continue
        codes = {t.target.indicator for t in found.targets
                 if f.kind == FollowKind.AREA or t.target.key == f.target}
        for indicator_id in Indicator.objects.visible_to(user).filter(code__in=codes).values_list("id", flat=True):
            mark = since[f.pk][1]
            pairs[(f.area_id, indicator_id)] = min(mark, pairs.get((f.area_id, indicator_id), mark))
    if not pairs:
        return []
    kinds = dict(Supplier.objects.visible_to(user).filter(indicator_id__in={i for _, i in pairs}).values_list("indicator_id",
                                                                                             "period_kinds"))
    held = set(Observation.objects.visible_to(user).current()
               .filter(area_id__in={a for a, _ in pairs}, indicator_id__in={i for _, i in pairs})
               .values_list("area_id", "indicator_id", "period").distinct())
    areas = {a.pk: a for a in Area.objects.visible_to(user).filter(pk__in={a for a, _ in pairs})}
    indicators = dict(Indicator.objects.visible_to(user).filter(pk__in={i for _, i in pairs}).values_list("id", "code"))
    out = []
    for (area_id, indicator_id), since_day in sorted(pairs.items()):
        for period in _candidate_periods(kinds.get(indicator_id) or ["financial_year"]):
            due = due_day(period)
            if since_day < due <= day and (area_id, indicator_id, period.code) not in held:
                area = areas[area_id]
                out.append(Missed(area.code, area.name, indicators[indicator_id], period.code, due,
                                  reverse("hub:area", args=[area.code])))
    return out
