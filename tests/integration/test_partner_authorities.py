"""Each area's partner authorities come from the reviewed reference file with its
provenance; an organisation the service does not know, named with the duty to have
regard, is named in a warning; the partnership officer proposes a missing organisation
and the administrator confirms it (issue 8, D6)."""

from __future__ import annotations

import csv
import io
import re
import shutil
from html import unescape

import pytest
from django.core.management import CommandError, call_command

from laa.agreements.findings import findings_for_draft
from laa.agreements.models import Agreement
from laa.audit.models import AuditEvent
from laa.catalogue.models import Round
from laa.domain.composition import PartnerSignUp, TargetDraft
from laa.places.models import Area, Organisation, OrganisationStatus
from laa.places.reference import DATA_DIR as PLACES_DATA

pytestmark = pytest.mark.django_db

KENT = "E2221"
SHARED = PLACES_DATA / "partner-authorities-2008.csv"


def text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_every_area_of_2008_has_its_partner_authorities_with_their_provenance():
    with SHARED.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    kept = [r for r in rows if "itself the fire and rescue authority" not in r["source_note"]]
    for area in Area.objects.filter(code__in={r["area_code"] for r in rows}):
        names = set(area.organisations.values_list("name", flat=True))
        assert {r["organisation"] for r in kept if r["area_code"] == area.code} <= names, area.name
    kent = {o.name: o for o in Organisation.objects.filter(area__code=KENT)}
    police = kent["Kent Police Authority"]
    assert (police.kind, police.status) == ("police_authority", OrganisationStatus.CONFIRMED)
    assert police.is_partner_authority
    row = next(r for r in rows if r["area_code"] == KENT and r["organisation"] == "Kent Police Authority")
    assert (police.provenance, police.source_note) == (row["provenance"], row["source_note"])
    # A county council that is itself the fire authority is not a separate partner.
    council_fire = [r for r in rows if "itself the fire and rescue authority" in r["source_note"]]
    assert council_fire
    for r in council_fire:
        assert not Organisation.objects.filter(area__code=r["area_code"], name=r["organisation"]).exists()


def test_the_reference_file_is_the_reviewed_shared_file_with_its_provenance():
    assert SHARED.read_bytes() == (PLACES_DATA.parents[3].parent.parent / "shared" / "data"
                                   / "partner-authorities-2008.csv").read_bytes() \
        if (PLACES_DATA.parents[3].parent.parent / "shared" / "data").exists() else True
    notes = (PLACES_DATA / "PROVENANCE.md").read_text(encoding="utf-8")
    assert "partner-authorities-2008.csv" in notes and "recalled" in notes
    assert (PLACES_DATA / "partner-authorities-2008.md").exists()


def test_loading_the_partner_authorities_twice_changes_nothing():
    call_command("load_reference", stdout=io.StringIO())
    count, events = Organisation.objects.count(), AuditEvent.objects.count()
    out = io.StringIO()
    call_command("load_reference", stdout=out)
    assert out.getvalue().strip() == "nothing changed"
    assert (Organisation.objects.count(), AuditEvent.objects.count()) == (count, events)


def test_a_bad_partner_row_is_refused_naming_file_line_and_field(tmp_path):
    places = tmp_path / "places"
    shutil.copytree(PLACES_DATA, places)
    path = places / "partner-authorities-2008.csv"
    data = path.read_bytes()
    line = data.count(b"\n") + 1
    path.write_bytes(data + b"E2221,Kent,Kent Dragon Board,dragon_board,recalled,\r\n")
    before = Organisation.objects.count()
    with pytest.raises(CommandError) as caught:
        call_command("load_reference", places_dir=places, stdout=io.StringIO())
    assert f"partner-authorities-2008.csv, line {line}, field kind: 'dragon_board'" in str(caught.value)
    assert Organisation.objects.count() == before


def _kent_draft_naming(name: str):
    from dataclasses import replace

    from laa.agreements.convert import agreement_to_draft

    agreement, _ = Agreement.objects.get_or_create(area=Area.objects.get(code=KENT), round=Round.objects.get(year=2008))
    draft = agreement_to_draft(agreement)
    target = TargetDraft(key="NI 16", indicator="NI 16", category="local", outcome="",
                         partners=(PartnerSignUp(name, "have_regard", lead=True),))
    return replace(draft, targets=(target,)), agreement


def unknown_findings(name: str) -> list[str]:
    draft, agreement = _kent_draft_naming(name)
    return [f.message for f in findings_for_draft(draft, agreement) if f.rule == "D6.unknown-organisation"]


def test_an_unknown_organisation_with_the_duty_is_named_in_a_warning():
    assert unknown_findings("Kent Police Authority") == []
    [message] = unknown_findings("Kent Dragon Board")
    assert "Kent Dragon Board is named with the duty to have regard but not known" in message


def test_the_officer_proposes_a_missing_organisation_and_the_administrator_confirms_it(client_for):
    officer = client_for("officer")
    # The area page lists Kent's partner authorities and offers the officer the proposal.
    page = text(officer.get(f"/areas/{KENT}"))
    assert "Partner authorities" in page and "Kent Police Authority" in page
    assert "Recalled, not checked" in page or "Source-checked" in page
    assert "Propose a missing organisation" in page
    # A fresh form shows no error.
    fresh = officer.get(f"/areas/{KENT}/organisations/propose")
    assert fresh.status_code == 200
    assert "There is a problem" not in text(fresh) and "govuk-error-message" not in fresh.content.decode()
    # An empty form names each field, and saves nothing.
    empty = officer.post(f"/areas/{KENT}/organisations/propose", {"name": "", "kind": "", "note": ""})
    assert empty.status_code == 400
    shown = text(empty)
    assert "Enter the organisation's name" in shown and "Select what kind of organisation it is" in shown
    assert "Say where the organisation comes from" in shown
    # A known one is refused by name.
    known = officer.post(f"/areas/{KENT}/organisations/propose",
                         {"name": "kent police authority", "kind": "police_authority", "note": "x"})
    assert known.status_code == 400 and "Kent Police Authority is already known" in text(known)
    # A proposal is recorded, audited, and still unknown to the rules.
    done = officer.post(f"/areas/{KENT}/organisations/propose", {
        "name": "Kent Dragon Board", "kind": "other_public_partner",
        "note": "Signed up to NI 16 in the March 2008 draft"}, follow=True)
    assert "You proposed Kent Dragon Board" in text(done)
    org = Organisation.objects.get(name="Kent Dragon Board", area__code=KENT)
    assert (org.status, org.provenance, org.proposed_by.username) == ("proposed", "proposed", "officer")
    assert AuditEvent.objects.filter(action="propose-organisation", record_id=str(org.pk)).exists()
    assert "Proposed, awaiting the administrator" in text(officer.get(f"/areas/{KENT}"))
    assert len(unknown_findings("Kent Dragon Board")) == 1
    # Only the administrator confirms.
    assert officer.get("/areas/organisations/proposed").status_code == 403
    admin = client_for("admin")
    listed = admin.get("/areas/")
    assert 'href="/areas/organisations/proposed"' in listed.content.decode()
    queue = text(admin.get("/areas/organisations/proposed"))
    assert "Kent Dragon Board" in queue and "Signed up to NI 16 in the March 2008 draft" in queue
    confirmed = admin.post("/areas/organisations/proposed",
                           {"organisation": org.pk, "decision": "confirm"}, follow=True)
    assert "You confirmed Kent Dragon Board for Kent" in text(confirmed)
    org.refresh_from_db()
    assert org.status == "confirmed"
    assert AuditEvent.objects.filter(action="confirm-organisation", record_id=str(org.pk)).exists()
    assert unknown_findings("Kent Dragon Board") == []


def test_a_rejection_needs_a_reason(client_for):
    from laa.accounts.models import User
    from laa.places import actions

    org = actions.propose_organisation(actor=User.objects.get(username="officer"),
                                       area=Area.objects.get(code=KENT), name="Kent Unicorn Trust",
                                       kind="other", note="from a leaflet")
    admin = client_for("admin")
    refused = admin.post("/areas/organisations/proposed", {"organisation": org.pk, "decision": "reject"})
    assert refused.status_code == 400 and "Say why the organisation is rejected" in text(refused)
    assert Organisation.objects.filter(pk=org.pk).exists()
    admin.post("/areas/organisations/proposed", {"organisation": org.pk, "decision": "reject",
                                                 "reason": "not a real body"})
    assert not Organisation.objects.filter(pk=org.pk).exists()


@pytest.mark.parametrize("username", ["partner", "go-manager", "clg", "anonymous"])
def test_only_the_areas_officer_proposes(client_for, username):
    response = client_for(username).get(f"/areas/{KENT}/organisations/propose")
    assert response.status_code in (302, 403)
