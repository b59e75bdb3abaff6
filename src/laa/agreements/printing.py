"""The agreement document printed to PDF: the print HTML, its fingerprint, WeasyPrint,
and the PDFs kept (`DocumentPdf`).

A PDF is made in the background (`laa.agreements.tasks.print_document`) and kept under
the fingerprint of the HTML it was printed from: the SHA-256 of the document's print
HTML, which holds everything the PDF shows (content, state, version, the reader's scope
of targets) except the day it was printed. A reader is given a kept PDF only while the
agreement's print HTML still has that fingerprint: a PDF of content that has changed is
never served.
"""

from __future__ import annotations

import base64
import hashlib
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from markupsafe import Markup, escape

from laa import clock
from laa.agreements.charts import TrajectoryChart
from laa.agreements.document import document_context
from laa.agreements.models import Agreement, DocumentPdf, Target
from laa.presentation.presenters import govuk_date

if TYPE_CHECKING:
    import weasyprint

PRINT_BASE = "agreements/document_base.html"
# Where the day of printing goes in the print HTML: left out of the fingerprint, so a
# kept PDF does not go stale overnight; written in when WeasyPrint prints it.
PRINTED_ON_MARK = "[printed-on]"
# PDFs kept per agreement (the newest): older versions' are deleted as new ones are made.
KEPT_PER_AGREEMENT = 6


@dataclass(frozen=True)
class PrintHtml:
    html: str
    fingerprint: str
    context: dict  # what the document shows (agreements.document.document_context)

    @property
    def partial(self) -> bool:
        """The reader's scope leaves some of the agreement's targets out."""
        return bool(self.context["partial"])


def agreement_for_printing(agreement_id: int) -> Agreement | None:
    """The agreement with what the document reads of its area, partnership and round."""
    return (
        Agreement.objects.select_related("area__region", "area__partnership__accountable_body", "round")
        .filter(pk=agreement_id).first()
    )


def print_html(agreement: Agreement, targets: QuerySet[Target] | None = None) -> PrintHtml:
    """The document's HTML for WeasyPrint, with `targets` (the reader's scope; all of
    them by default), and its fingerprint. Independent of the request: the same content
    gives the same HTML for every reader with the same scope."""
    context = document_context(agreement, targets=targets)
    for view in context["memorandum"]:  # every target shown
        if view.chart is not None:
            view.chart = chart_as_image(view.chart)
    context.update(base_template=PRINT_BASE, for_print=True, pdf_url="", breadcrumbs=[],
                   printed_on=PRINTED_ON_MARK)
    html = render_to_string("agreements/document.html", context)
    return PrintHtml(html, hashlib.sha256(html.encode()).hexdigest(), context)


def kept_pdf(agreement: Agreement, fingerprint: str) -> DocumentPdf | None:
    """The PDF printed from the HTML with this fingerprint, if it has been made."""
    return DocumentPdf.objects.filter(agreement=agreement, fingerprint=fingerprint).first()


def chart_as_image(chart: TrajectoryChart) -> TrajectoryChart:
    """The chart as an image of its SVG (a data: URL) rather than inline SVG, for
    WeasyPrint: the SVG's elements then stay out of the HTML's parsing, style cascade and
    boxes (about a tenth of the printing's work on Kent's agreement; benchmarks/README.md)."""
    source = "data:image/svg+xml;base64," + base64.b64encode(str(chart.svg).encode()).decode()
    return replace(chart, svg=Markup(f'<img class="laa-chart" src="{source}" alt="{escape(chart.description)}">'))


def render_document(html: str) -> weasyprint.Document:
    """The print HTML laid out in pages by WeasyPrint (`.pages`, each with its anchors and
    bookmarks), before it is written as a PDF."""
    import weasyprint  # imported here: seconds on a busy machine, needed by the task worker only

    # Self-contained: inline CSS, charts as data: URLs; nothing is fetched from anywhere.
    fetcher = weasyprint.URLFetcher(allowed_protocols=("data",))
    return weasyprint.HTML(string=html, url_fetcher=fetcher).render()


def render_pdf(html: str) -> tuple[bytes, int]:
    """The PDF of the print HTML, and its number of pages."""
    document = render_document(html)
    return document.write_pdf(), len(document.pages)


def print_pdf(agreement: Agreement, printed: PrintHtml) -> DocumentPdf:
    """Print the HTML to PDF (dated today) and keep it under its fingerprint; keep the
    agreement's newest few PDFs only. If the same PDF was made meanwhile, that one."""
    start = time.perf_counter()
    pdf, pages = render_pdf(printed.html.replace(PRINTED_ON_MARK, govuk_date(clock.today())))
    seconds = time.perf_counter() - start
    try:
        with transaction.atomic():
            kept = DocumentPdf.objects.create(
                agreement=agreement, fingerprint=printed.fingerprint, pdf=pdf, pages=pages,
                seconds=round(seconds, 3), made_at=clock.now(),
            )
    except IntegrityError:  # another worker printed the same HTML a moment ago
        return DocumentPdf.objects.get(agreement=agreement, fingerprint=printed.fingerprint)
    older = DocumentPdf.objects.filter(agreement=agreement).order_by("-made_at", "-pk").values_list("pk", flat=True)
    DocumentPdf.objects.filter(pk__in=list(older[KEPT_PER_AGREEMENT:])).delete()
    return kept
