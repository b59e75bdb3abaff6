"""The s113 memorandum of a published agreement (D15): its period, its targets, which of
them are designated, and who must have regard to each. For the public page and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from laa.agreements.models import CATEGORY_LABELS, Agreement
from laa.catalogue.models import IndicatorDefinition
from laa.domain.signoff import SignOffState
from laa.domain.signoff_history import entered_at
from laa.presentation.presenters import figure
from laa.signoff.checks import chain, status_rows


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


def memorandum(agreement: Agreement) -> Memorandum:
    rows = chain(status_rows(agreement))
    partnership = getattr(agreement.area, "partnership", None)
    targets = list(
        agreement.targets.select_related("indicator", "outcome").prefetch_related("partners").order_by("position", "id")
    )
    definitions = {
        indicator_id: (title, places) for indicator_id, title, places in
        IndicatorDefinition.objects.filter(is_current=True, indicator__in=[t.indicator_id for t in targets])
        .values_list("indicator_id", "title", "decimal_places")
    }
    memo = Memorandum(
        area_code=agreement.area.code,
        area_name=agreement.area.name,
        region=agreement.area.region.name,
        partnership=partnership.name if partnership else "",
        responsible_authority=(
            partnership.accountable_body.name if partnership and partnership.accountable_body else ""
        ),
        round=agreement.round.year,
        period_start=agreement.period_start,
        period_end=agreement.period_end,
        approved_on=_day(entered_at(rows, SignOffState.APPROVED)),
        designated_on=_day(entered_at(rows, SignOffState.DESIGNATED)),
        published_at=agreement.published_at,
        content_hash=agreement.content_hash,
        story_of_place=agreement.story_of_place,
    )
    regard: dict[str, list[str]] = {}
    for t in targets:
        partners = list(t.partners.all())
        have_regard = [p.name for p in partners if p.duty == "have_regard"]
        for name in have_regard:
            regard.setdefault(name, []).append(t.key)
        title, places = definitions.get(t.indicator_id, ("", None))
        baseline = "" if t.baseline_value is None else figure(t.baseline_value, places)
        if baseline and t.baseline_period:
            baseline = f"{baseline} ({t.baseline_period})"
        memo.targets.append(
            MemorandumTarget(
                key=t.key,
                indicator=t.indicator.code,
                title=title,
                category=t.category,
                category_label=CATEGORY_LABELS.get(t.category, t.category),
                designated=t.category == "designated",
                outcome=t.outcome.title if t.outcome else "",
                baseline=baseline or "To be confirmed",
                yearly=[(year, figure(value, places)) for year, value in sorted(t.yearly.items())],
                placeholder=t.placeholder_reason,
                have_regard=have_regard,
                voluntary=[p.name for p in partners if p.duty == "voluntary"],
                lead=next((p.name for p in partners if p.lead), ""),
            )
        )
    memo.regard = sorted(regard.items())
    return memo
