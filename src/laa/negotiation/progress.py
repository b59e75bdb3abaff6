"""Each area's progress against its round's timetable (D10), read in a fixed number of
queries however many areas: the milestones, the recorded events, the agreements and
their sign-off status rows. The judging is the domain's (`laa.domain.timetable`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from laa.agreements.models import Agreement, Target
from laa.domain.target_agreement import TargetStanding
from laa.domain.timetable import (
    AreaProgress,
    Milestone,
    MilestoneStatus,
    area_progress,
    completions,
    designation_deadline,
)
from laa.negotiation.models import MilestoneCompletion, RoundMilestone
from laa.places.models import Area

DUE_SOON_DAYS = 14


def round_areas(round_):
    """The areas that make an agreement in the round (150 in 2008)."""
    start = round_.period_start
    return Area.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=start), Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    )


def milestones_of(round_) -> list[RoundMilestone]:
    return list(RoundMilestone.objects.filter(round=round_).order_by("due", "position"))


def _status_rows(agreement_ids: Iterable[int]) -> dict[int, list[tuple[str, str, object]]]:
    """Sign-off status rows by agreement, if the sign-off app records them."""
    try:
        model = apps.get_model("signoff", "SignOffStatus")
    except LookupError:  # pragma: no cover - sign-off not installed
        return {}
    rows: dict[int, list[tuple[str, str, object]]] = defaultdict(list)
    for agreement_id, source, target, at in (
        model.objects.filter(agreement_id__in=list(agreement_ids))
        .order_by("agreement_id", "id").values_list("agreement_id", "from_state", "to_state", "at")
    ):
        # The domain reads the day of each step: the service's local day (London), not UTC's.
        rows[agreement_id].append((source, target, timezone.localtime(at)))
    return rows


def _statutory_standings(agreement_ids: Iterable[int]) -> dict[int, list[TargetStanding]]:
    """Each agreement's statutory targets with their negotiation's status (one query)."""
    out: dict[int, list[TargetStanding]] = defaultdict(list)
    for agreement_id, key, status, at in (
        Target.objects.filter(agreement_id__in=list(agreement_ids), category="statutory")
        .order_by("agreement_id", "position", "id")
        .values_list("agreement_id", "key", "thread__status", "thread__last_at")
    ):
        out[agreement_id].append(TargetStanding(key, True, status or "", timezone.localdate(at) if at else None))
    return out


@dataclass(frozen=True)
class Progress:
    """Every area's progress, with the milestones (models) by code."""

    by_area: dict[int, AreaProgress]
    milestones: list[RoundMilestone]
    today: date
    # area id -> the designation deadline of its approved agreement (D12) and its status
    designations: dict[int, tuple[Milestone, MilestoneStatus]] = field(default_factory=dict)

    def of(self, area_id: int) -> AreaProgress:
        return self.by_area[area_id]


def progress_for(area_ids: list[int], round_, today: date, *, milestones: list[RoundMilestone] | None = None) -> Progress:
    milestones = milestones if milestones is not None else milestones_of(round_)
    domain_milestones = [m.to_domain() for m in milestones]
    events: dict[int, dict[str, date]] = defaultdict(dict)
    for area_id, event, day in MilestoneCompletion.objects.filter(
        area_id__in=area_ids, milestone__round=round_
    ).order_by().values_list("area_id", "milestone__completed_by", "completed_on"):
        events[area_id][event] = day
    agreement_of = dict(
        Agreement.objects.filter(round=round_, area_id__in=area_ids).order_by().values_list("area_id", "id")
    )
    rows = _status_rows(agreement_of.values())
    statutory = _statutory_standings(agreement_of.values())
    by_area = {}
    designations = {}
    for area_id in area_ids:
        status_rows = rows.get(agreement_of.get(area_id, -1), ())
        done = completions(
            domain_milestones, status_rows=status_rows,  # type: ignore[arg-type]
            events=events.get(area_id, {}), statutory=statutory.get(agreement_of.get(area_id, -1), ()),
        )
        by_area[area_id] = area_progress(domain_milestones, done, today, due_soon_days=DUE_SOON_DAYS)
        designation = designation_deadline(status_rows, today, due_soon_days=DUE_SOON_DAYS)  # type: ignore[arg-type]
        if designation is not None:
            designations[area_id] = designation
    return Progress(by_area, milestones, today, designations)


def due_soon(progress: AreaProgress) -> list:
    return [m for m, s in progress.statuses if s is MilestoneStatus.DUE_SOON]
