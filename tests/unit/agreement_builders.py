"""Valid agreement drafts and a fake indicator catalogue, for the domain tests and benchmarks.

The statutory, Place Survey and deferred sets are the real ones of 2008, read from
/work/shared/data/national-indicators.csv (columns statutory_dcsf, place_survey,
first_year); `test_agreement_builders_match_reference_data` keeps them in step with it.
Polarity and unit are not in that file: the catalogue here says "higher is better,
percentage" unless an indicator is listed in `_FACTS`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from laa.domain.agreement_file_data import AgreementFile
from laa.domain.composition import (
    CATEGORIES,
    DUTIES,
    SELECTION_CRITERIA,
    AgreementDraft,
    Baseline,
    Consultation,
    IndicatorFacts,
    OutcomeDraft,
    PartnerSignUp,
    Placeholder,
    Polarity,
    Reward,
    RewardSubTarget,
    Scope,
    StatutoryOmission,
    TargetDraft,
    Unit,
    financial_year,
)

NI_NUMBERS = tuple(n for n in range(1, 200) if n != 31)  # NI 31 was deleted: 198 indicators
STATUTORY_NIS = (72, 73, 74, 75, 83, 87, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101)
PLACE_SURVEY_NIS = (1, 2, 3, 4, 5, 6, 17, 21, 22, 23, 27, 37, 41, 42, 119, 138, 139, 140)
DEFERRED_NIS = (12, 24, 25, 26, 32, 38, 54, 57, 71, 127, 128, 190, 199)

# (title, polarity, unit, decimal places) where the generic facts would be wrong.
_FACTS: dict[int, tuple[str, Polarity, Unit, int]] = {
    1: ("People from different backgrounds get on well together", "higher", "percentage", 1),
    5: ("Overall/general satisfaction with local area", "higher", "percentage", 1),
    16: ("Serious acquisitive crime rate", "lower", "rate", 2),
    17: ("Perceptions of anti-social behaviour", "lower", "percentage", 1),
    112: ("Under 18 conception rate", "lower", "rate", 1),
    152: ("Working age people on out of work benefits", "lower", "percentage", 1),
    154: ("Net additional homes provided", "higher", "count", 0),
    167: ("Congestion - average journey time per mile in the morning peak", "lower", "rate", 2),
    175: ("Access to services and facilities by public transport", "neither", "percentage", 1),
    191: ("Residual household waste per household", "lower", "kilograms", 0),
}

LOCAL_CODES = tuple(f"L-LOC-{n:03d}" for n in range(1, 121))
OUTCOME_IDS = ("safer", "healthier", "economy", "children", "environment")


def ni(number: int) -> str:
    return f"NI {number}"


def catalogue() -> dict[str, IndicatorFacts]:
    """Every national indicator of 2008, plus 120 local indicators L-LOC-001..120."""
    facts: dict[str, IndicatorFacts] = {}
    for number in NI_NUMBERS:
        title, polarity, unit, places = _FACTS.get(
            number, (f"National indicator {number}", "higher", "percentage", 1)
        )
        facts[ni(number)] = IndicatorFacts(
            code=ni(number),
            national=True,
            title=title,
            polarity=polarity,
            unit=unit,
            decimal_places=places,
            place_survey=number in PLACE_SURVEY_NIS,
            deferred=number in DEFERRED_NIS,
            statutory=number in STATUTORY_NIS,
        )
    for code in LOCAL_CODES:
        facts[code] = IndicatorFacts(
            code=code, national=False, title=f"Local indicator {code}", polarity="higher",
            unit="count", decimal_places=0,
        )
    return facts


CATALOGUE = catalogue()

# The organisations of PARTNERS whose kind is known: whether each is a partner authority.
PARTNER_AUTHORITIES = {
    "Cleveland Police Authority": True,
    "Stockton-on-Tees Borough Council": True,
    "Stockton Residents Forum": False,
}

PARTNERS = (
    PartnerSignUp("Cleveland Police Authority", "have_regard", lead=True),
    PartnerSignUp("Stockton-on-Tees Borough Council", "have_regard"),
    PartnerSignUp("Stockton Residents Forum", "voluntary"),
)


def target(
    indicator: str = "NI 16",
    category: str = "designated",
    *,
    key: str | None = None,
    outcome: str = "safer",
    **changes: Any,
) -> TargetDraft:
    """A valid target on `indicator`: baseline 2007/08, a target for each year moving in the
    good direction, partners with a lead, a delivery plan. Place Survey indicators get an
    autumn 2008 baseline with its interval, a 2010/11 target beyond it and a way of gauging
    direction of travel in the non-survey year; deferred
    indicators are placeholders."""
    facts = CATALOGUE[indicator]
    step = Decimal(-2) if facts.polarity == "lower" else Decimal(2)
    base = Decimal(50)
    yearly = {"2008/09": base + step, "2009/10": base + 2 * step, "2010/11": base + 3 * step}
    baseline = Baseline(value=base, period="2007/08", source="local data")
    placeholder = None
    direction = ""
    if facts.place_survey:
        baseline = Baseline(base, "autumn 2008", "Place Survey", Decimal("47.1"),
                            Decimal("52.9"), 1100)
        yearly = {"2010/11": base + 4 * step}
        direction = "Quarterly perception panel in 2009/10"
    elif facts.deferred:
        baseline = Baseline()
        yearly = {}
        placeholder = Placeholder("deferred to 2009/10", "annual review 2009")
    draft = TargetDraft(
        key=key or indicator,
        indicator=indicator,
        category=category,  # type: ignore[arg-type]
        outcome=outcome,
        baseline=baseline,
        yearly=yearly,
        placeholder=placeholder,
        partners=PARTNERS,
        delivery_plan=f"Delivery plan for {indicator}",
        direction_of_travel=direction,
    )
    return replace(draft, **changes)


def outcomes() -> tuple[OutcomeDraft, ...]:
    return tuple(OutcomeDraft(o, f"Outcome {o}", theme="theme", evidence="evidence")
                 for o in OUTCOME_IDS)


def agreement(*targets: TargetDraft, **changes: Any) -> AgreementDraft:
    """An agreement of the given targets (with every outcome used, so none is idle); no
    statutory targets are expected unless `education_responsibility=True` is passed."""
    used = {t.outcome for t in targets}
    extra = tuple(
        target(f"L-LOC-{100 + i:03d}", "local", outcome=o, key=f"idle-{o}")
        for i, o in enumerate(OUTCOME_IDS, start=1) if o not in used
    )
    draft = AgreementDraft(
        area="E2221",
        round=2008,
        outcomes=outcomes(),
        targets=(*targets, *extra),
        story_of_place="Stockton-on-Tees: a place of contrasts.",
        education_responsibility=False,
    )
    return replace(draft, **changes)


def designated_codes(count: int = 35) -> list[str]:
    """Designated indicators: not statutory; some Place Survey, one deferred."""
    special = [16, 112, 152, 154, 191, 167, 1, 5, 17, 32]
    others = [n for n in NI_NUMBERS if n not in STATUTORY_NIS and n not in PLACE_SURVEY_NIS
              and n not in DEFERRED_NIS and n not in special and n not in _FACTS]
    return [ni(n) for n in (special + others)[:count]]


def full_agreement(designated: int = 35, statutory: int = 16, local: int = 100) -> AgreementDraft:
    """A complete, valid agreement: 35 designated, 16 statutory, 100 local targets."""
    targets: list[TargetDraft] = []
    for i, code in enumerate(designated_codes(designated)):
        targets.append(target(code, "designated", outcome=OUTCOME_IDS[i % 5]))
    for number in STATUTORY_NIS[:statutory]:
        targets.append(target(ni(number), "statutory", outcome="children"))
    for i, code in enumerate(LOCAL_CODES[:local]):
        targets.append(target(code, "local", outcome=OUTCOME_IDS[i % 5]))
    return AgreementDraft(
        area="E2221",
        round=2008,
        outcomes=outcomes(),
        targets=tuple(targets),
        story_of_place="Stockton-on-Tees: a place of contrasts.",
        education_responsibility=statutory == len(STATUTORY_NIS),
    )


# --- Hypothesis strategies: any draft the file formats must carry exactly -----------------

# Letters, digits, punctuation, symbols and spaces: what people type. Not control characters
# (a workbook cannot hold them) nor "\r" (XML turns "\r\n" into "\n").
_CHARACTERS = st.characters(
    codec="utf-8", categories=("L", "N", "P", "S", "Zs"), exclude_characters="\r"
)
texts = st.text(_CHARACTERS, max_size=20)
long_texts = st.text(st.one_of(_CHARACTERS, st.just("\n")), max_size=60)
non_empty = st.text(_CHARACTERS, min_size=1, max_size=20)
# A name in a workbook list cell: no ";" and no spaces at either end.
names = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"), exclude_characters=";\r"),
    min_size=1, max_size=20,
).map(str.strip).filter(bool)
decimals = st.builds(
    lambda digits, places: Decimal(digits).scaleb(-places),
    st.integers(-(10**12), 10**12),
    st.integers(-3, 6),
)
years = st.sampled_from([financial_year(y) for y in range(2006, 2013)])


def _reward() -> st.SearchStrategy[Reward]:
    sub = st.builds(RewardSubTarget, names, decimals, decimals, st.none() | decimals)
    return st.builds(Reward, decimals, decimals, decimals, st.lists(sub, max_size=3).map(tuple))


_targets = st.builds(
    TargetDraft,
    key=non_empty,
    indicator=non_empty,
    category=st.sampled_from(CATEGORIES),
    outcome=texts,  # "" for a target not yet tied to an outcome
    scope=st.builds(Scope, st.lists(names, max_size=3).map(tuple), st.none() | non_empty),
    baseline=st.builds(
        Baseline,
        value=st.none() | decimals,
        period=st.none() | non_empty,
        source=texts,
        ci_lower=st.none() | decimals,
        ci_upper=st.none() | decimals,
        sample_size=st.none() | st.integers(1, 10**6),
    ),
    yearly=st.dictionaries(years, decimals, max_size=4),
    placeholder=st.none() | st.builds(Placeholder, non_empty, texts, st.booleans()),
    improvement_percent=st.none() | decimals,
    relative_to=texts,
    partners=st.lists(
        # None: a duty the file does not state (it follows the organisation's kind, D6).
        st.builds(PartnerSignUp, names, st.sampled_from((*DUTIES, None)), st.booleans()),
        max_size=3,
    ).map(tuple),
    reward=st.none() | _reward(),
    delivery_plan=long_texts,
    direction_of_travel=long_texts,
    none_set=st.lists(years, max_size=2, unique=True).map(tuple),
    value_periods=st.dictionaries(
        years, st.sampled_from(("to February 2011", "2009", "April-December 2010", "Q1 2010/11")),
        max_size=2,
    ),
    direction_reason=texts,
).map(  # a year is given a target or marked "none set" in a file, never both
    lambda t: replace(t, none_set=tuple(y for y in t.none_set if y not in t.yearly))
)


_outcomes = st.builds(
    OutcomeDraft,
    non_empty,
    non_empty,
    texts,
    long_texts,
    criteria=st.lists(st.sampled_from(SELECTION_CRITERIA), unique=True).map(tuple),
    assessment=long_texts,
)
_consultations = st.builds(
    Consultation,
    non_empty,
    st.none() | st.dates().map(date.isoformat),
    long_texts,
)


_omissions = st.builds(
    StatutoryOmission,
    st.sampled_from(("NI 74", "NI 83", "NI 95", "NI 96")),
    st.none() | st.dates().map(date.isoformat),
    long_texts,
)


@st.composite
def agreement_files(draw: st.DrawFn) -> AgreementFile:
    """Any agreement the file formats can hold (target keys unique, for the workbook)."""
    start = draw(st.integers(2005, 2012))
    draft = AgreementDraft(
        area=draw(non_empty),
        round=draw(st.integers(2000, 2100)),
        outcomes=tuple(draw(st.lists(_outcomes, max_size=4))),
        targets=tuple(draw(st.lists(_targets, max_size=5, unique_by=lambda t: t.key))),
        story_of_place=draw(long_texts),
        education_responsibility=draw(st.booleans()),
        period_start=financial_year(start),
        period_end=financial_year(start + draw(st.integers(0, 3))),
        evidence=draw(long_texts),
        sustainability_assessed=draw(st.booleans()),
        equality_assessed=draw(st.booleans()),
        consultations=tuple(draw(st.lists(_consultations, max_size=3))),
        statutory_omissions=tuple(draw(st.lists(_omissions, max_size=2))),
    )
    metadata = draw(st.dictionaries(names, texts, max_size=3))
    return AgreementFile(draft, metadata=metadata)
