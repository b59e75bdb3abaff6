"""The agreement rules, table-driven: one row per case, each rule both firing and not."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import pytest

from laa.domain import confidence
from laa.domain.composition import (
    AgreementDraft,
    Baseline,
    OutcomeDraft,
    PartnerSignUp,
    Placeholder,
    Reward,
    RewardSubTarget,
    Scope,
    StatutoryOmission,
)
from laa.domain.rules import RULES, RULES_BY_ID, check_agreement
from tests.unit.agreement_builders import (
    CATALOGUE,
    DEFERRED_NIS,
    NI_NUMBERS,
    PARTNER_AUTHORITIES,
    PLACE_SURVEY_NIS,
    STATUTORY_NIS,
    agreement,
    designated_codes,
    full_agreement,
    ni,
    target,
)

Build = Callable[[], AgreementDraft]
VOLUNTARY = PartnerSignUp("Stockton Residents Forum", "voluntary")
AUTHORITY = PartnerSignUp("Cleveland Police Authority", "have_regard")
# A voluntary organisation (PARTNER_AUTHORITIES says so) given the duty to have regard.
FORUM_WITH_DUTY = PartnerSignUp("Stockton Residents Forum", "have_regard", lead=True)


def one(**changes: object) -> Build:
    """An agreement of one designated target on NI 16 (lower is better, rate, 2 places)."""
    return lambda: agreement(target("NI 16", **changes))


def on(indicator: str, category: str = "designated", **changes: object) -> Build:
    return lambda: agreement(target(indicator, category, **changes))


def designated(count: int) -> Build:
    return lambda: agreement(*(target(code) for code in designated_codes(count)))


def statutory(count: int, education: bool) -> Build:
    return lambda: agreement(
        *(target(ni(n), "statutory", outcome="children") for n in STATUTORY_NIS[:count]),
        education_responsibility=education,
    )


def survey(indicator: str = "NI 1", final: str = "52", **baseline: object) -> Build:
    """A Place Survey target: baseline 50% in autumn 2008, a 2010/11 target."""
    base = Baseline(D(50), "autumn 2008", "Place Survey")
    return lambda: agreement(target(
        indicator, baseline=replace(base, **baseline), yearly={"2010/11": D(final)}
    ))


def reward(without: str, stretched: str, weight: str = "1", indicator: str = "NI 16",
           category: str = "designated", subs: tuple[RewardSubTarget, ...] = ()) -> Build:
    return lambda: agreement(target(
        indicator, category, reward=Reward(D(without), D(stretched), D(weight), subs)
    ))


def sub(without: str, stretched: str, share: str | None = None) -> RewardSubTarget:
    return RewardSubTarget("Norton", D(without), D(stretched), None if share is None else D(share))


def two(first: dict[str, object], second: dict[str, object]) -> Build:
    return lambda: agreement(target("NI 16", **first), target("NI 16", **second))


def with_draft(**changes: object) -> Build:
    return lambda: replace(agreement(target("NI 16")), **changes)


YEARS_3 = {"2008/09": D(48), "2009/10": D(46), "2010/11": D(44)}
NO_BASELINE = Baseline(None, None)
KS3 = ("NI 74", "NI 83", "NI 95", "NI 96")  # Key Stage 3: the tests ended in October 2008
# The catalogue with the Key Stage 3 targets in force until 2008/09 and NI 160 (tenants'
# satisfaction, the biennial STATUS survey) and NI 7 (third sector survey) biennial.
REAL = {
    **CATALOGUE,
    **{code: replace(CATALOGUE[code], statutory_until="2008/09") for code in KS3},
    "NI 160": replace(CATALOGUE["NI 160"], frequency="biennial"),
    "NI 7": replace(CATALOGUE["NI 7"], frequency="biennial"),
}
UNKNOWN_TRUST = PartnerSignUp("Unknown Trust", "have_regard", lead=True)


def statutory_without(omitted: tuple[str, ...], *omissions: StatutoryOmission) -> Build:
    """Statutory targets on the 16 indicators except `omitted`, with `omissions` recorded."""
    return lambda: replace(agreement(
        *(target(ni(n), "statutory", outcome="children") for n in STATUTORY_NIS
          if ni(n) not in omitted),
        education_responsibility=True,
    ), statutory_omissions=omissions)

CASES = [
    # rule, build, fires, words the message must contain
    ("D2.designated-limit", designated(36), True, ["36 indicators", "at most 35", "1 too many"]),
    ("D2.designated-limit", designated(35), False, []),
    ("D2.designated-limit", lambda: agreement(
        *(target(code) for code in designated_codes(35)),
        target("NI 16", key="NI 16 [Norton]", scope=Scope(("Norton",))),
    ), False, []),
    ("D2.designated-local-indicator", on("L-LOC-001"), True, ["L-LOC-001", "local indicator"]),
    ("D2.designated-local-indicator", on("L-LOC-001", "local"), False, []),
    ("D3.designated-statutory", on("NI 72"), True, ["NI 72", "DCSF"]),
    ("D3.designated-statutory", statutory(16, True), False, []),
    ("D3.statutory-missing", statutory(15, True), True, ["1 of the", "NI 101"]),
    ("D3.statutory-missing", statutory(14, True), True, ["NI 100 and NI 101"]),
    ("D3.statutory-missing", statutory(16, True), False, []),
    ("D3.statutory-missing", statutory(0, False), False, []),
    ("D3.statutory-without-education", statutory(1, False), True, ["NI 72", "education"]),
    ("D3.statutory-without-education", statutory(16, True), False, []),
    ("D3.statutory-not-in-set", on("NI 16", "statutory"), True, ["NI 16", "not a statutory"]),
    ("D3.statutory-not-in-set", on("NI 72", "statutory"), False, []),
    ("D5.missing-year", one(yearly={"2008/09": D(48), "2010/11": D(44)}), True, ["2009/10"]),
    ("D5.missing-year", one(yearly={}), True, ["2008/09, 2009/10 and 2010/11"]),
    ("D5.missing-year", one(), False, []),
    ("D5.missing-year", one(yearly={}, baseline=NO_BASELINE, placeholder=Placeholder("new")),
     False, []),
    ("D5.missing-year", one(yearly={}, baseline=NO_BASELINE, improvement_percent=D(5)),
     False, []),
    ("D5.missing-year", on("NI 32", placeholder=None, yearly={"2009/10": D(52),
                                                              "2010/11": D(54)}), False, []),
    ("D5.missing-year", on("NI 32", placeholder=None), True, ["2009/10 and 2010/11"]),
    ("D5.missing-year", survey(final="54", ci_lower=D("47.1"), ci_upper=D("52.9")), False, []),
    ("D5.missing-year", on("NI 1", yearly={"2009/10": D(52)}), True, ["2010/11"]),
    ("D5.placeholder-not-allowed", one(placeholder=Placeholder("later")), True,
     ["placeholder", "baseline (50 in 2007/08)"]),
    ("D5.placeholder-not-allowed", one(yearly={}, improvement_percent=D(5)), True,
     ["% improvement"]),
    ("D5.placeholder-not-allowed", one(yearly={}, baseline=NO_BASELINE,
                                       placeholder=Placeholder("new", "annual review 2009")),
     True, ["NI 16 is neither deferred", "does not mark national indicators as new"]),
    ("D5.placeholder-not-allowed", one(yearly={}, baseline=NO_BASELINE,
                                       improvement_percent=D(5)), True, ["% improvement"]),
    ("D5.placeholder-not-allowed", on("L-LOC-001", "local", yearly={}, baseline=NO_BASELINE,
                                      placeholder=Placeholder("new", "annual review 2009")),
     False, []),
    ("D5.placeholder-not-allowed", on("NI 1", yearly={}, baseline=NO_BASELINE,
                                      improvement_percent=D(5)), False, []),
    ("D5.placeholder-not-allowed", on("NI 32"), False, []),
    ("D5.baseline-missing", one(baseline=NO_BASELINE), True,
     ["NI 16: the baseline has no value and no period", "placeholder"]),
    ("D5.baseline-missing", one(baseline=Baseline(D(50), None)), True, ["no period"]),
    ("D5.baseline-missing", on("L-LOC-001", "local", baseline=Baseline(None, "2007/08")), True,
     ["L-LOC-001: the baseline has no value;"]),
    ("D5.baseline-missing", one(), False, []),
    ("D5.baseline-missing", on("NI 32", placeholder=None, yearly={"2009/10": D(52),
                                                                 "2010/11": D(54)}), False, []),
    ("D5.baseline-missing", on("L-LOC-001", "local", yearly={}, baseline=NO_BASELINE,
                               placeholder=Placeholder("new", "annual review 2009")), False, []),
    ("D5.baseline-missing", on("NI 1", yearly={}, baseline=NO_BASELINE,
                               improvement_percent=D(5)), False, []),
    ("D5.placeholder-no-review", on("NI 32", placeholder=Placeholder("deferred")), True,
     ["\u201cdeferred\u201d", "when its target will be set"]),
    ("D5.placeholder-no-review", on("NI 32", placeholder=Placeholder("deferred", "  ")), True, []),
    ("D5.placeholder-no-review", on("NI 32"), False, []),
    ("D5.placeholder-with-values", on("NI 32", yearly={"2009/10": D(53), "2010/11": D(54)}),
     True, ["placeholder but also has targets for 2009/10 and 2010/11"]),
    ("D5.placeholder-with-values", on("NI 32"), False, []),
    ("D5.deferred-first-year", on("NI 32", yearly={"2008/09": D(52), "2009/10": D(53),
                                                   "2010/11": D(54)}), True, ["2008/09", "2009/10"]),
    ("D5.deferred-first-year", on("NI 32", yearly={"2009/10": D(53), "2010/11": D(54)}),
     False, []),
    ("D5.improvement-not-positive", one(yearly={}, baseline=NO_BASELINE,
                                        improvement_percent=D(0)), True, ["0%"]),
    ("D5.improvement-not-positive", one(yearly={}, baseline=NO_BASELINE,
                                        improvement_percent=D("2.5")), False, []),
    ("D9.wrong-direction", one(yearly={**YEARS_3, "2010/11": D(52)}), True,
     ["2010/11 target 52", "baseline 50 (2007/08)", "lower is better"]),
    ("D9.wrong-direction", one(yearly={**YEARS_3, "2010/11": D(50)}), True, ["50"]),
    ("D9.wrong-direction", on("NI 7", yearly={"2008/09": D(51), "2009/10": D(50),
                                              "2010/11": D(49)}), True, ["49%", "higher"]),
    ("D9.wrong-direction", one(yearly={**YEARS_3, "2008/09": D(51)}), True,
     ["NI 16: the 2008/09 target 51 does not improve on the baseline 50 (2007/08)"]),
    ("D9.wrong-direction", one(yearly={"2008/09": D(50), "2009/10": D(52), "2010/11": D(44)}),
     True, ["the 2008/09 target 50 and the 2009/10 target 52 do not improve"]),
    ("D9.wrong-direction", on("NI 7", yearly={"2008/09": D(49), "2009/10": D(52),
                                              "2010/11": D(54)}), True,
     ["the 2008/09 target 49% does not improve on the baseline 50%"]),
    ("D9.wrong-direction", on("NI 7", yearly={"2008/09": D(51), "2009/10": D(52),
                                              "2010/11": D(54)}), False, []),
    ("D9.wrong-direction", one(), False, []),
    ("D9.wrong-direction", on("NI 175", yearly={"2008/09": D(49), "2009/10": D(48),
                                                "2010/11": D(47)}), False, []),
    ("D9.wrong-direction", one(yearly={**YEARS_3, "2010/11": D(52)}, relative_to="the region"),
     False, []),
    ("D7.inside-interval", survey(ci_lower=D("47.1"), ci_upper=D("52.9")), True,
     ["2010/11 target 52%", "47.1% to 52.9%", "above 52.9%"]),
    ("D7.inside-interval", survey(final="54", ci_lower=D("47.1"), ci_upper=D("52.9")), False, []),
    ("D7.inside-interval", survey(sample_size=1100), True,
     ["47.05% to 52.95%", "Wilson, sample of 1,100"]),
    ("D7.inside-interval", survey(final="53", sample_size=1100), False, []),
    ("D7.inside-interval", survey("NI 17", final="48", sample_size=1100), True,
     ["2010/11 target 48%", "47.05% to 52.95% (Wilson, sample of 1,100)", "below 47.05%"]),
    ("D7.inside-interval", survey("NI 17", final="47", sample_size=1100), False, []),
    ("D7.inside-interval", survey("NI 17", final="48", ci_lower=D("47.1"), ci_upper=D("52.9")),
     True, ["below 47.1%"]),
    ("D7.inside-interval", survey("NI 17", final="47", ci_lower=D("47.1"), ci_upper=D("52.9")),
     False, []),
    ("D7.inside-interval", on("NI 7", baseline=Baseline(D(50), "2007/08", "", D(45), D(55)),
                              yearly={"2008/09": D(51), "2009/10": D(52), "2010/11": D(54)}),
     True, ["45% to 55%", "as given"]),
    ("D7.interval-unknown", survey(final="60"), True, ["neither a confidence interval"]),
    ("D7.interval-unknown", survey(final="60", sample_size=500), False, []),
    ("D7.interval-invalid", survey(final="60", ci_lower=D(53), ci_upper=D(47)), True,
     ["lower confidence limit 53 above its upper limit 47"]),
    ("D7.interval-invalid", survey(final="60", ci_lower=D(47)), True, ["only one"]),
    ("D7.interval-invalid", survey(final="60", ci_lower=D(51), ci_upper=D(55)), True,
     ["outside its own"]),
    ("D7.interval-invalid", survey(final="60", sample_size=0), True, ["sample size of 0"]),
    ("D7.interval-invalid", survey(final="60", ci_lower=D(47), ci_upper=D(53)), False, []),
    ("D7.no-direction-of-travel", on("NI 5", direction_of_travel=""), True,
     ["NI 5", "Place Survey", "non-survey year (2009/10)"]),
    ("D7.no-direction-of-travel", on("NI 5", key="satisfied", direction_of_travel="  "), True,
     ["satisfied (NI 5)"]),
    ("D7.no-direction-of-travel", on("NI 5", "local", direction_of_travel=""), True, ["NI 5"]),
    ("D7.no-direction-of-travel", on("NI 5"), False, []),
    ("D7.no-direction-of-travel", on("NI 16", direction_of_travel=""), False, []),
    ("D7.no-direction-of-travel", lambda: replace(
        agreement(target("NI 5", direction_of_travel="")), period_end="2008/09"), False, []),
    ("D7.no-direction-of-travel", lambda: replace(
        agreement(target("NI 5", direction_of_travel="")), period_start="2009/10",
        period_end="2009/10"), True, ["non-survey year (2009/10)"]),
    ("D6.no-partner-authority", one(partners=(VOLUNTARY,)), True,
     ["Stockton Residents Forum", "voluntary"]),
    ("D6.no-partner-authority", one(partners=()), True, ["no partner is signed up"]),
    ("D6.no-partner-authority", one(partners=(AUTHORITY, VOLUNTARY)), False, []),
    ("D6.no-partner-authority", on("L-LOC-001", "local", partners=()), False, []),
    ("D6.no-partner-authority", one(partners=(FORUM_WITH_DUTY,)), True,
     ["only voluntary partners (Stockton Residents Forum)"]),
    ("D6.no-partner-authority", one(partners=(replace(FORUM_WITH_DUTY, duty=None),)), True,
     ["Stockton Residents Forum"]),
    ("D6.no-partner-authority", one(partners=(replace(AUTHORITY, duty=None, lead=True),)),
     False, []),
    ("D6.no-partner-authority", one(partners=(PartnerSignUp("Unknown Trust", None, True),)),
     False, []),
    ("D6.duty-not-partner-authority", one(partners=(AUTHORITY, FORUM_WITH_DUTY)), True,
     ["NI 16: Stockton Residents Forum is not a partner authority", "voluntary partner"]),
    ("D6.duty-not-partner-authority", on("L-LOC-001", "local", partners=(FORUM_WITH_DUTY,)),
     True, ["L-LOC-001"]),
    ("D6.duty-not-partner-authority", one(), False, []),
    ("D6.duty-not-partner-authority", one(partners=(replace(FORUM_WITH_DUTY, duty=None),
                                                    AUTHORITY)), False, []),
    ("D6.duty-not-partner-authority", one(partners=(PartnerSignUp("Unknown Trust", lead=True),)),
     False, []),
    ("D6.no-lead-partner", one(partners=(AUTHORITY, VOLUNTARY)), True, ["2 partners"]),
    ("D6.no-lead-partner", one(), False, []),
    ("D6.no-lead-partner", on("L-LOC-001", "local", partners=(AUTHORITY,)), False, []),
    ("D6.no-delivery-plan", one(delivery_plan=""), True, ["NI 16", "delivery plan"]),
    ("D6.no-delivery-plan", on("L-LOC-001", "local", delivery_plan="  "), True, ["L-LOC-001"]),
    ("D6.no-delivery-plan", one(), False, []),
    ("targets.duplicate", two({"key": "a"}, {"key": "b"}), True, ["the whole area (a)"]),
    ("targets.duplicate", two({"key": "a", "scope": Scope(("Norton", "Billingham"))},
                              {"key": "b", "scope": Scope(("Billingham", "Norton"))}),
     True, ["Billingham, Norton (a)"]),
    ("targets.duplicate", two({"key": "a", "scope": Scope(("Norton",))},
                              {"key": "b", "scope": Scope(("Norton",), "over-65s")}), False, []),
    ("targets.duplicate-key", lambda: agreement(target("NI 16", key="x"),
                                                target("NI 112", key="x")), True, ["x"]),
    ("targets.duplicate-key", lambda: agreement(target("NI 16"), target("NI 112")), False, []),
    ("values.unit-range", on("NI 7", yearly={"2008/09": D(52), "2009/10": D(54),
                                             "2010/11": D("100.5")}), True,
     ["2010/11 target 100.5%", "0% to 100%"]),
    ("values.unit-range", on("NI 154", baseline=Baseline(D(-5), "2007/08")), True,
     ["baseline -5", "cannot be negative", "count"]),
    ("values.unit-range", one(yearly={**YEARS_3, "2009/10": D("NaN")}), True, ["not a number"]),
    ("values.unit-range", on("NI 154", baseline=Baseline(D(-5), "2007/08"), relative_to="gap"),
     False, []),
    ("values.unit-range", on("NI 7", yearly={"2008/09": D(60), "2009/10": D(80),
                                             "2010/11": D(100)}), False, []),
    ("values.decimal-places", on("NI 154", yearly={"2008/09": D("52.5"), "2009/10": D(54),
                                                   "2010/11": D(56)}), True,
     ["2008/09 target 52.5 has 1 decimal places", "reported with 0"]),
    ("values.decimal-places", reward("44", "42.125"), True, ["stretched target 42.125"]),
    ("values.decimal-places", one(yearly={**YEARS_3, "2010/11": D("43.25")}), False, []),
    ("values.decimal-places", on("NI 154", yearly={"2008/09": D("52.000"), "2009/10": D(54),
                                                   "2010/11": D(56)}), False, []),
    ("periods.agreement", with_draft(period_start="2010/11", period_end="2008/09"), True,
     ["ends (2008/09) before it starts (2010/11)"]),
    ("periods.agreement", with_draft(period_start="2008-09"), True, ["2008-09"]),
    ("periods.agreement", with_draft(period_end="2011/12"), True, ["4 years"]),
    ("periods.agreement", with_draft(), False, []),
    ("periods.outside-agreement", one(yearly={**YEARS_3, "2011/12": D(42)}), True,
     ["2011/12", "2008/09 to 2010/11"]),
    ("periods.outside-agreement", lambda: replace(
        agreement(), period_end="2008/09", targets=(target("NI 16", yearly={"2008/09": D(48)}),)
    ), False, []),
    ("periods.baseline-unreadable", one(baseline=Baseline(D(50), "last year")), True,
     ["last year"]),
    *[
        ("periods.baseline-unreadable", one(baseline=Baseline(D(50), period)), False, [])
        for period in ("2007/08", "Q3 2007/08", "2007", "March 2008", "autumn 2007",
                       "2008-03-31")
    ],
    ("periods.baseline-not-before", one(baseline=Baseline(D(50), "2008/09")), True,
     ["2008/09 does not end before 2008/09"]),
    ("periods.baseline-not-before", one(baseline=Baseline(D(50), "Q1 2008/09")), True, []),
    ("periods.baseline-not-before", one(baseline=Baseline(D(50), "March 2008")), False, []),
    ("periods.baseline-not-before", survey(final="54", ci_lower=D(47), ci_upper=D(53)),
     False, []),
    # Issue 8: the reward element goes stale when the target's values move past it (NI 16,
    # lower is better, final-year target 44 in 2010/11).
    ("D20.reward-stale", reward("46", "45"), True,
     ["NI 16", "stretched target 45", "falls short of the target for 2010/11 (44)", "Restate"]),
    ("D20.reward-stale", reward("43", "42"), True, ["expected without reward 43 is beyond", "(44)"]),
    ("D20.reward-stale", reward("44", "42"), False, []),
    ("D20.reward-stale", reward("46", "44"), False, []),  # the stretched target is the target itself
    ("D20.reward-stale", reward("50", "52", indicator="NI 175"), False, []),  # neither direction better
    ("D20.reward-stale", reward("52", "57", indicator="NI 7"), False, []),  # higher is better: 56 by 2010/11
    ("D20.reward-stale", reward("52", "55", indicator="NI 7"), True, ["at or above"]),
    ("D20.reward-not-stretched", reward("44", "45"), True, ["stretched target 45",
                                                           "below", "(44)"]),
    ("D20.reward-not-stretched", reward("44", "44"), True, []),
    ("D20.reward-not-stretched", reward("50", "52", indicator="NI 175"), False, []),
    ("D20.reward-not-stretched", reward("50", "50", indicator="NI 175"), True, ["different"]),
    ("D20.reward-not-stretched", reward("44", "42"), False, []),
    ("D20.reward-not-stretched", reward("52", "50", indicator="NI 7"), True,
     ["stretched target 50% must be above the performance expected without reward (52%)"]),
    ("D20.reward-not-stretched", reward("50", "50", indicator="NI 7"), True, ["above"]),
    ("D20.reward-not-stretched", reward("50", "52", indicator="NI 7"), False, []),
    ("D20.reward-not-stretched", reward("44", "42", subs=(sub("10", "11"),)), True,
     ["sub-target \u201cNorton\u201d"]),
    ("D20.reward-weight", reward("44", "42", weight="0"), True, ["weight is 0"]),
    ("D20.reward-weight", reward("44", "42", weight="0.5"), False, []),
    ("D20.sub-target-shares", reward("44", "42", subs=(sub("10", "9", "0.5"),
                                                      sub("10", "9", "0.4"))), True,
     ["add up to 0.9"]),
    ("D20.sub-target-shares", reward("44", "42", subs=(sub("10", "9", "1"), sub("10", "9"))),
     True, ["1 of 2"]),
    ("D20.sub-target-shares", reward("44", "42", subs=(sub("10", "9", "0.5"),
                                                      sub("10", "9", "0.5"))), False, []),
    ("D20.sub-target-shares", reward("44", "42", subs=(sub("10", "9"), sub("10", "9"))),
     False, []),
    ("D20.reward-not-designated", reward("50", "52", indicator="L-LOC-001", category="local"),
     True, ["local target"]),
    ("D20.reward-not-designated", reward("44", "42"), False, []),
    ("outcomes.unknown", one(outcome="nowhere"), True, ["\u201cnowhere\u201d"]),
    ("outcomes.unknown", one(), False, []),
    ("outcomes.duplicate-id", lambda: replace(
        agreement(target("NI 16")),
        outcomes=(*agreement().outcomes, OutcomeDraft("safer", "Safer again")),
    ), True, ["\u201csafer\u201d"]),
    ("outcomes.duplicate-id", one(), False, []),
    ("outcomes.no-targets", lambda: replace(
        agreement(target("NI 16")),
        outcomes=(*agreement().outcomes, OutcomeDraft("idle", "Idle outcome")),
    ), True, ["\u201cIdle outcome\u201d (idle)"]),
    ("outcomes.no-targets", one(), False, []),
    ("indicators.unknown", lambda: agreement(replace(target("NI 16"), indicator="NI 999")),
     True, ["NI 999"]),
    ("indicators.unknown", one(), False, []),
]


def _case_id(case: tuple[str, Build, bool, list[str]]) -> str:
    rule, _, fires, words = case
    return f"{rule}-{'fires' if fires else 'quiet'}-{'-'.join(words)[:40]}"


@pytest.mark.parametrize(("rule", "build", "fires", "words"), CASES, ids=map(_case_id, CASES))
def test_rule(rule: str, build: Build, fires: bool, words: list[str]) -> None:
    findings = check_agreement(build(), CATALOGUE, partner_authorities=PARTNER_AUTHORITIES)
    found = [f for f in findings if f.rule == rule]
    assert bool(found) == fires, findings
    for finding in found:
        assert finding.severity == RULES_BY_ID[rule].severity
    for word in words:
        assert any(word in f.message for f in found), (word, [f.message for f in found])


# Real agreements of the 2008 round, encoded as agreement files, met these cases (issue 8):
# rule, build, the year checked for, fires, words the message must contain. Checked
# against the catalogue with the statutory set's end dates and the indicators' frequencies.
REAL_CASES = [
    # Statutory targets: the set in force for the area and the year (D3).
    ("D3.statutory-missing", statutory_without(KS3), "2009/10", False, []),
    ("D3.statutory-missing", statutory_without(KS3), "2008/09", True,
     ["4 of the", "in force in 2008/09", "NI 74, NI 83, NI 95 and NI 96", "DCSF"]),
    ("D3.statutory-missing", statutory_without(KS3), None, True, ["in force in 2008/09"]),
    ("D3.statutory-missing", statutory_without(
        ("NI 72",), StatutoryOmission("NI 72", "2008-03-31", "agreed with DCSF")), "2008/09",
     False, []),
    ("D3.statutory-missing", statutory_without(
        ("NI 72",), StatutoryOmission("NI 72", None, "asked DCSF")), "2008/09", True,
     ["1 of the", "NI 72"]),
    ("D3.statutory-omission", statutory_without(
        ("NI 72",), StatutoryOmission("NI 72", None, "asked DCSF")), "2008/09", True,
     ["NI 72 is left out, but no date of DCSF's agreement"]),
    ("D3.statutory-omission", statutory_without(
        (), StatutoryOmission("NI 16", "2008-03-31")), "2008/09", True,
     ["NI 16 is not a statutory DCSF indicator"]),
    ("D3.statutory-omission", statutory_without(
        (), StatutoryOmission("NI 72", "2008-03-31")), "2008/09", True,
     ["NI 72 has a statutory target"]),
    ("D3.statutory-omission", statutory_without(
        ("NI 72",), StatutoryOmission("NI 72", "2008-03-31")), "2008/09", False, []),
    # A Key Stage 3 target needs a value only for the years it is in force.
    ("D5.missing-year", on("NI 74", "statutory", outcome="children",
                           yearly={"2008/09": D(52)}), None, False, []),
    ("D5.missing-year", on("NI 73", "statutory", outcome="children",
                           yearly={"2008/09": D(52)}), None, True, ["2009/10 and 2010/11"]),
    # Which years: a biennial indicator (not the Place Survey) needs its survey years only.
    ("D5.missing-year", on("NI 160", yearly={"2008/09": D(52), "2010/11": D(54)}), None,
     False, []),
    ("D5.missing-year", on("NI 160", yearly={"2008/09": D(52)}), None, True, ["2010/11"]),
    ("D5.missing-year", on("NI 154", yearly={"2008/09": D(52), "2010/11": D(54)}), None, True,
     ["2009/10"]),
    # An explicit "none set" counts as given, and is kept.
    ("D5.missing-year", on("NI 154", yearly={"2008/09": D(52), "2010/11": D(54)},
                           none_set=("2009/10",)), None, False, []),
    ("D5.none-set-with-value", on("NI 154", none_set=("2009/10",)), None, True,
     ["2009/10 is marked \u201cnone set\u201d but also given a target"]),
    ("D5.none-set-with-value", on("NI 154", yearly={"2008/09": D(52), "2010/11": D(54)},
                                  none_set=("2009/10",)), None, False, []),
    ("periods.outside-agreement", on("NI 154", none_set=("2011/12",)), None, True,
     ["\u201cnone set\u201d for 2011/12"]),
    # Targets for the final year only: a warning, not an error.
    ("D5.final-year-only", one(yearly={"2010/11": D(44)}), None, True,
     ["final year 2010/11 only", "2008/09 and 2009/10"]),
    ("D5.missing-year", one(yearly={"2010/11": D(44)}), None, False, []),
    ("D5.final-year-only", on("NI 32", placeholder=None, yearly={"2010/11": D(54)}), None, True,
     ["2009/10"]),
    ("D5.final-year-only", one(yearly={"2009/10": D(46)}), None, False, []),
    ("D5.final-year-only", one(), None, False, []),
    # Periods: a value's own data period; a baseline range, average or part year.
    *[
        ("periods.baseline-unreadable", one(baseline=Baseline(D(50), period)), None, False, [])
        for period in ("2005-2007 average", "2005-07 average", "2005/06 to 2007/08",
                       "3 year average 2005-2007", "April-December 2007", "Q1-Q3 2007/08",
                       "to February 2008")
    ],
    ("periods.baseline-unreadable", one(baseline=Baseline(D(50), "2007-2005 average")), None,
     True, ["2007-2005 average", "average (2005-2007 average)"]),
    ("periods.baseline-not-before", one(baseline=Baseline(D(50), "2006-2008 average")), None,
     True, ["2006-2008 average does not end before 2008/09"]),
    ("periods.value-unreadable", one(value_periods={"2010/11": "to February 2011",
                                                    "2009/10": "2009"}), None, False, []),
    ("periods.value-unreadable", one(value_periods={"2010/11": "soon"}), None, True,
     ["\u201csoon\u201d of the 2010/11 target cannot be read"]),
    ("periods.value-unreadable", one(yearly={"2010/11": D(44)}, none_set=("2008/09", "2009/10"),
                                     value_periods={"2009/10": "2009"}), None, True,
     ["given for 2009/10, which has no target"]),
    # Placeholders on indicators not deferred, agreed by the GO: recorded, a warning.
    ("D5.placeholder-agreed", one(yearly={}, baseline=NO_BASELINE, placeholder=Placeholder(
        "no usable baseline", "annual review 2009", go_agreed=True)), None, True,
     ["agreed by the GO", "\u201cno usable baseline\u201d"]),
    ("D5.placeholder-not-allowed", one(yearly={}, baseline=NO_BASELINE, placeholder=Placeholder(
        "no usable baseline", "annual review 2009", go_agreed=True)), None, False, []),
    ("D5.placeholder-not-allowed", one(yearly={}, baseline=NO_BASELINE, placeholder=Placeholder(
        "no usable baseline", "annual review 2009")), None, True, ["neither deferred"]),
    ("D5.placeholder-agreed", on("NI 32"), None, False, []),
    # A wrong-way or flat target: an error, unless a reason is recorded (then a warning).
    ("D9.wrong-direction", one(yearly={**YEARS_3, "2010/11": D(50)}), None, True,
     ["Record why"]),
    ("D9.wrong-direction", one(yearly={**YEARS_3, "2010/11": D(50)},
                               direction_reason="rising demand"), None, False, []),
    ("D9.direction-explained", one(yearly={**YEARS_3, "2010/11": D(52)},
                                   direction_reason="rising demand from new housing"), None,
     True, ["2010/11 target 52", "\u201crising demand from new housing\u201d"]),
    ("D9.direction-explained", one(direction_reason="rising demand"), None, False, []),
    # Partners: an organisation the service does not know, named with the duty: a warning.
    ("D6.unknown-organisation", one(partners=(UNKNOWN_TRUST, AUTHORITY)), None, True,
     ["Unknown Trust is named with the duty to have regard", "propose"]),
    ("D6.no-partner-authority", one(partners=(UNKNOWN_TRUST,)), None, False, []),
    ("D6.unknown-organisation", one(partners=(AUTHORITY, VOLUNTARY)), None, False, []),
    ("D6.unknown-organisation", one(partners=(replace(UNKNOWN_TRUST, duty="voluntary"),
                                              AUTHORITY)), None, False, []),
]


def _real_case_id(case: tuple[str, Build, str | None, bool, list[str]]) -> str:
    rule, _, year, fires, words = case
    return f"{rule}-{year}-{'fires' if fires else 'quiet'}-{'-'.join(words)[:40]}"


@pytest.mark.parametrize(("rule", "build", "year", "fires", "words"), REAL_CASES,
                         ids=map(_real_case_id, REAL_CASES))
def test_real_agreement_case(
    rule: str, build: Build, year: str | None, fires: bool, words: list[str]
) -> None:
    findings = check_agreement(build(), REAL, partner_authorities=PARTNER_AUTHORITIES, year=year)
    found = [f for f in findings if f.rule == rule]
    assert bool(found) == fires, findings
    for finding in found:
        assert finding.severity == RULES_BY_ID[rule].severity
    for word in words:
        assert any(word in f.message for f in found), (word, [f.message for f in found])


def test_every_rule_has_a_firing_and_a_quiet_case() -> None:
    cases = [*CASES, *((rule, build, fires, words) for rule, build, _, fires, words in REAL_CASES)]
    firing = {rule for rule, _, fires, _ in cases if fires}
    quiet = {rule for rule, _, fires, _ in cases if not fires}
    assert firing == set(RULES_BY_ID)
    assert quiet == set(RULES_BY_ID)


def test_rule_registry_is_consistent() -> None:
    assert len(RULES) == len(RULES_BY_ID)
    for rule in RULES:
        assert rule.severity in ("error", "warning")
        assert rule.description.endswith((".", ")"))
    assert RULES_BY_ID["D2.designated-limit"].severity == "error"
    assert RULES_BY_ID["D9.wrong-direction"].severity == "error"  # ADR 0008
    assert RULES_BY_ID["D9.direction-explained"].severity == "warning"
    assert RULES_BY_ID["D5.final-year-only"].severity == "warning"
    assert RULES_BY_ID["D5.placeholder-agreed"].severity == "warning"
    assert RULES_BY_ID["D6.unknown-organisation"].severity == "warning"


def test_no_organisation_known_means_none_is_unknown() -> None:
    """Without a list of known organisations (None), no sign-up is called unknown."""
    draft = one(partners=(UNKNOWN_TRUST,))()
    assert not [f for f in check_agreement(draft, CATALOGUE) if f.rule == "D6.unknown-organisation"]
    found = check_agreement(draft, CATALOGUE, partner_authorities={})
    assert [f.rule for f in found if f.rule.startswith("D6.") and f.target == "NI 16"] == [
        "D6.unknown-organisation"
    ]


def test_a_full_valid_agreement_has_no_findings() -> None:
    draft = full_agreement()
    assert len(draft.targets) == 151
    assert check_agreement(draft, CATALOGUE) == []


def test_findings_name_their_target_by_key() -> None:
    draft = agreement(target("NI 16", key="crime-norton", delivery_plan=""))
    [finding] = check_agreement(draft, CATALOGUE)
    assert finding.target == "crime-norton"
    assert finding.message.startswith("crime-norton (NI 16):")


def test_agreement_findings_have_no_target() -> None:
    findings = check_agreement(designated(36)(), CATALOGUE)
    assert [f.target for f in findings if f.rule == "D2.designated-limit"] == [None]


def test_given_interval_limits_need_no_scipy(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise AssertionError("scipy called")

    monkeypatch.setattr("laa.domain.confidence.wilson_interval", fail)
    assert check_agreement(full_agreement(), CATALOGUE) == []


def test_wilson_results_are_cached() -> None:
    draft = survey(final="53", sample_size=1234)()
    check_agreement(draft, CATALOGUE)
    before = confidence._wilson.cache_info().hits
    check_agreement(draft, CATALOGUE)
    assert confidence._wilson.cache_info().hits == before + 1


def test_statutory_set_comes_from_the_catalogue() -> None:
    """The statutory set is data: a round with 10 statutory indicators asks for 10."""
    catalogue = {
        code: replace(facts, statutory=facts.statutory and code in {ni(n) for n in
                                                                    STATUTORY_NIS[:10]})
        for code, facts in CATALOGUE.items()
    }
    findings = check_agreement(statutory(10, True)(), catalogue)
    assert not [f for f in findings if f.rule.startswith("D3.")]


_NI_CSV = [
    Path("/work/shared/data/national-indicators.csv"),
    Path(__file__).resolve().parents[2] / "src/laa/catalogue/data/national-indicators.csv",
]


@pytest.mark.parametrize("path", [p for p in _NI_CSV if p.exists()] or [None])
def test_agreement_builders_match_reference_data(path: Path | None) -> None:
    """The builders' statutory, Place Survey and deferred sets are those of the data."""
    if path is None:
        pytest.skip("no national-indicators.csv here")
    with path.open(encoding="utf-8") as rows:
        indicators = list(csv.DictReader(rows))
    assert len(indicators) == 198
    assert {int(r["ni"]) for r in indicators} == set(NI_NUMBERS)
    assert {int(r["ni"]) for r in indicators if r["place_survey"] == "Y"} == set(PLACE_SURVEY_NIS)
    assert {int(r["ni"]) for r in indicators if r["first_year"] == "2009/10"} == set(DEFERRED_NIS)
    if "statutory_dcsf" in indicators[0]:
        statutory_set = {int(r["ni"]) for r in indicators if r["statutory_dcsf"] == "Y"}
        assert statutory_set == set(STATUTORY_NIS)
