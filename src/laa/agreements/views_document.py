"""The agreement document as a page and as a PDF (WeasyPrint, from the same template,
printed in the background: `laa.agreements.printing`, `laa.agreements.tasks`).

Readable by whoever may read the agreement (`Agreement.objects.visible_to`). A signed-in
person outside its scope gets 404, so a draft's existence is not revealed; an anonymous
visitor is sent to sign in (as on the other agreement pages), whether or not the
agreement exists. The targets shown are the reader's scope of them
(`Target.objects.visible_to`): a department sees its own. `?round=2008` picks a round;
without it, the area's latest agreement.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from laa.agreements.document import document_context
from laa.agreements.models import Agreement, Target
from laa.agreements.printing import PrintHtml, kept_pdf, print_html
from laa.agreements.tasks import print_document

PAGE_BASE = "layout.html"
# How long a printing asked of the worker is not asked again (per process).
PRINTING_ASKED_SECONDS = 60


def visible_agreement(user, area_code: str, round_year: str | int | None = None) -> Agreement:
    """The area's agreement (of the round, else the latest) if the user may read it; else 404."""
    agreements = (
        Agreement.objects.visible_to(user)
        .select_related("area__region", "area__partnership__accountable_body", "round")
        .filter(area__code=area_code)
    )
    if round_year not in (None, ""):
        try:
            agreements = agreements.filter(round__year=int(round_year))
        except (TypeError, ValueError):
            raise Http404("No such round") from None
    agreement = agreements.order_by("-round__year").first()
    if agreement is None:
        raise Http404("No agreement for this area that you may read")
    return agreement


def _context(request, agreement: Agreement, context: dict | None = None) -> dict:
    """The document page's context (`context`: the document's values, if read already)."""
    if context is None:
        context = document_context(agreement, targets=Target.objects.visible_to(request.user))
    query = f"?round={agreement.round.year}" if request.GET.get("round") else ""
    context.update(
        base_template=PAGE_BASE,
        for_print=False,
        pdf_url=reverse("agreements:document_pdf", args=[agreement.area.code]) + query,
        breadcrumbs=[{"text": "Home", "href": reverse("home")},
                     {"text": agreement.area.name, "href": reverse("agreements:detail", args=[agreement.area.code])}],
    )
    return context


def _readable(request, area_code: str) -> Agreement | None:
    try:
        return visible_agreement(request.user, area_code, request.GET.get("round"))
    except Http404:
        if request.user.is_authenticated:
            raise
        return None


@require_GET
def document(request, area_code: str):
    agreement = _readable(request, area_code)
    if agreement is None:
        return redirect_to_login(request.get_full_path())
    return render(request, "agreements/document.html", _context(request, agreement))


def _enqueue_once(agreement: Agreement, printed: PrintHtml, reader_id: int | None) -> None:
    """Ask the worker for the PDF, once a minute at most per HTML (each refresh of the
    "being prepared" page does not queue another printing)."""
    if cache.add(f"laa:printing:{agreement.pk}:{printed.fingerprint}", True, PRINTING_ASKED_SECONDS):
        print_document.enqueue(agreement.pk, reader_id)


@require_GET
def document_pdf(request, area_code: str):
    """The PDF when it is made for the agreement as it stands (and the reader's scope of
    its targets); until then a page saying it is being prepared (202), the printing asked
    of the background worker. A PDF of changed content is never served."""
    agreement = _readable(request, area_code)
    if agreement is None:
        return redirect_to_login(request.get_full_path())
    printed = print_html(agreement, Target.objects.visible_to(request.user))
    kept = kept_pdf(agreement, printed.fingerprint)
    if kept is None:
        _enqueue_once(agreement, printed, request.user.pk if printed.partial else None)
        kept = kept_pdf(agreement, printed.fingerprint)  # made already by an immediate backend
    if kept is None:
        context = _context(request, agreement, dict(printed.context))
        context.update(refresh_url=request.get_full_path(),
                       document_url=context["pdf_url"].replace("/document.pdf", "/document", 1))
        response = render(request, "agreements/document_pdf_preparing.html", context, status=202)
        response["Retry-After"] = "10"
        return response
    filename = f"laa-{agreement.area.code}-{agreement.round.year}-v{agreement.version}.pdf"
    response = HttpResponse(bytes(kept.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
