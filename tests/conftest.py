"""Shared fixtures. The test database gets the reference data (places, catalogue)
and the demonstration partnership and accounts once per session; each test runs in
a transaction that is rolled back."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

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


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (`--dist loadgroup`), the browser tests stay together on one
    worker: they share one server and one signed-in browser context per user."""
    browser = pytest.mark.xdist_group("browser")
    for item in items:
        if item.get_closest_marker("browser") or "browser" in item.path.parts:
            item.add_marker(browser)


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
def reference_data(transactional_db):
    """For transactional tests, which run after the others and empty the database
    when they end: load what they need themselves."""
    from laa.places.models import Area

    if not Area.objects.exists():
        load_reference_and_demo()


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
