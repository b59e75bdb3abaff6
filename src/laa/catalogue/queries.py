"""Reading the catalogue: the current definitions, filtered as a user asks."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from laa.accounts.scopes import role_of
from laa.catalogue.models import (
    Department,
    Indicator,
    IndicatorDefinition,
    Round,
    StatutoryIndicator,
)
from laa.domain.roles import NATIONAL_ROLES, Role
from laa.presentation.fragments import as_text, rows_stamp


@dataclass(frozen=True)
class CatalogueFilter:
    q: str = ""
    theme: str = ""
    department: str = ""
    source: str = ""
    deferred: bool | None = None
    statutory: bool | None = None
    place_survey: bool | None = None
    kind: str = ""  # "national", "local" or "" for both

    @classmethod
    def from_params(cls, params) -> CatalogueFilter:
        def flag(name: str) -> bool | None:
            value = (params.get(name) or "").lower()
            if value in {"yes", "true", "1"}:
                return True
            if value in {"no", "false", "0"}:
                return False
            return None

        return cls(
            q=(params.get("q") or "").strip()[:200],
            theme=(params.get("theme") or "").strip(),
            department=(params.get("department") or "").strip(),
            source=(params.get("source") or "").strip(),
            deferred=flag("deferred"),
            statutory=flag("statutory"),
            place_survey=flag("place_survey"),
            kind=(params.get("kind") or "").strip(),
        )


def current_round() -> Round | None:
    return Round.objects.order_by("-year").first()


def statutory_indicator_ids(round_: Round | None) -> set[int]:
    if round_ is None:
        return set()
    return set(StatutoryIndicator.objects.filter(round=round_).values_list("indicator_id", flat=True))


def current_definitions(user, flt: CatalogueFilter) -> QuerySet[IndicatorDefinition]:
    """The current definition of every indicator the user may see, filtered."""
    visible = Indicator.objects.visible_to(user)
    qs = (
        IndicatorDefinition.objects.filter(is_current=True, indicator__in=visible)
        .select_related("indicator", "department", "indicator__partnership")
        .order_by("indicator__number", "indicator__code")
    )
    if flt.q:
        words = flt.q.upper().removeprefix("NI").strip()
        if words.isdigit():
            qs = qs.filter(indicator__number=int(words))
        else:
            for word in flt.q.split():
                qs = qs.filter(Q(title__icontains=word) | Q(indicator__code__iexact=word))
    if flt.theme:
        qs = qs.filter(Q(theme=flt.theme) | Q(annex=flt.theme))
    if flt.department:
        qs = qs.filter(department__code=flt.department)
    if flt.source:
        qs = qs.filter(data_source=flt.source)
    if flt.deferred is not None:
        qs = qs.exclude(first_year="2008/09") if flt.deferred else qs.filter(first_year="2008/09")
    if flt.place_survey is not None:
        qs = qs.filter(place_survey=flt.place_survey)
    if flt.statutory is not None:
        ids = statutory_indicator_ids(current_round())
        qs = qs.filter(indicator_id__in=ids) if flt.statutory else qs.exclude(indicator_id__in=ids)
    if flt.kind == "national":
        qs = qs.filter(indicator__partnership__isnull=True)
    elif flt.kind == "local":
        qs = qs.filter(indicator__partnership__isnull=False)
    return qs


def themes(user) -> list[str]:
    """The themes of the current definitions the user may see (a partnership's local
    theme is as private as its local indicators)."""
    values = (
        IndicatorDefinition.objects.filter(is_current=True, indicator__in=Indicator.objects.visible_to(user))
        .values_list("annex", "theme").distinct()
    )
    out: set[str] = set()
    for annex, theme in values:
        out.update(v for v in (annex, theme) if v)
    return sorted(out)


def catalogue_stamp() -> str:
    """The key under which rendered catalogue fragments are cached: changes whenever
    anything the catalogue pages show changes, so a cached page never outlives its data.

    Definitions are versioned (a change is a new row), so their count, highest id and
    current count say when they change. Departments, the statutory set and rounds are
    edited in place (the admin), so their rows themselves go into the stamp: a few dozen
    short rows, read in the same one plain query (the ORM's aggregate costs more than
    the page it guards) and hashed. Portable SQL: SQLite and PostgreSQL."""
    defs = IndicatorDefinition._meta.db_table
    stat = StatutoryIndicator._meta.db_table
    dept = Department._meta.db_table
    rnd = Round._meta.db_table
    text = as_text
    return rows_stamp(
        f"SELECT 'a', COUNT(*), {text('MAX(id)')}, NULL, NULL FROM {defs} "
        f"UNION ALL SELECT 'b', COUNT(*), NULL, NULL, NULL FROM {defs} WHERE is_current "
        f"UNION ALL SELECT 'd', id, {text('code')}, {text('name')}, {text('provenance')} FROM {dept} "
        f"UNION ALL SELECT 's', id, {text('round_id')}, {text('indicator_id')}, {text('provenance')} FROM {stat} "
        f"UNION ALL SELECT 'r', id, {text('year')}, {text('name')}, NULL FROM {rnd} "
        "ORDER BY 1, 2"
    )


def local_scope_key(user) -> str:
    """Which local indicators a user sees, as a cache key part."""
    role = role_of(user)
    if role is None:
        return "public"
    if role in NATIONAL_ROLES:
        return "all"
    if role in {Role.GO_OFFICER, Role.GO_DIRECTOR}:
        return f"region-{user.region_id}"
    if role in {Role.PARTNERSHIP_OFFICER, Role.PARTNER_AUTHORITY}:
        return f"area-{user.area_id}"
    return "public"  # department roles see the national indicators only
