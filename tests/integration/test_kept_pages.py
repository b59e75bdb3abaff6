"""Pages kept per process until the data under them changes (`laa.presentation.fragments.
kept_page`): the same reader asking again gets the same page, with their own CSRF token and
this request's Content-Security-Policy nonce; a change of the data shows at once; a page
carrying a message, or another reader's page, is never served from the cache."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from laa.hub import actions as hub
from laa.permissions import SystemActor
from laa.places.models import Area

NONCE = re.compile(r'nonce="([^"]+)"')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def nonce_header(response) -> str:
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


def test_a_kept_page_carries_this_requests_nonce_and_the_readers_own_token(client_for):
    client = client_for("go-manager")
    first = client.get("/areas/regions/SE")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/areas/regions/SE")
    # the session, the user and the places' stamp: nothing of the page itself
    assert len(queries) <= 3, "\n".join(q["sql"][:150] for q in queries)
    one, two = first.content.decode(), second.content.decode()
    assert second.status_code == 200 and "Kent" in two
    # every nonce in the page is this response's, and differs from the first response's
    assert set(NONCE.findall(two)) == {nonce_header(second)} != set(NONCE.findall(one))
    # the sign-out form carries a valid token of this session: signing out works from it
    token = TOKEN.search(two).group(1)
    assert token and "<!--laa:csrf-->" not in two
    signed_out = client.post("/sign-out", {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302


@pytest.mark.parametrize("path", ["/indicators/", "/indicators/NI%2016", "/areas/", "/areas/regions/SE"])
def test_a_public_page_asked_again_reads_only_its_stamp(client, db, path):
    first = client.get(path)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(path)
    def without_nonce(response) -> str:
        return NONCE.sub("", response.content.decode())

    assert second.status_code == 200 and without_nonce(second) == without_nonce(first)
    assert len(queries) == 1, "\n".join(q["sql"][:150] for q in queries)


def test_a_page_not_found_is_not_kept(client, db):
    assert client.get("/indicators/NI%20999").status_code == 404
    assert client.get("/areas/regions/XX").status_code == 404


def test_a_change_of_the_data_shows_at_once(client, db):
    assert "Kent" in client.get("/areas/regions/SE").content.decode()
    Area.objects.filter(code="E2221").update(name="Kent and the Weald")
    page = client.get("/areas/regions/SE").content.decode()
    assert "Kent and the Weald" in page


def test_readers_do_not_share_a_page(client_for):
    officer = client_for("officer").get("/indicators/").content.decode()
    anonymous = client_for("anonymous").get("/indicators/").content.decode()
    assert "Sign out" in officer and "Sign out" not in anonymous and "Sign in" in anonymous
    assert "Sign out" not in client_for("anonymous").get("/indicators/").content.decode()


def test_a_page_with_a_message_is_shown_once_and_not_kept(client_for):
    client = client_for("officer")
    assert "Your change was saved" not in client.get("/indicators/").content.decode()  # kept
    # a message waiting for the next page, as an action leaves one before its redirect
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "Your change was saved")])
    assert "Your change was saved" in client.get("/indicators/").content.decode()
    assert "Your change was saved" not in client.get("/indicators/").content.decode()


@pytest.mark.parametrize(("path", "stamps"), [
    ("/hub/areas/E2221", 3),  # the hub's, the catalogue's and the places' stamps
    ("/hub/indicators/NI%2020?period=2008%2F09", 2),  # the hub's and the catalogue's
])
def test_a_hub_page_asked_again_reads_only_its_stamps_and_an_import_shows_at_once(client, db, path, stamps):
    def import_(value: str) -> None:
        values = f"indicator,area,period,value,status\nNI 20,E2221,2008/09,{value},final\n".encode()
        report = hub.import_values(actor=SystemActor("a test"), name="values.csv", stream=io.BytesIO(values),
                                   size=len(values))
        assert not report.rejected, report.rejected

    import_("12.5")
    assert "12.5" in client.get(path).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(path)
    assert again.status_code == 200 and "12.5" in again.content.decode()
    assert len(queries) == stamps, "\n".join(q["sql"][:150] for q in queries)
    import_("14.75")  # a correction: supersedes 12.5
    page = client.get(path).content.decode()
    assert "14.75" in page and "12.5" not in page


def test_a_hub_page_with_a_period_it_has_not_is_refused_and_not_kept(client, db):
    for _ in range(2):
        refused = client.get("/hub/indicators/NI%2016?period=1999%2F00")
        assert refused.status_code == 400 and "There are no values of NI 16 for the period 1999/00" in refused.content.decode()


def test_a_thread_asked_again_reads_its_scope_and_its_stamp(client_for):
    from django.urls import reverse

    from .matrix_negotiation import build_world

    world = build_world()
    url = reverse("negotiation:target", args=["E2221", world.ni16.pk])
    client = client_for("go-manager")
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    # the session, the user, the target in the reader's scope (its SQL built once), the thread's stamp
    assert len(queries) == 4, "\n".join(q["sql"][:150] for q in queries)
    assert second.status_code == first.status_code == 200
    def without_tokens(response) -> str:  # each answer carries this request's nonce and a fresh mask of the token
        return TOKEN.sub("", NONCE.sub("", response.content.decode()))

    assert without_tokens(second) == without_tokens(first)


def test_a_kept_thread_is_not_served_once_the_reader_no_longer_sees_it(client_for):
    from django.urls import reverse

    from laa.places.models import Region

    from .matrix_negotiation import build_world

    world = build_world()
    url = reverse("negotiation:target", args=["E2221", world.ni16.pk])
    client = client_for("go-manager")
    assert client.get(url).status_code == 200
    # Kent moves to another Government Office's region: the South East's GO no longer reads it
    Area.objects.filter(code="E2221").update(region=Region.objects.exclude(code="SE").first())
    assert client.get(url).status_code == 404
