"""Agreement files: import a YAML, JSON or XLSX file (all or nothing), export the
agreement in each format, and download a blank workbook to fill in."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from laa.agreements import actions, actions_import, files
from laa.agreements.forms import parse_version
from laa.agreements.views import agreement_for, breadcrumbs, editable, page, readable
from laa.catalogue.queries import current_round
from laa.domain.agreement_workbook import agreement_workbook_template
from laa.places.models import Area


def _import_target(request, area_code: str):
    """The agreement to replace, or the area whose agreement the import will start."""
    agreement = agreement_for(request.user, area_code)
    if agreement is not None:
        return editable(request, area_code), None
    area = Area.objects.visible_to(request.user).filter(code=area_code).first()
    if area is None or not rules.has_perm("places.read_area_private", request.user, area):
        raise Http404("No such area in your scope")
    if not rules.has_perm("agreements.start_agreement", request.user, area):
        raise PermissionDenied("Only a partnership officer of the area imports its agreement")
    return None, area


@login_required
@require_http_methods(["GET", "POST"])
@page
def import_file(request, area_code: str):
    agreement, area = _import_target(request, area_code)
    area = agreement.area if agreement else area
    round_ = current_round()
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("agreement_file")
        if upload is None or not upload.name:
            problems = ["Select an agreement file (YAML, JSON or XLSX)"]
        else:
            problems, result, status = _import(request, upload, area, round_, agreement)
            if result is not None:
                messages.success(request, f"You imported {upload.name}: {result.targets} targets and "
                                          f"{result.outcomes} outcomes. The findings are below.")
                for note in result.notes:
                    messages.warning(request, note)
                return redirect("agreements:detail", area_code)
        status = 400 if status == 200 else status
        if status == 409:
            agreement = readable(request, area_code)  # the current version, for another try
    return render(request, "agreements/import.html", {
        "title": "Import an agreement file",
        "agreement": agreement,
        "area": area,
        "area_code": area_code,
        "version": agreement.version if agreement else "",
        "problems": problems,
        "error_list": [{"text": p, "href": "#agreement_file"} for p in problems],
        "breadcrumbs": breadcrumbs(agreement) if agreement else breadcrumbs(),
    }, status=status)


def _import(request, upload, area, round_, agreement):
    """Read and import the file: (problems, None, status) if it cannot be, else ([], result, 200)."""
    try:
        draft = files.load_agreement_file(upload.name, upload.read(files.MAX_BYTES + 1))
    except files.UnreadableAgreement as exc:
        return [f"{upload.name}: {p}" for p in exc.problems], None, 400
    if draft.area != area.code:
        return [f"The file is for the area {draft.area}, not {area.name} ({area.code}): check its area field"], None, 400
    if round_ is not None and draft.round != round_.year:
        return [f"The file is for the {draft.round} round, not {round_.year}: check its round field"], None, 400
    expected = parse_version(request.POST) if agreement is not None else None
    try:
        return [], actions_import.import_agreement(actor=request.user, draft=draft, expected_version=expected), 200
    except actions.StaleEdit as exc:
        return [str(exc)], None, 409
    except actions.AgreementError as exc:
        return [f"{where}: {message}" for where, message in exc.problems.items()], None, 400
    except actions.FrozenAgreement as exc:
        raise PermissionDenied(str(exc)) from exc


@page
def export(request, area_code: str, fmt: str):
    if fmt not in files.FORMATS:
        raise Http404("No such format")
    agreement = readable(request, area_code)
    if not rules.has_perm("agreements.export_agreement", request.user, agreement):
        # A department sees the agreements holding its targets, not the whole draft.
        raise PermissionDenied("The whole draft agreement is for its area, its Government Office and national readers")
    content = files.render_agreement(agreement, fmt)
    response = HttpResponse(content, content_type=files.FORMATS[fmt])
    name = f"laa-{agreement.area.code}-{agreement.round.year}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def template(request):
    """A blank workbook, with the user's own area filled in if they have one."""
    round_ = current_round()
    area = request.user.area.code if getattr(request.user, "area_id", None) else ""
    content = agreement_workbook_template(area=area, round_year=round_.year if round_ else 2008)
    response = HttpResponse(content, content_type=files.FORMATS["xlsx"])
    response["Content-Disposition"] = 'attachment; filename="laa-agreement-template.xlsx"'
    return response
