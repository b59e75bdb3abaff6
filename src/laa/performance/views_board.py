"""The partnership board's report for a quarter (issue 13), as a page and as a PDF. Read
as the area's progress is (`progress_agreement`: its partnership, its Government Office,
national readers; a department 403; outside the scope 404). The quarter is a GET form;
one that is not a quarter of the agreement ended by today is answered 400 with the error
beside the field. The PDF is printed in the background (`tasks.print_board_report`), as
the agreement's is (ADR 0013): until it is made, a page saying it is being prepared (202,
`Retry-After`). The page is kept per reader (ADR 0023) until a value, the catalogue, the
version in force or the agreement's commentary, actions and challenges change."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from laa import clock
from laa.catalogue.queries import catalogue_stamp
from laa.hub.stamps import hub_stamp
from laa.performance.board import NoSuchPeriod, chosen, delivery_stamp, report_context
from laa.performance.board_printing import TEMPLATE, kept_pdf, print_html
from laa.performance.reading import progress_agreement
from laa.performance.tasks import print_board_report
from laa.presentation.fragments import kept_page
from laa.presentation.presenters import error_list
from laa.signoff.versions import version_on

PRINTING_ASKED_SECONDS = 60  # a printing asked of the worker is not asked again for this long


def _report(request, area_code: str):
    agreement = progress_agreement(request.user, area_code)
    today = clock.today()
    try:
        period, periods = chosen(agreement, request.GET.get("period", ""), today)
    except NoSuchPeriod as refused:
        return agreement, today, None, None, {"period": str(refused)}
    return agreement, today, period, periods, {}


@login_required
@require_GET
def board_report(request, area_code: str):
    agreement, today, period, periods, errors = _report(request, area_code)
    if errors:
        context = report_context(request.user, agreement, None, chosen(agreement, "", today)[1], today)
        context.update(errors=errors, error_list=error_list(errors))
        return render(request, TEMPLATE, context, status=400)
    # Kept per reader until a value, the catalogue, the version in force or the delivery's words change.
    version = version_on(agreement, today)
    key = ("board-report", agreement.pk, period.code if period else "", today, version.pk if version else None,
           hub_stamp(), catalogue_stamp(), delivery_stamp(agreement.pk))
    return kept_page(request, TEMPLATE, key, lambda: report_context(request.user, agreement, period, periods, today))


@login_required
@require_GET
def board_report_pdf(request, area_code: str):
    """The report's PDF when it is made for the report as it stands; until then a page
    saying it is being prepared (202), the printing asked of the background worker."""
    agreement, today, period, periods, errors = _report(request, area_code)
    if errors or period is None:
        errors = errors or {"period": "No quarter of the agreement has ended yet"}
        context = report_context(request.user, agreement, None, chosen(agreement, "", today)[1], today)
        context.update(errors=errors, error_list=error_list(errors))
        return render(request, TEMPLATE, context, status=400)
    printed = print_html(request.user, agreement, period, periods, today)
    kept = kept_pdf(agreement, printed.fingerprint)
    if kept is None:
        if cache.add(f"laa:board-printing:{agreement.pk}:{printed.fingerprint}", True, PRINTING_ASKED_SECONDS):
            print_board_report.enqueue(agreement.pk, period.code, request.user.pk)
        kept = kept_pdf(agreement, printed.fingerprint)  # made already by an immediate backend
    if kept is None:
        context = report_context(request.user, agreement, None, periods, today)
        context.update(period=period, refresh_url=request.get_full_path(),
                       report_href=request.get_full_path().replace("/board-report.pdf", "/board-report", 1))
        response = render(request, "performance/board_report_preparing.html", context, status=202)
        response["Retry-After"] = "10"
        return response
    response = HttpResponse(bytes(kept.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (f'inline; filename="board-report-{agreement.area.code}-'
                                       f'{period.code.replace("/", "-").replace(" ", "-")}.pdf"')
    return response
