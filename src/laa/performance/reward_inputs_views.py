"""Forms for the reward grant's other inputs (issue 14, ADR 0024), beside the net budget
requirements' (`budget_views`): the pump-priming grant paid to the area and its Area Based
Grant allocations (recorded by CLG, as `laa reward record-pump-priming` and `record-abg`
by the machine), and each reward target's agreed interim level with the value reached
(recorded by the area's Government Office, as `laa reward record-interim`). Each page
lists every row entered (a later row corrects an earlier one; the latest counts) and,
for one who may record, a form: an error beside its field, nothing saved, no JavaScript."""

from __future__ import annotations

from dataclasses import dataclass

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from laa import clock
from laa.agreements.models import Agreement
from laa.domain.reward import pounds
from laa.performance.models import AreaBasedGrant, InterimLevel, PumpPrimingGrant
from laa.performance.reward_actions import (
    ClaimError,
    record_area_based_grant,
    record_interim,
    record_pump_priming,
)
from laa.performance.reward_reading import reward_agreement
from laa.performance.reward_views import crumbs
from laa.presentation.presenters import date_input, error_list, govuk_date
from laa.signoff.versions import version_draft, version_on


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text, money, date, textarea, select
    hint: str = ""
    width: str = ""
    items: tuple[str, ...] = ()  # a select's choices


def _latest_marks(rows, key) -> list[bool]:
    """For rows newest first: True for the row that counts (the newest of its key)."""
    seen: set = set()
    marks = []
    for r in rows:
        marks.append(key(r) not in seen)
        seen.add(key(r))
    return marks


def _page(request, agreement: Agreement, *, what: str, errors=None, posted=None) -> dict:
    spec = PAGES[what]
    rows = list(spec["rows"](request.user, agreement))
    shown = [{"cells": spec["cells"](r), "current": current, "by": r.by_name, "at": govuk_date(r.at)}
             for r, current in zip(rows, _latest_marks(rows, spec["key"]), strict=True)]
    fields = spec["fields"](request.user, agreement)
    anchors = {f.name: f"{f.name}-day" for f in fields if f.kind == "date"}
    chosen = (posted or {}).get
    choices = {f.name: [{"value": "", "text": "Choose a reward target"}]
               + [{"value": k, "text": k, "selected": k == chosen(f.name)} for k in f.items]
               for f in fields if f.kind == "select"}
    return {"title": f"{agreement.area.name}: {spec['title']}", "agreement": agreement, "intro": spec["intro"],
            "headings": spec["headings"], "rows": shown, "fields": fields, "choices": choices,
            "button": spec["button"],
            "posted": posted or spec["initial"](agreement), "errors": errors or {},
            "error_list": error_list(errors, anchors), "empty": spec["empty"], "heading": spec["heading"],
            "can_record": rules.has_perm(spec["permission"], request.user, agreement),
            "breadcrumbs": crumbs(agreement, {"text": "Performance Reward Grant",
                                              "href": reverse("performance:reward", args=[agreement.area.code])})}


def _reward_keys(agreement: Agreement) -> tuple[str, ...]:
    """The reward targets of the agreement's version in force."""
    version = version_on(agreement, clock.today())
    return tuple(t.key for t in version_draft(version).targets if t.reward is not None) if version else ()


PAGES: dict[str, dict] = {
    "pump-priming": {
        "title": "pump-priming grant", "heading": "Record a pump-priming grant", "button": "Record the grant",
        "permission": "performance.record_grant_inputs",
        "intro": "The pump-priming grant paid to the area up front to help it towards its stretched targets, "
                 "with the part of it paid as capital.",
        "rows": lambda user, a: PumpPrimingGrant.objects.visible_to(user).filter(area=a.area).order_by("-id"),
        "key": lambda r: r.pk, "headings": ["Year", "Paid on", "Amount", "Capital", "Revenue", "Source"],
        "cells": lambda r: [r.year, govuk_date(r.paid_on), pounds(r.amount), pounds(r.capital),
                            pounds(r.amount - r.capital), r.source],
        "empty": "No pump-priming grant has been recorded.",
        "fields": lambda user, a: [Field("year", "Financial year", width="govuk-input--width-5"),
                                   Field("paid_on", "Paid on", "date", "For example, 7 4 2008"),
                                   Field("amount", "Amount", "money"),
                                   Field("capital", "Of which capital", "money", "The rest is revenue."),
                                   Field("source", "Source", "textarea", "The grant letter, say.")],
        "initial": lambda a: {"year": a.period_start},
    },
    "area-based-grant": {
        "title": "Area Based Grant allocations", "heading": "Record an allocation", "button": "Record the allocation",
        "permission": "performance.record_grant_inputs",
        "intro": "The area's un-ringfenced Area Based Grant by year and by the specific grant each part replaced, "
                 "optionally set against a priority of the agreement. No reporting is attached to it. A later "
                 "allocation for the same year and grant corrects an earlier one.",
        "rows": lambda user, a: AreaBasedGrant.objects.visible_to(user).filter(area=a.area).order_by("-id"),
        "key": lambda r: (r.year, r.grant_replaced), "headings": ["Year", "Grant replaced", "Amount", "Priority",
                                                                   "Source"],
        "cells": lambda r: [r.year, r.grant_replaced, pounds(r.amount), r.priority or "Not set against a priority",
                            r.source],
        "empty": "No Area Based Grant allocation has been recorded.",
        "fields": lambda user, a: [Field("year", "Financial year", width="govuk-input--width-5"),
                                   Field("grant_replaced", "Grant it replaced", hint="For example, Supporting People"),
                                   Field("amount", "Amount", "money"),
                                   Field("priority", "Priority of the agreement it is set against (optional)"),
                                   Field("source", "Source", "textarea", "The allocation's determination, say.")],
        "initial": lambda a: {"year": a.period_start},
    },
    "interim-levels": {
        "title": "interim levels of the reward targets", "heading": "Record an interim level",
        "button": "Record the interim level", "permission": "performance.record_interim",
        "intro": "A reward target's interim level, agreed between the area and its Government Office, and the value "
                 "reached at the interim point. Reaching it earns a payment on account of one fifth of the target's "
                 "share, set against the final payment.",
        "rows": lambda user, a: InterimLevel.objects.visible_to(user).filter(agreement=a).order_by("-id"),
        "key": lambda r: r.target_key, "headings": ["Target", "Interim level", "Value reached", "Interim point",
                                                     "Source"],
        "cells": lambda r: [r.target_key, f"{r.level.normalize():f}",
                            "Not reported yet" if r.reached is None else f"{r.reached.normalize():f}", r.period,
                            r.source],
        "empty": "No interim level has been recorded.",
        "fields": lambda user, a: [Field("target_key", "Reward target", "select", items=_reward_keys(a)),
                                   Field("level", "Interim level agreed", width="govuk-input--width-10"),
                                   Field("reached", "Value reached at the interim point (blank: not reported yet)",
                                         width="govuk-input--width-10"),
                                   Field("period", "Interim point", hint="For example, 2009/10",
                                         width="govuk-input--width-10"),
                                   Field("source", "Source", "textarea", "Where the agreement and the value are "
                                                                          "recorded.")],
        "initial": lambda a: {},
    },
}


def _record(request, agreement: Agreement, what: str, posted: dict):
    user = request.user
    if what == "pump-priming":
        return record_pump_priming(actor=user, area=agreement.area, year=posted["year"],
                                   paid_on=date_input(request.POST, "paid_on"), amount=posted["amount"],
                                   capital=posted["capital"], source=posted["source"])
    if what == "area-based-grant":
        return record_area_based_grant(actor=user, area=agreement.area, year=posted["year"],
                                       grant_replaced=posted["grant_replaced"], amount=posted["amount"],
                                       source=posted["source"], priority=posted["priority"])
    return record_interim(actor=user, agreement=agreement, target_key=posted["target_key"], level=posted["level"],
                          reached=posted["reached"], period=posted["period"], source=posted["source"])


def _view(what: str):
    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, area_code: str):
        agreement = reward_agreement(request.user, area_code)
        if request.method == "GET":
            return render(request, "performance/reward_inputs.html", _page(request, agreement, what=what))
        names = [f.name for f in PAGES[what]["fields"](request.user, agreement)]
        posted = {n: request.POST.get(n, "")[:20_000] for n in names}
        posted |= {f"paid_on-{p}": request.POST.get(f"paid_on-{p}", "")[:10] for p in ("day", "month", "year")}
        try:
            row = _record(request, agreement, what, posted)
        except ClaimError as refused:
            return render(request, "performance/reward_inputs.html",
                          _page(request, agreement, what=what, errors=refused.problems, posted=posted),
                          status=refused.status)
        messages.success(request, f"Recorded: {row}.")
        return redirect(f"performance:reward_{what.replace('-', '_')}", area_code=agreement.area.code)

    view.__name__ = f"reward_{what.replace('-', '_')}"
    return view


pump_priming = _view("pump-priming")
area_based_grant = _view("area-based-grant")
interim_levels = _view("interim-levels")
