"""`laa revision list` and `laa revision show` (ADR 0021): the revisions, read from the
command line, as the API reads them."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from laa.revisions import actions

from .revisions_support import approved_kent, consulted, person, propose

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("revision", *args, stdout=out)
    return out.getvalue()


def test_list_and_show(settings):
    revision = propose(approved_kent(settings))
    actions.record_consent(actor=person("partner"), revision=revision, consents=True)
    consulted(revision)
    listed = run("list")
    assert "E2221  Kent" in listed and "revision 1" in listed and "local" in listed and "on version 1" in listed
    assert run("list", "--kind", "designated") == "No revisions.\n"
    assert json.loads(run("list", "--json", "--area", "E2221"))[0]["kind"] == "local"
    shown = run("show", "E2221", "1")
    assert "Kent: revision 1 (local, proposed)" in shown and "Change: Add local target" in shown
    assert "Consulted 2008-08-15: Kent Voluntary Sector Forum" in shown
    data = json.loads(run("show", "E2221", "1", "--json"))
    assert any(c["answer"] == "consents" for c in data["consents"])
    assert data["steps"][0]["step"] == "propose"


def test_show_without_such_a_revision(db):
    with pytest.raises(CommandError) as missing:
        run("show", "E2221", "9")
    assert "There is no revision 9 of E2221's agreement" in str(missing.value)
