"""The partnership board's report for a period (issue 13: "a board report (HTML and PDF) of
all of it for a chosen period"): which periods a report may be for, and what changed for
each target since the last period.

A report is for a quarter of the agreement's years that has ended: its targets are judged
on the values of periods ended by the quarter's last day, and set against the same targets
judged at the end of the quarter before ("what changed since the last period").

    report_periods("2008/09", "2010/11", today) -> (Period, ...)   latest first
    previous_quarter(period) -> Period
    change(before, now) -> Change                                    the target's change
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from laa.domain.hub.periods import Period, quarter_period
from laa.domain.progress import JUDGEMENT_ORDER, Judgement

# How far from good a judgement is: off track the furthest; no judgement is not ranked.
_RANK = {j: i for i, j in enumerate(reversed(JUDGEMENT_ORDER[:3]))}  # on track 0, at risk 1, off track 2


def _start_year(financial_year: str) -> int:
    """2008 for "2008/09"; ValueError if it is not a financial year."""
    head, sep, tail = financial_year.partition("/")
    if not sep or len(head) != 4 or not head.isdigit() or len(tail) != 2 or not tail.isdigit():
        raise ValueError(f"not a financial year like 2008/09: {financial_year!r}")
    return int(head)


def report_periods(first_year: str, last_year: str, today: date) -> tuple[Period, ...]:
    """The quarters of the agreement's years (`first_year` to `last_year`, like "2008/09")
    that ended by `today`, latest first: the periods a board report may be for."""
    found = []
    for year in range(_start_year(first_year), _start_year(last_year) + 1):
        for quarter in (1, 2, 3, 4):
            period = quarter_period(year, quarter)
            if period.end <= today:
                found.append(period)
    return tuple(reversed(found))


def previous_quarter(period: Period) -> Period:
    """The quarter before a quarter ("2008/09 Q1" -> "2007/08 Q4")."""
    year, quarter = _start_year(period.code.split()[0]), int(period.code.rsplit("Q", 1)[1])
    return quarter_period(year - 1, 4) if quarter == 1 else quarter_period(year, quarter - 1)


class Change(StrEnum):
    WORSE = "worse"  # judged worse than at the end of the last period
    BETTER = "better"
    NEW_VALUE = "new_value"  # judged the same on a value of a later period
    FIRST_JUDGED = "first_judged"  # judged now, not at the end of the last period
    NO_LONGER_JUDGED = "no_longer_judged"  # judged then, not now (a value withdrawn, suppressed)
    UNCHANGED = "unchanged"  # the same judgement on the same period's value
    NEW_TARGET = "new_target"  # not in the agreement at the end of the last period

    @property
    def label(self) -> str:
        return {"worse": "Worse", "better": "Better", "new_value": "New value, same judgement",
                "first_judged": "Judged for the first time", "no_longer_judged": "No longer judged",
                "unchanged": "No change", "new_target": "New target"}[self.value]


# The order the changes are read in: what got worse first, what did not change last.
CHANGE_ORDER = (Change.WORSE, Change.NO_LONGER_JUDGED, Change.FIRST_JUDGED, Change.BETTER, Change.NEW_VALUE,
                Change.NEW_TARGET, Change.UNCHANGED)


@dataclass(frozen=True, slots=True)
class Standing:
    """A target's headline at the end of a period: its judgement and the period of the
    value judged ("" when no value)."""

    judgement: Judgement
    period: str = ""


def change(before: Standing | None, now: Standing) -> Change:
    """How the target moved from the end of the last period (`before`; None: not a target
    then) to the end of this one."""
    if before is None:
        return Change.NEW_TARGET
    judged_before, judged_now = before.judgement is not Judgement.NONE, now.judgement is not Judgement.NONE
    if judged_now and not judged_before:
        return Change.FIRST_JUDGED
    if judged_before and not judged_now:
        return Change.NO_LONGER_JUDGED
    if judged_now and _RANK[now.judgement] > _RANK[before.judgement]:
        return Change.WORSE
    if judged_now and _RANK[now.judgement] < _RANK[before.judgement]:
        return Change.BETTER
    if now.period != before.period and now.period:
        return Change.NEW_VALUE
    return Change.UNCHANGED


def changes(before: Mapping[str, Standing], now: Mapping[str, Standing]) -> list[tuple[str, Change]]:
    """Each target's change (by key), what got worse first, then in the order given."""
    order = {c: i for i, c in enumerate(CHANGE_ORDER)}
    found = [(key, change(before.get(key), standing)) for key, standing in now.items()]
    return sorted(found, key=lambda kc: order[kc[1]])
