"""What the delivery half says of an agreement not yet approved: no annual review can start
on it, and its progress page says it has no version in force. (Apart from the modules that
build Kent's published agreement once for all their tests.)"""

from __future__ import annotations

import re
from html import unescape

import pytest

from laa.reviews import actions
from laa.reviews.models import Review

from .reviews_support import YEAR, go
from .signoff_support import S, advance, make_agreement

pytestmark = pytest.mark.django_db


def test_a_review_needs_an_approved_agreement(settings):
    settings.LAA_TODAY = "2008-10-15"
    draft = make_agreement()
    with pytest.raises(actions.ReviewRefused, match="not approved yet"):
        actions.start_review(actor=go(), agreement=draft, year=YEAR)
    assert not Review.objects.exists()


def test_before_approval_there_is_no_version_in_force(settings, client_for):
    settings.LAA_TODAY = "2008-06-01"
    advance(make_agreement(), S.RECOMMENDED)
    page = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", client_for("officer").get("/progress/E2221")
                                                .content.decode())))
    assert "has no version in force on 1 June 2008" in page
