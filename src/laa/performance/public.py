"""What residents read without signing in (issue 13, ADR 0027): each area's published
agreement, the progress of its version in force judged on final values only (read as a
resident: the hub's scope gives no one not signed in a provisional value), the published
CAA flags, and the open data of both: one record per target (judgement, latest value,
period, the trajectory's value) and the area's values. Everything bounded."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser

from laa.domain.hub.groups import ALL
from laa.hub.models import Observation
from laa.performance.reading import AreaProgress, TargetProgress
from laa.presentation.presenters import figure

RESIDENT = AnonymousUser()  # everyone reads the residents' pages as a resident does
MAX_VALUES = 20_000  # of the area's values in one download

PROGRESS_FIELDS = ("target", "indicator", "title", "kind", "set_for", "judgement", "latest_value", "period",
                   "year", "trajectory", "final_target", "final_year", "why")
VALUE_FIELDS = ("indicator", "period", "period_start", "period_end", "district", "group", "value", "ci_lower",
                "ci_upper", "status")


def plain(item: TargetProgress) -> dict[str, Any]:
    """A target's progress as residents read it and as its open data record."""
    target, facts, latest = item.target, item.facts, item.progress.latest
    places = facts.decimal_places if facts else None
    value = latest.value
    final_year = max(target.yearly) if target.yearly else ""
    return {
        "target": target.key, "indicator": target.indicator, "title": facts.title if facts else target.indicator,
        "kind": target.category, "set_for": target.scope.describe() or "The whole area",
        "judgement": latest.judgement.label, "latest_value": _number(value.value if value else None, places),
        "period": value.period if value else "", "year": latest.year,
        "trajectory": _number(latest.trajectory, places),
        "final_target": _number(target.yearly.get(final_year) if final_year else None, places),
        "final_year": final_year, "why": latest.reason,
        "better": {"higher": "Higher is better", "lower": "Lower is better"}.get(str(facts.polarity) if facts else "",
                                                                              ""),
    }


def _number(value, places) -> str:
    return "" if value is None else figure(value, places).replace(",", "")


def progress_records(found: AreaProgress) -> list[dict[str, Any]]:
    return [{k: v for k, v in plain(item).items() if k in PROGRESS_FIELDS} for item in found.targets]


def value_records(area, day: date) -> tuple[list[dict[str, Any]], bool]:
    """The area's current final values of periods ended by the day (at most MAX_VALUES), and
    whether there were more."""
    rows = list(Observation.objects.visible_to(RESIDENT).current()
                .filter(area=area, period_end__lte=day)
                .order_by("indicator__number", "indicator__code", "period_end", "period", "district__name", "group")
                .values_list("indicator__code", "period", "period_start", "period_end", "district__name", "group",
                             "value", "ci_lower", "ci_upper", "status")[:MAX_VALUES + 1])
    records = [{"indicator": code, "period": period, "period_start": start.isoformat(), "period_end": end.isoformat(),
                "district": district or "", "group": "" if group == ALL else group,
                "value": _plain(value), "ci_lower": _plain(lower), "ci_upper": _plain(upper), "status": status}
               for code, period, start, end, district, group, value, lower, upper, status in rows[:MAX_VALUES]]
    return records, len(rows) > MAX_VALUES


def _plain(value) -> str:
    return "" if value is None else format(value, "f")
