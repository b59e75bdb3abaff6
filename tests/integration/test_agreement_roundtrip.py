"""Import then export gives back the same agreement: database <-> draft <-> file.

A property test generates agreements the database can hold (Kent, round 2008), imports
each with `actions_import.import_agreement`, exports it with `convert.agreement_to_draft` and
expects the same draft (with each duty not stated resolved by the organisation's kind,
D6); then the export travels through YAML, JSON and the workbook and is imported again.
Its targets are on national indicators and on the local indicators of Kent's partnership,
signed up by Kent's real organisations (read from the database, so that local indicators
and links to organisations are exercised) as well as by names the service does not know. Example-based tests pin the upsert by key, the deletion of a target
the file no longer has, and refusals that name the field and change nothing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from laa.agreements import actions_import
from laa.agreements.actions import AgreementError
from laa.agreements.convert import agreement_to_draft
from laa.agreements.models import Agreement, Outcome, Target, TargetPartner
from laa.agreements.models import Consultation as ConsultationRow
from laa.catalogue.actions import add_local_indicator
from laa.catalogue.models import Indicator
from laa.domain.agreement_file import dump_json, dump_yaml, parse_agreement
from laa.domain.agreement_workbook import read_agreement_workbook, write_agreement_workbook
from laa.domain.composition import (
    CATEGORIES,
    DUTIES,
    SELECTION_CRITERIA,
    AgreementDraft,
    Baseline,
    Consultation,
    OutcomeDraft,
    PartnerSignUp,
    Placeholder,
    Reward,
    RewardSubTarget,
    Scope,
    TargetDraft,
    default_duty,
)
from laa.permissions import SystemActor
from laa.places.models import Organisation

from .conftest import LOCAL_FIELDS

SYSTEM = SystemActor("a test")  # what a command acts as

KENT, ROUND = "E2221", 2008
YEARS = ("2008/09", "2009/10", "2010/11")
NATIONAL = tuple(f"NI {n}" for n in range(1, 200) if n != 31)  # NI 31 was deleted

# --- What the database can hold ---------------------------------------------------------------

# What people type: letters, digits, punctuation, symbols and spaces, with spaces, tabs or
# line breaks at either end; no NUL (PostgreSQL text), no "\r" (the workbook's XML turns
# "\r\n" into "\n"), no other control characters (a workbook cannot hold them).
_CHARACTERS = st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"),
                            exclude_characters="\r\x00")
_SPACE = st.text(st.sampled_from(" \t\n"), max_size=2)


def _text(max_size: int, min_size: int = 0) -> st.SearchStrategy[str]:
    body = st.text(_CHARACTERS, min_size=min_size, max_size=max_size)
    return st.builds(lambda before, text, after: before + text + after, _SPACE, body, _SPACE)


def _name(max_size: int = 20) -> st.SearchStrategy[str]:
    """A name a workbook list cell can hold: no ";", no spaces at either end, not empty."""
    chars = st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"),
                          exclude_characters=";\r\x00")
    return st.text(chars, min_size=1, max_size=max_size).map(str.strip).filter(bool)


texts = _text(12)
long_texts = st.lists(_text(12), max_size=3).map("\n".join)


def numbers(places: int = 4, integer_digits: int = 10) -> st.SearchStrategy[Decimal]:
    """Decimals with at most `places` decimal places and `integer_digits` integer digits,
    written the ways a file may write them: 17.5000, 17.5 or 1E+1, 17.500000."""
    limit = 10**integer_digits

    def build(whole: int, fraction: int, form: int) -> Decimal:
        value = Decimal(whole) + Decimal(fraction).scaleb(-places)  # `places` places shown
        if form == 1:
            return value.normalize()  # no trailing zeros; an exponent for 10: 1E+1
        if form == 2:
            return value.quantize(Decimal(1).scaleb(-places - 2))  # zeros past the column's
        return value

    return st.builds(
        build,
        st.integers(-(limit - 1), limit - 1),
        st.integers(0, 10**places - 1),
        st.integers(0, 2),
    )


def _reward() -> st.SearchStrategy[Reward]:
    any_decimal = st.builds(lambda d, p: Decimal(d).scaleb(-p), st.integers(-(10**12), 10**12),
                            st.integers(-3, 8))
    sub = st.builds(RewardSubTarget, _name(20), any_decimal, any_decimal, st.none() | any_decimal)
    return st.builds(Reward, any_decimal, any_decimal, any_decimal,
                     st.lists(sub, max_size=2).map(tuple))


# A target without its key, outcome, indicator and partners, which `kent_agreements` draws
# to suit the agreement and the area.
_targets = st.builds(
    TargetDraft,
    key=st.just(""),
    indicator=st.just(""),
    category=st.sampled_from(CATEGORIES),
    outcome=st.just(""),
    scope=st.builds(Scope, st.lists(_name(12), max_size=3).map(tuple), st.none() | _name(20)),
    baseline=st.builds(
        Baseline,
        value=st.none() | numbers(),
        period=st.none() | _text(16, 1),
        source=_text(16),
        ci_lower=st.none() | numbers(),
        ci_upper=st.none() | numbers(),
        sample_size=st.none() | st.integers(1, 2**31 - 1),
    ),
    yearly=st.dictionaries(st.sampled_from(YEARS), numbers(), max_size=3),
    placeholder=st.none() | st.builds(Placeholder, _name(20), _text(16)),
    improvement_percent=st.none() | numbers(3, 5),  # its column is decimal(8, 3)
    relative_to=_text(16),
    partners=st.just(()),
    reward=st.none() | _reward(),
    delivery_plan=long_texts,
    direction_of_travel=long_texts,
)
_outcomes = st.builds(
    OutcomeDraft,
    id=st.just(""),
    title=_text(16, 1),
    theme=texts,
    evidence=long_texts,
    criteria=st.lists(st.sampled_from(SELECTION_CRITERIA), unique=True).map(tuple),
    assessment=long_texts,
)
_consultations = st.builds(
    Consultation,
    _text(16, 1).filter(str.strip),
    st.none() | st.dates(date(1990, 1, 1), date(2030, 12, 31)).map(date.isoformat),
    long_texts,
)
_outcome_ids = st.lists(_name(12), max_size=3, unique=True)
_target_keys = st.lists(_text(16, 1), max_size=4, unique=True)


@st.composite
def _partner(draw: st.DrawFn, organisations: dict[str, bool]) -> PartnerSignUp:
    """A sign-up by one of the area's organisations (`organisations`: name -> whether it is
    a partner authority) or by a name the service does not know. Its duty is any the import
    accepts: stated or not (None), never have_regard for a known non-partner authority (D6)."""
    names = _name(20)
    if organisations:  # two draws in three name one of the area's organisations
        known = st.sampled_from(sorted(organisations))
        names = st.one_of(known, known, names)
    name = draw(names)
    duties = (*DUTIES, None) if organisations.get(name, True) else ("voluntary", None)
    return PartnerSignUp(name, draw(st.sampled_from(duties)), draw(st.booleans()))


@st.composite
def kent_agreements(
    draw: st.DrawFn, local_codes: tuple[str, ...] = (), organisations: dict[str, bool] | None = None
) -> AgreementDraft:
    """Any agreement for Kent, 2008, that the database can hold: its targets on national
    indicators or on `local_codes` (the partnership's local indicators), signed up by the
    area's `organisations` or by names the service does not know."""
    organisations = organisations or {}
    indicators = st.sampled_from(NATIONAL)
    if local_codes:  # one target in two on a local indicator
        indicators = indicators | st.sampled_from(local_codes)
    partners = st.lists(_partner(organisations), max_size=3,
                        unique_by=lambda p: p.organisation).map(tuple)
    outcome_ids = draw(_outcome_ids)
    outcomes = tuple(replace(draw(_outcomes), id=oid) for oid in outcome_ids)
    choices = ["", *outcome_ids]  # "": a target not yet tied to an outcome
    targets = tuple(
        replace(draw(_targets), key=key, indicator=draw(indicators), partners=draw(partners),
                outcome=choices[draw(st.integers(0, len(outcome_ids)))])
        for key in draw(_target_keys)
    )
    consultations = tuple(draw(st.lists(_consultations, max_size=3)))
    return AgreementDraft(
        area=KENT,
        round=ROUND,
        outcomes=outcomes,
        targets=targets,
        story_of_place=draw(long_texts),
        education_responsibility=draw(st.booleans()),
        period_start=YEARS[0],
        period_end=YEARS[-1],
        evidence=draw(long_texts),
        sustainability_assessed=draw(st.booleans()),
        equality_assessed=draw(st.booleans()),
        consultations=consultations,
    )


def kent() -> Agreement:
    return Agreement.objects.select_related("area", "round").get(area__code=KENT, round__year=ROUND)


def import_and_export(draft: AgreementDraft) -> AgreementDraft:
    result = actions_import.import_agreement(actor=SYSTEM, draft=draft)
    return agreement_to_draft(result.agreement)


# --- The property -----------------------------------------------------------------------------


@pytest.fixture
def kent_local_indicators(db) -> None:
    """Local indicators of Kent's (demonstration) partnership, added as its officer adds them."""
    from laa.accounts.models import User

    officer = User.objects.get(username="officer")
    for code, title in (("L-KENT-01", "Households in fuel poverty helped"),
                        ("L-KENT-02", "Visitors to Kent's country parks")):
        add_local_indicator(actor=officer, data={**LOCAL_FIELDS, "code": code, "title": title})


def kent_reference() -> tuple[tuple[str, ...], dict[str, bool]]:
    """From the database: the codes of the local indicators of Kent's partnership, and the
    names of Kent's organisations with whether each is a partner authority (s104)."""
    codes = tuple(Indicator.objects.filter(partnership__area__code=KENT)
                  .order_by("code").values_list("code", flat=True))
    organisations = {o.name: o.is_partner_authority
                     for o in Organisation.objects.filter(area__code=KENT).order_by("name")}
    return codes, organisations


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_import_then_export_gives_back_the_same_agreement(kent_local_indicators, data) -> None:
    codes, organisations = kent_reference()
    assert codes and any(organisations.values()) and not all(organisations.values())
    draft = data.draw(kent_agreements(codes, organisations), label="draft")
    event(f"local indicator: {any(t.indicator in codes for t in draft.targets)}")
    event(f"known organisation: {any(p.organisation in organisations for t in draft.targets for p in t.partners)}")
    with transaction.atomic():  # each example starts from the same database
        _round_trips(draft, organisations)
        transaction.set_rollback(True)


def _resolved(draft: AgreementDraft, organisations: dict[str, bool]) -> AgreementDraft:
    """The draft as the database keeps it: a duty not stated follows the organisation's
    kind, or is have_regard for a name the service does not know (D6)."""
    return replace(draft, targets=tuple(
        replace(t, partners=tuple(
            p if p.duty is not None else replace(p, duty=default_duty(organisations.get(p.organisation)))
            for p in t.partners
        ))
        for t in draft.targets
    ))


def _round_trips(draft: AgreementDraft, organisations: dict[str, bool]) -> None:
    exported = import_and_export(draft)
    assert exported == _resolved(draft, organisations)
    linked = TargetPartner.objects.filter(target__agreement=kent()).select_related("organisation")
    for sign_up in linked:  # a known organisation is linked, by name, in its own area
        if sign_up.name in organisations:
            assert sign_up.organisation is not None and sign_up.organisation.name == sign_up.name
            assert sign_up.organisation.area.code == KENT
        else:
            assert sign_up.organisation is None, sign_up.name
    # a local code is the partnership's own indicator
    assert not kent().targets.filter(indicator__code__startswith="L-").exclude(
        indicator__partnership__area__code=KENT).exists()
    files = {
        "yaml": lambda d: parse_agreement(dump_yaml(d)).draft,
        "yaml (complete)": lambda d: parse_agreement(dump_yaml(d, complete=True)).draft,
        "json": lambda d: parse_agreement(dump_json(d)).draft,
        "xlsx": lambda d: read_agreement_workbook(write_agreement_workbook(d)).draft,
    }
    for name, through in files.items():
        read = through(exported)
        assert read == exported, name
        assert import_and_export(read) == exported, name


# --- Examples ---------------------------------------------------------------------------------


def example(**changes) -> AgreementDraft:
    draft = AgreementDraft(
        area=KENT,
        round=ROUND,
        outcomes=(
            OutcomeDraft("safer", "Safer communities", "Stronger and safer", "Crime up 4%",
                         criteria=("challenging", "important_to_vision"), assessment="Top priority"),
            OutcomeDraft("healthier", "Healthier lives"),
        ),
        targets=(
            TargetDraft("NI 16", "NI 16", "designated", "safer",
                        baseline=Baseline(Decimal("18.2"), "2007/08", "iQuanta"),
                        yearly={"2008/09": Decimal("17.5"), "2009/10": Decimal("16.9"),
                                "2010/11": Decimal("16.0")},
                        partners=(PartnerSignUp("Kent Police Authority", lead=True),)),
            TargetDraft("NI 8", "NI 8", "designated", "healthier",
                        baseline=Baseline(Decimal("21.75")),
                        yearly={"2010/11": Decimal("24")}),
        ),
        story_of_place="Kent: the garden of England.",
        education_responsibility=True,
        evidence="Kent Atlas 2007",
        sustainability_assessed=True,
        consultations=(Consultation("Kent Youth County Council", "2008-01-15", "Wanted more on transport"),
                       Consultation("Residents' panel", None)),
    )
    return replace(draft, **changes)


def test_the_example_round_trips(db) -> None:
    draft = example()
    assert import_and_export(draft) == draft
    agreement = kent()
    assert agreement.outcomes.get(key="safer").criteria == {"important_to_vision": True, "challenging": True}
    assert [(c.consultee, c.held_on) for c in agreement.consultations.all()] == [
        ("Kent Youth County Council", date(2008, 1, 15)), ("Residents' panel", None)]


def test_decimals_are_stored_plainly_and_exactly(db) -> None:
    """1E+1 (as a JSON file may write ten) is stored "10", which pages and exports show;
    trailing zeros beyond the column's four places hold nothing and are accepted."""
    first = example().targets[0]
    draft = example(targets=(replace(
        first, baseline=replace(first.baseline, value=Decimal("18.200000")),
        yearly={"2008/09": Decimal("1E+1"), "2009/10": Decimal("9.50")},
        reward=Reward(Decimal("1.2E+1"), Decimal("9.5"), Decimal("1")),
    ),))
    assert import_and_export(draft) == draft
    target = kent().targets.get(key="NI 16")
    assert target.yearly == {"2008/09": "10", "2009/10": "9.50"}
    assert target.reward["without_reward"] == "12"


def test_importing_again_keeps_the_targets_by_key(db) -> None:
    actions_import.import_agreement(actor=SYSTEM, draft=example())
    first = {t.key: (t.pk, t.version) for t in kent().targets.all()}
    changed = example(targets=(replace(example().targets[0], yearly={"2008/09": Decimal("17")}),
                               *example().targets[1:]))
    assert import_and_export(changed) == changed
    again = {t.key: (t.pk, t.version) for t in kent().targets.all()}
    assert {k: pk for k, (pk, _) in again.items()} == {k: pk for k, (pk, _) in first.items()}
    assert all(again[k][1] == first[k][1] + 1 for k in first)
    assert ConsultationRow.objects.filter(agreement=kent()).count() == 2  # replaced, not added


def test_a_target_the_file_no_longer_has_is_deleted(db) -> None:
    actions_import.import_agreement(actor=SYSTEM, draft=example())
    gone = kent().targets.get(key="NI 8").pk
    smaller = example(targets=example().targets[:1], consultations=())
    assert import_and_export(smaller) == smaller
    assert not Target.objects.filter(pk=gone).exists()
    assert list(kent().targets.values_list("key", flat=True)) == ["NI 16"]
    assert not kent().consultations.exists()


def _state() -> tuple:
    agreement = kent()
    return (
        agreement.version,
        Target.objects.filter(agreement=agreement).count(),
        Outcome.objects.filter(agreement=agreement).count(),
        TargetPartner.objects.filter(target__agreement=agreement).count(),
        ConsultationRow.objects.filter(agreement=agreement).count(),
        agreement_to_draft(agreement),
    )


def _with_baseline(value: str) -> AgreementDraft:
    first = example().targets[0]
    return example(targets=(replace(first, baseline=replace(first.baseline, value=Decimal(value))),
                            *example().targets[1:]))


REFUSED = [
    (example(consultations=(Consultation("Kent Youth County Council", "2008-02-30"),)),
     "consultations[0].held_on"),
    (example(consultations=(Consultation("Parish councils", "15/01/2008"),)), "consultations[0].held_on"),
    (example(consultations=(Consultation("Parish councils", "2008-01-15"), Consultation("  "))),
     "consultations[1].consultee"),
    (_with_baseline("18.21875"), "targets[0].baseline.value"),
    (_with_baseline("1E+10"), "targets[0].baseline.value"),  # 11 integer digits
    (example(targets=(replace(example().targets[0], improvement_percent=Decimal("2.5125")),)),
     "targets[0].improvement_percent"),  # the column keeps 3 decimal places
    (example(targets=(replace(example().targets[0], yearly={"2008/09": Decimal("17.00001")}),)),
     "targets[0].targets.2008/09"),
    (example(outcomes=(replace(example().outcomes[0], criteria=("popular",)), example().outcomes[1])),
     "outcomes[0].criteria"),
]


@pytest.mark.parametrize(("draft", "field"), REFUSED, ids=[f for _, f in REFUSED])
def test_what_the_database_cannot_hold_is_refused_and_nothing_changes(db, draft, field) -> None:
    actions_import.import_agreement(actor=SYSTEM, draft=example())
    before = _state()
    with pytest.raises(AgreementError) as caught:
        actions_import.import_agreement(actor=SYSTEM, draft=draft)
    assert field in caught.value.problems, caught.value.problems
    assert _state() == before


def test_another_partnerships_local_indicator_is_refused(scoping) -> None:
    """Kent's file may use Kent's local indicators (L-KENT-01), never Stockton's (L-STK-01)."""
    actions_import.import_agreement(actor=SYSTEM, draft=example())
    first = example().targets[0]
    own = example(targets=(*example().targets, replace(first, key="fuel", indicator=scoping.kent_code)))
    assert import_and_export(own) == own
    before = _state()
    theirs = example(targets=(*example().targets, replace(first, key="park", indicator=scoping.stockton_code)))
    with pytest.raises(AgreementError) as caught:
        actions_import.import_agreement(actor=SYSTEM, draft=theirs)
    assert "L-STK-01" in caught.value.problems["targets[2].indicator"]
    assert _state() == before
