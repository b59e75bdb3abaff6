"""The three dashboards (the GO's region, a department's targets, the national picture),
each read in a fixed number of aggregate queries however many areas and targets."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from laa.agreements.models import Agreement, Target, department_indicators
from laa.catalogue.models import IndicatorDefinition
from laa.domain.negotiation import EscalationLevel
from laa.domain.target_agreement import AGREED_BY_NEGOTIATION, STATES_AGREED_WITH_GO, target_agreed
from laa.domain.timetable import Milestone
from laa.negotiation import presenters, presenters_timetable
from laa.negotiation.models import Champion, NegotiationThread
from laa.negotiation.presenters import link
from laa.negotiation.progress import Progress, progress_for, round_areas
from laa.places.models import Region
from laa.presentation.presenters import figure, govuk_date, plural

# `laa.domain.target_agreement.target_agreed` as a filter on targets, for counting in the
# database: agreed in its negotiation, or (not statutory) in an agreement the GO agreed.
AGREED_Q = Q(thread__status__in=sorted(AGREED_BY_NEGOTIATION)) | (
    ~Q(category="statutory") & Q(agreement__state__in=sorted(STATES_AGREED_WITH_GO))
)


@dataclass
class AreaFacts:
    """What the dashboards know of each area, read in bulk."""

    areas: list  # Area rows, by name
    agreement: dict[int, tuple[int, str]]  # area id -> (agreement id, state)
    targets: Counter  # agreement id -> number of targets
    agreed: Counter  # agreement id -> targets agreed (laa.domain.target_agreement)
    statuses: dict[int, Counter]  # agreement id -> target threads by status
    disputes: Counter  # agreement id -> open disputes
    champions: dict[int, list[str]]  # agreement id -> names
    progress: Progress

    def stage(self, area_id: int) -> str:
        found = self.agreement.get(area_id)
        return presenters.stage_key(found[1] if found else None)


def area_facts(user, areas_qs, round_, today: date) -> AreaFacts:
    areas = list(areas_qs.select_related("region").order_by("name"))
    ids = [a.pk for a in areas]
    agreement = {
        area_id: (pk, state)
        for pk, area_id, state in Agreement.objects.visible_to(user).filter(round=round_, area_id__in=ids).order_by()
        .values_list("pk", "area_id", "state")
    }
    agreement_ids = [pk for pk, _ in agreement.values()]
    state_of = dict(agreement.values())
    targets: Counter = Counter()
    agreed: Counter = Counter()
    for agreement_id, category, status, n in (
        Target.objects.visible_to(user).filter(agreement_id__in=agreement_ids).order_by()
        .values("agreement_id", "category", "thread__status").annotate(n=Count("id"))
        .values_list("agreement_id", "category", "thread__status", "n")
    ):
        targets[agreement_id] += n
        if target_agreed(statutory=category == "statutory", negotiation=status or "",
                         agreement_state=state_of.get(agreement_id)):
            agreed[agreement_id] += n
    statuses: dict[int, Counter] = defaultdict(Counter)
    disputes: Counter = Counter()
    for agreement_id, status, dispute, n in (
        NegotiationThread.objects.visible_to(user).filter(agreement_id__in=agreement_ids).order_by()
        .values("agreement_id", "status", "dispute_open").annotate(n=Count("id"))
        .values_list("agreement_id", "status", "dispute_open", "n")
    ):
        statuses[agreement_id][status] += n
        if dispute:
            disputes[agreement_id] += n
    champions: dict[int, list[str]] = defaultdict(list)
    for agreement_id, name in Champion.objects.visible_to(user).filter(agreement_id__in=agreement_ids).order_by().values_list("agreement_id", "name"):
        champions[agreement_id].append(name)
    return AreaFacts(areas, agreement, targets, agreed, statuses, disputes, champions, progress_for(ids, round_, today))


def _area_link(area, facts: AreaFacts) -> str:
    if area.pk in facts.agreement:
        return link("negotiation:agreement", area.code)
    return link("negotiation:timetable", area.code)


def stage_summary(facts: AreaFacts, base_href: str, chosen: str = "") -> list[dict]:
    counts = Counter(facts.stage(a.pk) for a in facts.areas)
    joiner = "&" if "?" in base_href else "?"
    return [
        {"key": key, "label": presenters.stage_label(key), "count": counts[key],
         "href": f"{base_href}{joiner}stage={key}", "chosen": key == chosen}
        for key in presenters.STAGE_ORDER
    ]


def timetable_warnings(round_, today: date) -> list[dict]:
    """Every area's overdue and due-soon milestones, without the rest of the area facts."""
    areas = list(round_areas(round_).order_by().values_list("pk", "name", "code"))
    progress = progress_for([pk for pk, _, _ in areas], round_, today)
    return presenters_timetable.deadline_warnings(
        progress.by_area, {pk: name for pk, name, _ in areas},
        {pk: link("negotiation:timetable", code) for pk, _, code in areas},
    )


def warnings(facts: AreaFacts) -> list[dict]:
    """The timetable's overdue and due-soon milestones, and approved agreements' designation
    deadlines (D12: the Secretary of State designates within one month of approval)."""
    names = {a.pk: a.name for a in facts.areas}
    links = {a.pk: link("negotiation:timetable", a.code) for a in facts.areas}
    return presenters_timetable.deadline_warnings(facts.progress.by_area, names, links,
                                        designations=facts.progress.designations)


# ---- the GO's region ---------------------------------------------------------------------


def region_dashboard(user, region, round_, today: date, *, stage: str = "", disputes_only: bool = False) -> dict:
    facts = area_facts(user, round_areas(round_).filter(region=region), round_, today)
    rows = []
    for area in facts.areas:
        key = facts.stage(area.pk)
        found = facts.agreement.get(area.pk)
        agreement_id = found[0] if found else None
        disputes = facts.disputes.get(agreement_id, 0) if agreement_id else 0
        if stage and key != stage:
            continue
        if disputes_only and not disputes:
            continue
        statuses = facts.statuses.get(agreement_id, Counter()) if agreement_id else Counter()
        total = facts.targets.get(agreement_id, 0) if agreement_id else 0
        rows.append({
            "name": area.name,
            "code": area.code,
            "href": _area_link(area, facts),
            "timetable_href": link("negotiation:timetable", area.code),
            "stage": presenters.stage_tag(found[1] if found else None),
            "progress": presenters_timetable.progress_summary(facts.progress.of(area.pk)),
            "agreed": f"{facts.agreed.get(agreement_id, 0)} of {total}" if total else "No targets yet",
            "negotiating": statuses.get("under_negotiation", 0) + statuses.get("proposed", 0),
            "disputes": disputes,
            "champions": ", ".join(facts.champions.get(agreement_id, [])) if agreement_id else "",
        })
    agreement_ids = [pk for pk, _ in facts.agreement.values()]
    return {
        "rows": rows,
        "stages": stage_summary(facts, link("dashboards:region_dashboard") + f"?region={region.code}", stage),
        "warnings": warnings(facts),
        "open_disputes": open_disputes(user, agreement_ids),
        "area_count": len(facts.areas),
        "shown": len(rows),
    }


def open_disputes(user, agreement_ids: list[int], limit: int = 100) -> list[dict]:
    rows = list(
        NegotiationThread.objects.visible_to(user).filter(agreement_id__in=agreement_ids, dispute_open=True)
        .order_by("last_at")
        .values("target_id", "outcome_id", "subject", "status", "turn", "escalation_level", "last_at",
                "agreement__area__name", "agreement__area__code", "target__key", "target__indicator__code")[:limit]
    )
    rows.sort(key=lambda t: (-EscalationLevel(t["escalation_level"]).rank if t["escalation_level"] else 0,
                             t["agreement__area__name"]))
    return [thread_row(t) for t in rows]


def thread_href(area_code: str, target_id: int | None, outcome_id: int | None) -> str | None:
    if target_id:
        return link("negotiation:target", area_code, target_id)
    if outcome_id:
        return link("negotiation:outcome", area_code, outcome_id)
    return None


def thread_row(t: dict) -> dict:
    subject = t["subject"]
    if t["target_id"]:
        subject = f"{t['target__indicator__code']} ({t['target__key']})"
    return {
        "area": t["agreement__area__name"],
        "subject": subject,
        "href": thread_href(t["agreement__area__code"], t["target_id"], t["outcome_id"]),
        "dispute": presenters.dispute_tag(t["escalation_level"]),
        "status": presenters.status_tag(t["status"]),
        "since": govuk_date(t["last_at"]) if t["last_at"] else "–",
        "turn": {"partnership": "The partnership", "government": "Government"}.get(t["turn"], "Either side"),
    }


# ---- a department ------------------------------------------------------------------------


def department_filter(department) -> Q:
    return department_indicators(department.pk, statutory=department.code == "DCSF")


STATUS_FILTERS = {"not_started": Q(thread__isnull=True) | Q(thread__status="")}


def department_view(user, department, round_, today: date, *, status: str = "", indicator: str = "",
                    region: str = "") -> dict:
    mine = Target.objects.visible_to(user).filter(department_filter(department), agreement__round=round_)
    definitions = {d.indicator_id: d for d in IndicatorDefinition.objects.visible_to(user).filter(is_current=True)
                   .select_related("indicator", "department")}
    summary = []
    for row in (mine.values("indicator_id").annotate(
            targets=Count("id"), areas=Count("agreement", distinct=True),
            agreed=Count("id", filter=AGREED_Q),
            negotiating=Count("id", filter=Q(thread__status__in=["proposed", "under_negotiation"])),
            disputes=Count("id", filter=Q(thread__dispute_open=True)))
            .order_by("-areas", "indicator__number")):
        d = definitions.get(row["indicator_id"])
        summary.append({**row, "code": d.indicator.code if d else "", "title": d.title if d else "",
                        "href": f"?indicator={d.indicator.code}" if d else ""})
    listed = mine
    if status:
        listed = listed.filter(STATUS_FILTERS.get(status, Q(thread__status=status)))
    if indicator:
        listed = listed.filter(indicator__code=indicator)
    if region:
        listed = listed.filter(agreement__area__region__code=region)
    listed = (listed.select_related("agreement__area__region", "indicator", "thread")
              .order_by("agreement__area__name", "indicator__number", "position"))
    # Other departments' targets on the themes of this department's indicators (no silos).
    # An indicator without a theme (the 48 of "Local economy and environmental
    # sustainability") is placed by its group, the annex of the National Indicator Set.
    themes = {theme_of(d) for d in definitions.values() if d.department_id == department.pk} - {""}
    others_ids = [i for i, d in definitions.items() if theme_of(d) in themes and d.department_id != department.pk]
    others = []
    for row in (Target.objects.counted_for(user).filter(agreement__round=round_, indicator_id__in=others_ids)
                .values("indicator_id").annotate(areas=Count("agreement", distinct=True),
                                                 agreed=Count("id", filter=AGREED_Q))
                .order_by("-areas", "indicator__number")):
        d = definitions[row["indicator_id"]]
        others.append({**row, "code": d.indicator.code, "title": d.title, "theme": theme_of(d),
                       "department": d.department.name if d.department else "–"})
    return {"summary": summary, "targets": listed, "others": others, "themes": sorted(themes),
            "warnings": timetable_warnings(round_, today), "definitions": definitions}


def theme_of(definition) -> str:
    """The indicator's theme, or its group (annex) when it has none."""
    return (definition.theme or definition.annex or "").strip()


def department_target_row(target, definitions) -> dict:
    thread = getattr(target, "thread", None)
    d = definitions.get(target.indicator_id)
    final = ""
    if target.yearly:
        last = sorted(target.yearly)[-1]
        final = f"{figure(target.yearly[last], d.decimal_places if d else None)} by {last}"
    return {
        "area": target.agreement.area.name,
        "region": target.agreement.area.region.short_name,
        "code": target.indicator.code,
        "title": d.title if d else "",
        "category": presenters.CATEGORY_TEXT.get(target.category, target.category),
        "final": final or "–",
        "status": presenters.status_tag(thread.status if thread else ""),
        "dispute": presenters.dispute_tag(thread.escalation_level if thread and thread.dispute_open else ""),
        "href": link("negotiation:target", target.agreement.area.code, target.pk),
    }


# ---- the national picture ----------------------------------------------------------------


def national_view(user, round_, today: date, *, overdue_milestone: str = "") -> dict:
    facts = area_facts(user, round_areas(round_), round_, today)
    stages = stage_summary(facts, link("dashboards:national_view"))
    agreement_ids = [pk for pk, _ in facts.agreement.values()]
    threads = NegotiationThread.objects.visible_to(user).filter(agreement_id__in=agreement_ids)
    by_status = Counter(dict(threads.filter(target__isnull=False).values("status").annotate(n=Count("id"))
                             .values_list("status", "n")))
    total_targets = sum(facts.targets.values())
    by_status[""] += total_targets - sum(by_status.values())
    levels = Counter(dict(threads.filter(dispute_open=True).values("escalation_level").annotate(n=Count("id"))
                          .values_list("escalation_level", "n")))
    regions = []
    for region in Region.objects.visible_to(user).order_by("name"):
        areas = [a for a in facts.areas if a.region_id == region.pk]
        agreement_ids_here = [facts.agreement[a.pk][0] for a in areas if a.pk in facts.agreement]
        targets = sum(facts.targets.get(i, 0) for i in agreement_ids_here)
        agreed = sum(facts.agreed.get(i, 0) for i in agreement_ids_here)
        regions.append({
            "name": region.name,
            "href": link("dashboards:region_dashboard") + f"?region={region.code}",
            "areas": len(areas),
            "started": len(agreement_ids_here),
            "overdue": sum(1 for a in areas if facts.progress.of(a.pk).overdue),
            "disputes": sum(facts.disputes.get(i, 0) for i in agreement_ids_here),
            "agreed": f"{agreed} of {targets}" if targets else "–",
        })
    definitions = {d.indicator_id: d for d in IndicatorDefinition.objects.visible_to(user).filter(is_current=True)
                   .select_related("indicator", "department")}
    chosen = []
    for row in (Target.objects.visible_to(user).filter(agreement__round=round_, category="designated")
                .values("indicator_id").annotate(areas=Count("agreement", distinct=True))
                .order_by("-areas", "indicator__number")[:20]):
        d = definitions.get(row["indicator_id"])
        chosen.append({"code": d.indicator.code if d else "", "title": d.title if d else "",
                       "department": d.department.code if d and d.department else "", "areas": row["areas"]})
    overdue, overdue_areas = overdue_by_milestone(facts, chosen=overdue_milestone)
    return {
        "area_count": len(facts.areas),
        "stages": stages,
        "statuses": [{"tag": presenters.status_tag(s), "count": by_status.get(s, 0)} for s in presenters.STATUS_ORDER],
        "total_targets": total_targets,
        "levels": [{"tag": presenters.dispute_tag(level.value), "count": levels.get(level.value, 0)}
                   for level in EscalationLevel],
        "regions": regions,
        "chosen": chosen,
        "overdue": overdue,
        "overdue_areas": overdue_areas,
        "warnings": warnings(facts),
    }


def overdue_by_milestone(facts: AreaFacts, *, chosen: str = "") -> tuple[list[dict], dict | None]:
    """Overdue milestones, one row each with the number of areas late on it and a link to
    them (not one row per area: 150 areas a row each made a page 34,000 pixels tall); and,
    for the milestone `chosen` (its code), the areas late on it."""
    late: dict[str, list] = defaultdict(list)
    milestones: dict[str, Milestone] = {}
    for area in facts.areas:
        for m in facts.progress.of(area.pk).overdue:
            late[m.code].append(area)
            milestones[m.code] = m
    base = link("dashboards:national_view")
    rows = [{"code": code, "title": m.title, "due": govuk_date(m.due), "count": plural(len(late[code]), "area"),
             "href": f"{base}?overdue={code}#overdue-areas", "chosen": code == chosen}
            for code, m in sorted(milestones.items(), key=lambda kv: kv[1].due)]
    if chosen not in milestones:
        return rows, None
    areas = [{"name": a.name, "href": link("negotiation:timetable", a.code), "region": a.region.short_name,
              "stage": presenters.stage_tag(facts.agreement[a.pk][1] if a.pk in facts.agreement else None)}
             for a in late[chosen]]
    return rows, {"title": milestones[chosen].title, "areas": areas,
                  "close": f"{base}#overdue"}
