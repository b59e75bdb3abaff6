"""Fixtures for the integration tests: a signed-in client per demonstration user,
and a second partnership in another region to prove the scopes."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client, override_settings

DEMO_USERNAMES = ["officer", "partner", "go-manager", "go-director", "department", "dcsf", "clg", "inspector", "admin"]
ROLES = [*DEMO_USERNAMES, "anonymous"]

LOCAL_FIELDS = {
    "title": "Households in fuel poverty helped by the partnership",
    "polarity": "higher",
    "unit": "count",
    "decimal_places": "0",
    "data_source": "administrative",
    "frequency": "annual",
}


def world_once_in_transaction(django_db_blocker, build):
    """For a module-scoped fixture (that also asks for `django_db_setup`): `build()` once,
    in a transaction held open while the module's tests run and rolled back after them.
    Each test's `db` is a savepoint inside it, rolled back after the test, so a world that
    many tests read and some write is built once and never seen by another module. Every
    test of the module sees it once built: a test that needs another world goes elsewhere
    (tests/integration/test_before_approval.py)."""
    with django_db_blocker.unblock(), transaction.atomic():
        build()
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def published_kent_once(django_db_setup, django_db_blocker):
    """Kent's published agreement (`reviews_support.reviewed_kent`'s), built once for the
    module that asks for it: its tests ask for `db` too and read it back afresh."""
    from .reviews_support import APPROVAL_DAY
    from .versions_support import published_kent

    def build() -> None:
        with override_settings(LAA_TODAY=APPROVAL_DAY):
            published_kent()
    yield from world_once_in_transaction(django_db_blocker, build)


KENT_IN_DELIVERY = (b"indicator,area,period,value,status\n"
                    b"NI 16,E2221,2008/09 Q4,38.00,final\n"      # off track
                    b"NI 20,E2221,2008/09 Q4,39.40,provisional\n")  # at risk, provisional


@pytest.fixture(scope="module")
def kent_in_delivery_once(django_db_setup, django_db_blocker):
    """Kent's published agreement with two values of 2008/09 Q4 imported on 30 June 2009
    (`KENT_IN_DELIVERY`: NI 16 off track, NI 20 at risk and provisional), built once for
    the module that asks for it."""
    from laa.hub import actions as hub
    from laa.permissions import SystemActor

    from .reviews_support import APPROVAL_DAY
    from .versions_support import published_kent

    def build() -> None:
        with override_settings(LAA_TODAY=APPROVAL_DAY):
            published_kent()
        with override_settings(LAA_TODAY="2009-06-30"):
            report = hub.import_values(actor=SystemActor("a test"), name="values.csv",
                                       stream=io.BytesIO(KENT_IN_DELIVERY), size=len(KENT_IN_DELIVERY))
        assert not report.rejected, report.rejected
    yield from world_once_in_transaction(django_db_blocker, build)


@pytest.fixture(scope="module")
def kent_with_budgets_once(django_db_setup, django_db_blocker):
    """Kent's published agreement with its authorities' net budget requirements of 2007/08
    (`reward_support.kent_with_budgets`), built once for the module that asks for it."""
    from .reward_support import kent_with_budgets

    yield from world_once_in_transaction(django_db_blocker, kent_with_budgets)


@pytest.fixture(scope="session", autouse=True)
def _no_static_file_scan():
    """WhiteNoise, with WHITENOISE_USE_FINDERS, scans every static file (~1,000 of
    GOV.UK Frontend) each time a test Client builds its middleware: 0.25 s a test.
    These tests read pages, not assets (the browser tests load those), so skip it.
    (WhiteNoise then serves STATIC_ROOT only, and warns if it does not exist.)"""
    from django.conf import settings

    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    with override_settings(WHITENOISE_USE_FINDERS=False):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rendered catalogue fragments are cached under a stamp of the catalogue's rows
    (definitions' counts and highest id; departments, rounds and the statutory set
    whole). On SQLite a rolled-back test frees its ids for the next test, so two tests
    can share a stamp with different rows: start each test empty."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def count_shown(html: str) -> int:
    """The number of indicators the catalogue page says it found."""
    found = re.search(r"<strong>(\d+)</strong> indicators?", html)
    assert found, "the catalogue page states no count"
    return int(found.group(1))


def codes_shown(html: str) -> list[str]:
    """The indicator codes linked from the catalogue table, in order."""
    return [c.replace("%20", " ") for c in re.findall(r'href="/indicators/([^"?/]+)"', html) if c != "local"]


@pytest.fixture
def client_for(db):
    """client_for("officer") -> a test client signed in as that demonstration user;
    client_for("anonymous") -> a client signed in as nobody."""
    from laa.accounts.models import User

    def make(username: str, **kwargs) -> Client:
        client = Client(**kwargs)
        if username != "anonymous":
            client.force_login(User.objects.get(username=username))
        return client

    return make


@dataclass
class Scoping:
    kent_code: str
    stockton_code: str
    stockton_officer: object
    north_east_go: object


@pytest.fixture
def scoping(db):
    """Kent's partnership (demo) with a local indicator, and Stockton-on-Tees (E0704,
    North East) with its own partnership, local indicator, officer and a GO user of
    the North East."""
    from laa.accounts.models import User
    from laa.catalogue.actions import add_local_indicator
    from laa.domain.roles import Role
    from laa.places.models import Area, Organisation, Partnership, Region

    kent_officer = User.objects.get(username="officer")
    kent = add_local_indicator(actor=kent_officer, data={**LOCAL_FIELDS, "code": "L-KENT-01"})

    stockton = Area.objects.get(code="E0704")
    council = Organisation.objects.get(area=stockton, name="Stockton-on-Tees Council")
    Partnership.objects.create(area=stockton, name="Stockton Renaissance", accountable_body=council)
    stockton_officer = User.objects.create_user(
        "stockton-officer", password="x", role=Role.PARTNERSHIP_OFFICER, area=stockton,
        first_name="Sol", last_name="Stockton Officer",
    )
    north_east_go = User.objects.create_user(
        "go-north-east", password="x", role=Role.GO_OFFICER, region=Region.objects.get(code="NE"),
    )
    stockton_def = add_local_indicator(
        actor=stockton_officer, data={**LOCAL_FIELDS, "code": "L-STK-01", "title": "Visits to Preston Park"}
    )
    return Scoping(kent.indicator.code, stockton_def.indicator.code, stockton_officer, north_east_go)


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def send(settings, django_capture_on_commit_callbacks):
    """send(client, body, name) -> the page of a file uploaded to the hub once its check
    has run: the background task runs at once (django-tasks' immediate backend) when the
    upload's transaction commits. A refused upload: the upload form's answer."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.TASKS = IMMEDIATE_TASKS

    def post(client: Client, body: str | bytes, name: str = "ho.csv"):
        data = body.encode() if isinstance(body, str) else body
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/hub/imports/new", {"values_file": SimpleUploadedFile(name, data)})
        if response.status_code != 302:
            return response
        return client.get(response["Location"])

    return post


@pytest.fixture
def confirm(settings, django_capture_on_commit_callbacks):
    """confirm(client, checked_page) -> the page after confirming the upload shown on
    `checked_page`, its import run at once (the immediate backend), redirects followed."""
    settings.TASKS = IMMEDIATE_TASKS

    def post(client: Client, checked_page):
        action = re.search(r'<form method="post" action="([^"]+/confirm)"', checked_page.content.decode()).group(1)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(action)
        return client.get(response["Location"], follow=True)

    return post
