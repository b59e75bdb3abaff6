"""D7 shown, not only warned about: a Place Survey baseline given with its sample size but
no limits shows its Wilson interval on the target page and in the agreement document."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest

from laa.agreements.models import Target
from laa.domain.composition import Baseline

from .test_agreement_document import import_draft, page, small_draft

pytestmark = pytest.mark.django_db

WILSON = "45.49% to 48.51% (Wilson, sample 4,200)"  # 47.0% of 4,200 respondents


@pytest.fixture
def kent_sampled():
    draft = small_draft()
    targets = tuple(
        replace(t, baseline=Baseline(D("47.0"), "autumn 2008", "Place Survey", sample_size=4200))
        if t.key == "NI 1" else t
        for t in draft.targets
    )
    return import_draft(replace(draft, targets=targets))


def test_the_target_page_shows_the_computed_interval(client_for, kent_sampled):
    target = Target.objects.get(agreement=kent_sampled, key="NI 1")
    html = page(client_for("officer"), f"/agreements/E2221/targets/{target.pk}/")
    assert WILSON in html


def test_the_document_shows_the_computed_interval(client_for, kent_sampled):
    html = page(client_for("officer"), "/agreements/E2221/document")
    assert f"{WILSON} (95% confidence interval)" in html


def test_given_limits_are_shown_as_given(client_for):
    agreement = import_draft(small_draft())
    target = Target.objects.get(agreement=agreement, key="NI 1")
    html = page(client_for("officer"), f"/agreements/E2221/targets/{target.pk}/")
    assert "45.2 to 48.8" in html and "Wilson" not in html
