"""What the progress pages and the API read, always through the scopes (`visible_to`): the
agreement (404 outside the person's scope, 403 for one who sees it but not its
progress), its version in force on the service's day (laa.signoff.versions), the
indicators' definitions, and the hub's current values of periods ended by the day.
Progress itself is computed by laa.domain.progress, once per hub import (ADR 0026): each
agreement's judgements are kept in the process's cache under the version in force, the day,
the hub's stamp (its latest ledger entry) and the catalogue's, so the first read after an
import (a value superseded) computes afresh."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from laa.agreements.models import Agreement
from laa.catalogue.models import IndicatorDefinition
from laa.catalogue.queries import catalogue_stamp
from laa.domain.composition import AgreementDraft, IndicatorFacts, TargetDraft
from laa.domain.progress import (
    JUDGEMENT_ORDER,
    Observed,
    Progress,
    no_values,
    progress,
    progress_target,
)
from laa.domain.progress_scope import values_scope
from laa.domain.progress_trend import counts_for
from laa.domain.roles import role_of
from laa.hub.models import Observation
from laa.hub.stamps import hub_stamp
from laa.permissions import is_department
from laa.presentation.fragments import cached
from laa.signoff.models import AgreementVersion
from laa.signoff.scopes import visible_agreement
from laa.signoff.versions import VersionDamaged, version_draft, version_on

READ_REFUSAL = ("Progress against {name}'s agreement is for its partnership, its Government Office and "
                "national readers")


def progress_agreement(user, area_code: str) -> Agreement:
    """The area's latest agreement, for its progress: 404 outside the person's scope, 403
    for one who sees the agreement but not its progress (a department)."""
    agreement = visible_agreement(user, area_code)
    if not rules.has_perm("performance.read_progress", user, agreement):
        raise PermissionDenied(READ_REFUSAL.format(name=agreement.area.name))
    return agreement


@dataclass(frozen=True)
class TargetProgress:
    target: TargetDraft
    facts: IndicatorFacts | None
    progress: Progress


@dataclass(frozen=True)
class AreaProgress:
    agreement: Agreement
    day: date
    version: AgreementVersion | None  # None: no version in force on the day
    targets: tuple[TargetProgress, ...]  # off track first, then at risk, on track, no judgement
    problem: str = ""  # why the version in force cannot be read
    draft: AgreementDraft | None = None  # the version in force's agreement


def indicator_facts(user, agreement: Agreement, codes: set[str]) -> dict[str, IndicatorFacts]:
    """The current definitions of the indicators, national or the area's own local ones."""
    rows = (IndicatorDefinition.objects.visible_to(user)
            .filter(Q(indicator__partnership__isnull=True) | Q(indicator__partnership__area=agreement.area),
                    is_current=True, indicator__code__in=codes)
            .values_list("indicator__code", "indicator__partnership_id", "title", "polarity", "unit",
                         "decimal_places", "place_survey"))
    return {code: IndicatorFacts(code=code, national=owner is None, title=title, polarity=polarity, unit=unit,
                                 decimal_places=places, place_survey=survey)
            for code, owner, title, polarity, unit, places, survey in rows}


Key = tuple[str, str | None, str]  # indicator, district (None: the whole area), group


def observed_values(user, agreement: Agreement, codes: set[str], day: date) -> dict[Key, list[tuple[str, Observed]]]:
    """The hub's current values of the indicators for the area (and its districts), of
    periods ended by the day, oldest first, by (indicator, district, group): (period, value)."""
    rows = (Observation.objects.visible_to(user).current()
            .filter(area=agreement.area, indicator__code__in=codes, period_end__lte=day)
            .order_by("period_end", "period", "id")
            .values_list("indicator__code", "district__name", "group", "period", "value", "status",
                         "ci_lower", "ci_upper", "sample_size"))
    found: dict[Key, list[tuple[str, Observed]]] = {}
    for code, district, group, period, value, status, lower, upper, size in rows:
        found.setdefault((code, district, group), []).append((period, Observed(
            period=period, year="", value=_decimal(value), status=status, ci_lower=_decimal(lower),
            ci_upper=_decimal(upper), sample_size=size)))
    return found


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def scope_key(target: TargetDraft) -> tuple[Key | None, str]:
    """The hub key of the values that judge the target (`values_scope`), or None with the
    reason the hub holds none for it."""
    found = values_scope(target.scope)
    if isinstance(found, str):
        return None, found
    return (target.indicator, found.district, found.group), ""


def area_progress(user, agreement: Agreement, day: date, *, values_by: date | None = None) -> AreaProgress:
    """Progress of every target of the agreement's version in force on the day, on the
    values of periods ended by `values_by` (the day by default; a board report's period
    end: laa.performance.board). Those who
    read an area's progress (its partnership, its Government Office, national readers) see
    all its values, so what is kept depends only on whether a resident reads it (the
    published agreement's progress on final values only: laa.performance.public) or a
    department (its indicators across all areas: laa.performance.picture)."""
    version = version_on(agreement, day)
    if version is None:
        return AreaProgress(agreement, day, None, ())
    values_by = min(values_by or day, day)
    # A department sees the national indicators' values, not the area's local ones (its own page).
    sight = "resident" if role_of(user) is None else "department" if is_department(user) else "area"
    key = ("progress", agreement.pk, version.pk, day, values_by, hub_stamp(), catalogue_stamp(), sight)
    found = cached(key, lambda: _judged(user, agreement, version, values_by))
    if isinstance(found, str):
        return AreaProgress(agreement, day, version, (), problem=found)
    draft, targets = found
    return AreaProgress(agreement, day, version, targets, draft=draft)


def _judged(user, agreement: Agreement, version: AgreementVersion,
            day: date) -> tuple[AgreementDraft, tuple[TargetProgress, ...]] | str:
    """The version's agreement and each target's progress on the values of periods ended by
    the day, off track first; or the reason the version cannot be read."""
    try:
        draft = version_draft(version)
    except VersionDamaged as damaged:
        return str(damaged)
    years = draft.years
    codes = {t.indicator for t in draft.targets}
    facts = indicator_facts(user, agreement, codes)
    values = observed_values(user, agreement, codes, day)
    found = []
    for target in draft.targets:
        known = facts.get(target.indicator)
        inputs = progress_target(target, known, years)
        key, reason = scope_key(target)
        if key is None:
            found.append(TargetProgress(target, known, no_values(inputs, reason)))
            continue
        observed = []
        for period, o in values.get(key, []):
            year = counts_for(period, years, target.value_periods)
            if year is not None:
                observed.append(Observed(period, year, o.value, o.status, o.ci_lower, o.ci_upper, o.sample_size))
        found.append(TargetProgress(target, known, progress(inputs, observed)))
    order = {j: i for i, j in enumerate(JUDGEMENT_ORDER)}
    found.sort(key=lambda t: order[t.progress.latest.judgement])  # stable: the agreement's order within each
    return draft, tuple(found)
