"""The timetable in words: an area's progress through the round's milestones, the rows of its
timetable, the deadline warnings of the dashboards and "today"."""

from __future__ import annotations

from datetime import date
from typing import Any

from laa.domain.signoff import SignOffState
from laa.domain.timetable import AreaProgress, Milestone, MilestoneStatus
from laa.negotiation.presenters import milestone_tag
from laa.presentation.presenters import govuk_date, plural


def progress_summary(progress: AreaProgress) -> dict[str, Any]:
    nxt = progress.next_milestone
    next_status = None
    if nxt is not None:
        next_status = dict(progress.statuses)[nxt]
    return {
        "done_text": f"{progress.done} of {progress.total} done",
        "next": nxt.title if nxt else "All milestones done",
        "next_due": govuk_date(nxt.due) if nxt else "",
        "next_tag": milestone_tag(next_status) if next_status else None,
        "overdue": len(progress.overdue),
        "overdue_tag": {"text": f"{len(progress.overdue)} overdue", "classes": "govuk-tag--red"}
        if progress.overdue else None,
    }


def milestone_rows(progress: AreaProgress, completed: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for milestone, status in progress.statuses:
        when_text = govuk_date(milestone.due)
        if milestone.starts:
            when_text = f"{govuk_date(milestone.starts)} to {when_text}"
        rows.append({
            "code": milestone.code,
            "title": milestone.title + (" (provisional date)" if milestone.provisional else ""),
            "who": milestone.who,
            "due": when_text,
            "tag": milestone_tag(status),
            "completed": completed.get(milestone.code, ""),
            "by_signoff": isinstance(milestone.completed_by, SignOffState),
        })
    return rows


def deadline_warnings(progress_by_area: dict[int, AreaProgress], names: dict[int, str],
                      links: dict[int, str] | None = None, limit: int = 6, *,
                      designations: dict[int, tuple[Milestone, MilestoneStatus]] | None = None,
                      ) -> list[dict[str, Any]]:
    """Overdue and due-soon milestones, grouped by milestone, naming the areas (for the
    shared warnings partial). Overdue first, then due soon, each by due date. With
    `designations`, approved agreements' designation deadlines (D12) are among them."""
    links = links or {}
    grouped: dict[tuple[str, str, date], dict[str, Any]] = {}
    items = [(area_id, m, s) for area_id, progress in progress_by_area.items() for m, s in progress.statuses]
    # The designation deadline follows each agreement's approval day: grouped by day too.
    items += [(area_id, m, s) for area_id, (m, s) in (designations or {}).items()]
    for area_id, milestone, status in items:
        if status not in (MilestoneStatus.OVERDUE, MilestoneStatus.DUE_SOON):
            continue
        key = (status.value, milestone.code, milestone.due)
        group = grouped.setdefault(key, {"status": status, "milestone": milestone, "areas": []})
        group["areas"].append(area_id)
    out = []
    for (_status_value, _, _), group in sorted(
        grouped.items(), key=lambda kv: (kv[0][0] != "overdue", kv[1]["milestone"].due)
    ):
        milestone, area_ids = group["milestone"], sorted(group["areas"], key=lambda a: names.get(a, ""))
        shown = [{"text": names.get(a, ""), "href": links.get(a)} for a in area_ids[:limit]]
        more = len(area_ids) - len(shown)
        overdue = group["status"] is MilestoneStatus.OVERDUE
        out.append({
            "overdue": overdue,
            "tag": milestone_tag(group["status"]),
            "title": f"{milestone.title}: {'was due' if overdue else 'due'} {govuk_date(milestone.due)}",
            "count": plural(len(area_ids), "area"),
            "areas": shown,
            "more": f"and {more} more" if more else "",
        })
    return out


def today_text(today: date, fixed: bool) -> str:
    return f"Today is {govuk_date(today)}" + (" (the service is replaying the round's timetable)" if fixed else "")
