"""The grant determination printed to PDF in the background (ADR 0024, "Later"; as the
agreement document, ADR 0013): its print HTML and that HTML's fingerprint; the PDF kept
under the fingerprint beside the agreement's own PDFs (`agreements.DocumentPdf`), printed
by the worker once CLG's determination commits (`performance.tasks.print_determination`),
and again by the worker if a reader asks for one no longer kept. No reader waits for
WeasyPrint."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.template.loader import render_to_string
from django.urls import reverse

from laa.agreements.models import Agreement
from laa.agreements.printing import PRINT_BASE, PRINTED_ON_MARK, PrintHtml
from laa.domain.reward import pounds
from laa.performance.models import ClaimStatus, RewardClaim
from laa.presentation.presenters import govuk_date

TEMPLATE = "performance/reward_determination.html"


def money(value, whole: bool = False) -> str:
    amount = Decimal(value)
    return pounds(amount.quantize(Decimal(1)) if whole else amount)


def printing_context(agreement: Agreement, claim: RewardClaim, row: ClaimStatus) -> dict:
    """What the determination shows, laid out for print (the page adds the site's layout)."""
    code = agreement.area.code
    first = claim.status_rows.order_by("id").first()
    return {
        "title": f"{agreement.area.name}: determination of the Performance Reward Grant", "agreement": agreement,
        "claim": claim, "row": row, "figures": row.figures, "money": money, "at": govuk_date(row.at),
        "claimed_on": govuk_date(claim.claimed_on), "claimed_by": first.by_name if first else "",
        "base_template": PRINT_BASE, "for_print": True,
        "area": agreement.area, "partnership_name": agreement.area.name, "is_draft": False,
        "period": f"{agreement.period_start} to {agreement.period_end}", "printed_on": PRINTED_ON_MARK,
        "csv_href": reverse("performance:reward_determination_csv", args=[code, claim.number]),
        "pdf_href": reverse("performance:reward_determination_pdf", args=[code, claim.number]),
        "breadcrumbs": []}


def determination_print(agreement: Agreement, claim: RewardClaim, row: ClaimStatus) -> PrintHtml:
    """The determination's print HTML, the day of printing left out of its fingerprint
    (`agreements.printing.print_pdf` writes the day in when it prints)."""
    context = printing_context(agreement, claim, row)
    html = render_to_string(TEMPLATE, context)
    return PrintHtml(html, hashlib.sha256(html.encode()).hexdigest(), context)
