"""Alerts: what a follower is told in their daily digest (issue 13; `laa alerts`).

Anyone signed in may follow a target (an area's target, by its key), an indicator (every
area's values of it) or an area (its targets and its values). Once a day each follower is
sent one digest of what happened since the last one sent to them:

- a followed target that **turned** at risk or off track: its judgement is worse than the
  one last told to (or seen by) this follower; the first judgement known for a target is
  where it starts, not news;
- **values published** for what they follow: each hub ledger entry (an import) that
  brought values of a followed indicator or area, one line an entry and area;
- **reporting periods missed**: a period of a followed indicator whose values were due
  (by `due_day`: months after its end, by its kind of period, as data) and that
  the hub does not hold for an area they follow (or, following an indicator, for any
  area: counted in one line).

Nothing is told twice: every item has a stable key, and the keys already told to a
follower are left out. A digest with no items is not sent.

    digest(following, targets, told_judgements, published, missed, told_keys) -> Digest
    digest_mail(name, digest, site) -> (subject, body)
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from laa.domain.hub.periods import Period, PeriodKind
from laa.domain.progress import Judgement
from laa.domain.text import plural

# How long after a period ends its values are due in the hub, in months, by kind of period
# (data, not code: the reporting timetable of the Data Interchange Hub's first year as
# departments published it for 2008/09: a quarter's values within three months, a year's
# within nine months, a survey's within six months of the fieldwork's end; the Place
# Survey 2008's results came out in June 2009).
DUE_AFTER_MONTHS: Mapping[PeriodKind, int] = {
    PeriodKind.QUARTER: 3,
    PeriodKind.FINANCIAL_YEAR: 9,
    PeriodKind.ACADEMIC_YEAR: 6,
    PeriodKind.CALENDAR_YEAR: 9,
    PeriodKind.PLACE_SURVEY: 6,
    PeriodKind.TELLUS_SURVEY: 6,
    PeriodKind.ROLLING: 9,
}

# Worse is later: a target "turns" when its judgement moves down this order.
_RANK = {Judgement.NONE: 0, Judgement.ON_TRACK: 0, Judgement.AT_RISK: 1, Judgement.OFF_TRACK: 2}


class FollowKind(StrEnum):
    TARGET = "target"
    INDICATOR = "indicator"
    AREA = "area"

    @property
    def label(self) -> str:
        return {"target": "a target", "indicator": "an indicator", "area": "an area"}[self.value]


@dataclass(frozen=True, slots=True)
class Followed:
    """What one person follows: a target (area and key), an indicator (code) or an area."""

    kind: FollowKind
    area: str = ""  # the area's code (target, area)
    indicator: str = ""  # "NI 16" (indicator)
    target: str = ""  # the target's key (target)


@dataclass(frozen=True, slots=True)
class TargetStanding:
    """A target's judgement now, as the progress pages give it."""

    area: str
    area_name: str
    target: str
    indicator: str
    judgement: Judgement
    year: str
    reason: str
    link: str


@dataclass(frozen=True, slots=True)
class Published:
    """Values of an indicator for an area that one hub import (ledger entry) brought."""

    entry: int
    area: str
    area_name: str
    indicator: str
    periods: tuple[str, ...]
    supplier: str
    link: str


@dataclass(frozen=True, slots=True)
class Missed:
    """A period of an indicator whose values were due and that the hub does not hold for an area."""

    area: str
    area_name: str
    indicator: str
    period: str
    due: dt.date
    link: str


class ItemKind(StrEnum):
    TURNED = "turned"
    PUBLISHED = "published"
    MISSED = "missed"

    @property
    def heading(self) -> str:
        return {"turned": "Targets that turned at risk or off track", "published": "Values published",
                "missed": "Reporting periods missed"}[self.value]


@dataclass(frozen=True, slots=True)
class Item:
    key: str  # stable: the same happening always has the same key (nothing is told twice)
    kind: ItemKind
    text: str
    link: str


@dataclass(frozen=True, slots=True)
class Digest:
    items: tuple[Item, ...]
    # The judgement of each followed target now, by (area, target key): told or seen, it is
    # where the next digest compares from.
    judgements: Mapping[tuple[str, str], Judgement] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.items


def due_day(period: Period, after: Mapping[PeriodKind, int] = DUE_AFTER_MONTHS) -> dt.date:
    """The last day a period's values are due in the hub: the end of the month that many
    months after the period's last month."""
    months = period.end.year * 12 + period.end.month - 1 + after[period.kind]
    year, month = divmod(months, 12)
    return dt.date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def follows_target(following: Iterable[Followed], area: str, target: str) -> bool:
    return any((f.kind is FollowKind.TARGET and f.area == area and f.target == target)
               or (f.kind is FollowKind.AREA and f.area == area) for f in following)


def follows_values(following: Iterable[Followed], area: str, indicator: str) -> bool:
    return any((f.kind is FollowKind.INDICATOR and f.indicator == indicator)
               or (f.kind is FollowKind.AREA and f.area == area)
               for f in following)


def turned(before: Judgement | None, now: Judgement) -> bool:
    """At risk or off track now, and worse than before; nothing known before is no news."""
    return before is not None and now in {Judgement.AT_RISK, Judgement.OFF_TRACK} and _RANK[now] > _RANK[before]


def digest(following: Sequence[Followed], targets: Iterable[TargetStanding],
           told_judgements: Mapping[tuple[str, str], Judgement], published: Iterable[Published],
           missed: Iterable[Missed], told_keys: frozenset[str] | set[str]) -> Digest:
    items: list[Item] = []
    judgements: dict[tuple[str, str], Judgement] = {}
    for t in targets:
        if not follows_target(following, t.area, t.target):
            continue
        judgements[(t.area, t.target)] = t.judgement
        if turned(told_judgements.get((t.area, t.target)), t.judgement):
            items.append(Item(
                f"turned:{t.area}:{t.target}:{t.year}:{t.judgement.value}", ItemKind.TURNED,
                f"{t.area_name}, {t.target}: {t.judgement.label.lower()} in {t.year} "
                f"(was {told_judgements[(t.area, t.target)].label.lower()}). {t.reason}", t.link))
    for p in published:
        if follows_values(following, p.area, p.indicator):
            items.append(Item(
                f"published:{p.entry}:{p.area}:{p.indicator}", ItemKind.PUBLISHED,
                f"{p.indicator} for {p.area_name}: {plural(len(p.periods), 'value')} published by "
                f"{p.supplier} ({', '.join(p.periods)}).", p.link))
    for m in missed:
        if follows_values(following, m.area, m.indicator):
            items.append(Item(
                f"missed:{m.area}:{m.indicator}:{m.period}", ItemKind.MISSED,
                f"{m.indicator} for {m.area_name}: no value for {m.period}, due by "
                f"{m.due.day} {m.due:%B %Y}.", m.link))
    fresh = tuple(i for i in items if i.key not in told_keys)
    order = list(ItemKind)
    return Digest(tuple(sorted(fresh, key=lambda i: (order.index(i.kind), i.text))), judgements)


def digest_mail(name: str, digest: Digest, site: str) -> tuple[str, str]:
    """The digest as an e-mail's subject and plain-text body, every item with its link."""
    subject = f"Local Area Agreements: {plural(len(digest.items), 'change')} in what you follow"
    lines = [f"Dear {name},", "", "Since your last digest:"]
    for kind in ItemKind:
        mine = [i for i in digest.items if i.kind is kind]
        if not mine:
            continue
        lines += ["", f"{kind.heading} ({len(mine)})", ""]
        for i in mine:
            lines += [f"- {i.text}", f"  {site}{i.link}"]
    lines += ["", f"To change what you follow: {site}/alerts/", ""]
    return subject, "\n".join(lines)
