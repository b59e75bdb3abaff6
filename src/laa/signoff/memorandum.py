"""The s113 memorandum of a published agreement (D15): its period, its targets, which of
them are designated, and who must have regard to each, as the version in force on a day
says (ADR 0020). For the public page and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from laa import clock
from laa.agreements.convert import agreement_to_draft
from laa.agreements.models import CATEGORY_LABELS, Agreement
from laa.catalogue.models import IndicatorDefinition
from laa.domain.composition import effective_duty
from laa.domain.signoff import SignOffState
from laa.domain.signoff_history import entered_at
from laa.presentation.presenters import figure
from laa.signoff.checks import chain, status_rows
from laa.signoff.models import AgreementVersion
from laa.signoff.versions import version_draft, version_on, versions_of


@dataclass
class MemorandumTarget:
    key: str
    indicator: str
    title: str
    category: str
    category_label: str
    designated: bool
    outcome: str
    baseline: str
    yearly: list[tuple[str, str]]
    placeholder: str
    have_regard: list[str]
    voluntary: list[str]
    lead: str


@dataclass
class Memorandum:
    area_code: str
    area_name: str
    region: str
    partnership: str
    responsible_authority: str
    round: int
    period_start: str
    period_end: str
    approved_on: date | None
    designated_on: date | None
    published_at: datetime | None
    content_hash: str
    story_of_place: str
    version: int | None  # the version read (None: an agreement never approved, read live)
    in_force_from: date | None
    targets: list[MemorandumTarget] = field(default_factory=list)
    regard: list[tuple[str, list[str]]] = field(default_factory=list)  # organisation -> target keys

    @property
    def designated(self) -> list[MemorandumTarget]:
        return [t for t in self.targets if t.designated]

    @property
    def statutory(self) -> list[MemorandumTarget]:
        return [t for t in self.targets if t.category == "statutory"]

    @property
    def local(self) -> list[MemorandumTarget]:
        return [t for t in self.targets if t.category == "local"]


def _day(at: datetime | None) -> date | None:
    return timezone.localdate(at) if at is not None else None


def memorandum(agreement: Agreement, *, on: date | None = None, version: AgreementVersion | None = None) -> Memorandum:
    """The memorandum of the given version, else of the version in force on the day (today
    by the service's clock): read from what the version keeps, not from the live rows.
    Before its first day, the first version (nothing else has been in force); an agreement
    without versions (never approved) from its live rows."""
    if version is None:
        version = version_on(agreement, on or clock.today()) or versions_of(agreement).first()
    draft = version_draft(version) if version is not None else agreement_to_draft(agreement)
    rows = chain(status_rows(agreement))
    partnership = getattr(agreement.area, "partnership", None)
    definitions = {
        code: (title, places) for code, title, places in
        IndicatorDefinition.objects.filter(is_current=True, indicator__code__in=[t.indicator for t in draft.targets])
        .values_list("indicator__code", "title", "decimal_places")
    }
    outcomes = {o.id: o.title for o in draft.outcomes}
    memo = Memorandum(
        area_code=agreement.area.code,
        area_name=agreement.area.name,
        region=agreement.area.region.name,
        partnership=partnership.name if partnership else "",
        responsible_authority=(
            partnership.accountable_body.name if partnership and partnership.accountable_body else ""
        ),
        round=agreement.round.year,
        period_start=draft.period_start,
        period_end=draft.period_end,
        approved_on=_day(entered_at(rows, SignOffState.APPROVED)),
        designated_on=_day(entered_at(rows, SignOffState.DESIGNATED)),
        published_at=agreement.published_at,
        content_hash=version.content_hash if version is not None else agreement.content_hash,
        story_of_place=draft.story_of_place,
        version=version.number if version is not None else None,
        in_force_from=version.in_force_from if version is not None else None,
    )
    regard: dict[str, list[str]] = {}
    for t in draft.targets:
        have_regard = [p.organisation for p in t.partners if effective_duty(p, None) == "have_regard"]
        for name in have_regard:
            regard.setdefault(name, []).append(t.key)
        title, places = definitions.get(t.indicator, ("", None))
        baseline = "" if t.baseline.value is None else figure(t.baseline.value, places)
        if baseline and t.baseline.period:
            baseline = f"{baseline} ({t.baseline.period})"
        memo.targets.append(
            MemorandumTarget(
                key=t.key,
                indicator=t.indicator,
                title=title,
                category=t.category,
                category_label=CATEGORY_LABELS.get(t.category, t.category),
                designated=t.category == "designated",
                outcome=outcomes.get(t.outcome, ""),
                baseline=baseline or "To be confirmed",
                yearly=[(year, figure(value, places)) for year, value in sorted(t.yearly.items())],
                placeholder=t.placeholder.reason if t.placeholder else "",
                have_regard=have_regard,
                voluntary=[p.organisation for p in t.partners if effective_duty(p, None) == "voluntary"],
                lead=next((p.organisation for p in t.partners if p.lead), ""),
            )
        )
    memo.regard = sorted(regard.items())
    return memo
