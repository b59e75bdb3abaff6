"""`laa review list` and `laa review show` (ADR 0018): the reviews, read from the command line."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from laa.reviews import actions

from .reviews_support import go, reviewed_kent, start

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("review", *args, stdout=out)
    return out.getvalue()


def test_list_and_show(settings):
    review = start(reviewed_kent(settings))
    actions.assess_target(actor=go(), review=review, target="NI 20", rating="at_risk", commentary="Slow")
    actions.add_proposal(actor=go(), review=review, text="Fill the NI 32 placeholder")
    listed = run("list")
    assert "E2221  Kent" in listed and "2008/09  in_progress" in listed and "1/" in listed
    assert json.loads(run("list", "--json", "--year", "2008-09"))[0]["standing"] == "in_progress"
    assert run("list", "--state", "completed") == "No reviews.\n"
    shown = run("show", "E2221", "2008-09")
    assert "Kent: annual review 2008/09 (in progress, started 2008-10-15)" in shown
    assert "NI 20" in shown and "at risk: Slow" in shown and "Proposal for the agreement: Fill the NI 32" in shown
    data = json.loads(run("show", "E2221", "2008/09", "--json"))
    assert next(t for t in data["targets"] if t["target"] == "NI 20")["rating"] == "at_risk"


def test_show_without_such_a_review(db):
    with pytest.raises(CommandError, match="There is no 2009/10 review of E2221's agreement"):
        run("show", "E2221", "2009/10")
