"""Shared fixtures. The test database gets the reference data (places, catalogue)
and the demonstration partnership and accounts once per session; each test runs in
a transaction that is rolled back."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("LAA_TESTING", "true")


def load_reference_and_demo() -> None:
    from laa.catalogue.reference import load_catalogue
    from laa.places.reference import load_places
    from laa.web.demo import load_demo

    load_places()
    load_catalogue()
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
