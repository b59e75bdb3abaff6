"""The board report's periods and what changed for each target since the last period
(laa.domain.board_report)."""

from __future__ import annotations

import datetime as dt

import pytest

from laa.domain.board_report import (
    Change,
    Standing,
    change,
    changes,
    previous_quarter,
    report_periods,
)
from laa.domain.hub.periods import parse_period
from laa.domain.progress import Judgement as J


@pytest.mark.parametrize(("today", "codes"), [
    (dt.date(2008, 6, 29), []),  # no quarter of the agreement has ended
    (dt.date(2008, 6, 30), ["2008/09 Q1"]),  # a quarter ends on its last day
    (dt.date(2008, 7, 1), ["2008/09 Q1"]),
    (dt.date(2009, 4, 2), ["2008/09 Q4", "2008/09 Q3", "2008/09 Q2", "2008/09 Q1"]),
    (dt.date(2012, 1, 1), [f"{y} Q{q}" for y in ("2010/11", "2009/10", "2008/09") for q in (4, 3, 2, 1)]),
])
def test_report_periods_are_the_agreements_ended_quarters_latest_first(today, codes):
    assert [p.code for p in report_periods("2008/09", "2010/11", today)] == codes


def test_report_periods_refuse_what_is_not_a_financial_year():
    with pytest.raises(ValueError, match="financial year"):
        report_periods("2008", "2010/11", dt.date(2009, 1, 1))


@pytest.mark.parametrize(("code", "before"), [
    ("2008/09 Q1", "2007/08 Q4"),
    ("2008/09 Q2", "2008/09 Q1"),
    ("2008/09 Q4", "2008/09 Q3"),
    ("2009/10 Q1", "2008/09 Q4"),
])
def test_previous_quarter(code, before):
    found = previous_quarter(parse_period(code))
    assert found.code == before
    assert found.end < parse_period(code).start


@pytest.mark.parametrize(("before", "now", "expected"), [
    (None, Standing(J.ON_TRACK, "2008/09 Q1"), Change.NEW_TARGET),
    (Standing(J.ON_TRACK, "2008/09 Q1"), Standing(J.AT_RISK, "2008/09 Q2"), Change.WORSE),
    (Standing(J.ON_TRACK, "2008/09 Q1"), Standing(J.OFF_TRACK, "2008/09 Q2"), Change.WORSE),
    (Standing(J.AT_RISK, "2008/09 Q1"), Standing(J.OFF_TRACK, "2008/09 Q2"), Change.WORSE),
    (Standing(J.OFF_TRACK, "2008/09 Q1"), Standing(J.AT_RISK, "2008/09 Q2"), Change.BETTER),
    (Standing(J.OFF_TRACK, "2007/08"), Standing(J.ON_TRACK, "2008/09 Q1"), Change.BETTER),
    (Standing(J.AT_RISK, "2008/09 Q1"), Standing(J.AT_RISK, "2008/09 Q2"), Change.NEW_VALUE),
    (Standing(J.AT_RISK, "2008/09 Q1"), Standing(J.AT_RISK, "2008/09 Q1"), Change.UNCHANGED),
    (Standing(J.NONE), Standing(J.NONE), Change.UNCHANGED),  # still nothing to judge
    (Standing(J.NONE), Standing(J.OFF_TRACK, "2008/09 Q1"), Change.FIRST_JUDGED),
    (Standing(J.ON_TRACK, "2008/09 Q1"), Standing(J.NONE, "2008/09 Q2"), Change.NO_LONGER_JUDGED),  # suppressed
    (Standing(J.NONE, "2008/09 Q1"), Standing(J.NONE, "2008/09 Q2"), Change.NEW_VALUE),  # a new value, not judged
])
def test_change(before, now, expected):
    assert change(before, now) is expected


def test_changes_read_what_got_worse_first_and_keep_the_order_given_within_each():
    before = {"a": Standing(J.ON_TRACK, "Q1"), "b": Standing(J.AT_RISK, "Q1"), "c": Standing(J.ON_TRACK, "Q1"),
              "d": Standing(J.ON_TRACK, "Q1")}
    now = {"a": Standing(J.ON_TRACK, "Q1"), "b": Standing(J.ON_TRACK, "Q2"), "c": Standing(J.OFF_TRACK, "Q2"),
           "d": Standing(J.AT_RISK, "Q2"), "e": Standing(J.NONE)}
    assert changes(before, now) == [("c", Change.WORSE), ("d", Change.WORSE), ("b", Change.BETTER),
                                    ("e", Change.NEW_TARGET), ("a", Change.UNCHANGED)]


def test_every_change_has_words():
    assert all(c.label for c in Change)
