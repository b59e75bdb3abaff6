"""Progress of a target against its trajectory (laa.domain.progress; D7, D19; issue 13),
judgement by judgement."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest

from laa.domain.progress import (
    DEFAULT_RULES,
    Band,
    Judgement,
    Observed,
    ProgressRules,
    ProgressTarget,
    counts,
    progress,
)
from laa.domain.progress_trend import baseline_year, counts_for, forecast, survey_years

YEARS = ("2008/09", "2009/10", "2010/11")
ON, RISK, OFF, NONE = Judgement.ON_TRACK, Judgement.AT_RISK, Judgement.OFF_TRACK, Judgement.NONE

# NI 16, lower is better: baseline 40 in 2007/08, then 36, 32, 28 (a step of 4 a year from
# the baseline to 2008/09's target: a quarter of it is 1).
CRIME = ProgressTarget(key="NI 16", indicator="NI 16", polarity="lower", years=YEARS,
                       yearly={"2008/09": D(36), "2009/10": D(32), "2010/11": D(28)},
                       baseline=D(40), baseline_year="2007/08", decimal_places=1)
# NI 152-like, higher is better: baseline 60, then 64.
JOBS = replace(CRIME, key="NI 151", indicator="NI 151", polarity="higher",
               yearly={"2008/09": D(64), "2009/10": D(66), "2010/11": D(68)}, baseline=D(60))
# A Place Survey indicator (NI 4), higher is better: baseline 50 (autumn 2008), target 55 in 2010.
SURVEY = ProgressTarget(key="NI 4", indicator="NI 4", polarity="higher", years=YEARS,
                        yearly={"2008/09": D(50), "2010/11": D(55)}, baseline=D(50), baseline_year="2008/09",
                        unit="percentage", decimal_places=1, place_survey=True,
                        survey_years=("2008/09", "2010/11"),
                        direction_of_travel="the council's annual residents' panel (NI 4 question)")


def seen(value, period="2008/09", year="2008/09", **more) -> Observed:
    return Observed(period=period, year=year, value=None if value is None else D(str(value)), **more)


@pytest.mark.parametrize(("target", "value", "judgement", "words"), [
    # lower is better: 36 is the target, a quarter of the step (4) is 1
    (CRIME, 35, ON, "35.0 (2008/09) against 36.0 for 2008/09: met (met or better)"),
    (CRIME, 36, ON, "met (met or better)"),
    (CRIME, 36.5, RISK, "short by 0.5 (short by at most a quarter"),
    (CRIME, 37, RISK, "short by 1.0"),
    (CRIME, 37.1, OFF, "short by 1.1 (short by more than a quarter"),
    # higher is better: 64 is the target, a quarter of the step (4) is 1
    (JOBS, 65, ON, "met"),
    (JOBS, 63, RISK, "short by 1.0"),
    (JOBS, 62, OFF, "short by 2.0"),
])
def test_a_value_is_judged_by_its_shortfall_the_way_better_is(target, value, judgement, words):
    result = progress(target, [seen(value)])
    assert result.latest.judgement == judgement and words in result.latest.reason
    assert result.latest.trajectory == target.yearly["2008/09"]


def test_the_rules_are_data_a_wider_tolerance_turns_off_track_into_at_risk():
    wide = ProgressRules(bands=(Band(ON, D(0), "met"), Band(RISK, D("0.5"), "within half the step"),
                                Band(OFF, None, "worse")))
    assert progress(CRIME, [seen(37.5)]).latest.judgement == OFF
    assert progress(CRIME, [seen(37.5)], wide).latest.judgement == RISK
    assert "within half the step" in progress(CRIME, [seen(37.5)], wide).latest.reason


def test_without_a_baseline_or_with_a_flat_target_only_met_counts():
    for target in (replace(CRIME, baseline=None), replace(CRIME, baseline=D(36))):
        assert progress(target, [seen("36.1")]).latest.judgement == OFF
        assert progress(target, [seen(36)]).latest.judgement == ON


@pytest.mark.parametrize(("target", "observed", "judgement", "words"), [
    # higher is better, target 50: interval wholly above, holding 50, wholly below
    (SURVEY, dict(value=54, ci_lower=D("51.2"), ci_upper=D("56.8")), ON, "met, the whole interval clears"),
    (SURVEY, dict(value=52, ci_lower=D("49.0"), ci_upper=D("55.0")), RISK, "not significantly different"),
    (SURVEY, dict(value=48, ci_lower=D("50.0"), ci_upper=D("51.0")), RISK, "not significantly different"),
    (SURVEY, dict(value=46, ci_lower=D("43.0"), ci_upper=D("49.9")), OFF, "significantly short"),
    # lower is better: the interval must fall wholly below the target
    (replace(SURVEY, polarity="lower"), dict(value=46, ci_lower=D("43"), ci_upper=D("49.9")), ON, "clears"),
    (replace(SURVEY, polarity="lower"), dict(value=54, ci_lower=D("51"), ci_upper=D("57")), OFF, "short"),
    # no interval given: Wilson from the sample size (52% of 1,100: 49.0 to 54.9 holds 50)
    (SURVEY, dict(value=52, sample_size=1100), RISK, "interval 49.0 to 54.9"),
    (SURVEY, dict(value=56, sample_size=1100), ON, "interval 53.1 to 58.9"),
])
def test_a_survey_value_is_judged_by_its_interval(target, observed, judgement, words):
    value = observed.pop("value")
    result = progress(target, [seen(value, period="Place Survey 2008", **observed)])
    assert result.latest.judgement == judgement and words in result.latest.reason
    assert result.latest.interval is not None


def test_the_interval_switch_off_judges_the_value():
    rules = replace(DEFAULT_RULES, compare_interval=False)
    found = progress(SURVEY, [seen(52, period="Place Survey 2008", ci_lower=D(49), ci_upper=D(55))], rules)
    assert found.latest.judgement == ON and found.latest.interval is None


@pytest.mark.parametrize(("target", "observed", "words"), [
    (replace(CRIME, placeholder="a new indicator without a baseline"), [seen(30)],
     "A placeholder: no target set yet (a new indicator without a baseline)"),
    (CRIME, [], "No value reported yet"),
    (CRIME, [seen(None, status="suppressed")], "The 2008/09 value is suppressed (small numbers)"),
    (replace(CRIME, polarity="neither"), [seen(30)], "Neither higher nor lower is better"),
    (replace(CRIME, yearly={"2009/10": D(32)}), [seen(30)], "No target set for 2008/09"),
])
def test_no_judgement_says_why(target, observed, words):
    result = progress(target, observed)
    assert result.latest.judgement == NONE and words in result.latest.reason


def test_a_year_not_reported_yet_has_no_judgement_and_the_headline_is_the_latest_reported():
    result = progress(CRIME, [seen(35), seen(33, period="2009/10", year="2009/10")])
    assert [y.judgement for y in result.years] == [ON, RISK, NONE]
    assert result.years[2].reason == "Not reported for 2010/11 yet"
    assert result.latest.year == "2009/10" and result.latest.judgement == RISK


def test_the_latest_value_of_a_year_is_judged():
    quarters = [seen(39, period="2008/09 Q1"), seen(35, period="2008/09 Q4")]
    assert progress(CRIME, quarters).latest.value.period == "2008/09 Q4"


@pytest.mark.parametrize(("later", "judgement", "words"), [
    (53, ON, "53.0 (2009/10) after 50.0: improving"),
    (50, RISK, "no change"),
    (47, OFF, "getting worse"),
])
def test_the_non_survey_year_is_judged_by_the_direction_of_travel_agreed(later, judgement, words):
    observed = [seen(50, period="Place Survey 2008", ci_lower=D(47), ci_upper=D(53)),
                seen(later, period="2009/10", year="2009/10")]
    year = progress(SURVEY, observed).years[1]
    assert year.judgement == judgement and words in year.reason
    assert "No Place Survey in 2009/10: direction of travel gauged by the council's annual residents' panel" in year.reason


def test_the_non_survey_year_without_a_way_agreed_or_a_figure_says_so():
    observed = [seen(50, period="Place Survey 2008")]
    assert "no way of gauging the direction of travel agreed" in progress(
        replace(SURVEY, direction_of_travel=""), observed).years[1].reason
    assert "its figure is not reported yet" in progress(SURVEY, observed).years[1].reason
    # the headline stays the survey year while the non-survey year has no figure
    assert progress(SURVEY, observed).latest.year == "2008/09"


def test_a_forecast_of_the_final_year_is_marked_as_a_forecast():
    result = progress(CRIME, [seen(36), seen(32, period="2009/10", year="2009/10")])
    assert result.forecast is not None
    assert result.forecast.year == "2010/11" and result.forecast.value == D("28.0")
    assert result.forecast.meets is True and result.forecast.points == 3
    assert "Forecast" in result.forecast.note
    slower = progress(CRIME, [seen(39), seen(38, period="2009/10", year="2009/10")])
    assert slower.forecast.meets is False and slower.forecast.value == D("37.0")


def test_no_forecast_from_fewer_than_two_years():
    assert progress(replace(CRIME, baseline=None), [seen(36)]).forecast is None
    assert progress(replace(CRIME, placeholder="later"), [seen(36), seen(30, year="2009/10")]).forecast is None
    assert forecast([(2008, D(1)), (2008, D(2))], "2010/11", None, "higher", 1) is None


@pytest.mark.parametrize(("period", "value_periods", "year"), [
    ("2008/09", {}, "2008/09"),
    ("2008/09 Q3", {}, "2008/09"),
    ("Place Survey 2008", {}, "2008/09"),
    ("Place Survey 2010", {}, "2010/11"),
    ("AY 2008/09", {}, "2008/09"),
    ("2009", {"2009/10": "2009"}, "2009/10"),   # the target's own data period
    ("2008", {}, "2008/09"),                    # a calendar year: the financial year it ends in
    ("2006 to 2008", {}, "2008/09"),
    ("2011/12", {}, None),
    ("not a period", {}, None),
])
def test_a_period_counts_for_a_year_of_the_agreement(period, value_periods, year):
    assert counts_for(period, YEARS, value_periods) == year


def test_survey_and_baseline_years():
    assert survey_years(YEARS) == ("2008/09", "2010/11")
    assert baseline_year("2007/08") == "2007/08"
    assert baseline_year("Place Survey 2008") == "2008/09"
    assert baseline_year("autumn 2008") == "2008/09"
    assert baseline_year("") is None


def test_counts_name_every_judgement_off_track_first():
    assert list(counts([ON, OFF, OFF]).items()) == [(OFF, 2), (RISK, 0), (ON, 1), (NONE, 0)]


@pytest.mark.parametrize(("period", "year", "value", "judgement", "words"), [
    # 2008/09 Q2: half way from the baseline 40 to 2008/09's 36 -> 38; a quarter of its step (2) is 0.5
    ("2008/09 Q2", "2008/09", 38, ON, "38.0 (2008/09 Q2) against 38.0 for 2008/09 Q2 (half way from 40.0 to "
                                      "2008/09's 36.0): met"),
    ("2008/09 Q2", "2008/09", "38.4", RISK, "short by 0.4"),
    ("2008/09 Q2", "2008/09", "38.6", OFF, "short by 0.6"),
    # 2009/10 Q1: a quarter of the way from 2008/09's 36 to 2009/10's 32 -> 35
    ("2009/10 Q1", "2009/10", 35, ON, "against 35.0 for 2009/10 Q1 (a quarter of the way from 36.0 to 2009/10's 32.0)"),
    # Q4 ends the year: the year's own target
    ("2009/10 Q4", "2009/10", 32, ON, "against 32.0 for 2009/10: met"),
])
def test_a_quarter_is_judged_against_the_trajectory_that_far_through_its_year(period, year, value, judgement, words):
    result = progress(CRIME, [seen(value, period=period, year=year)])
    assert result.latest.judgement == judgement and words in result.latest.reason


def test_a_quarters_judgement_stays_with_its_year():
    result = progress(CRIME, [seen(35, period="2009/10 Q1", year="2009/10")])
    assert result.latest.year == "2009/10" and result.latest.trajectory == D(35)
