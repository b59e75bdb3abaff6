"""Progress across areas (issue 13): a department's indicators across all areas, off-track
targets first, and CLG's national picture by region and by indicator. Every approved
agreement the reader sees (`Agreement.objects.visible_to`), each judged by `area_progress`
(kept per import, ADR 0026); the counts by `laa.domain.progress.counts`.

A department reads the targets on its own indicators (its code on the indicator's
definition; DCSF every statutory target too, as the department dashboard and the targets'
scope `department_targets` have it); national readers choose a department."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from laa.agreements.models import Agreement
from laa.catalogue.models import Department, IndicatorDefinition
from laa.domain.progress import JUDGEMENT_ORDER, counts
from laa.domain.reviews import APPROVED_STATES
from laa.performance import presenters
from laa.performance.reading import AreaProgress, TargetProgress, area_progress
from laa.places.models import Region

_ORDER = {j: i for i, j in enumerate(JUDGEMENT_ORDER)}


def approved_progress(user, day: date) -> list[AreaProgress]:
    """The progress of every approved agreement the reader sees, by area name."""
    agreements = (Agreement.objects.visible_to(user).filter(state__in=APPROVED_STATES)
                  .select_related("area", "area__region", "round").order_by("area__name"))
    return [area_progress(user, a, day) for a in agreements]


def department_codes(user, department: Department) -> set[str]:
    return set(IndicatorDefinition.objects.visible_to(user).filter(is_current=True, department=department)
               .values_list("indicator__code", flat=True))


def _mine(item: TargetProgress, codes: set[str], statutory: bool) -> bool:
    return item.target.indicator in codes or (statutory and item.target.category == "statutory")


def _tally(items: list[TargetProgress]) -> dict[str, int]:
    found = counts(t.progress.latest.judgement for t in items)
    return {j.value: found[j] for j in JUDGEMENT_ORDER} | {"targets": len(items)}


def compare_href(code: str, area: str = "") -> str:
    return reverse("performance:indicator", args=[code]) + (f"?{urlencode({'area': area})}" if area else "")


def department_picture(user, department: Department, day: date) -> dict[str, Any]:
    """The targets on the department's indicators in every area, off track first, and each
    indicator's counts (most off track first)."""
    codes = department_codes(user, department)
    statutory = department.code == "DCSF"
    rows, by_indicator, titles = [], defaultdict(list), {}
    areas = approved_progress(user, day)
    for found in areas:
        area = found.agreement.area
        for item in found.targets:
            if not _mine(item, codes, statutory):
                continue
            by_indicator[item.target.indicator].append(item)
            titles[item.target.indicator] = item.facts.title if item.facts else item.target.indicator
            row = presenters.target_row(item, len(rows) + 1, area.code, with_chart=False)
            latest = item.progress.latest
            row.update(area=area.name, area_code=area.code, region=area.region.name, judgement=latest.judgement,
                       figures={"period": latest.value.period if latest.value else None,
                                "value": latest.value.value if latest.value else None,
                                "trajectory": latest.trajectory})
            rows.append(row)
    rows.sort(key=lambda r: (_ORDER[r["judgement"]], r["area"], r["key"]))
    indicators = [{"code": code, "title": titles[code], "href": compare_href(code), **_tally(items)}
                  for code, items in by_indicator.items()]
    indicators.sort(key=lambda i: (-i["off_track"], -i["at_risk"], _number(i["code"])))
    return {"rows": rows, "indicators": indicators, "areas": len(areas),
            "counts": presenters.count_rows(tuple(t for items in by_indicator.values() for t in items)),
            "statutory": statutory}


def national_picture(user, day: date) -> dict[str, Any]:
    """Counts of targets by judgement per region (every region, those with no approved
    agreement at nought) and per national indicator, most off track first."""
    areas = approved_progress(user, day)
    by_region: dict[str, list[TargetProgress]] = defaultdict(list)
    agreements: dict[str, int] = defaultdict(int)
    by_indicator: dict[str, list[TargetProgress]] = defaultdict(list)
    titles: dict[str, str] = {}
    for found in areas:
        region = found.agreement.area.region.code
        agreements[region] += 1
        by_region[region].extend(found.targets)
        for item in found.targets:
            if item.facts is not None and item.facts.national:
                by_indicator[item.target.indicator].append(item)
                titles[item.target.indicator] = item.facts.title
    regions = [{"code": r.code, "name": r.name, "agreements": agreements[r.code],
                "href": reverse("performance:region") + "?" + urlencode({"region": r.code}),
                **_tally(by_region[r.code])}
               for r in Region.objects.visible_to(user).order_by("name")]
    regions.sort(key=lambda r: (-r["off_track"], -r["at_risk"], r["name"]))
    indicators = [{"code": code, "title": titles[code], "href": compare_href(code), **_tally(items)}
                  for code, items in by_indicator.items()]
    indicators.sort(key=lambda i: (-i["off_track"], -i["at_risk"], _number(i["code"])))
    every = tuple(t for found in areas for t in found.targets)
    return {"regions": regions, "indicators": indicators, "areas": len(areas),
            "counts": presenters.count_rows(every), "targets": len(every)}


def _number(code: str) -> tuple[int, str]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits) if digits else 10**6, code)
