"""The import pages: upload a file of values; follow its check in the background and
see the dry run (what would be created, changed, unchanged, and each rejected row's
number, column and reason); confirm it, or download the rejected rows to correct; the
ledger of imports and each entry's values.

An upload is checked and imported by background tasks (laa.hub.tasks, ADR 0017), so a
large file never holds a request open: its page shows the progress and refreshes itself
(a `<meta http-equiv="refresh">`, no JavaScript) until the outcome is there. Only the
uploader finds an upload (`Upload.objects.visible_to`); the checking and writing are
the hub's (`laa.hub.actions.import_values`)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from laa.domain.hub.layout import COLUMNS, LayoutError
from laa.domain.input_limits import LimitExceeded
from laa.hub.actions_uploads import NotConfirmable, confirm_upload, start_upload
from laa.hub.models import LedgerEntry, Observation, Upload
from laa.hub.presenters import observation_row
from laa.hub.uploads import progress_of, rejected_file, report_of
from laa.presentation.presenters import error_list

REFRESH_SECONDS = 3
_NOT_A_SUPPLIER = "Your role reads the hub's data but does not supply it."


def _signed_in(request, perm: str, refusal: str):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm(perm):
        raise PermissionDenied(refusal)
    return None


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


@require_http_methods(["GET", "POST"])
def upload(request):
    if refused := _signed_in(request, "hub.import", _NOT_A_SUPPLIER):
        return refused
    errors: dict[str, str] = {}
    if request.method == "POST":
        values_file = request.FILES.get("values_file")
        if values_file is None or not values_file.name:
            errors["values_file"] = "Select a file of values (CSV, XLSX or JSON)"
        else:
            try:
                kept = start_upload(actor=request.user, name=values_file.name, size=values_file.size,
                                    chunks=values_file.chunks())
            except (LayoutError, LimitExceeded) as exc:
                errors["values_file"] = _sentence(str(exc))
            else:
                return redirect("hub:upload_status", kept.pk)
    return render(request, "hub/upload.html", {
        "title": "Import values", "errors": errors, "error_list": error_list(errors),
        "columns": COLUMNS,
        "breadcrumbs": [{"text": "Imports", "href": "/hub/imports/"}],
    }, status=400 if errors else 200)


def _uploaded(request, pk: int) -> Upload:
    found = Upload.objects.visible_to(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such upload of yours: upload the file again")
    return found


def upload_status(request, pk: int):
    """The upload as it stands: its progress while a task runs, then the dry run's
    outcome (to confirm), or, once imported, its ledger entry."""
    if refused := _signed_in(request, "hub.import", _NOT_A_SUPPLIER):
        return refused
    kept = _uploaded(request, pk)
    crumbs = [{"text": "Imports", "href": "/hub/imports/"}]
    if kept.state == Upload.State.IMPORTED and kept.ledger_id:
        report = report_of(kept)
        _say_once(request, f"You imported {kept.file_name}: {report.created:,} new "
                           f"value{'' if report.created == 1 else 's'}, {report.changed:,} corrected, "
                           f"{report.unchanged:,} unchanged.")
        return redirect("hub:ledger_entry", kept.ledger_id)
    if kept.state != Upload.State.CHECKED:
        failed = kept.report.get("failed", "") if kept.state == Upload.State.FAILED else ""
        checking = kept.state == Upload.State.CHECKING or bool(failed and kept.report.get("dry_run"))
        return render(request, "hub/upload_progress.html", {
            "title": f"{'Checking' if checking else 'Importing'} {kept.file_name}", "upload": kept,
            "checking": checking, "progress": progress_of(kept), "refresh": REFRESH_SECONDS,
            "failed": failed,
            "breadcrumbs": crumbs,
        })
    report = report_of(kept)
    if kept.report.get("stale"):
        messages.warning(request, "The file was not imported: it no longer passes the checks. Nothing was written.")
    return render(request, "hub/preview.html", {
        "title": f"Check the import of {kept.file_name}", "report": report, "upload": kept,
        "name": kept.file_name, "rejections": report.rejections,
        "more": max(0, report.rejected - len(report.rejections)),
        "listed": kept.report.get("listed", 0), "breadcrumbs": crumbs,
    })


def _say_once(request, text: str) -> None:
    """A success message, unless it waits to be shown already (the progress page's script
    may ask for the page once more before it loads the outcome)."""
    waiting = messages.get_messages(request)
    already = any(m.message == text for m in waiting)
    waiting.used = False  # looking is not showing
    if not already:
        messages.success(request, text)


@require_http_methods(["POST"])
def confirm(request, pk: int):
    if refused := _signed_in(request, "hub.import", _NOT_A_SUPPLIER):
        return refused
    kept = _uploaded(request, pk)
    try:
        confirm_upload(actor=request.user, upload=kept)
    except NotConfirmable as exc:
        messages.warning(request, f"{exc}: nothing more was asked of the hub.")
    return redirect("hub:upload_status", kept.pk)


def rejected_rows(request, pk: int):
    """The rejected rows of an upload's dry run, as CSV in the hub's row layout, each with
    a last column `problem` saying what is wrong (an import ignores that column)."""
    if refused := _signed_in(request, "hub.import", _NOT_A_SUPPLIER):
        return refused
    kept = _uploaded(request, pk)
    path = rejected_file(kept)
    if kept.state != Upload.State.CHECKED or not path.is_file():
        raise Http404("This upload has no rejected rows")
    stem = kept.file_name.rsplit(".", 1)[0]
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"{_safe(stem)}-rejected-rows.csv",
                        content_type="text/csv; charset=utf-8")


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
