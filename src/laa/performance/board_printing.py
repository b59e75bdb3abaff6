"""The board report printed to PDF by the agreement's printer (`laa.agreements.printing`:
WeasyPrint, the print base template, charts as images), in the background
(`laa.performance.tasks.print_board_report`), and kept under the fingerprint of its HTML
(`BoardReportPdf`) as the agreement's PDF is (ADR 0013)."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from laa import clock
from laa.agreements.models import Agreement
from laa.agreements.printing import PRINTED_ON_MARK, render_pdf
from laa.domain.hub.periods import Period
from laa.performance.board import report_context
from laa.performance.board_models import BoardReportPdf
from laa.presentation.presenters import govuk_date

TEMPLATE = "performance/board_report.html"
KEPT_PER_AGREEMENT = 6  # the newest board reports' PDFs kept per agreement


@dataclass(frozen=True)
class PrintHtml:
    html: str
    fingerprint: str


def print_html(user, agreement: Agreement, period: Period, periods: tuple[Period, ...], today: date) -> PrintHtml:
    """The report's HTML for WeasyPrint (the day of printing left out) and its fingerprint."""
    html = render_to_string(TEMPLATE, report_context(user, agreement, period, periods, today, for_print=True))
    return PrintHtml(html, hashlib.sha256(html.encode()).hexdigest())


def kept_pdf(agreement: Agreement, fingerprint: str) -> BoardReportPdf | None:
    return BoardReportPdf.objects.filter(agreement=agreement, fingerprint=fingerprint).first()


def print_pdf(agreement: Agreement, period: Period, printed: PrintHtml) -> BoardReportPdf:
    """Print the HTML (dated today) and keep it; keep the agreement's newest few only."""
    start = time.perf_counter()
    pdf, pages = render_pdf(printed.html.replace(PRINTED_ON_MARK, govuk_date(clock.today())))
    seconds = time.perf_counter() - start
    try:
        with transaction.atomic():
            kept = BoardReportPdf.objects.create(agreement=agreement, period=period.code,
                                                 fingerprint=printed.fingerprint, pdf=pdf, pages=pages,
                                                 seconds=round(seconds, 3), made_at=clock.now())
    except IntegrityError:  # printed by another worker a moment ago
        return BoardReportPdf.objects.get(agreement=agreement, fingerprint=printed.fingerprint)
    older = BoardReportPdf.objects.filter(agreement=agreement).order_by("-made_at", "-pk").values_list("pk", flat=True)
    BoardReportPdf.objects.filter(pk__in=list(older[KEPT_PER_AGREEMENT:])).delete()
    return kept
