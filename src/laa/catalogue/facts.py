"""The catalogue as the domain rules see it: `IndicatorFacts` per indicator code."""

from __future__ import annotations

from django.db.models import Q

from laa.catalogue.models import IndicatorDefinition, Round, StatutoryIndicator
from laa.domain.composition import IndicatorFacts


def indicator_facts(round_: Round | None, *, partnership_id: int | None = None) -> dict[str, IndicatorFacts]:
    """Every national indicator, and the local indicators of one partnership."""
    statutory: dict[int, str] = {}  # indicator id -> the last year in force ("" for the round)
    if round_ is not None:
        statutory = dict(StatutoryIndicator.objects.filter(round=round_).values_list("indicator_id", "until"))
    scope = Q(indicator__partnership__isnull=True)
    if partnership_id is not None:
        scope |= Q(indicator__partnership_id=partnership_id)
    rows = (
        IndicatorDefinition.objects.filter(scope, is_current=True)
        .values_list(
            "indicator_id", "indicator__code", "indicator__partnership_id", "title", "polarity", "unit",
            "decimal_places", "place_survey", "first_year", "frequency",
        )
    )
    facts = {}
    for ind_id, code, local_owner, title, polarity, unit, places, survey, first_year, frequency in rows:
        facts[code] = IndicatorFacts(
            code=code,
            national=local_owner is None,
            title=title,
            polarity=polarity,
            unit=unit,
            decimal_places=places,
            place_survey=survey,
            deferred=first_year != "2008/09",
            statutory=ind_id in statutory,
            statutory_until=statutory.get(ind_id) or None,
            frequency=frequency,
            first_year=first_year,
        )
    return facts
