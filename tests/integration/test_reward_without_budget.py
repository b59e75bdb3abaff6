"""An agreement's document before any net budget requirement is recorded (issue 14): each
reward target's share is stated as a part of a potential grant of £0. Kept apart from
test_reward_calculation.py, whose tests share a Kent with its budgets built once."""

from __future__ import annotations

import pytest

from .page_text import text
from .versions_support import published_kent

pytestmark = pytest.mark.django_db


def test_without_a_budget_the_document_states_each_share_as_a_part(client_for, settings):
    settings.LAA_TODAY = "2008-06-30"
    published_kent()
    page = text(client_for("officer").get("/agreements/E2221/document"))
    assert "No net budget requirement has been recorded, so the potential grant is £0" in page
    assert "potential grant share 50% of the potential grant" in page
