"""An agreement's versions (issue 12, ADR 0020): approval writes version 1; the pages and
the API list them, show each (page, YAML/JSON file, document) and what changed between
two; the published agreement and its s113 memorandum read the version in force on the
day (laa.clock), not the live rows."""

from __future__ import annotations

import importlib
from datetime import date
from html import unescape

import pytest
import yaml
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from laa.agreements.models import Target
from laa.domain.agreement_file import agreement_to_data, parse_agreement
from laa.domain.content_hash import content_hash
from laa.signoff.models import AgreementVersion, SignOffStatus
from laa.signoff.versions import number_in_force, version_on

from .signoff_support import S, advance, make_agreement
from .versions_support import REFRESH_DAY, published_kent, refresh

pytestmark = pytest.mark.django_db

APPROVAL_DAY = "2008-06-30"


@pytest.fixture
def kent(settings):
    settings.LAA_TODAY = APPROVAL_DAY
    return published_kent()


@pytest.fixture
def two_versions(kent, settings):
    version, dropped = refresh(kent)
    settings.LAA_TODAY = "2009-04-01"
    return kent, version, dropped


def test_approval_writes_version_1_in_force_from_the_day_of_approval(kent):
    version = AgreementVersion.objects.get(agreement=kent)
    assert (version.number, version.in_force_from) == (1, date(2008, 6, 30))
    assert version.status == SignOffStatus.objects.get(agreement=kent, transition="approve")
    assert content_hash(agreement_to_data(parse_agreement(version.document).draft)) == version.content_hash


def test_the_version_in_force_follows_the_day(two_versions, settings):
    kent, _, _ = two_versions
    assert number_in_force(kent, date(2008, 6, 29)) is None
    assert number_in_force(kent, date(2009, 3, 30)) == 1
    assert number_in_force(kent, REFRESH_DAY) == 2
    assert version_on(kent, date(2008, 12, 1)).number == 1


def test_the_list_of_versions(two_versions, client_for):
    kent, _, _ = two_versions
    page = client_for("anonymous").get("/sign-off/E2221/versions")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Versions (2)" in html
    assert "30 June 2008" in html and "31 March 2009" in html
    assert html.count("In force today") == 1
    assert html.index("In force today") > html.index('href="/sign-off/E2221/versions/2"')
    assert 'action="/sign-off/E2221/versions/changes"' in html  # the compare form, no JavaScript


def test_a_version_page_shows_its_targets_not_the_live_ones(two_versions, client_for):
    kent, _, dropped = two_versions
    html = client_for("go-manager").get("/sign-off/E2221/versions/1").content.decode()
    assert "version 1" in html and "Replaced by a later version" in html
    assert dropped in html  # still in version 1, though dropped from the live agreement
    assert "2009/10: 67.6" in html  # NI 152 as approved
    html2 = client_for("go-manager").get("/sign-off/E2221/versions/2").content.decode()
    assert dropped not in html2 and "2009/10: 66.0" in html2
    assert "In force today (1 April 2009)" in html2
    assert 'href="/sign-off/E2221/versions/changes?older=1&amp;newer=2"' in html2


def test_a_version_as_its_files_reads_back_to_its_hash(two_versions, client_for):
    kent, version, _ = two_versions
    client = client_for("anonymous")
    as_json = client.get("/sign-off/E2221/versions/2.json")
    assert as_json["Content-Disposition"] == 'attachment; filename="laa-E2221-2008-version-2.json"'
    assert as_json.content.decode() == version.document
    as_yaml = client.get("/sign-off/E2221/versions/1.yaml")
    assert as_yaml["Content-Type"] == "application/yaml"
    draft = parse_agreement(as_yaml.content).draft
    assert content_hash(agreement_to_data(draft)) == AgreementVersion.objects.get(agreement=kent, number=1).content_hash
    assert yaml.safe_load(as_yaml.content)["format"] == "laa-agreement/1"
    assert client.get("/sign-off/E2221/versions/1.xlsx").status_code == 404


def test_a_version_as_the_document(two_versions, client_for):
    kent, _, _ = two_versions
    html = client_for("anonymous").get("/sign-off/E2221/versions/1/document").content.decode()
    assert "Kent Local Area Agreement 2008/09 to 2010/11" in html
    assert "The story of place" in html and "Priority outcomes" in html
    assert "version 1, in force from 30 June 2008" in html


def test_what_changed_between_two_versions(two_versions, client_for):
    kent, _, dropped = two_versions
    page = client_for("anonymous").get("/sign-off/E2221/versions/changes", {"older": 1, "newer": 2})
    html = page.content.decode()
    assert page.status_code == 200
    assert "What changed from version 1 to version 2" in html
    assert 'Comparing <a class="govuk-link" href="/sign-off/E2221/versions/1">version 1</a>' in html
    assert '<th scope="col" class="govuk-table__header">Version 2</th>' in html
    assert "{{" not in html
    section = html[html.index('id="target-ni-152"'):]
    assert "Target 2009/10" in section[:1500] and "67.6" in section[:1500] and "66.0" in section[:1500]
    assert "Placeholder" in html[html.index('id="target-ni-32"'):]
    assert "Removed" in html[html.index(dropped):]
    same = client_for("anonymous").get("/sign-off/E2221/versions/changes", {"older": 2, "newer": 2})
    assert "nothing changed" in same.content.decode()


@pytest.mark.parametrize(("path", "status", "says"), [
    ("/sign-off/E2221/versions/3", 404, "Kent's agreement has no version 3: it has versions 1 to 2"),
    ("/sign-off/E2221/versions/3/document", 404, "no version 3"),
    ("/sign-off/E2221/versions/99999999999999999999.json", 404, "no version 99999999999999999999"),
    ("/sign-off/E2221/versions/changes?older=1&newer=7", 404, "no version 7"),
    ("/sign-off/E2221/versions/changes?older=one&newer=2", 400,
     "The older version must be a version number, like 1 or 2: not 'one'"),
    ("/sign-off/E2221/versions/changes?newer=2", 400, "Choose the older version"),
    ("/sign-off/E9999/versions", 404, "There is no agreement for E9999 that you can see"),
])
def test_a_bad_request_gets_a_page_that_says_what_is_wrong(two_versions, client_for, path, status, says):
    page = client_for("officer").get(path)
    assert page.status_code == status
    assert says in unescape(page.content.decode())


def test_before_publication_a_department_may_not_read_the_whole_versions(settings, client_for):
    settings.LAA_TODAY = APPROVAL_DAY
    advance(make_agreement(), S.APPROVED)
    assert client_for("go-manager").get("/sign-off/E2221/versions/1").status_code == 200
    refused = client_for("department").get("/sign-off/E2221/versions/1")
    assert refused.status_code == 403
    assert "hold the whole agreement" in unescape(refused.content.decode())
    assert client_for("anonymous").get("/sign-off/E2221/versions").status_code == 404
    api = client_for("department").get("/api/v1/sign-off/agreements/E2221/versions")
    assert api.status_code == 403 and "hold the whole agreement" in api.json()["detail"]


def test_the_published_agreement_and_its_memorandum_read_the_version_in_force(two_versions, client_for, settings):
    kent, _, dropped = two_versions
    # the live rows change again after version 2 (the draft of a next change): not shown
    Target.objects.filter(agreement=kent, key="NI 152").update(yearly={"2008/09": "1", "2009/10": "2", "2010/11": "3"})
    client = client_for("anonymous")
    settings.LAA_TODAY = "2009-03-30"
    before = client.get("/sign-off/published/E2221").content.decode()
    memo_before = client.get("/api/v1/sign-off/published/E2221").json()
    settings.LAA_TODAY = "2009-03-31"
    after = client.get("/sign-off/published/E2221").content.decode()
    memo_after = client.get("/api/v1/sign-off/published/E2221").json()
    assert "Version 1</a>, in force from 30 June 2008" in before and dropped in before
    assert "Version 2</a>, in force from 31 March 2009" in after and dropped not in after
    ni152 = {t["key"]: t for t in memo_before["targets"]}["NI 152"]["targets"]
    assert ni152["2009/10"] == "67.6"
    assert {t["key"]: t for t in memo_after["targets"]}["NI 152"]["targets"]["2009/10"] == "66.0"
    assert (memo_before["version"], memo_after["version"]) == (1, 2)
    assert memo_after["in_force_from"] == "2009-03-31"
    assert 'href="/sign-off/E2221/versions/2/document"' in after


def test_the_published_agreement_is_read_as_in_force_on_a_day_asked(two_versions, client_for):
    """Today is 1 April 2009 (version 2 in force from 31 March); a resident asks for a day of
    version 1 and of version 2, on the page and the API; a day that is not one is named."""
    kent, _, dropped = two_versions
    client = client_for("anonymous")
    fresh = client.get("/sign-off/published/E2221")
    shown = unescape(fresh.content.decode())
    assert "See the agreement as it was in force on a day" in shown and "There is a problem" not in shown
    assert 'id="in-force-day"' not in shown
    before = unescape(client.get("/sign-off/published/E2221?on-day=1&on-month=12&on-year=2008").content.decode())
    assert "The agreement as it was in force on 1 December 2008: version 1" in before and dropped in before
    assert "Version 1</a>, in force from 30 June 2008" in before
    after = unescape(client.get("/sign-off/published/E2221?on-day=31&on-month=3&on-year=2009").content.decode())
    assert "The agreement as it was in force on 31 March 2009: version 2" in after and dropped not in after
    bad = client.get("/sign-off/published/E2221?on-day=30&on-month=2&on-year=2009")
    assert bad.status_code == 400
    assert "There is a problem" in bad.content.decode() and 'id="on-error"' in bad.content.decode()
    assert "Give a real day, like 16 3 2009" in bad.content.decode()
    assert client.get("/api/v1/sign-off/published/E2221?on=2008-12-01").json()["version"] == 1
    assert client.get("/api/v1/sign-off/published/E2221?on=2009-03-31").json()["version"] == 2
    assert client.get("/api/v1/sign-off/published/E2221?on=2009-02-30").status_code in (400, 422)


def test_the_api_lists_reads_and_compares_versions(two_versions, client_for):
    kent, version, dropped = two_versions
    client = client_for("anonymous")
    listed = client.get("/api/v1/sign-off/agreements/E2221/versions").json()
    assert [(v["number"], v["in_force_from"], v["in_force"]) for v in listed] == [
        (1, "2008-06-30", False), (2, "2009-03-31", True)]
    one = client.get("/api/v1/sign-off/agreements/E2221/versions/2").json()
    assert one["content_hash"] == version.content_hash
    assert one["agreement"]["format"] == "laa-agreement/1"
    assert dropped not in {t["key"] for t in one["agreement"]["targets"]}
    diff = client.get("/api/v1/sign-off/agreements/E2221/versions/changes", {"older": 1, "newer": 2}).json()
    kinds = {t["key"]: t["kind"] for t in diff["targets"]}
    assert kinds == {"NI 152": "changed", "NI 32": "changed", dropped: "removed"}
    ni152 = next(t for t in diff["targets"] if t["key"] == "NI 152")
    assert ni152["changes"] == [{"what": "Target 2009/10", "before": "67.6", "after": "66.0"}]
    missing = client.get("/api/v1/sign-off/agreements/E2221/versions/5")
    assert missing.status_code == 404 and "no version 5" in missing.json()["detail"]
    bad = client.get("/api/v1/sign-off/agreements/E2221/versions/changes", {"older": 0, "newer": 2})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "older"


def test_the_migration_gives_an_earlier_approval_its_version_1(settings):
    """Agreements approved before versions were kept get version 1 from their live rows,
    through the approve step's writer, in force from the day of their approval."""
    settings.LAA_TODAY = APPROVAL_DAY
    kent = advance(make_agreement(), S.DESIGNATED)
    kept = AgreementVersion.objects.get(agreement=kent)
    with connection.cursor() as cursor:  # as before migration 0004: no version kept
        cursor.execute("DELETE FROM signoff_agreementversion")
    migration = importlib.import_module("laa.signoff.migrations.0004_agreement_versions")
    state = MigrationLoader(connection).project_state(("signoff", "0004_agreement_versions"))
    migration.number_the_versions(state.apps, None)
    made = AgreementVersion.objects.get(agreement=kent)
    assert (made.number, made.in_force_from, made.status_id) == (1, date(2008, 6, 30), kept.status_id)
    assert (made.document, made.content_hash) == (kept.document, kept.content_hash)
