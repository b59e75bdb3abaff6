"""What the CAA's pages show (issue 13, ADR 0027): each national indicator's standing for
the area (value, rank and quartile among all areas, significance against England as a
GOV.UK tag), each flag with its colour as a tag, its evidence, what it concerns and its
steps. Figures through the one formatter."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from laa.domain.caa import FlagColour, FlagState
from laa.domain.comparison import quartile_label
from laa.performance.caa import FlagRead, IndicatorStanding
from laa.performance.comparison_presenters import significance_tag
from laa.presentation.presenters import figure, govuk_date

COLOUR_TAGS = {FlagColour.RED: "govuk-tag--red", FlagColour.GREEN: "govuk-tag--green"}
STATE_TAGS = {FlagState.DRAFT: "govuk-tag--grey", FlagState.PUBLISHED: "govuk-tag--blue",
              FlagState.WITHDRAWN: "govuk-tag--orange"}
STEP_WORDS = {"record": "Recorded", "change": "Changed", "publish": "Published", "withdraw": "Withdrawn"}


def standing_row(s: IndicatorStanding, area_code: str) -> dict[str, Any]:
    row = s.row
    value = row.value if row is not None else None
    if not s.period:
        shown = "No value in the hub"
    elif value is None or value.value is None:
        shown = row.why_not_ranked if row is not None else "No value for the period"
    else:
        shown = figure(value.value, s.decimal_places)
    standing = row.england if row is not None else None
    return {
        "code": s.code, "title": s.title, "theme": s.theme, "period": s.period, "value": shown,
        "rank": f"{standing.rank} of {standing.of}" if standing else "",
        "quartile": quartile_label(standing.quartile, s.polarity) if standing else "",
        "worst": bool(standing and standing.quartile == 4),
        "vs_england": significance_tag(s.vs_england, "England") if standing else None,
        "href": reverse("performance:indicator", args=[s.code]) + "?" + urlencode(
            {"period": s.period, "area": area_code}) if s.period else "",
    }


def flag_row(read: FlagRead) -> dict[str, Any]:
    flag = read.flag
    colour, state = FlagColour(flag.colour), FlagState(flag.state)
    return {
        "id": flag.pk, "version": flag.version, "title": flag.title, "evidence": flag.evidence,
        "colour": colour.value, "means": colour.means, "state": state.value,
        "colour_tag": {"text": f"{colour.value.title()} flag", "classes": COLOUR_TAGS[colour]},
        "state_tag": {"text": state.value.title(), "classes": STATE_TAGS[state]},
        "concerns": list(flag.concerns or []), "concerns_text": ", ".join(flag.concerns or []),
        "published": govuk_date(read.published.at) if read.published else "",
        "withdrawn": ({"at": govuk_date(read.withdrawn.at), "reason": read.withdrawn.reason}
                      if read.withdrawn else None),
        "steps": [{"step": STEP_WORDS.get(s.step, s.step), "by": s.by, "at": govuk_date(s.at), "reason": s.reason}
                  for s in read.steps],
    }

