"""What the CAA's pages and the API read (issue 13, ADR 0027), always through the scopes.

- Each national indicator's standing for an area: its value at the period compared, its
  rank and quartile among all areas and its significance against England, taken from the
  comparisons the hotspots' placings are computed from, kept per import beside them
  (`comparing.area_compared`: never computed per request); the area's rows are kept under
  the same stamps.
- The area's flags (`CaaFlag.objects.visible_to`: published ones for everyone, drafts and
  withdrawn ones for inspectors, CLG and the administrator), newest first, with their steps.
- `flags_stamp`: one query that changes whenever a flag the reader sees is recorded,
  changed, published or withdrawn (every step adds a status row); `assessment_key`: the
  same for the CAA view, with the agreement, its versions and the reward's stamps."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, OuterRef, Subquery, Value

from laa.agreements.models import Agreement
from laa.domain.comparison import AreaComparison, Significance
from laa.performance import comparing
from laa.performance.caa_models import CaaFlag, CaaFlagStatus
from laa.performance.reading import AreaProgress
from laa.performance.reward_reading import reward_stamp_columns
from laa.presentation.fragments import cached, first_row
from laa.signoff.models import AgreementVersion

MAX_FLAGS = 200  # an area's flags shown (newest first)


@dataclass(frozen=True)
class IndicatorStanding:
    code: str
    title: str
    theme: str
    decimal_places: int
    polarity: str
    period: str  # the period compared, "" when the hub holds no value of the indicator
    row: AreaComparison | None  # None: the area has no value at the period compared

    @property
    def vs_england(self) -> Significance:
        return self.row.vs_england if self.row is not None else Significance.NOT_COMPARED


def area_standings(user, area_code: str) -> tuple[IndicatorStanding, ...]:
    """Every national indicator's standing for the area, in the catalogue's order."""
    key = ("caa-standings", area_code, *comparing.stamps(user))
    return cached(key, lambda: _standings(*comparing.area_compared(user, area_code)))


def _standings(found: comparing.AreasCompared, rows: dict[str, AreaComparison]) -> tuple[IndicatorStanding, ...]:
    return tuple(IndicatorStanding(code, facts.title, facts.theme, facts.decimal_places, str(facts.measure.polarity),
                                   found.periods.get(code, ""), rows.get(code))
                 for code, facts in found.indicators.items())


@dataclass(frozen=True)
class FlagStep:
    step: str
    by: str
    at: object
    reason: str


@dataclass(frozen=True)
class FlagRead:
    flag: CaaFlag
    steps: tuple[FlagStep, ...]  # oldest first

    @property
    def published(self) -> FlagStep | None:
        return next((s for s in self.steps if s.step == "publish"), None)

    @property
    def withdrawn(self) -> FlagStep | None:
        return next((s for s in self.steps if s.step == "withdraw"), None)


def flags_of(user, area) -> list[FlagRead]:
    """The area's flags the reader may see, newest first, each with its steps."""
    flags = list(CaaFlag.objects.visible_to(user).filter(area=area).order_by("-recorded_at", "-id")[:MAX_FLAGS])
    steps: dict[int, list[FlagStep]] = {}
    for flag_id, step, by, at, reason in (CaaFlagStatus.objects.visible_to(user)
                                          .filter(flag__in=[f.pk for f in flags]).order_by("id")
                                          .values_list("flag_id", "step", "by_name", "at", "reason")):
        steps.setdefault(flag_id, []).append(FlagStep(step, by, at, reason))
    return [FlagRead(f, tuple(steps.get(f.pk, ()))) for f in flags]


def flag_in_area(user, area, flag_id: int) -> CaaFlag | None:
    return CaaFlag.objects.visible_to(user).filter(area=area, pk=flag_id).select_related("area").first()


def flags_stamp(user) -> tuple:
    """Changes with any step of a flag the reader sees (a withdrawal takes a flag out of
    the public's sight: the count falls)."""
    found = CaaFlagStatus.objects.visible_to(user).aggregate(last=Max("id"), n=Count("id"))
    return (found["last"], found["n"])


def assessment_key(reader: tuple[object, ...], user, area_code: str) -> tuple | None:
    """What the CAA view of the area shows and who may read it, in one query whose SQL is
    built once per reader and area (`first_row`, ADR 0023): the area's latest agreement the
    reader sees, with what the right to read its progress is decided from (its area and
    region), its versions (append-only: their newest id and count, with the day in
    `comparing.stamps`, say which is in force), the newest step and count of the flags the
    reader sees, and the reward's stamps (`reward_stamp_columns`). None: the reader sees no
    agreement of the area."""
    def query():
        versions = AgreementVersion.objects.visible_to(user).filter(agreement=OuterRef("pk")).order_by().annotate(
            one=Value(1)).values("one")
        steps = CaaFlagStatus.objects.visible_to(user).order_by().annotate(one=Value(1)).values("one")
        return (Agreement.objects.visible_to(user).filter(area__code=area_code).order_by("-round__year")
                .values_list("pk", "area_id", "area__region_id",
                             Subquery(versions.annotate(m=Max("id")).values("m")[:1]),
                             Subquery(versions.annotate(n=Count("id")).values("n")[:1]),
                             Subquery(steps.annotate(m=Max("id")).values("m")[:1]),
                             Subquery(steps.annotate(n=Count("id")).values("n")[:1]),
                             *reward_stamp_columns(user)))
    return first_row(("caa", reader, area_code), query)


def flag_subjects(found: AreaProgress, standings: tuple[IndicatorStanding, ...]) -> tuple[str, ...]:
    """What a flag may name: the national indicators, and the agreement's targets (by
    key) and their indicators (local ones too)."""
    names = [s.code for s in standings]
    for item in found.targets:
        names += [item.target.key, item.target.indicator]
    return tuple(dict.fromkeys(names))
