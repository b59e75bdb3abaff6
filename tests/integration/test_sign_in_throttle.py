"""Repeated failed sign-ins lock out the user name, and separately the address, for a
while: a 429 page saying when to try again, and an audit event. The right password
does not get through a lockout."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.utils import timezone

from laa.accounts.throttle import client_address
from laa.audit.models import AuditEvent
from laa.web.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

LIMIT = 10


def sign_in(client: Client, username: str, password: str, address: str = "192.0.2.1"):
    return client.post("/sign-in", {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client: Client, username: str, times: int, address: str = "192.0.2.1"):
    """`times` failed sign-ins: the one that reaches the limit is answered 429."""
    for n in range(1, times + 1):
        response = sign_in(client, username, "wrong password", address)
        assert response.status_code == (429 if n >= LIMIT else 400), response.status_code


def test_the_tenth_failure_locks_the_account_and_the_right_password_is_then_refused():
    client = Client()
    fail(client, "officer", LIMIT - 1)
    assert sign_in(client, "officer", DEMO_PASSWORD).status_code == 302  # 9 failures: still open
    client = Client()
    fail(client, "officer", LIMIT - 1)  # the success reset the count
    response = sign_in(client, "officer", "wrong password")
    assert response.status_code == 429
    html = response.content.decode()
    assert "You cannot sign in at the moment" in html and "govuk-template" in html
    assert "You can try again after" in html and "(in 15 minutes)" in html
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60
    refused = sign_in(Client(), "officer", DEMO_PASSWORD, address="198.51.100.7")  # another address
    assert refused.status_code == 429 and "_auth_user_id" not in refused.wsgi_request.session


def test_the_lockout_is_on_the_audit_trail():
    fail(Client(), "officer", LIMIT)
    event = AuditEvent.objects.filter(action="sign-in-locked-out").latest("id")
    assert event.record_type == "accounts.user" and event.after == {"username": "officer", "address": "192.0.2.1"}
    assert event.actor_label == "sign-in from 192.0.2.1"
    assert "10 or more failed sign-ins" in event.reason


def test_one_address_trying_many_user_names_is_locked_out():
    client = Client()
    for n in range(LIMIT - 1):
        assert sign_in(client, f"nobody{n}", "guess").status_code == 400
    response = sign_in(client, "nobody-else", "guess")
    assert response.status_code == 429
    assert AuditEvent.objects.filter(action="sign-in-locked-out", after__address="192.0.2.1").exists()
    # Another address may still sign in as an account the first address did not try.
    assert sign_in(Client(), "officer", DEMO_PASSWORD, address="203.0.113.9").status_code == 302


def test_sign_in_opens_again_when_the_lockout_ends():
    fail(Client(), "officer", LIMIT)
    assert sign_in(Client(), "officer", DEMO_PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(Client(), "officer", DEMO_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.1", "10.0.0.1"),  # no proxy: the header is the client's own words
        (1, "203.0.113.5", "10.0.0.1", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "10.0.0.1", "203.0.113.5"),  # a forged entry on the left is ignored
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "10.0.0.1", "203.0.113.5"),
        (2, "203.0.113.5", "10.0.0.1", "10.0.0.1"),  # fewer entries than proxies
        (1, "", "10.0.0.1", "10.0.0.1"),
    ],
)
def test_the_client_address_behind_proxies(rf, proxies, forwarded, remote, expected):
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    with override_settings(LAA_PROXY_COUNT=proxies):
        assert client_address(request) == expected
