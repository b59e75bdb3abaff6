"""The pages of an agreement's versions (ADR 0020): the list, one version as a page, as
the agreement file (YAML or JSON) and as the document, and what changed between two.

Readable by whoever may read the whole agreement (`signoff.scopes.versions_agreement`):
everyone once it is published. A version the agreement does not have, or a comparison
asked for wrongly, gets a page saying which versions there are; nothing is a 500.
"""

from __future__ import annotations

import rules
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from laa import clock
from laa.agreements.models import CATEGORY_LABELS
from laa.domain.agreement_file import dump_yaml
from laa.signoff import presenters_versions as present
from laa.signoff.memorandum import memorandum
from laa.signoff.scopes import agreement_version, versions_agreement
from laa.signoff.versions import number_in_force, version_diff, version_draft, versions_of


def _not_found(request, error: Http404):
    return render(request, "web/error.html", {"title": "Page not found", "body": str(error)}, status=404)


def _crumbs(agreement, *more: dict) -> list[dict]:
    code = agreement.area.code
    return [{"text": "Home", "href": reverse("home")},
            {"text": agreement.area.name, "href": reverse("agreements:detail", args=[code])},
            {"text": "Versions", "href": reverse("signoff:versions", args=[code])}, *more]


@require_GET
def versions(request, area_code: str):
    try:
        agreement = versions_agreement(request.user, area_code)
    except Http404 as error:
        return _not_found(request, error)
    found = list(versions_of(agreement).defer("document"))
    older_items, newer_items = present.compare_items([v.number for v in found])
    return render(request, "signoff/versions.html", {
        "title": f"Versions of {agreement.area.name}'s agreement",
        "agreement": agreement,
        "rows": present.version_rows(agreement.area.code, found, number_in_force(agreement)),
        "older_items": older_items, "newer_items": newer_items,
        # the agreement's revisions (ADR 0021), for those who may read them
        "revisions_shown": rules.has_perm("revisions.read_revision", request.user, agreement),
        "breadcrumbs": _crumbs(agreement)[:2],
    })


@require_GET
def version(request, area_code: str, number: int):
    try:
        agreement = versions_agreement(request.user, area_code)
        found = agreement_version(agreement, number)
    except Http404 as error:
        return _not_found(request, error)
    memo = memorandum(agreement, version=found)
    in_force = number_in_force(agreement)
    return render(request, "signoff/version.html", {
        "title": f"{agreement.area.name}'s agreement, version {found.number}",
        "memo": memo,
        "summary": present.version_summary(found, in_force, clock.today()),
        "links": present.links(agreement.area.code, found.number),
        "compare_href": (reverse("signoff:version_changes", args=[agreement.area.code])
                         + f"?older={found.number - 1}&newer={found.number}") if found.number > 1 else "",
        "breadcrumbs": _crumbs(agreement),
    })


@require_GET
def version_file(request, area_code: str, number: int, fmt: str):
    try:
        agreement = versions_agreement(request.user, area_code)
        found = agreement_version(agreement, number)
        if fmt not in present.FORMATS:
            raise Http404(f"An agreement file is YAML or JSON: there is no {fmt} file of version {number}")
    except Http404 as error:
        return _not_found(request, error)
    # JSON: the stored file itself; YAML: the same agreement through the same writer.
    content = found.document if fmt == "json" else dump_yaml(version_draft(found))
    response = HttpResponse(content, content_type=present.FORMATS[fmt])
    name = f"laa-{agreement.area.code}-{agreement.round.year}-version-{found.number}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def version_document(request, area_code: str, number: int):
    try:
        agreement = versions_agreement(request.user, area_code)
        found = agreement_version(agreement, number)
    except Http404 as error:
        return _not_found(request, error)
    draft = version_draft(found)
    memo = memorandum(agreement, version=found)
    outcome_of = {t.key: t.outcome for t in draft.targets}
    return render(request, "signoff/version_document.html", {
        "title": f"{agreement.area.name} Local Area Agreement {memo.period_start} to {memo.period_end}",
        "memo": memo,
        "draft": draft,
        "outcomes": [{"title": o.title, "theme": o.theme, "evidence": o.evidence, "targets": [t for t in memo.targets if outcome_of[t.key] == o.id]}
                     for o in draft.outcomes],
        "categories": CATEGORY_LABELS,
        "summary": present.version_summary(found, number_in_force(agreement), clock.today()),
        "breadcrumbs": _crumbs(agreement, {"text": f"Version {found.number}", "href": present.links(
            agreement.area.code, found.number)["page"]}),
    })


def _number(request, name: str, errors: dict[str, str]) -> int | None:
    value = request.GET.get(name, "").strip()
    label = "the older version" if name == "older" else "the newer version"
    if not value:
        errors[name] = f"Choose {label}"
    elif not value.isdigit() or int(value) < 1:
        errors[name] = f"{label[0].upper()}{label[1:]} must be a version number, like 1 or 2: not '{value[:20]}'"
    else:
        return int(value)
    return None


@require_GET
def version_changes(request, area_code: str):
    try:
        agreement = versions_agreement(request.user, area_code)
    except Http404 as error:
        return _not_found(request, error)
    numbers = list(versions_of(agreement).values_list("number", flat=True))
    errors: dict[str, str] = {}
    older, newer = _number(request, "older", errors), _number(request, "newer", errors)
    context = {
        "title": f"What changed in {agreement.area.name}'s agreement",
        "agreement": agreement, "older": older, "newer": newer, "errors": errors,
        "error_list": [{"text": message, "href": f"#{name}"} for name, message in errors.items()],
        "breadcrumbs": _crumbs(agreement),
    }
    context["older_items"], context["newer_items"] = present.compare_items(numbers, older, newer)
    if errors:
        return render(request, "signoff/version_changes.html", context, status=400)
    try:
        before, after = agreement_version(agreement, older), agreement_version(agreement, newer)
    except Http404 as error:
        return _not_found(request, error)
    diff = version_diff(before, after)
    context.update(
        title=f"What changed from version {older} to version {newer} of {agreement.area.name}'s agreement",
        diff=diff, counts=present.diff_counts(diff), sections=present.diff_sections(diff),
        others=present.other_rows(diff),
        older_link=present.links(agreement.area.code, older)["page"],
        newer_link=present.links(agreement.area.code, newer)["page"],
    )
    return render(request, "signoff/version_changes.html", context)
