"""The agreement document as a page and as a PDF (WeasyPrint, from the same template).

Readable by whoever may read the agreement (`Agreement.objects.visible_to`). A signed-in
person outside its scope gets 404, so a draft's existence is not revealed; an anonymous
visitor is sent to sign in (as on the other agreement pages), whether or not the
agreement exists. The targets shown are the reader's scope of them
(`Target.objects.visible_to`): a department sees its own. `?round=2008` picks a round;
without it, the area's latest agreement.
"""

from __future__ import annotations

import hashlib
from datetime import date

from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET

from laa.agreements.document import document_context
from laa.agreements.models import Agreement, Target

PAGE_BASE = "layout.html"
PRINT_BASE = "agreements/document_base.html"
# A long agreement takes WeasyPrint seconds to print: keep each printing for an hour.
PDF_CACHE_SECONDS = 3600


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


def _context(request, agreement: Agreement, *, for_print: bool) -> dict:
    context = document_context(agreement, targets=Target.objects.visible_to(request.user))
    query = f"?round={agreement.round.year}" if request.GET.get("round") else ""
    context.update(
        base_template=PRINT_BASE if for_print else PAGE_BASE,
        for_print=for_print,
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
    return render(request, "agreements/document.html", _context(request, agreement, for_print=False))


def _no_fetching(url: str, *args, **kwargs):
    """The document is self-contained (inline CSS and SVG): WeasyPrint fetches nothing."""
    raise ValueError(f"The agreement document does not load {url}")


def render_pdf(html: str) -> bytes:
    import weasyprint  # imported here: a heavy import only the PDF needs

    return weasyprint.HTML(string=html, url_fetcher=_no_fetching).write_pdf()


def _pdf_cache_key(request, agreement: Agreement) -> str:
    """A printed agreement changes with its version, state and publication, with the
    reader's scope of its targets, and with the day printed on it."""
    shown = Target.objects.visible_to(request.user).filter(agreement=agreement).order_by("pk").values_list("pk", flat=True)
    scope = hashlib.sha256(",".join(map(str, shown)).encode()).hexdigest()[:16]
    published = agreement.published_at.isoformat() if agreement.published_at else ""
    return f"laa:agreement-pdf:{agreement.pk}:{agreement.version}:{agreement.state}:{published}:{date.today()}:{scope}"


@require_GET
def document_pdf(request, area_code: str):
    agreement = _readable(request, area_code)
    if agreement is None:
        return redirect_to_login(request.get_full_path())
    key = _pdf_cache_key(request, agreement)
    pdf = cache.get(key)
    if pdf is None:
        html = render_to_string("agreements/document.html", _context(request, agreement, for_print=True),
                                request=request)
        pdf = render_pdf(html)
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    filename = f"laa-{agreement.area.code}-{agreement.round.year}-v{agreement.version}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
