"""While another connection holds a write lock, a write is answered 503 with Retry-After
(a page for people, JSON for the API) saying nothing was saved, and nothing is; a read
with an API token still works; `laa agreement import` exits 3 saying so. On SQLite and
PostgreSQL alike (another connection takes the lock for real)."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client

from laa.accounts.models import ApiToken, User
from laa.agreements.models import Agreement
from laa.audit.models import AuditEvent
from laa.domain.agreement_file import dump_yaml

from .test_agreement_document import small_draft

pytestmark = pytest.mark.usefixtures("committed_db")


@contextlib.contextmanager
def write_lock(*tables: str):
    """Another connection to the test database holds a write lock on `tables` until the
    block ends (then rolls back). This connection waits a short while, not 5 s."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        import psycopg

        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")
        other = psycopg.connect(dbname=settings["NAME"], host=settings["HOST"] or None,
                                port=settings["PORT"] or None, user=settings["USER"] or None,
                                password=settings["PASSWORD"] or None)
        try:
            for table in tables:
                other.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")  # reads go on, writes wait
            yield
        finally:
            other.rollback()
            other.close()
    else:
        name = settings["NAME"]  # the shared in-memory test database, or a file
        other = sqlite3.connect(name, uri=str(name).startswith("file:"), isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            for table in tables:
                other.execute(f"DELETE FROM {table} WHERE 0")
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()


@pytest.fixture
def officer(committed_db) -> User:
    return User.objects.get(username="officer")


def test_a_page_write_while_the_database_is_busy_is_a_503_page_and_nothing_is_saved(officer):
    client = Client()
    client.force_login(officer)
    before = (ApiToken.objects.count(), AuditEvent.objects.count())
    with write_lock("audit_auditevent"):
        response = client.post("/account/tokens", {"name": "laptop"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert "Sorry, the service is busy" in html and "Nothing you entered has been saved" in html
    assert "govuk-template" in html
    assert (ApiToken.objects.count(), AuditEvent.objects.count()) == before
    assert client.post("/account/tokens", {"name": "laptop"}).status_code == 200  # free again: saved


def test_an_api_write_while_the_database_is_busy_is_a_503_json(officer):
    _, key = ApiToken.issue(user=officer, name="machine")
    before = (ApiToken.objects.count(), AuditEvent.objects.count())
    with write_lock("audit_auditevent"):
        response = Client().post("/api/v1/account/tokens", json.dumps({"name": "robot"}),
                                 content_type="application/json", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json() == {"detail": (
        "Nothing you entered has been saved. Another change was being saved at the same time: "
        "wait a few seconds and try again.")}
    assert (ApiToken.objects.count(), AuditEvent.objects.count()) == before


def test_a_token_read_works_while_the_database_is_busy(officer):
    token, key = ApiToken.issue(user=officer, name="machine")
    headers = {"Authorization": f"Bearer {key}"}
    # SQLite has one writer at a time: a lock on any table stops the token's write (the
    # test database shares its cache, where a written table cannot even be read).
    with write_lock("accounts_apitoken" if connection.vendor == "postgresql" else "audit_auditevent"):
        response = Client().get("/api/v1/account/tokens", headers=headers)
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is None  # not recorded this time, and the read did not fail
    assert Client().get("/api/v1/account/tokens", headers=headers).status_code == 200
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    assert Client().get("/api/v1/account/tokens", headers=headers).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == first_use  # at most once an hour: no write on this read


def test_the_import_command_exits_3_saying_nothing_was_imported(officer, tmp_path: Path, capsys):
    file = tmp_path / "kent.yaml"
    file.write_text(dump_yaml(small_draft()))
    with write_lock("agreements_agreement"), pytest.raises(SystemExit) as exit:
        call_command("agreement", "import", str(file))
    assert exit.value.code == 3
    err = capsys.readouterr().err
    assert "nothing was imported" in err and "The database is busy" in err and "try again" in err
    assert not Agreement.objects.filter(area__code="E2221").exists()



BUSY_ON_THE_WAY_OUT = ("/account/tokens", "/api/v1/account/tokens")


class _BusyOnTheWayOut:
    """A middleware whose own write meets a locked database (as the session middleware's
    save would): the exception is raised outside any view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path in BUSY_ON_THE_WAY_OUT:
            raise OperationalError("database is locked")
        return response


def test_a_busy_database_met_by_a_middleware_is_a_503_page_or_json_not_a_500(officer, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}._BusyOnTheWayOut"]
    settings.DEBUG = False
    _, key = ApiToken.issue(user=officer, name="machine")
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    page = client.get("/account/tokens")
    assert page.status_code == 503 and page["Retry-After"] == "5"
    assert "Sorry, the service is busy" in page.content.decode()
    api = client.get("/api/v1/account/tokens", headers={"Authorization": f"Bearer {key}"})
    assert api.status_code == 503 and "Nothing you entered has been saved" in api.json()["detail"]
    assert client.get("/").status_code == 200  # only those requests met the lock

