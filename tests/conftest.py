"""Shared fixtures. The test database gets the reference data (places, catalogue)
and the demonstration partnership and accounts once per session; each test runs in
a transaction that is rolled back."""

from __future__ import annotations

import json
import os

import pytest
from django.apps import apps
from django.db import connection
from hypothesis import HealthCheck, settings

from tests.browser.templates import remove_run_templates

# Playwright's sync API leaves an asyncio loop running in the thread of the xdist worker
# that ran the browser tests; Django then refuses that worker's later database tests
# (SynchronousOnlyOperation) although nothing of ours is async. The tests' own process
# only: the service never sets it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

os.environ.setdefault("LAA_TESTING", "true")

# Hypothesis profiles: a quick one for `make test` on a developer's machine, a thorough
# one for CI (`HYPOTHESIS_PROFILE=thorough`, set by .ci/run). No test sets its own
# example count, so the profile is the one place that decides how hard they look.
settings.register_profile(
    "quick", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


# What a browser test asks for when it uses the session's shared server (tests/browser/conftest.py).
SHARED_SERVER = frozenset({"live_server_url", "base_url", "page", "context", "signed_in_pages"})


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (`--dist loadgroup`), the browser tests on the session's shared
    server stay together on one worker (one server, one signed-in browser context per
    user); a module that serves a day of its own (`serve`) is a group of its own, free to
    run on the other worker meanwhile. Without xdist (`-p no:xdist`) nothing is grouped."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        if item.get_closest_marker("browser") or "browser" in item.path.parts:
            shared = SHARED_SERVER & set(getattr(item, "fixturenames", ()))
            item.add_marker(pytest.mark.xdist_group("browser" if shared else f"browser-{item.path.stem}"))


def pytest_sessionfinish(session):
    """The run's controller (or its only process, without xdist) removes the browser
    servers' templates, which every process of the run shares (tests/browser/templates.py)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        remove_run_templates()


def load_reference_and_demo() -> None:
    from laa.catalogue.reference import load_catalogue
    from laa.permissions import SystemActor
    from laa.places.reference import load_places
    from laa.web.demo import load_demo

    system = SystemActor("laa load-reference")
    load_places(actor=system)
    load_catalogue(actor=system)
    load_demo()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_and_demo()


@pytest.fixture
def committed_db(django_db_setup, django_db_blocker):
    """For tests whose rows other connections must see (two writers racing, a database
    busy with another connection's lock): no transaction around the test, so what it
    writes is committed. The session's reference and demonstration data stay loaded; at
    the end every row is put back as it was (rows added deleted, rows changed or deleted
    restored), which costs far less than emptying the database and loading it again."""
    with django_db_blocker.unblock():
        before = _rows()
        try:
            yield
        finally:
            _restore(before)


def _tables():
    """(table, primary key, columns) of every table of ours, names quoted."""
    q = connection.ops.quote_name
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            yield (q(model._meta.db_table), q(model._meta.pk.column),
                   [q(f.column) for f in model._meta.concrete_fields])


def _rows() -> dict[str, dict]:
    rows = {}
    with connection.cursor() as cursor:
        for table, pk, columns in _tables():
            cursor.execute(f"SELECT {', '.join(columns)} FROM {table}")  # noqa: S608 - our own names
            at = columns.index(pk)
            rows[table] = {row[at]: row for row in cursor.fetchall()}
    return rows


def _restore(before: dict[str, dict]) -> None:
    """Every table back to `before`, with the foreign keys unchecked meanwhile (no order
    of deletion to find; the end state is the consistent one we started from)."""
    now = _rows()
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica" if postgres else "PRAGMA foreign_keys = OFF")
        try:
            for table, pk, columns in _tables():
                was, rows = before[table], now[table]
                added = list(rows.keys() - was.keys())
                for start in range(0, len(added), 500):
                    keys = added[start:start + 500]
                    cursor.execute(f"DELETE FROM {table} WHERE {pk} IN ({', '.join(['%s'] * len(keys))})", keys)  # noqa: S608
                for key, row in was.items():
                    if key not in rows:
                        cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
                                       f"VALUES ({', '.join(['%s'] * len(columns))})", _adapted(row))
                    elif rows[key] != row:
                        cursor.execute(f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in columns)} "  # noqa: S608
                                       f"WHERE {pk} = %s", [*_adapted(row), key])
        finally:
            cursor.execute("SET session_replication_role = DEFAULT" if postgres else "PRAGMA foreign_keys = ON")


def _adapted(row) -> list:
    """Values as read, ready to write back (JSON columns come back as Python values)."""
    return [json.dumps(v) if isinstance(v, dict | list) else v for v in row]


@pytest.fixture
def demo_users(db):
    from laa.accounts.models import User

    return {u.role: u for u in User.objects.filter(is_demo=True)}


@pytest.fixture
def user_for(db):
    """user_for("go_officer") -> the demonstration account with that role."""
    from laa.accounts.models import User

    def get(role: str):
        return User.objects.get(is_demo=True, role=role)

    return get
