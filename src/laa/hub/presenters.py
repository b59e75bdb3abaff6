"""The hub's display values: tags for a value's status and an aim's standing, rows of
the burden register. Figures go through the one formatter, `laa.presentation.presenters.figure`."""

from __future__ import annotations

from typing import Any

from laa.domain.burdens import AimStanding, Progress, shown_percent
from laa.domain.hub.groups import LABELS as GROUP_LABELS
from laa.domain.hub.periods import PeriodKind
from laa.domain.hub.values import Status
from laa.presentation.presenters import figure, govuk_date

AIM_TAGS = {
    AimStanding.MET: "govuk-tag--green",
    AimStanding.NOT_YET_MET: "govuk-tag--yellow",
    AimStanding.MISSED: "govuk-tag--red",
}
STATUS_TAGS = {
    Status.FINAL: "govuk-tag--green",
    Status.PROVISIONAL: "govuk-tag--yellow",
    Status.SUPPRESSED: "govuk-tag--grey",
}


def aim_tag(standing: AimStanding) -> dict[str, str]:
    return {"text": standing.label, "classes": AIM_TAGS[standing]}


def status_tag(status: str) -> dict[str, str]:
    """The tag of an observed value's status (provisional, final, suppressed)."""
    try:
        s = Status(status)
    except ValueError:
        return {"text": status or "Unknown", "classes": "govuk-tag--grey"}
    return {"text": s.label, "classes": STATUS_TAGS.get(s, "govuk-tag--grey")}


def progress_row(label: str, p: Progress, **extra: Any) -> dict[str, Any]:
    """One row of the register: counts, the reduction and each aim's tag."""
    return {
        "label": label,
        "items_2008": p.items_2008,
        "items_now": p.items_now,
        "reduction": shown_percent(p.reduction),
        "aims": [{"label": aim.label, "tag": aim_tag(standing)} for aim, standing in p.standings],
        **extra,
    }


def interval(o, places: int) -> str:
    """A survey value's confidence interval, "40.1 to 45.9", or "–"."""
    if o.ci_lower is None or o.ci_upper is None:
        return "–"
    return f"{figure(o.ci_lower.normalize(), places)} to {figure(o.ci_upper.normalize(), places)}"


SYNTHETIC = "SYNTHETIC"  # how the demonstration's files of invented values are named


def observation_row(o, places: int) -> dict[str, Any]:
    """One value for a table: its figures as people read them, its status tag and who
    supplied it when. A suppressed value shows no figure."""
    value = figure(o.value, places) if o.value is not None else "Suppressed"
    return {
        "id": o.pk,
        "value": value,
        "numerator": figure(o.numerator) if o.numerator is not None else "–",
        "denominator": figure(o.denominator) if o.denominator is not None else "–",
        "interval": interval(o, places),
        "sample_size": figure(o.sample_size) if o.sample_size is not None else "–",
        "status": status_tag(o.status),
        "supplied": f"{o.supplier}, {govuk_date(o.supplied_at)}",
        "supplied_by": o.supplied_by_label,
        "reason": o.reason,
        "period": o.period,
        "group": o.group_label,
        "superseded": o.replaces_id is not None,
        # Demonstration values come from files named SYNTHETIC (laa.web.demo_observations).
        "synthetic": bool(o.ledger_id) and o.ledger.file_name.startswith(SYNTHETIC),
    }


def supplier_row(s) -> dict[str, Any]:
    """One indicator of the supplier register: who supplies it and what it is given for."""
    kinds = [PeriodKind(k).label for k in s.period_kinds]
    groups = [GROUP_LABELS.get(g, g).lower() for g in s.group_dimensions]
    return {
        "code": s.indicator.code,
        "supplier": s.supplier_label,
        "kind": s.get_kind_display(),
        "periods": "; ".join(kinds) or "–",
        "districts": s.reports_districts,
        "groups": ", ".join(groups) if groups else "whole population only",
        "provenance": s.provenance,
    }
