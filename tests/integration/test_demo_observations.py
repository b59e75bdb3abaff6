"""`laa demo`'s synthetic observations (issue 11): seeded, so the same command gives the
same data; written through the hub's import with ledger entries named as synthetic; with
survey intervals, group breakdowns, district values, superseded provisional values and
suppressed ones; Kent's values meet its agreement's baseline and targets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from laa.agreements.models import Target
from laa.domain.hub.periods import parse_period
from laa.hub.models import LedgerEntry, Observation
from laa.web.demo import load_demo_agreement
from laa.web.demo_observations import (
    REVISED,
    Generated,
    file_names,
    generate_observations,
    synthetic_rows,
)

pytestmark = pytest.mark.django_db

AREAS = ["E2221", "E2201"]  # Kent (two-tier) and Medway
INDICATORS = ["NI 1", "NI 16", "NI 75", "NI 110", "NI 117", "NI 192", "NI 56", "NI 39", "NI 8"]


def rows(seed: int) -> list[dict]:
    return list(synthetic_rows(seed=seed, counts=Generated(), corrections=[], area_codes=AREAS,
                               indicator_codes=INDICATORS))


def test_the_same_seed_gives_the_same_values_and_another_seed_others():
    first, again, other = rows(2008), rows(2008), rows(7)
    assert first == again
    assert [r["period"] for r in first] == [r["period"] for r in other]
    assert [r["value"] for r in first] != [r["value"] for r in other]


@pytest.fixture
def generated(settings):
    load_demo_agreement()
    return generate_observations(area_codes=AREAS, indicator_codes=INDICATORS)


def test_the_values_go_in_through_the_hub_import_labelled_synthetic(generated):
    assert generated.rows == Observation.objects.filter(replaces__isnull=True).count() > 150
    names = list(LedgerEntry.objects.order_by("id").values_list("file_name", flat=True))
    assert names == list(file_names(2008)) and all(n.startswith("SYNTHETIC") for n in names)
    periods = set(Observation.objects.values_list("period", flat=True))
    assert {"2006/07", "2010/11", "Place Survey 2008", "Place Survey 2010"} <= periods
    assert {p for p in periods if p.startswith("AY ")}, "DCSF indicators by academic year"


def test_surveys_groups_districts_supersession_and_suppression(generated):
    survey = Observation.objects.filter(indicator__code="NI 1", period="Place Survey 2008", area__code="E2201")
    whole = survey.get(group="all")
    assert whole.ci_lower <= whole.value <= whole.ci_upper and whole.sample_size >= 1000
    assert {"sex:female", "sex:male", "age:65+"} <= set(survey.values_list("group", flat=True))
    assert Observation.objects.filter(indicator__code="NI 192", area__code="E2221", district__isnull=False,
                                      period="2009/10").count() == 12  # Kent's twelve districts
    corrected = Observation.objects.filter(replaces__isnull=False)
    assert corrected.count() == generated.corrections > 0
    first = corrected.first()
    assert first.reason == REVISED and first.replaces.status == "provisional" and first.status == "final"
    assert Observation.objects.filter(status="suppressed", value__isnull=True).count() == generated.suppressed


def test_kents_values_meet_its_baseline_and_targets(generated):
    target = Target.objects.get(agreement__area__code="E2221", key="NI 16")
    def current(period):
        return Observation.objects.current().get(indicator__code="NI 16", area__code="E2221", period=period,
                                                 group="all", district__isnull=True).value
    assert current("2007/08") == target.baseline_value
    for year, value in target.yearly.items():
        assert current(year) == Decimal(str(value))


def test_loading_again_changes_nothing(generated):
    before = Observation.objects.count()
    again = generate_observations(area_codes=AREAS, indicator_codes=INDICATORS)
    assert again.rows == 0 and Observation.objects.count() == before


def test_the_baseline_year_has_values_by_sex_ended_by_the_demonstrations_day():
    found = [r for r in rows(2008) if r["group"] != "all" and r["indicator"] == "NI 110"]
    ended = {(r["area"], r["period"], r["group"]) for r in found if r["period"] == "TellUs 2008"}
    assert ended == {(a, "TellUs 2008", g) for a in AREAS for g in ("sex:female", "sex:male")}
    assert parse_period("TellUs 2008").end <= date(2008, 7, 1)
