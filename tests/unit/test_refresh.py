"""The refresh after the annual review (laa.domain.refresh; D16, seed 004 Q8, Q9, Q25, Q27), table by table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from laa.domain.composition import (
    AgreementDraft,
    Baseline,
    IndicatorFacts,
    PartnerSignUp,
    Placeholder,
    Reward,
    TargetDraft,
)
from laa.domain.refresh import (
    Ground,
    includes_local,
    is_withdrawn,
    refresh_consents,
    refresh_item,
    refresh_problems,
    timing_refusal,
    years_refreshed,
)
from laa.domain.reviews import review_year
from laa.domain.revisions import ChangeKind, apply_items, earliest_local_revision
from laa.domain.versions import compare

KCC, POLICE, GO = "Kent County Council", "Kent Police Authority", "Government Office for the South East"
Y2008 = review_year("2008/09")
assert Y2008 is not None


def _t(key, category="designated", partners=(KCC,), **more):
    return TargetDraft(key=key, indicator=key, category=category, outcome="safer",
                       partners=tuple(PartnerSignUp(p, "have_regard", lead=i == 0) for i, p in enumerate(partners)),
                       **more)


KENT = AgreementDraft(area="E2221", round=2008, targets=(
    _t("NI 32", partners=(POLICE,), placeholder=Placeholder("Introduced in 2009/10", "annual review 2009")),
    _t("NI 24", yearly={"2009/10": D("50")}),
    _t("NI 175", baseline=Baseline(None), improvement_percent=D("5")),
    _t("NI 152", yearly={"2008/09": D("70"), "2009/10": D("68")},
       reward=Reward(D("68"), D("66"))),
    _t("NI 16", partners=(KCC, POLICE), yearly={"2008/09": D("20"), "2009/10": D("19"), "2010/11": D("18")}),
    _t("NI 74", "statutory", yearly={"2008/09": D("75")}),
    _t("NI 75", "statutory", yearly={"2008/09": D("50"), "2009/10": D("52")}),
    _t("L-KEN-001", "local", yearly={"2009/10": D("12")}),
    _t("L-KEN-002", "local", reward=Reward(D("5"), D("7")), yearly={"2009/10": D("5")}),
))


def _facts(code, first_year="2008/09", until=None, national=True):
    return IndicatorFacts(code=code, national=national, title=code, polarity="higher", unit="percent",
                          deferred=first_year != "2008/09", first_year=first_year, statutory=until is not None,
                          statutory_until=until)


FACTS = {f.code: f for f in (
    _facts("NI 32", "2009/10"), _facts("NI 24", "2009/10"), _facts("NI 175"), _facts("NI 152"), _facts("NI 16"),
    _facts("NI 74", until="2008/09"), _facts("NI 75"), _facts("L-KEN-001"), _facts("L-KEN-002"),
    _facts("L-KEN-009", national=False),
)}
NEXT = {"2009/10": D("12"), "2010/11": D("11")}


@pytest.mark.parametrize(("items", "key", "words"), [
    ([refresh_item(Ground.PLACEHOLDER, "NI 32", yearly=NEXT)], None, ""),
    ([refresh_item(Ground.PLACEHOLDER, "NI 16", yearly=NEXT)], "NI 16", "NI 16 is not a placeholder"),
    ([refresh_item(Ground.PLACEHOLDER, "NI 32")], "NI 32", "Give NI 32's target for at least one of 2009/10 and 2010/11"),
    ([refresh_item(Ground.PLACEHOLDER, "NI 32", yearly={"2008/09": D("3")})], "NI 32",
     "the 2008/09 refresh sets targets for 2009/10 and 2010/11, not 2008/09"),
    ([refresh_item(Ground.DEFERRED, "NI 24", yearly={"2010/11": D("55")})], None, ""),
    ([refresh_item(Ground.DEFERRED, "NI 16", yearly=NEXT)], "NI 16", "NI 16 is not on a deferred indicator"),
    ([refresh_item(Ground.BASELINE, "NI 175", baseline=D("41.2"))], None, ""),
    ([refresh_item(Ground.BASELINE, "NI 175")], "NI 175", "Give NI 175's confirmed baseline"),
    ([refresh_item(Ground.BASELINE, "NI 16", baseline=D("20"))], "NI 16", "NI 16 has no baseline to be confirmed"),
    ([refresh_item(Ground.RENEGOTIATE, "NI 16", yearly={"2009/10": D("21")}, reason="The recession")], None, ""),
    ([refresh_item(Ground.RENEGOTIATE, "NI 16", yearly={"2009/10": D("21")})], "NI 16",
     "Give the reason NI 16 is renegotiated"),
    ([refresh_item(Ground.RENEGOTIATE, "NI 16", yearly={"2009/10": D("19")}, reason="x")], "NI 16",
     "These are NI 16's targets already"),
    ([refresh_item(Ground.EXCHANGE, "NI 16", new_target=_t("NI 20"), reason="Knife crime")], None, ""),
    ([refresh_item(Ground.EXCHANGE, "NI 16", new_target=_t("NI 20"))], "NI 16", "Give the reason NI 16 is exchanged"),
    ([refresh_item(Ground.EXCHANGE, "L-KEN-001", new_target=_t("NI 20"), reason="x")], "L-KEN-001",
     "L-KEN-001 is not a designated target"),
    ([refresh_item(Ground.EXCHANGE, "NI 16", new_target=_t("NI 24"), reason="x")], "NI 16",
     "Give the designated target NI 16 is exchanged for"),
    ([refresh_item(Ground.EXCHANGE, "NI 16", new_target=_t("L-KEN-003"), reason="x")], None, ""),  # not known here
    ([refresh_item(Ground.EXCHANGE, "NI 16", new_target=_t("L-KEN-009"), reason="x")], "NI 16",
     "L-KEN-009 is a local indicator: NI 16 is exchanged for a target on a national indicator"),
    ([refresh_item(Ground.WITHDRAWN, "NI 74")], None, ""),
    ([refresh_item(Ground.WITHDRAWN, "NI 75")], "NI 75", "NI 75's indicator is not withdrawn"),
    ([refresh_item(Ground.WITHDRAWN, "NI 404")], "NI 404", "The agreement has no target NI 404"),
    ([refresh_item(Ground.PLACEHOLDER, "NI 32", yearly=NEXT), refresh_item(Ground.PLACEHOLDER, "NI 32", yearly=NEXT)],
     "NI 32", "changed twice"),
    ([refresh_item(Ground.RENEGOTIATE, "NI 152", yearly={"2009/10": D("60")}, reason="The recession"),
      refresh_item(Ground.WITHDRAWN, "L-KEN-002")], "reward",
     "NI 152, L-KEN-002 have a reward element (stretch): a target with a reward element cannot be refreshed."),
    ([refresh_item(Ground.RENEGOTIATE, "NI 152", yearly={"2009/10": D("60")}, reason="x")], "reward",
     "NI 152 has a reward element"),
    ([], "items", "at least one change"),
])
def test_a_refresh_may_change_only_what_the_framework_allows(items, key, words):
    problems = refresh_problems(items, KENT, FACTS, Y2008)
    if key is None:
        assert problems == {}
    else:
        assert words in problems[key]


@pytest.mark.parametrize(("completed", "today", "open_one", "words"), [
    (True, date(2009, 3, 10), None, ""),
    (True, date(2009, 3, 31), None, ""),  # proposals by March: its last day too
    (False, date(2009, 3, 10), None, "The 2008/09 annual review of Kent's agreement is not completed"),
    (True, date(2009, 4, 1), None, "were due by 31 March 2009"),
    (True, date(2009, 3, 10), 3, "Revision 3 is already the 2008/09 refresh of Kent's agreement"),
])
def test_a_refresh_follows_the_completed_review_by_march(completed, today, open_one, words):
    refusal = timing_refusal(Y2008, review_completed=completed, today=today, area="Kent", open_or_approved=open_one)
    assert (words in refusal) if words else refusal == ""


@pytest.mark.parametrize(("year", "expected"), [
    ("2008/09", ("2009/10", "2010/11")), ("2009/10", ("2010/11",)), ("2010/11", ()),
])
def test_a_refresh_sets_targets_for_the_years_after_the_one_reviewed(year, expected):
    reviewed = review_year(year)
    assert reviewed is not None
    assert years_refreshed(reviewed, "2008/09", "2010/11") == expected


@pytest.mark.parametrize(("until", "year", "withdrawn"), [
    ("2008/09", "2008/09", True),  # Key Stage 3: no target after 2008/09
    ("2008/09", "2009/10", True),
    (None, "2008/09", False),
    ("2009/10", "2008/09", False),
])
def test_an_indicator_is_withdrawn_when_its_target_ends_with_the_year_reviewed(until, year, withdrawn):
    assert is_withdrawn(_facts("NI 74", until=until), review_year(year)) is withdrawn


@pytest.mark.parametrize(("items", "local"), [
    ([refresh_item(Ground.PLACEHOLDER, "NI 32", yearly=NEXT)], False),
    ([refresh_item(Ground.RENEGOTIATE, "L-KEN-001", yearly={"2009/10": D("9")}, reason="x")], True),
    ([refresh_item(Ground.EXCHANGE, "NI 16", new_target=_t("NI 20", "local"), reason="x")], True),
])
def test_a_refresh_changing_a_local_target_counts_for_the_one_month_rule(items, local):
    assert includes_local(items, KENT) is local


def test_the_approval_of_a_refresh_with_local_targets_restarts_the_month():
    approved, refreshed = date(2008, 6, 27), date(2009, 3, 16)
    assert earliest_local_revision(approved, [refreshed]) == date(2009, 4, 16)


@pytest.mark.parametrize(("items", "needed"), [
    ([refresh_item(Ground.PLACEHOLDER, "NI 32", yearly=NEXT)], (GO, POLICE)),
    ([refresh_item(Ground.RENEGOTIATE, "NI 16", yearly={"2009/10": D("21")}, reason="x")], (GO, KCC, POLICE)),
    ([refresh_item(Ground.WITHDRAWN, "NI 74")], (GO, KCC)),
])
def test_the_go_agrees_and_the_partner_authorities_concerned_consent(items, needed):
    assert refresh_consents(items, KENT, GO) == needed


def test_the_refreshed_agreement_differs_from_the_reviewed_one_by_exactly_the_refresh():
    items = [refresh_item(Ground.PLACEHOLDER, "NI 32", yearly=NEXT),
             refresh_item(Ground.BASELINE, "NI 175", baseline=D("41.2")),
             refresh_item(Ground.RENEGOTIATE, "NI 16", yearly={"2009/10": D("21")}, reason="The recession"),
             refresh_item(Ground.WITHDRAWN, "NI 74")]
    assert [i.kind for i in items] == [ChangeKind.AMEND, ChangeKind.AMEND, ChangeKind.AMEND, ChangeKind.DROP]
    revised = apply_items(KENT, items)
    targets = {t.key: t for t in revised.targets}
    assert targets["NI 32"].placeholder is None and targets["NI 32"].yearly == NEXT
    assert targets["NI 175"].baseline.value == D("41.2") and targets["NI 175"].improvement_percent == D("5")
    assert "NI 74" not in targets
    diff = compare(KENT, revised)
    assert {t.key: t.kind for t in diff.targets} == {"NI 32": "changed", "NI 175": "changed", "NI 16": "changed",
                                                      "NI 74": "removed"}
