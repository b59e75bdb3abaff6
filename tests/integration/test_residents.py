"""What a resident meets (issue 8, defect 5): the area's page leads to its agreement; the
published agreement links its document and PDF, keeps each indicator's decimal places,
and explains its fingerprint (with a way to check it). And one figure formatter
(`laa.presentation.presenters.figure`) on every page that shows figures (issue 10)."""

from __future__ import annotations

import io
import re
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.test import Client

from laa.domain.signoff import SignOffState
from laa.presentation import presenters

from .signoff_support import advance, make_agreement

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    """What a person reads: the main content without tags, spaces collapsed."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


@pytest.mark.parametrize(("value", "places", "shown"), [
    (D("1111"), 0, "1,111"), (D("47.0"), 1, "47.0"), (D("47"), 1, "47.0"), ("47.0000", 1, "47.0"),
    ("51", 1, "51.0"), (D("36.0000"), 2, "36.00"), (D("39.33"), 1, "39.33"), (D("1234567.5"), 1, "1,234,567.5"),
    ("-2.5", 0, "-2.5"), (D("0"), 2, "0.00"), (4200, None, "4,200"), ("17.50000", None, "17.5"),
    (None, 1, "–"), ("", 0, "–"), (D("1E+3"), 0, "1,000"),
])
def test_one_formatter_separates_thousands_and_keeps_the_indicators_places(value, places, shown):
    assert presenters.figure(value, places) == shown


def test_the_area_page_leads_a_resident_to_the_published_agreement_its_document_and_pdf(client_for):
    agreement = make_agreement()
    resident = Client()
    before = _text(resident.get("/areas/E2221").content.decode())
    assert "Kent has no published agreement yet" in before
    assert 'href="/agreements/E2221/"' not in resident.get("/areas/E2221").content.decode()  # a draft is private
    officer = client_for("officer").get("/areas/E2221").content.decode()
    assert 'href="/agreements/E2221/"' in officer and "(draft)" in _text(officer)

    advance(agreement, SignOffState.PUBLISHED)
    html = resident.get("/areas/E2221").content.decode()
    assert 'href="/sign-off/published/E2221"' in html
    assert 'href="/agreements/E2221/document?round=2008"' in html
    assert 'href="/agreements/E2221/document.pdf?round=2008"' in html
    assert "Kent's Local Area Agreement 2008/09 to 2010/11 (published)" in _text(html)


def test_the_published_agreement_links_its_document_and_pdf_which_a_resident_can_read():
    agreement = advance(make_agreement(), SignOffState.PUBLISHED)
    resident = Client()
    html = resident.get("/sign-off/published/E2221").content.decode()
    # the document of the version in force (ADR 0020)
    assert '<a class="govuk-link" href="/sign-off/E2221/versions/1/document">Read the agreement document</a>' in html
    assert 'href="/agreements/E2221/document.pdf?round=2008">Download the agreement document as a PDF</a>' in html
    assert 'href="/areas/E2221"' in html
    document = resident.get("/sign-off/E2221/versions/1/document")
    assert document.status_code == 200 and agreement.area.name in document.content.decode()


def test_the_published_agreement_keeps_each_indicators_decimal_places():
    advance(make_agreement(), SignOffState.PUBLISHED)
    text = _text(Client().get("/sign-off/published/E2221").content.decode())
    # NI 1 (one decimal place): baseline 47.0 in autumn 2008, 51.0 by 2010/11
    assert "47.0 (autumn 2008)" in text and "2010/11: 51.0" in text
    assert re.search(r"\b47 \(autumn 2008\)", text) is None
    # NI 47 (a count): thousands separated
    assert "1,111 (2007/08)" in text and "2008/09: 1,092" in text
    # NI 16 (two decimal places)
    assert "36.00 (2007/08)" in text


def test_the_fingerprint_is_named_explained_and_can_be_checked(tmp_path):
    agreement = advance(make_agreement(), SignOffState.PUBLISHED)
    resident = Client()
    html = resident.get("/sign-off/published/E2221").content.decode()
    text = _text(html)
    assert "Content hash" not in text
    assert f"Fingerprint of the approved content {agreement.content_hash}" in text
    assert "SHA-256" in text and "Change anything in the agreement, even one figure" in text
    assert "laa agreement check laa-E2221-2008-version-1.json" in text
    assert 'href="/sign-off/E2221/versions/1.json"' in html  # the version in force (ADR 0020)
    # Follow the page's own steps: download the file, check it, compare.
    exported = resident.get("/sign-off/E2221/versions/1.json")
    assert exported.status_code == 200
    assert 'filename="laa-E2221-2008-version-1.json"' in exported["Content-Disposition"]
    file = tmp_path / "laa-E2221-2008-version-1.json"
    file.write_bytes(exported.content)
    out = io.StringIO()
    try:
        call_command("agreement", "check", str(file), stdout=out)
    except SystemExit:  # exit 1 only for rule errors; the fingerprint is printed either way
        pass
    assert f"fingerprint of the content (SHA-256): {agreement.content_hash}" in out.getvalue()


def test_every_page_formats_a_figure_the_same_way(client_for):
    """NI 47's baseline 1111 (a count) and NI 1's 47.0 (one place) read the same on every
    page that shows them: the agreement, the target, the document, the negotiation thread
    and the published memorandum."""
    agreement = make_agreement()
    roads = agreement.targets.get(indicator__code="NI 47")
    cohesion = agreement.targets.get(indicator__code="NI 1")
    officer = client_for("officer")
    pages = {
        "agreement": "/agreements/E2221/",
        "target": f"/agreements/E2221/targets/{roads.pk}/",
        "document": "/agreements/E2221/document",
        "negotiation": f"/negotiation/areas/E2221/targets/{roads.pk}",
    }
    for name, path in pages.items():
        response = officer.get(path)
        assert response.status_code == 200, name
        text = _text(response.content.decode())
        assert "1,111" in text and not re.search(r"\b1111\b", text), name
        assert "1,055" in text, name
    for path in ("/agreements/E2221/", f"/agreements/E2221/targets/{cohesion.pk}/", "/agreements/E2221/document",
                 f"/negotiation/areas/E2221/targets/{cohesion.pk}"):
        text = _text(officer.get(path).content.decode())
        assert "47.0" in text and "51.0" in text, path
    advance(agreement, SignOffState.PUBLISHED)
    text = _text(Client().get("/sign-off/published/E2221").content.decode())
    assert "1,111" in text and "47.0" in text
