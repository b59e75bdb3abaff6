"""The hub's display values: tags for a value's status and an aim's standing, rows of
the burden register. Figures go through the one formatter, `laa.web.presenters.figure`."""

from __future__ import annotations

from typing import Any

from laa.domain.burdens import AimStanding, Progress, shown_percent
from laa.domain.hub.values import Status

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
