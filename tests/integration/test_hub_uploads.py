"""A file uploaded on the web is checked and imported by background tasks (issue 11,
ADR 0017): the request only keeps the file and asks the worker; the upload's page shows
the progress (a Refresh button without JavaScript; a script updates it in place) until
the dry run's outcome is there;
a confirmation asks for the import, once; only the uploader finds an upload. The
rejected rows, downloaded and corrected, go back as they are (their `problem` column is
ignored)."""

from __future__ import annotations

import csv
import html as htmllib
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from laa.accounts.models import User
from laa.domain.roles import Role
from laa.hub.models import LedgerEntry, Observation, Upload
from laa.hub.tasks import check_upload
from laa.hub.uploads import Progress, kept_file, progress_file, progress_of

GOOD = "indicator,area,period,value\nNI 16,E2221,2008/09,35.4\nNI 16,E2201,2008/09,31.2\n"
BAD = "indicator,area,period,value\nNI 16,E2221,2008/09,35.4\nNI 16,E9999,2008/09,12\nNI 16,E2201,2008/09,abc\n"


def words(response) -> str:
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def queued() -> list[tuple[str, list]]:
    return [(r.task_path.rsplit(".", 1)[-1], r.args_kwargs["args"])
            for r in DBTaskResult.objects.filter(status=TaskResultStatus.READY).order_by("enqueued_at")]


@pytest.fixture(autouse=True)
def _var(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture
def upload_waiting(client_for, django_capture_on_commit_callbacks):
    """The Home Office lead's upload of GOOD, its check queued for the worker (the
    database backend, as in production): (their client, the upload)."""
    client = client_for("department")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/hub/imports/new", {"values_file": SimpleUploadedFile("ho.csv", GOOD.encode())})
    upload = Upload.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/hub/imports/uploads/{upload.pk}"
    return client, upload


@pytest.mark.django_db
def test_the_request_keeps_the_file_and_asks_the_worker_and_the_page_shows_the_progress(upload_waiting):
    client, upload = upload_waiting
    assert queued() == [("check_upload", [upload.pk])] and not Observation.objects.exists()
    assert kept_file(upload).read_bytes() == GOOD.encode() and upload.state == "checking"
    assert upload.task_id == str(DBTaskResult.objects.get().id)

    response = client.get(f"/hub/imports/uploads/{upload.pk}")
    html, page = response.content.decode(), words(response)
    assert response.status_code == 200 and "Checking ho.csv" in page
    assert "Waiting for the service's background worker to start the check" in page
    assert re.search(rf'href="/hub/imports/uploads/{upload.pk}"[^>]*class="govuk-button govuk-button--secondary"', html)
    assert "Refresh the page to see how far it has got" in page and "Refresh" in page
    assert "http-equiv" not in html  # no timed reload (WCAG 2.2.1, F41): the button, or the script
    assert '<script type="module" src="/assets/hub/upload-progress.js"></script>' in html
    assert 'id="upload-progress" data-refresh-seconds="3"' in html and 'aria-live="polite"' in html

    progress_file(upload).write_text('{"rows": 45000, "percent": 40}')  # what the task writes as it reads
    page = words(client.get(f"/hub/imports/uploads/{upload.pk}"))
    assert "45,000 rows checked: 40% of the file read" in page
    assert 'value="40"' in client.get(f"/hub/imports/uploads/{upload.pk}").content.decode()

    assert check_upload.call(upload.pk) == "checked"  # what the worker does
    response = client.get(f"/hub/imports/uploads/{upload.pk}")
    assert "New values 2" in words(response) and "Confirm the import" in words(response)
    assert "upload-progress.js" not in response.content.decode()
    assert progress_of(upload) == Progress(rows=2, percent=100)
    assert check_upload.call(upload.pk) == ""  # run twice: the second finds it checked and does nothing


@pytest.mark.django_db
def test_a_confirmation_is_taken_once_and_only_by_the_uploader(upload_waiting, client_for,
                                                               django_capture_on_commit_callbacks):
    client, upload = upload_waiting
    check_upload.call(upload.pk)
    DBTaskResult.objects.all().delete()
    officer = client_for("officer")  # a supplier too, but not their upload
    assert officer.get(f"/hub/imports/uploads/{upload.pk}").status_code == 404
    assert officer.post(f"/hub/imports/uploads/{upload.pk}/confirm").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"/hub/imports/uploads/{upload.pk}/confirm")
        second = client.post(f"/hub/imports/uploads/{upload.pk}/confirm", follow=True)
    assert first.status_code == 302 and queued() == [("import_upload", [upload.pk])]
    assert "ho.csv was confirmed already: nothing more was asked of the hub" in words(second)
    assert "Importing ho.csv" in words(second) and "Writing to the hub, all or nothing" in words(second)
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_the_rejected_rows_corrected_go_back_as_they_are(client_for, send, confirm):
    client = client_for("department")
    checked = send(client, BAD)
    link = re.search(r'href="(/hub/imports/uploads/\d+/rejected-rows\.csv)"', checked.content.decode()).group(1)
    response = client.get(link)
    assert response["Content-Disposition"] == 'attachment; filename="ho-rejected-rows.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["area"], r["value"]) for r in rows] == [("E9999", "12"), ("E2201", "abc")]
    assert rows[0]["problem"].startswith("row 3: area") and rows[1]["problem"].startswith("row 4: value")

    rows[0]["area"] = "E0101"  # the corrections; nothing else touched, the problem column left in
    rows[1]["value"] = "31.2"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    again = send(client, out.getvalue(), "ho-rejected-rows.csv")
    assert "New values 2" in words(again) and "Rejected rows 0" in words(again), words(again)
    done = confirm(client, again)
    assert "You imported ho-rejected-rows.csv: 2 new values" in words(done)
    assert set(Observation.objects.values_list("area__code", "value")) == {("E0101", Decimal(12)),
                                                                                     ("E2201", Decimal("31.2"))}


@pytest.mark.django_db
def test_a_check_that_fails_says_so_and_stops_asking(upload_waiting, monkeypatch):
    client, upload = upload_waiting

    def broken(**kwargs):
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr("laa.hub.uploads.import_values", broken)
    with pytest.raises(RuntimeError):
        check_upload.call(upload.pk)  # the worker records the task as failed
    response = client.get(f"/hub/imports/uploads/{upload.pk}")
    page = words(response)
    assert "The file could not be checked" in page and "Nothing was written: upload it again" in page
    assert "fire" not in page and "upload-progress.js" not in response.content.decode()


@pytest.mark.django_db
def test_an_uploader_who_may_no_longer_import_is_told_and_nothing_is_read(upload_waiting):
    client, upload = upload_waiting
    User.objects.filter(username="department").update(role=Role.INSPECTOR, department=None)
    assert check_upload.call(upload.pk) == "failed"
    assert Upload.objects.get().report == {
        "failed": "Your account may no longer import values, so the file was not read.", "dry_run": True}


def test_the_database_worker_checks_and_imports_an_upload(committed_db, settings, tmp_path):
    """The real worker command (`laa db-worker --batch`: run what is queued, then stop)
    runs the check, then the confirmed import; the page then leads to the ledger entry.
    No test transaction: the upload's request commits, as on the site."""
    settings.VAR_DIR = tmp_path
    client = Client()
    client.force_login(User.objects.get(username="department"))
    upload_page = client.post("/hub/imports/new", {"values_file": SimpleUploadedFile("ho.csv", GOOD.encode())})
    location = upload_page["Location"]
    assert "Waiting for the service's background worker" in words(client.get(location))

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--queue-name", "*", verbosity=0)
    checked = client.get(location)
    assert "New values 2" in words(checked)
    client.post(f"{location}/confirm")
    assert "Importing ho.csv" in words(client.get(location))
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--queue-name", "*", verbosity=0)

    client.get(location)  # the page's script asks once more before it loads the outcome
    done = client.get(location, follow=True)
    assert "You imported ho.csv: 2 new values, 0 corrected, 0 unchanged" in words(done)
    entry = LedgerEntry.objects.get()
    assert done.redirect_chain[-1][0] == f"/hub/imports/{entry.pk}" and entry.observations.count() == 2
    assert words(done).count("You imported ho.csv") == 1
    assert not kept_file(Upload.objects.get()).exists()  # a written import removes its file
    assert all(r.status == TaskResultStatus.SUCCESSFUL for r in DBTaskResult.objects.all())
