"""The way from an area's page to its agreements: for each agreement of the area the
reader may see (`Agreement.objects.visible_to`), the page to read it, its document and
the PDF. A resident sees the published ones; the area's people, its Government Office
and national readers also reach a draft."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from laa.agreements.models import Agreement
from laa.domain.signoff import STATE_LABELS, SignOffState


def _state_label(state: str) -> str:
    try:
        return STATE_LABELS[SignOffState(state)]
    except ValueError:
        return state


def area_agreement_links(user, area) -> list[dict[str, Any]]:
    """One entry per agreement of `area` that `user` may read, newest round first."""
    agreements = (
        Agreement.objects.visible_to(user).filter(area=area).select_related("round").order_by("-round__year")
    )
    links = []
    for agreement in agreements:
        code = area.code
        published = agreement.published_at is not None
        query = f"?round={agreement.round.year}"
        links.append({
            "title": f"Local Area Agreement {agreement.period_start} to {agreement.period_end}",
            "published": published,
            "state": "Published" if published else _state_label(agreement.state),
            "href": reverse("signoff:public_agreement", args=[code]) if published
            else reverse("agreements:detail", args=[code]),
            "document_href": reverse("agreements:document", args=[code]) + query,
            "pdf_href": reverse("agreements:document_pdf", args=[code]) + query,
        })
    return links
