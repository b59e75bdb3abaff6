"""The inspector's view of an area for the Comprehensive Area Assessment (issue 13, ADR
0027): all national indicators with the area's latest value, its rank and quartile among
all areas and its significance against England (from the comparisons kept per import);
the agreement's designated and local targets with their progress, off track first; and
the area's red and green flags. Read as progress is (the area's partnership, its
Government Office, national readers); inspectors record flags with their evidence, change
them while drafts, publish and withdraw them. Forms work without JavaScript; an error is
shown beside its field (400; 409 for a flag that moved since it was seen), nothing saved."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from laa import clock
from laa.performance import caa_actions, comparing, presenters
from laa.performance.caa import (
    area_standings,
    assessment_key,
    flag_in_area,
    flag_subjects,
    flags_of,
)
from laa.performance.caa_presenters import flag_row, standing_row
from laa.performance.reading import area_progress, progress_agreement
from laa.performance.reward_reading import reward_summary
from laa.presentation.fragments import kept_page, reader
from laa.presentation.presenters import error_list, govuk_date, plural

SAID = {"record": "The flag is recorded as a draft.", "change": "The draft is changed.",
        "publish": "The flag is published.", "withdraw": "The flag is withdrawn."}


def _version(values) -> int:
    text = values.get("version", "")[:12]
    return int(text) if text.isdigit() else 0


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request, area_code: str):
    user = request.user
    day = clock.today()
    values, errors, status, posted = request.POST if request.method == "POST" else {}, {}, 200, ""
    if request.method == "GET":  # kept per reader (ADR 0023) until progress, a comparison or a flag changes
        shown = assessment_key(reader(request), user, area_code)
        key = None if shown is None else ("caa", shown, *comparing.stamps(user))
        # built (and the reader's scope and right to read progress asked) only when not kept
        return kept_page(request, "performance/assessment.html", key,
                         lambda: _page(request, progress_agreement(user, area_code), day, values, errors, posted))
    agreement = progress_agreement(user, area_code)
    area = agreement.area
    # a form sent: each write is the action's (permission, rules, audit); refused: shown beside its fields
    known = flag_subjects(area_progress(user, agreement, day), area_standings(user, area.code))
    form = values.get("form", "")[:12]
    flag = None
    if form in {"change", "publish", "withdraw"}:
        number = values.get("flag", "")[:12]
        flag = flag_in_area(user, area, int(number)) if number.isdigit() else None
        if flag is None:
            raise Http404("The area has no such flag")
    posted = form if flag is None else f"{form}-{flag.pk}"
    try:
        if form == "record":
            caa_actions.record_flag(actor=user, area=area, colour=values.get("colour", ""),
                                    title=values.get("title", ""), evidence=values.get("evidence", ""),
                                    concerns=values.get("concerns", "")[:2000], known=known)
        elif form == "change":
            caa_actions.change_flag(actor=user, flag=flag, seen_version=_version(values),
                                    colour=values.get("colour", ""), title=values.get("title", ""),
                                    evidence=values.get("evidence", ""),
                                    concerns=values.get("concerns", "")[:2000], known=known)
        elif form in {"publish", "withdraw"}:
            caa_actions.move_flag(actor=user, flag=flag, step=form, seen_version=_version(values),
                                  reason=values.get("reason", ""))
        else:
            raise Http404("No such form")
    except caa_actions.FlagRefused as refused:
        errors, status = refused.problems, refused.status
    else:
        messages.success(request, SAID[form])
        return redirect(reverse("performance:assessment", args=[area.code]) + "#flags")
    return kept_page(request, "performance/assessment.html", None,
                     lambda: _page(request, agreement, day, values, errors, posted) | {"http_status": status})


def _page(request, agreement, day, values, errors: dict[str, str], posted: str) -> dict:
    user, area = request.user, agreement.area
    found = area_progress(user, agreement, day)
    standings = area_standings(user, area.code)
    rows = [{**presenters.target_row(item, i, area.code, with_chart=False), "category": item.target.category}
            for i, item in enumerate(found.targets, start=1)]
    progress_href = reverse("performance:area", args=[area.code])
    indicators = [standing_row(s, area.code) for s in standings]
    prefix = f"{posted}-" if "-" in posted else ""
    return {
        "title": f"{area.name}: Comprehensive Area Assessment", "agreement": agreement, "day": govuk_date(day),
        "found": found, "counts": presenters.count_rows(found.targets), "targets": plural(len(rows), "target"),
        "rows": [{**r, "href": f"{progress_href}#{r['anchor']}"} for r in rows],
        "indicators": indicators, "held": sum(1 for r in indicators if r["rank"]),
        "worst": sum(1 for r in indicators if r["worst"]),
        "flags": [flag_row(f) for f in flags_of(user, area)],
        "may_record": rules.has_perm("performance.record_flag", user, area),
        "may_read_drafts": rules.has_perm("performance.read_flag_drafts", user, area),
        "values": values, "posted": posted, "errors": errors,
        "error_list": error_list(errors, {**{k: f"{prefix}{k}" for k in ("colour", "title", "evidence", "concerns",
                                                                           "reason")},
                                          "step": f"{posted}-step", "version": f"{posted}-step"} if prefix else {}),
        "public_href": reverse("performance:public", args=[area.code]),
        "reward": reward_summary(user, agreement, day),
        "breadcrumbs": [{"text": "Home", "href": reverse("home")},
                        {"text": area.name, "href": reverse("agreements:detail", args=[area.code])},
                        {"text": "Progress", "href": progress_href}],
    }
