"""The import pages: upload a file of values, see the dry run (what would be created,
changed, unchanged, and each rejected row's number, column and reason), confirm it or
download the rejected rows to correct; the ledger of imports and each entry's values.

The checking and writing are the hub's (`laa.hub.actions.import_values`). The uploaded
file waits between the dry run and the confirmation under the uploader's own folder,
named by its SHA-256, so a confirmation imports exactly the file that was previewed and
no one can confirm another person's upload."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from laa.domain.hub.datafile import layout_of, open_data_file
from laa.domain.hub.layout import COLUMNS, LayoutError
from laa.domain.input_limits import LimitExceeded
from laa.hub.actions import import_values
from laa.hub.models import LedgerEntry, Observation
from laa.hub.presenters import observation_row
from laa.presentation.presenters import error_list

SHOWN_REJECTIONS = 100
_HASH = re.compile(r"[0-9a-f]{64}")


def _signed_in(request, perm: str, refusal: str):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm(perm):
        raise PermissionDenied(refusal)
    return None


def _folder(user) -> Path:
    return Path(settings.VAR_DIR) / "hub-uploads" / str(user.pk)


def _keep(user, upload) -> tuple[str, Path]:
    """Keep the uploaded file for its confirmation: (its SHA-256, where it is)."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    folder = _folder(user)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{digest.hexdigest()}.{layout_of(upload.name)}"
    upload.seek(0)
    with path.open("wb") as f:
        shutil.copyfileobj(upload, f)
    return digest.hexdigest(), path


def _kept(user, digest: str, name: str) -> Path:
    try:
        layout = layout_of(name)
    except LayoutError:
        raise Http404("No such upload") from None
    path = _folder(user) / f"{digest}.{layout}"
    if not _HASH.fullmatch(digest) or not path.is_file():
        raise Http404("No such upload: upload the file again")
    return path


def _run(user, path: Path, name: str, *, dry_run: bool):
    with path.open("rb") as f:
        return import_values(actor=user, name=name, stream=f, size=path.stat().st_size, dry_run=dry_run)


@require_http_methods(["GET", "POST"])
def upload(request):
    if refused := _signed_in(request, "hub.import", "Your role reads the hub's data but does not supply it."):
        return refused
    errors: dict[str, str] = {}
    if request.method == "POST":
        upload = request.FILES.get("values_file")
        if upload is None or not upload.name:
            errors["values_file"] = "Select a file of values (CSV, XLSX or JSON)"
        else:
            try:
                digest, path = _keep(request.user, upload)
            except LayoutError as exc:
                errors["values_file"] = str(exc)[:1].upper() + str(exc)[1:]
            else:
                return _preview(request, path, digest, upload.name[:300])
    return render(request, "hub/upload.html", {
        "title": "Import values", "errors": errors, "error_list": error_list(errors),
        "columns": COLUMNS,
        "breadcrumbs": [{"text": "Imports", "href": "/hub/imports/"}],
    }, status=400 if errors else 200)


def _preview(request, path: Path, digest: str, name: str, *, status: int = 200):
    report = _run(request.user, path, name, dry_run=True)
    return render(request, "hub/preview.html", {
        "title": f"Check the import of {name}", "report": report, "digest": digest, "name": name,
        "rejections": report.rejections[:SHOWN_REJECTIONS], "more": max(0, report.rejected - SHOWN_REJECTIONS),
        "breadcrumbs": [{"text": "Imports", "href": "/hub/imports/"}],
    }, status=status if report.accepted else 400)


@require_http_methods(["POST"])
def confirm(request):
    if refused := _signed_in(request, "hub.import", "Your role reads the hub's data but does not supply it."):
        return refused
    digest, name = request.POST.get("upload", ""), request.POST.get("name", "")[:300]
    path = _kept(request.user, digest, name)
    report = _run(request.user, path, name, dry_run=False)
    if not report.written:
        messages.warning(request, "The file was not imported: it no longer passes the checks. Nothing was written.")
        return _preview(request, path, digest, name, status=409)
    path.unlink(missing_ok=True)
    messages.success(request, f"You imported {name}: {report.created:,} new values, {report.changed:,} "
                              f"corrected, {report.unchanged:,} unchanged.")
    return redirect("hub:ledger_entry", report.ledger_id)


def rejected_rows(request):
    """The rejected rows of an upload, as CSV in the hub's row layout, with a last column
    `problem` saying what is wrong (delete it before sending the corrected file)."""
    if refused := _signed_in(request, "hub.import", "Your role reads the hub's data but does not supply it."):
        return refused
    digest, name = request.GET.get("upload", ""), request.GET.get("name", "")[:300]
    path = _kept(request.user, digest, name)
    report = _run(request.user, path, name, dry_run=True)
    problems: dict[int, list[str]] = {}
    for r in report.rejections:
        problems.setdefault(r.row, []).append(f"{r.column}: {r.reason}")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*COLUMNS, "problem"])
    try:
        with path.open("rb") as f:
            for number, cells in open_data_file(name, f, path.stat().st_size).rows:
                if number in problems:
                    writer.writerow([cells.get(c, "") for c in COLUMNS] + [f"row {number}: " + "; ".join(problems[number])])
    except (LayoutError, LimitExceeded) as exc:
        writer.writerow([""] * len(COLUMNS) + [str(exc)])
    stem = name.rsplit(".", 1)[0]
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_safe(stem)}-rejected-rows.csv"'
    return response


def _safe(stem: str) -> str:
    return re.sub(r"[^A-Za-z0-9._ -]+", "_", stem)[:100] or "values"


def ledger(request):
    if refused := _signed_in(request, "hub.read_ledger", "The import ledger is for the hub's suppliers and readers."):
        return refused
    entries = LedgerEntry.objects.visible_to(request.user).select_related("by_department", "by_area")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "hub/ledger.html", {
        "title": "Import ledger", "page": page, "entries": list(page.object_list),
        "may_import": request.user.has_perm("hub.import"),
    })


def ledger_entry(request, pk: int):
    if refused := _signed_in(request, "hub.read_ledger", "The import ledger is for the hub's suppliers and readers."):
        return refused
    entry = LedgerEntry.objects.visible_to(request.user).filter(pk=pk).first()
    if entry is None:
        raise Http404("No such import in your scope")
    values = (Observation.objects.visible_to(request.user).filter(ledger=entry).select_related("indicator", "definition", "area", "district", "ledger",
                                                 "replaces", "replaces__ledger")
              .order_by("id"))
    page = Paginator(values, 100).get_page(request.GET.get("page"))
    rows = [{"indicator": o.indicator.code, "area": o.area.name, "district": o.district.name if o.district_id else "",
             "replaces": observation_row(o.replaces, o.definition.decimal_places) if o.replaces_id else None,
             **observation_row(o, o.definition.decimal_places)} for o in page.object_list]
    return render(request, "hub/ledger_entry.html", {
        "title": f"Import of {entry.file_name}", "entry": entry, "page": page, "rows": rows,
        "breadcrumbs": [{"text": "Import ledger", "href": "/hub/imports/"}],
    })
