"""Reducing burdens (DOMAIN.md D22; seed 004, FAQ 70-71): the data collections departments
still ask of councils outside the National Indicator Set, each counted in data items, and
the reduction achieved against the count of 2008.

Departments committed to at least 20% fewer data items by April 2009 and at least 30%
by 2010 (the Government's commitment at the 2007 spending review). Each aim is met when
the reduction reaches its percentage; before its day it is "not yet met", after it
"missed". The reduction is the percentage of the 2008 count no longer collected, rounded
half up to one decimal place for display; the comparison with an aim uses the exact
figure, so 19.96% is shown as 20.0% but does not meet the 20% aim.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

__all__ = [
    "AIMS",
    "Aim",
    "AimStanding",
    "Collection",
    "Progress",
    "aim_standings",
    "progress",
    "reduction_percent",
    "shown_percent",
    "totals",
]


@dataclass(frozen=True)
class Aim:
    percent: int
    by: date  # the aim applies from this day
    label: str


AIMS: tuple[Aim, ...] = (
    Aim(20, date(2009, 4, 1), "20% fewer data items by April 2009"),
    Aim(30, date(2010, 4, 1), "30% fewer data items by 2010"),
)


class AimStanding(StrEnum):
    MET = "met"
    NOT_YET_MET = "not_yet_met"
    MISSED = "missed"

    @property
    def label(self) -> str:
        return {"met": "Met", "not_yet_met": "Not yet met", "missed": "Missed"}[self.value]


@dataclass(frozen=True)
class Collection:
    """One data collection: its department's code and its data items, in 2008 and now."""

    department: str
    items_2008: int
    items_now: int

    def __post_init__(self) -> None:
        if self.items_2008 < 0 or self.items_now < 0:
            raise ValueError("a count of data items cannot be negative")


@dataclass(frozen=True)
class Progress:
    items_2008: int
    items_now: int
    reduction: Decimal  # exact percentage of the 2008 count no longer collected (may be negative)
    standings: tuple[tuple[Aim, AimStanding], ...]

    @property
    def removed(self) -> int:
        return self.items_2008 - self.items_now


def reduction_percent(items_2008: int, items_now: int) -> Decimal:
    """The reduction against 2008, as an exact percentage: 100 x (2008 - now) / 2008.
    A collection that has grown has a negative reduction; one with no items in 2008
    (new since) counts as 0% when it still has none, else as a 100% increase."""
    if items_2008 == 0:
        return Decimal(0) if items_now == 0 else Decimal(-100)
    return Decimal(100) * Decimal(items_2008 - items_now) / Decimal(items_2008)


def shown_percent(value: Decimal) -> str:
    """A percentage for a page: one decimal place, half up ("20.0%", "-5.3%")."""
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def aim_standings(reduction: Decimal, *, today: date) -> tuple[tuple[Aim, AimStanding], ...]:
    """Each aim with whether it is met, not yet met (before its day), or missed."""
    out = []
    for aim in AIMS:
        if reduction >= aim.percent:
            standing = AimStanding.MET
        elif today < aim.by:
            standing = AimStanding.NOT_YET_MET
        else:
            standing = AimStanding.MISSED
        out.append((aim, standing))
    return tuple(out)


def progress(items_2008: int, items_now: int, *, today: date) -> Progress:
    reduction = reduction_percent(items_2008, items_now)
    return Progress(items_2008, items_now, reduction, aim_standings(reduction, today=today))


def totals(collections: Iterable[Collection], *, today: date) -> tuple[dict[str, Progress], Progress]:
    """The progress of each department (by code, over its collections) and of all of them:
    the aims are on the total of data items, not on each collection."""
    by_department: dict[str, list[int]] = {}
    for c in collections:
        counts = by_department.setdefault(c.department, [0, 0])
        counts[0] += c.items_2008
        counts[1] += c.items_now
    departments = {code: progress(a, b, today=today) for code, (a, b) in sorted(by_department.items())}
    all_2008 = sum(p.items_2008 for p in departments.values())
    all_now = sum(p.items_now for p in departments.values())
    return departments, progress(all_2008, all_now, today=today)
