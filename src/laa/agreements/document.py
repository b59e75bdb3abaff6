"""The agreement document: what the partnership signs, as display values for the
template `agreements/document.html` (the page and, through WeasyPrint, the PDF).

`document_context(agreement)` reads the agreement in a fixed handful of queries
(whatever the number of targets) and returns plain values: labels, formatted figures,
charts. The template holds no logic beyond loops.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.text import slugify

from laa.agreements.charts import POLARITY_NOTES, Point, TrajectoryChart, figure, trajectory_chart
from laa.agreements.intervals import computed_interval_text
from laa.agreements.models import CATEGORY_LABELS, Agreement, Target, TargetPartner
from laa.agreements.reward_element import agreement_reward
from laa.catalogue.models import IndicatorDefinition, Unit
from laa.domain.composition import agreement_years
from laa.domain.signoff import STATE_LABELS, SignOffState
from laa.domain.signoff_locks import frozen
from laa.presentation.presenters import govuk_date

UNIT_LABELS = dict(Unit.choices)
SECTION_INTROS = {
    "designated": (
        "Targets on indicators of the National Indicator Set, designated by the Secretary of State. "
        "They are reported to central government, and each partner authority signed up to one must "
        "have regard to it."
    ),
    "statutory": (
        "The statutory education and early years targets, agreed with the Department for Children, "
        "Schools and Families. They sit beside the designated targets and are not among them."
    ),
    "local": (
        "Targets the partnership sets for itself, on national or local indicators. They are not "
        "reported to central government, but partner authorities signed up to them must have regard "
        "to them and the Comprehensive Area Assessment takes them into account."
    ),
}


@dataclass
class PartnerView:
    name: str
    duty: str
    duty_label: str
    lead: bool
    partner_authority: bool


@dataclass
class TargetView:
    id: int
    anchor: str
    key: str
    category: str
    category_label: str
    indicator: str
    indicator_title: str
    department: str
    polarity_note: str
    unit_label: str
    outcome: str
    scope: str
    baseline: str
    baseline_period: str
    baseline_source: str
    interval: str
    yearly: list[tuple[str, str]]
    placeholder: str
    improvement: str
    relative_to: str
    delivery_plan: str
    direction_of_travel: str  # in a Place Survey's non-survey year (D7)
    direction_reason: str  # why a target does not improve on its baseline (D9)
    periods_note: str  # the years "none set" and the values' own data periods, if any
    partners: list[PartnerView]
    have_regard: list[str]
    voluntary: list[str]
    lead: str
    chart: TrajectoryChart | None
    reward: dict[str, Any] | None = None


@dataclass
class OutcomeView:
    key: str
    anchor: str
    title: str
    theme: str
    evidence: str
    targets: list[TargetView] = field(default_factory=list)


@dataclass
class Section:
    category: str
    title: str
    intro: str
    targets: list[TargetView]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _partner(p: TargetPartner) -> PartnerView:
    statutory = p.duty == "have_regard"
    if p.organisation is not None:
        statutory = statutory and p.organisation.is_partner_authority
    return PartnerView(
        name=p.name, duty=p.duty,
        duty_label="Partner authority: duty to have regard" if p.duty == "have_regard" else "Voluntary partner",
        lead=p.lead, partner_authority=statutory,
    )


def _reward(target: Target, places: int | None) -> dict[str, Any] | None:
    data = target.reward
    if not data:
        return None
    without, stretched = Decimal(data["without_reward"]), Decimal(data["stretched"])
    return {
        "without_reward": figure(without, places),
        "stretched": figure(stretched, places),
        "enhancement": figure(abs(stretched - without), places),
        "weight": figure(Decimal(data.get("weight", "1"))),
        "sub_targets": [
            {"label": s["label"], "without_reward": figure(Decimal(s["without_reward"]), places),
             "stretched": figure(Decimal(s["stretched"]), places),
             "share": "equal share" if s.get("share") in (None, "") else figure(Decimal(s["share"]))}
            for s in data.get("sub_targets") or []
        ],
    }


def _target_view(target: Target, definition: IndicatorDefinition | None, years: tuple[str, ...],
                 outcome_titles: dict[int, str]) -> TargetView:
    places = definition.decimal_places if definition else None
    polarity = definition.polarity if definition else "neither"
    unit_label = UNIT_LABELS.get(definition.unit, definition.unit) if definition else "Value"
    title = definition.title if definition else target.indicator.code
    yearly_values = {year: Decimal(v) for year, v in (target.yearly or {}).items()}
    all_years = list(years) + sorted(y for y in yearly_values if y not in years)
    partners = [_partner(p) for p in target.partners.all()]
    anchor = "target-" + (slugify(target.key) or str(target.pk)) + f"-{target.pk}"
    points: list[Point] = []
    if target.baseline_value is not None:
        points.append(Point(target.baseline_period or "Baseline", target.baseline_value, "baseline"))
    points += [Point(year, yearly_values.get(year), "target") for year in all_years]
    reward = _reward(target, places)
    if target.reward:
        points.append(Point(all_years[-1] if all_years else "End", Decimal(target.reward["stretched"]), "stretched"))
    scope = "; ".join(filter(None, [", ".join(target.sub_areas or []),
                                     f"client group: {target.group}" if target.group else ""]))
    chart = None
    if any(p.value is not None and p.kind != "baseline" for p in points):
        chart = trajectory_chart(
            chart_id=f"chart-{target.pk}", title=f"{target.key}: {title}", points=points,
            polarity=polarity, unit_label=unit_label, places=places,
        )
    interval = ""
    if target.ci_lower is not None and target.ci_upper is not None:
        interval = f"{figure(target.ci_lower, places)} to {figure(target.ci_upper, places)} (95% confidence interval)"
        if target.sample_size:
            interval += f", sample of {figure(target.sample_size)}"
    else:
        computed = computed_interval_text(target, definition)
        if computed:
            interval = f"{computed} (95% confidence interval)"
    lead = next((p.name for p in partners if p.lead), "")
    return TargetView(
        id=target.pk, anchor=anchor, key=target.key, category=target.category,
        category_label=CATEGORY_LABELS.get(target.category, target.category),
        indicator=target.indicator.code, indicator_title=title,
        department=definition.department.name if definition and definition.department else "",
        polarity_note=POLARITY_NOTES.get(polarity, ""), unit_label=unit_label,
        outcome=outcome_titles.get(target.outcome_id, "") if target.outcome_id else "",
        scope=scope or "The whole area",
        baseline=figure(target.baseline_value, places) if target.baseline_value is not None else "To be confirmed",
        baseline_period=target.baseline_period, baseline_source=target.baseline_source,
        interval=interval,
        yearly=[(year, _yearly_text(target, year, yearly_values, places)) for year in all_years],
        placeholder=(
            f"{target.placeholder_reason} (to be set at {target.placeholder_set_at})"
            if target.placeholder_reason and target.placeholder_set_at else target.placeholder_reason
        ),
        improvement=(f"{figure(target.improvement_percent)}% improvement on a baseline to be confirmed"
                     if target.improvement_percent is not None else ""),
        relative_to=target.relative_to, delivery_plan=target.delivery_plan,
        direction_of_travel=target.direction_of_travel,
        direction_reason=target.direction_reason,
        periods_note="; ".join(
            f"{year}: {_yearly_text(target, year, yearly_values, places)}" for year in all_years
        ) if (target.none_set or target.value_periods) else "",
        partners=partners,
        have_regard=[p.name for p in partners if p.partner_authority],
        voluntary=[p.name for p in partners if not p.partner_authority],
        lead=lead, chart=chart, reward=reward,
    )


def load_agreement(agreement: Agreement, targets: QuerySet[Target] | None = None,
                   ) -> tuple[list, list[Target], dict[int, IndicatorDefinition], list]:
    """The agreement's outcomes, targets (with indicator and partners), the current
    definition of each indicator, and consultations: six queries, whatever the size."""
    outcomes = list(agreement.outcomes.all())
    if targets is None:
        targets = agreement.targets.all()
    targets = list(
        targets.filter(agreement=agreement).select_related("indicator")
        .prefetch_related(Prefetch("partners", queryset=TargetPartner.objects.select_related("organisation")))
        .order_by("position", "id")
    )
    indicator_ids = {t.indicator_id for t in targets}
    definitions = {
        d.indicator_id: d
        for d in IndicatorDefinition.objects.filter(indicator_id__in=indicator_ids, is_current=True)
        .select_related("department")
    }
    consultations = list(agreement.consultations.all())
    return outcomes, targets, definitions, consultations


def document_context(agreement: Agreement, *, targets: QuerySet[Target] | None = None,
                     today: date | None = None) -> dict[str, Any]:
    """Everything the document shows. `agreement` should come with its area, region,
    partnership (and accountable body) and round selected; `targets` is the reader's
    scope of targets (Target.objects.visible_to(user)), all of them by default."""
    area = agreement.area
    region = area.region
    partnership = getattr(area, "partnership", None)
    outcomes, targets, definitions, consultations = load_agreement(agreement, targets)
    total = agreement.targets.count()
    years = agreement_years(agreement.period_start, agreement.period_end)
    outcome_titles = {o.pk: o.title for o in outcomes}
    views = [_target_view(t, definitions.get(t.indicator_id), years, outcome_titles) for t in targets]
    element, reward_shares = agreement_reward(agreement)
    for view in views:
        if view.reward is not None:
            shown = reward_shares.get(view.key, {"share": "", "sub_shares": []})
            view.reward["share"] = shown["share"]
            for sub, share in zip(view.reward["sub_targets"], shown["sub_shares"] or [""] * len(
                    view.reward["sub_targets"]), strict=False):
                sub["grant"] = share

    by_outcome: dict[int | None, list[TargetView]] = defaultdict(list)
    for target, view in zip(targets, views, strict=True):
        by_outcome[target.outcome_id].append(view)
    outcome_views = [
        OutcomeView(key=o.key, anchor=f"outcome-{slugify(o.key) or o.pk}", title=o.title, theme=o.theme,
                    evidence=o.evidence, targets=by_outcome.get(o.pk, []))
        for o in outcomes
    ]
    sections = [
        Section(category=c, title=f"{CATEGORY_LABELS[c]} targets", intro=SECTION_INTROS[c],
                targets=[v for v in views if v.category == c])
        for c in ("designated", "statutory", "local")
    ]
    try:
        state = SignOffState(agreement.state)
        state_label = STATE_LABELS[state]
        is_frozen = frozen(state)
    except ValueError:
        state_label, is_frozen = agreement.state.replace("_", " ").capitalize(), False
    council = partnership.accountable_body.name if partnership and partnership.accountable_body else f"{area.name} Council"
    partnership_name = partnership.name if partnership else f"{area.name} Local Strategic Partnership"
    period = f"{agreement.period_start} to {agreement.period_end}"
    counts = {s.category: len(s.targets) for s in sections}
    have_regard_orgs = sorted({name for v in views for name in v.have_regard})
    contents = [
        ("story-of-place", "Story of place"),
        ("outcomes", "Outcomes framework"),
        *((f"section-{s.category}", s.title) for s in sections),
        ("reward", "Reward element"),
        ("memorandum", "Memorandum: the targets and who must have regard to them"),
        ("consultation", "Consultation and impact assessments"),
        ("signatures", "Signatures"),
    ]
    return {
        "title": f"{area.name}: Local Area Agreement {period}",
        "agreement": agreement,
        "area": area,
        "region": region,
        "government_office": region.government_office,
        "partnership_name": partnership_name,
        "council": council,
        "period": period,
        "round_name": agreement.round.name,
        "state_label": state_label,
        "is_draft": not is_frozen,
        "version": agreement.version,
        "printed_on": govuk_date(today or date.today()),
        "approved_on": govuk_date(agreement.published_at) if agreement.published_at else "",
        "story_of_place": _paragraphs(agreement.story_of_place),
        "evidence": _paragraphs(agreement.evidence),
        "outcomes": outcome_views,
        "unlinked_targets": by_outcome.get(None, []),
        "sections": sections,
        "counts": counts,
        "reward_targets": [v for v in views if v.reward],
        "reward_element": element,
        "memorandum": views,
        "have_regard_orgs": have_regard_orgs,
        "consultations": [
            {"consultee": c.consultee, "held_on": govuk_date(c.held_on) if c.held_on else "Date not recorded",
             "summary": c.summary}
            for c in consultations
        ],
        "assessments": [
            ("Sustainability appraisal", "Carried out" if agreement.sustainability_assessed else "Not recorded"),
            ("Equality impact assessment", "Carried out" if agreement.equality_assessed else "Not recorded"),
        ],
        "education_responsibility": agreement.education_responsibility,
        "signatories": [
            {"role": "Leader", "body": council,
             "for": f"for {council}, the responsible local authority"},
            {"role": "Chair", "body": partnership_name,
             "for": f"for {partnership_name}, the Local Strategic Partnership"},
            {"role": "Regional Director", "body": region.government_office,
             "for": f"for {region.government_office}, which recommends the agreement"},
            {"role": "For the Secretary of State for Communities and Local Government", "body": "",
             "for": "who approves the agreement and designates its targets"},
        ],
        "contents": contents,
        "partial": total > len(targets),
        "total": total,
        "shown": len(targets),
    }


def _yearly_text(target, year: str, values: dict[str, Decimal], places) -> str:
    """A year's target as the document shows it: the figure with its own data period if
    it has one ("28.0 (to February 2011)"), "None set" when agreed so (D5), else "–"."""
    if year in values:
        period = (target.value_periods or {}).get(year)
        shown = figure(values[year], places)
        return f"{shown} ({period})" if period else shown
    return "None set" if year in (target.none_set or []) else "–"
