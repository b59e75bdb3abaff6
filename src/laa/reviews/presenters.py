"""What the review's pages show: each reviewed target with its current assessment and
the hub's latest figures beside it ("No figures yet" when the hub has none), the
standing tags, the region's list. Figures through the one formatter
(`laa.presentation.presenters.figure`); the hub's values through its scope."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from laa.domain.reviews import Rating, ReviewYear, Standing, standing
from laa.hub.models import Observation
from laa.hub.presenters import status_tag
from laa.presentation.presenters import figure, govuk_date

FIGURES_SHOWN = 2  # the latest values of each indicator beside its target
RATING_TAGS = {Rating.ON_TRACK: "govuk-tag--green", Rating.AT_RISK: "govuk-tag--yellow",
               Rating.OFF_TRACK: "govuk-tag--red"}
STANDING_TAGS = {Standing.NOT_YET_DUE: "govuk-tag--grey", Standing.DUE: "govuk-tag--blue",
                 Standing.OVERDUE: "govuk-tag--red", Standing.IN_PROGRESS: "govuk-tag--yellow",
                 Standing.COMPLETED: "govuk-tag--green"}


def rating_tag(rating: str) -> dict[str, str]:
    r = Rating(rating)
    return {"text": r.label, "classes": RATING_TAGS[r]}


def standing_tag(s: Standing) -> dict[str, str]:
    return {"text": s.label, "classes": STANDING_TAGS[s]}


def standing_of(year: ReviewYear, review, today: date) -> Standing:
    return standing(year, review.state if review is not None else None, today)


def figures(user, area, indicators: list[str], day: date) -> dict[str, list[dict[str, Any]]]:
    """The latest values (whole area, all people) of each indicator, by its code, of
    periods ended by the day; an indicator the hub has no such value of is absent."""
    values = (Observation.objects.visible_to(user).current()
              .filter(area=area, district__isnull=True, group="all", indicator__code__in=indicators,
                      period_end__lte=day)
              .select_related("indicator", "definition").order_by("indicator__code", "-period_end", "period"))
    out: dict[str, list[dict[str, Any]]] = {}
    for o in values:
        shown = out.setdefault(o.indicator.code, [])
        if len(shown) < FIGURES_SHOWN:
            shown.append({"period": o.period, "status": status_tag(o.status),
                          "value": figure(o.value, o.definition.decimal_places) if o.value is not None else "Suppressed"})
    return out


def target_rows(targets, current: dict[str, Any], found: dict[str, list], links: dict[str, str]) -> list[dict[str, Any]]:
    """One row per reviewed target: its key and indicator, the year's target, the hub's
    figures, its current assessment (rating tag, commentary, who and when)."""
    rows = []
    for t in targets:
        a = current.get(t.key)
        rows.append({
            "key": t.key, "indicator": t.indicator,
            "targets": [{"year": y, "value": str(v)} for y, v in sorted(t.yearly.items())],
            "figures": found.get(t.indicator, []),
            "rating": rating_tag(a.rating) if a else None,
            "commentary": a.commentary if a else "",
            "assessed": f"{a.by_name}, {govuk_date(a.at)}" if a else "",
            "changes": 0,
            "href": links.get(t.key, ""),
        })
    return rows


def review_href(area_code: str, year: ReviewYear) -> str:
    return reverse("reviews:review", args=[area_code, year.slug])
