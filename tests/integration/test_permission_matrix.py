"""THE permission matrix: every URL pattern of the site, for every role and for an
anonymous resident, with the outcome each must get; and the scopes, proving that one
area's private records (its local indicators, its people) are seen only by those
whose scope covers the area.

`test_every_url_pattern_has_an_entry` walks Django's URL resolver, so a view added
later without an entry in EXPECTED fails the suite until someone decides who may use it.
Django's admin pages are left out of that walk; `test_admin_pages` covers the list and
change pages of organisations, partnerships and people. `test_write` sends the POSTs
that create or revoke a token and add a local indicator as every role, and checks
that only the allowed roles wrote anything.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from laa.accounts.models import ApiToken, User
from laa.audit.models import AuditEvent
from laa.catalogue.models import Indicator
from laa.performance.alert_models import Following
from laa.places.models import Organisation, OrganisationKind, Partnership

from . import matrix_agreements_api as agreement_api_rows
from . import matrix_agreements_pages as agreement_rows
from . import matrix_hub_api as hub_api_rows
from . import matrix_hub_pages as hub_rows
from . import matrix_maa as maa_rows
from . import matrix_negotiation as negotiation_rows
from . import matrix_partners as partner_rows
from . import matrix_performance as performance_rows
from . import matrix_reviews as review_rows
from . import matrix_revisions as revision_rows
from . import matrix_signoff as signoff_rows
from .conftest import DEMO_USERNAMES, LOCAL_FIELDS, ROLES, codes_shown

pytestmark = pytest.mark.django_db

# Outcomes
OK = "ok"                      # 200
CREATED = "created"            # 201 (API writes that create)
PREPARING = "preparing"        # 202: the agreement's PDF is being prepared (a page saying so)
REDIRECT = "redirect"          # 302 somewhere other than a sign-in page (a form that worked)
DENIED = "denied"              # signed in: 403 (a page saying so; on /api/ a JSON detail;
                               # Django's admin: a redirect to its login);
                               # anonymous: a redirect to the sign-in page with ?next=
NOT_FOUND = "not_found"        # 404, e.g. an object outside the user's scope
UNAUTHORIZED = "unauthorized"  # 401 from the API: no session and no valid token
NOT_ALLOWED = "not_allowed"    # 405
FORBIDDEN = "forbidden"        # 403 from the API with a JSON detail (as DENIED on an /api/ path)
REFUSED = "refused"            # 400 from the API: the domain's rules refuse the step (JSON detail)
REJECTED = "rejected"          # 422 from the API: an import's rows refused, each named (the hub)


def everyone(outcome: str) -> dict[str, str]:
    return dict.fromkeys(ROLES, outcome)


def only(allowed: set[str], yes: str = OK, no: str = DENIED) -> dict[str, str]:
    return {role: (yes if role in allowed else no) for role in ROLES}


def signed_in(outcome: str, anonymous: str = DENIED) -> dict[str, str]:
    return {**dict.fromkeys(DEMO_USERNAMES, outcome), "anonymous": anonymous}


NATIONAL_READERS = {"clg", "inspector", "admin"}

# ------------------------------------------------------------------------------------
# EXPECTED: url name -> {role: outcome}, for every role in ROLES (the demo usernames
# officer, partner, go-manager, go-director, department, dcsf, clg, inspector, admin,
# and "anonymous").
#
# HOW TO ADD A VIEW (agreements, negotiation, ... add theirs here):
#   1. Add `"namespace:name": {...}` below, one outcome per role (the helpers everyone(),
#      only({...}), signed_in() build the dict). A name appears in the failure message of
#      test_every_url_pattern_has_an_entry.
#   2. If the URL takes arguments, or is not a plain GET of a page, add an entry to
#      REQUESTS saying how to call it (method, path with real arguments, data, whether
#      an API POST goes with the role's bearer token). Without one, it is a session GET
#      of reverse(name).
#   3. An object outside a role's scope should be NOT_FOUND (we do not reveal that it
#      exists); add it to the scoping tests at the end of this file if it is an area's
#      private record.
#   An app whose URLs need records (an agreement, a thread...) keeps its rows in its own
#   module, matrix_<app>.py: ENTRIES, a function building that world, and how to call
#   each URL. Merge ENTRIES below (EXPECTED.update, OWN_WORLD) and add a Test<App> class
#   like TestAgreementPages: the world is built once per class, in a transaction rolled
#   back after it, each test in a savepoint (a world per test costs seconds a case).
# ------------------------------------------------------------------------------------
EXPECTED: dict[str, dict[str, str]] = {
    # Pages
    "home": everyone(OK),
    "healthz": everyone(OK),
    "accounts:sign_in": everyone(OK),
    "accounts:sign_out": everyone(REDIRECT),  # POST; a GET is 405 (test_pages)
    "accounts:tokens": signed_in(OK),
    "accounts:revoke_token": signed_in(REDIRECT),  # POST, the person's own token
    "catalogue:list": everyone(OK),
    "catalogue:add_local": only({"officer", "admin"}),  # admin: a superuser passes every has_perm
    "catalogue:detail": everyone(OK),  # a national indicator; local ones: scoping tests
    "places:regions": everyone(OK),
    "places:region": everyone(OK),
    "places:area": everyone(OK),  # public; its people: scoping tests
    "places:propose_organisation": only({"officer"}),  # Kent's officer only
    "places:proposed_organisations": only({"admin"}),
    "audit:trail": only(NATIONAL_READERS),
    "admin:index": only({"admin"}),
    # Alerts (issue 13): anyone signed in follows what they may read; their own followings
    "alerts:following": signed_in(OK),
    "alerts:follow": signed_in(REDIRECT),  # an indicator (public); areas and targets: test_alerts.py
    "alerts:unfollow": signed_in(REDIRECT),  # the person's own following
    # API: GETs with the session, POSTs with the role's bearer token
    "api:api-root": everyone(NOT_FOUND),
    "api:unknown-path": everyone(NOT_FOUND),  # a JSON 404 (test_api_contract.py)
    "api:openapi-json": everyone(OK),
    "api:openapi-view": everyone(OK),
    "api:list_indicators": everyone(OK),
    "api:get_indicator": everyone(OK),
    "api:list_regions": everyone(OK),
    "api:list_areas": everyone(OK),
    "api:get_area": everyone(OK),
    "api:list_tokens": signed_in(OK, anonymous=UNAUTHORIZED),
    "api:create_token": signed_in(CREATED, anonymous=UNAUTHORIZED),
    "api:revoke_token": signed_in(OK, anonymous=UNAUTHORIZED),
}


@dataclass
class Context:
    role: str
    user: User | None
    key: str | None = None          # a live API token of the user
    spare_token_id: int | None = None  # another token of the user's, to revoke
    others_token_id: int | None = None  # a token of someone else's (WRITES)


@dataclass
class Call:
    method: str = "get"
    path: str | None = None
    data: dict = field(default_factory=dict)
    bearer: bool = False  # send the role's API token instead of using the session
    json: bool = False


def _spare(ctx: Context) -> int:
    return ctx.spare_token_id or 999_999


REQUESTS: dict[str, Callable[[Context], Call]] = {
    "accounts:sign_out": lambda ctx: Call("post"),
    "accounts:revoke_token": lambda ctx: Call("post", reverse("accounts:revoke_token", args=[_spare(ctx)])),
    "catalogue:detail": lambda ctx: Call(path="/indicators/NI%2016"),
    "places:region": lambda ctx: Call(path=reverse("places:region", args=["SE"])),
    "places:area": lambda ctx: Call(path=reverse("places:area", args=["E2221"])),
    "places:propose_organisation": lambda ctx: Call(path=reverse("places:propose_organisation", args=["E2221"])),
    "api:get_indicator": lambda ctx: Call(path="/api/v1/indicators/NI%2016"),
    "api:unknown-path": lambda ctx: Call(path="/api/v1/no-such-list"),
    "api:get_area": lambda ctx: Call(path="/api/v1/places/areas/E2221"),
    "api:create_token": lambda ctx: Call("post", "/api/v1/account/tokens", {"name": "matrix"}, bearer=True, json=True),
    "api:revoke_token": lambda ctx: Call("post", f"/api/v1/account/tokens/{_spare(ctx)}/revoke", bearer=True),
    "alerts:follow": lambda ctx: Call("post", reverse("alerts:follow"), {"kind": "indicator", "indicator": "NI 16"}),
    "alerts:unfollow": lambda ctx: Call("post", reverse("alerts:unfollow", args=[_own_following(ctx)])),
}


def _own_following(ctx: Context) -> int:
    """A following of the person's own (anonymous: someone else's)."""
    someone = ctx.user or User.objects.get(username="officer")
    return Following.objects.create(user=someone, kind="indicator", indicator=Indicator.objects.get(code="NI 16"),
                                    subject="indicator:NI 16", followed_on=date(2008, 7, 1)).pk


# The agreements' and negotiation's rows: each app's module gives its ENTRIES and the
# small world its URLs need, built once per class below (see TestAgreementPages).
EXPECTED.update(agreement_rows.ENTRIES)
EXPECTED.update(negotiation_rows.ENTRIES)
EXPECTED.update(signoff_rows.ENTRIES)
EXPECTED.update(agreement_api_rows.ENTRIES)
EXPECTED.update(partner_rows.ENTRIES)  # tested in test_partner_permission_matrix.py
EXPECTED.update(hub_api_rows.ENTRIES)
EXPECTED.update(review_rows.ENTRIES)
EXPECTED.update(revision_rows.ENTRIES)  # tested in test_revision_permission_matrix.py
EXPECTED.update(hub_rows.ENTRIES)
EXPECTED.update(performance_rows.ENTRIES)
EXPECTED.update(maa_rows.ENTRIES)  # tested in test_maa_permission_matrix.py
OWN_WORLD = {*agreement_rows.ENTRIES, *negotiation_rows.ENTRIES, *signoff_rows.ENTRIES,
             *agreement_api_rows.ENTRIES, *partner_rows.ENTRIES, *hub_api_rows.ENTRIES, *hub_rows.ENTRIES,
             *review_rows.ENTRIES, *revision_rows.ENTRIES, *performance_rows.ENTRIES, *maa_rows.ENTRIES}


def url_names() -> dict[str, str]:
    """Every named URL pattern of the site -> its route; Django admin's own pages
    (except /admin/ itself) and static files are left out. Unnamed patterns outside
    the admin are reported as "(unnamed) route"."""
    found: dict[str, str] = {}

    def walk(resolver: URLResolver, prefix: str, namespace: str | None) -> None:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                ns = entry.namespace
                walk(entry, route, f"{namespace}:{ns}" if namespace and ns else ns or namespace)
                continue
            assert isinstance(entry, URLPattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            if route.startswith("admin/") and name != "admin:index":
                continue
            if route.startswith(("assets/", "static/")):
                continue
            found[name or f"(unnamed) {route}"] = route

    walk(get_resolver(), "", None)
    return found


def test_every_url_pattern_has_an_entry():
    missing = sorted(set(url_names()) - set(EXPECTED))
    assert not missing, (
        "These URLs have no entry in EXPECTED (tests/integration/test_permission_matrix.py); "
        f"say who may use them: {missing}"
    )


def test_every_entry_is_a_url_and_names_every_role():
    stale = sorted(set(EXPECTED) - set(url_names()))
    assert not stale, f"EXPECTED names URLs that no longer exist: {stale}"
    for name, outcomes in EXPECTED.items():
        assert set(outcomes) == set(ROLES), name


def cases(names) -> list:
    return [pytest.param(name, role, id=f"{name}-{role}") for name in names for role in ROLES]


def _context(role: str) -> Context:
    if role == "anonymous":
        someone = User.objects.get(username="officer")
        spare, _ = ApiToken.issue(user=someone, name="someone else's")
        return Context(role, None, spare_token_id=spare.id)
    user = User.objects.get(username=role)
    _, key = ApiToken.issue(user=user, name="matrix key")
    spare, _ = ApiToken.issue(user=user, name="to revoke")
    return Context(role, user, key=key, spare_token_id=spare.id)


def _request(client: Client, call: Call, headers: dict[str, str]):
    method = getattr(client, call.method)
    if call.json:
        return method(call.path, call.data, content_type="application/json", headers=headers)
    return method(call.path, call.data, headers=headers)


SIGN_IN_PAGES = ("/sign-in?next=", "/admin/login/?next=")


def assert_outcome(response, expected: str, role: str, where: str) -> None:
    status = response.status_code
    location = response.headers.get("Location", "")
    shown = f"{where} as {role}: got {status} {location}".strip()
    if expected == OK:
        assert status == 200, shown
    elif expected == CREATED:
        assert status == 201, shown
    elif expected == PREPARING:
        assert status == 202 and "being prepared" in response.content.decode(), shown
    elif expected == REDIRECT:
        assert status == 302 and not location.startswith(SIGN_IN_PAGES), shown
    elif expected == DENIED:
        path = where.split(" ", 1)[-1]
        if role == "anonymous":
            assert status == 302 and location.startswith(SIGN_IN_PAGES), shown
        elif path.startswith("/admin/"):
            assert status == 302 and location.startswith("/admin/login/?next="), shown
        elif path.startswith("/api/"):
            assert status == 403 and response.json()["detail"], shown
        else:
            assert status == 403, shown
            assert "You cannot see this page" in response.content.decode(), shown
    elif expected == FORBIDDEN:
        assert status == 403 and response.json()["detail"], shown
    elif expected == REFUSED:
        assert status == 400 and response.json()["detail"], shown
    elif expected == REJECTED:
        assert status == 422 and response.json()["rejections"], shown
    elif expected == NOT_FOUND:
        assert status == 404, shown
    elif expected == UNAUTHORIZED:
        assert status == 401, shown
        assert response.json() == {"detail": "Sign in, or send a valid API token"}, shown
    elif expected == NOT_ALLOWED:
        assert status == 405, shown
    else:  # pragma: no cover
        raise AssertionError(f"unknown outcome {expected!r}")


@pytest.mark.parametrize(("url_name", "role"), cases(n for n in EXPECTED if n not in OWN_WORLD))
def test_permission(url_name, role, client_for):
    ctx = _context(role)
    make = REQUESTS.get(url_name, lambda ctx: Call())
    call = make(ctx)
    if call.path is None:
        call.path = reverse(url_name)  # add a REQUESTS entry if the URL takes arguments
    check(url_name, role, call, ctx, client_for)


def check(url_name: str, role: str, call: Call, ctx: Context, client_for) -> None:
    if call.bearer:
        client = Client()
        headers = {"Authorization": f"Bearer {ctx.key}"} if ctx.key else {}
    else:
        client = client_for(role)
        headers = {}
    response = _request(client, call, headers)
    assert_outcome(response, EXPECTED[url_name][role], role, f"{call.method.upper()} {call.path}")


@contextmanager
def world_for_the_class(django_db_blocker, build):
    """Build a world once for a class of tests, in a transaction rolled back after the
    class; each test runs in a savepoint inside it (pytest-django's own atomic)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build()
        transaction.set_rollback(True)


class TestAgreementPages:
    """The agreement pages, against Kent's demonstration agreement."""

    @pytest.fixture(scope="class")
    @classmethod
    def world(cls, django_db_setup, django_db_blocker):
        with world_for_the_class(django_db_blocker, agreement_rows.setup) as ids:
            yield ids

    @pytest.mark.parametrize(("url_name", "role"), cases(agreement_rows.ENTRIES))
    def test_permission(self, world, url_name, role, client_for):
        method, path = agreement_rows.call(url_name, world)
        check(url_name, role, Call(method, path), _context(role), client_for)


class TestAgreementDocumentAndApi:
    """The agreement document and the agreements API, against Kent's small draft."""

    @pytest.fixture(scope="class")
    @classmethod
    def world(cls, django_db_setup, django_db_blocker):
        with world_for_the_class(django_db_blocker, agreement_api_rows.prepare):
            yield

    @pytest.mark.parametrize(("url_name", "role"), cases(agreement_api_rows.ENTRIES))
    def test_permission(self, world, url_name, role, client_for):
        call = Call(**agreement_api_rows.CALLS[url_name]())
        check(url_name, role, call, _context(role), client_for)


class TestNegotiationPages:
    """The negotiation pages, against a Kent agreement with a proposal and a meeting."""

    @pytest.fixture(scope="class")
    @classmethod
    def world(cls, django_db_setup, django_db_blocker):
        with world_for_the_class(django_db_blocker, negotiation_rows.build_world) as built:
            yield built

    @pytest.mark.parametrize(("url_name", "role"), cases(negotiation_rows.ENTRIES))
    def test_permission(self, world, url_name, role, client_for):
        api = negotiation_rows.api_calls(world)
        if url_name in api:
            call = Call(**api[url_name])
        else:
            call = Call(path=negotiation_rows.path_for(url_name, world))
        check(url_name, role, call, _context(role), client_for)


class TestSignOff:
    """Sign-off: Kent's draft with one warning, Medway (E2201) published."""

    @pytest.fixture(scope="class")
    @classmethod
    def world(cls, django_db_setup, django_db_blocker):
        with world_for_the_class(django_db_blocker, signoff_rows.prepare_signoff_matrix):
            yield

    @pytest.mark.parametrize(("url_name", "role"), cases(signoff_rows.ENTRIES))
    def test_permission(self, world, url_name, role, client_for):
        call = Call(**signoff_rows.KWARGS.get(url_name, {}))
        if call.path is None:
            call.path = reverse(url_name)
        check(url_name, role, call, _context(role), client_for)


class TestReviews:
    """Annual reviews: Kent's published agreement, its 2008/09 review with every target
    assessed, on a day of the 2009/10 review season."""

    @pytest.fixture(scope="class")
    @classmethod
    def world(cls, django_db_setup, django_db_blocker):
        with world_for_the_class(django_db_blocker, review_rows.prepare_reviews_matrix) as ids:
            yield ids

    @pytest.mark.parametrize(("url_name", "role"), cases(review_rows.ENTRIES))
    def test_permission(self, world, url_name, role, client_for, settings):
        settings.LAA_TODAY = review_rows.TODAY
        call = Call(**review_rows.kwargs(world).get(url_name, {}))
        if call.path is None:
            call.path = reverse(url_name)
        check(url_name, role, call, _context(role), client_for)


class TestPerformance:
    """Progress against trajectory: Kent's published agreement on 30 June 2009."""

    @pytest.fixture(scope="class")
    @classmethod
    def world(cls, django_db_setup, django_db_blocker):
        with world_for_the_class(django_db_blocker, performance_rows.prepare_performance_matrix) as ids:
            yield ids

    @pytest.mark.parametrize(("url_name", "role"), cases(performance_rows.ENTRIES))
    def test_permission(self, world, url_name, role, client_for, settings):
        settings.LAA_TODAY = performance_rows.TODAY
        call = Call(**performance_rows.KWARGS.get(url_name, {}))
        if call.path is None:
            call.path = reverse(url_name)
        check(url_name, role, call, _context(role), client_for)


class TestHubPages:
    """The hub's pages: an HO import of NI 16 for Kent and Medway, the burden register."""

    @pytest.fixture(scope="class")
    @classmethod
    def world(cls, django_db_setup, django_db_blocker):
        with world_for_the_class(django_db_blocker, hub_rows.build_world) as ids:
            yield ids

    @pytest.mark.parametrize(("url_name", "role"), cases(hub_rows.ENTRIES))
    def test_permission(self, world, url_name, role, client_for):
        check(url_name, role, Call(**hub_rows.call(url_name, world)), _context(role), client_for)


class TestHubApi:
    """The hub's API, against one import by the Home Office's lead."""

    @pytest.fixture(scope="class")
    @classmethod
    def world(cls, django_db_setup, django_db_blocker):
        with world_for_the_class(django_db_blocker, hub_api_rows.prepare) as entry_id:
            yield entry_id

    @pytest.mark.parametrize(("url_name", "role"), cases(hub_api_rows.ENTRIES))
    def test_permission(self, world, url_name, role, client_for):
        call = Call(**hub_api_rows.calls(world)[url_name])
        check(url_name, role, call, _context(role), client_for)


# ------------------------------------------------------------------------------------
# Django's admin: url_names() leaves out the admin's own pages (every model has five),
# but the administration of organisations, partnerships and people is the admin. Its
# list and change pages, for every role: only administrators get in; everyone else is
# sent to the admin's sign-in page (a signed-in non-staff person too) or refused.
# ------------------------------------------------------------------------------------
ADMIN_MODELS = {
    "places_organisation": lambda: Organisation.objects.get(area__code="E2221", kind=OrganisationKind.COUNTY_COUNCIL).pk,
    "places_partnership": lambda: Partnership.objects.get(area__code="E2221").pk,
    "accounts_user": lambda: User.objects.get(username="officer").pk,
}
ADMIN_PAGES = [(model, view) for model in ADMIN_MODELS for view in ("changelist", "change")]


# Not "page": that is pytest-playwright's fixture, and naming it starts a browser in this process.
@pytest.mark.parametrize(("model", "view", "role"),
                         [(m, p, r) for m, p in ADMIN_PAGES for r in ROLES],
                         ids=[f"{m}_{p}-{r}" for m, p in ADMIN_PAGES for r in ROLES])
def test_admin_pages(model, view, role, client_for):
    args = [ADMIN_MODELS[model]()] if view == "change" else []
    path = reverse(f"admin:{model}_{view}", args=args)
    response = client_for(role).get(path)
    expected = only({"admin"})[role]
    if expected == DENIED and role != "anonymous" and response.status_code == 403:
        return  # staff without the model's permission: Django's admin says 403
    assert_outcome(response, expected, role, f"GET {path}")
    if expected == OK and view == "change":
        assert b'name="_save"' in response.content, f"{path} as {role}: no form to save"


# ------------------------------------------------------------------------------------
# Writes: for every role, a POST that creates or revokes a token or adds a local
# indicator; the roles allowed get their outcome and the record is written, the others
# are refused and nothing is written.
# ------------------------------------------------------------------------------------
FORM_ERROR = "form_error"  # 400 from a page: the form shown again, saying what is wrong
WRITTEN_ON = {OK, CREATED, REDIRECT}


def _others_token(ctx: Context) -> int:
    """A live token of someone other than the caller (the caller may not revoke it)."""
    other = User.objects.get(username="inspector" if ctx.role == "clg" else "clg")
    token, _ = ApiToken.issue(user=other, name="not yours")
    ctx.others_token_id = token.id
    return token.id


def _revoked(token_id: int | None) -> bool:
    return ApiToken.objects.filter(pk=token_id, revoked_at__isnull=False).exists()


@dataclass
class Write:
    call: Callable[[Context], Call]
    outcomes: dict[str, str]
    written: Callable[[Context], bool]  # did the write happen?
    wrote: set[str] = field(default_factory=set)  # the roles whose write happens


def _write(call, outcomes, written, wrote=None) -> Write:
    return Write(call, outcomes, written,
                 {r for r, o in outcomes.items() if o in WRITTEN_ON} if wrote is None else wrote)


WRITES: dict[str, Write] = {
    "page: create a token": _write(
        lambda ctx: Call("post", reverse("accounts:tokens"), {"name": "matrix page"}),
        signed_in(OK),
        lambda ctx: ApiToken.objects.filter(name="matrix page").exists(),
    ),
    "page: revoke own token": _write(
        lambda ctx: Call("post", reverse("accounts:revoke_token", args=[_spare(ctx)])),
        signed_in(REDIRECT),  # anonymous: ctx.spare is someone else's token
        lambda ctx: _revoked(ctx.spare_token_id),
    ),
    "page: revoke someone else's token": _write(
        lambda ctx: Call("post", reverse("accounts:revoke_token", args=[_others_token(ctx)])),
        signed_in(REDIRECT),  # back to the tokens page, saying there is no such token
        lambda ctx: _revoked(ctx.others_token_id),
        wrote=set(),
    ),
    "page: add a local indicator": _write(
        lambda ctx: Call("post", reverse("catalogue:add_local"), {**LOCAL_FIELDS, "code": "L-MATRIX-01"}),
        # An administrator passes the permission but has no partnership to add it to.
        {**only({"officer"}, yes=REDIRECT), "admin": FORM_ERROR},
        lambda ctx: Indicator.objects.filter(code="L-MATRIX-01").exists(),
    ),
    "api: create a token": _write(
        lambda ctx: Call("post", "/api/v1/account/tokens", {"name": "matrix api"}, bearer=True, json=True),
        signed_in(CREATED, anonymous=UNAUTHORIZED),
        lambda ctx: ApiToken.objects.filter(name="matrix api").exists(),
    ),
    "api: revoke own token": _write(
        lambda ctx: Call("post", f"/api/v1/account/tokens/{_spare(ctx)}/revoke", bearer=True),
        signed_in(OK, anonymous=UNAUTHORIZED),
        lambda ctx: _revoked(ctx.spare_token_id),
    ),
    "api: revoke someone else's token": _write(
        lambda ctx: Call("post", f"/api/v1/account/tokens/{_others_token(ctx)}/revoke", bearer=True),
        signed_in(NOT_FOUND, anonymous=UNAUTHORIZED),
        lambda ctx: _revoked(ctx.others_token_id),
    ),
}


@pytest.mark.parametrize(("write", "role"), [(w, r) for w in WRITES for r in ROLES],
                         ids=[f"{w}-{r}" for w in WRITES for r in ROLES])
def test_write(write, role, client_for):
    row = WRITES[write]
    ctx = _context(role)
    call = row.call(ctx)
    if call.bearer:
        client = Client()
        headers = {"Authorization": f"Bearer {ctx.key}"} if ctx.key else {}
    else:
        client, headers = client_for(role), {}
    before = AuditEvent.objects.count()
    response = _request(client, call, headers)
    expected = row.outcomes[role]
    where = f"{write}: {call.method.upper()} {call.path}"
    if expected == FORM_ERROR:
        assert response.status_code == 400 and b"govuk-error-summary" in response.content, where
    else:
        assert_outcome(response, expected, role, where)
    assert row.written(ctx) == (role in row.wrote), f"{where} as {role}: written is {row.written(ctx)}"
    if role not in row.wrote:
        assert AuditEvent.objects.count() == before, f"{where} as {role}: an audit event was written"


def test_an_api_post_with_the_session_and_csrf_token_works_like_the_bearer_token(client_for):
    """The matrix sends API writes with the bearer token; a signed-in browser works too."""
    client = client_for("go-manager", enforce_csrf_checks=True)
    client.get("/account/tokens")
    response = client.post("/api/v1/account/tokens", {"name": "browser"}, content_type="application/json",
                           headers={"X-CSRFToken": client.cookies["csrftoken"].value})
    assert response.status_code == 201


# ------------------------------------------------------------------------------------
# Scopes: Kent (E2221, South East, the demo) and Stockton-on-Tees (E0704, North East)
# each have a partnership with a local indicator. Who may see which?
# ------------------------------------------------------------------------------------

SEES_LOCAL: dict[str, set[str]] = {
    "officer": {"kent"},
    "partner": {"kent"},
    "go-manager": {"kent"},        # South East
    "go-director": {"kent"},
    "department": set(),           # national indicators only
    "dcsf": set(),
    "clg": {"kent", "stockton"},
    "inspector": {"kent", "stockton"},
    "admin": {"kent", "stockton"},
    "anonymous": set(),
    "stockton-officer": {"stockton"},
    "go-north-east": {"stockton"},
}
SCOPE_CASES = [(viewer, target, channel) for viewer in SEES_LOCAL for target in ("kent", "stockton")
               for channel in ("page", "api")]


@pytest.fixture
def as_viewer(scoping, client_for):
    extra = {"stockton-officer": scoping.stockton_officer, "go-north-east": scoping.north_east_go}

    def make(viewer: str) -> Client:
        if viewer in extra:
            client = Client()
            client.force_login(extra[viewer])
            return client
        return client_for(viewer)

    return make


@pytest.mark.parametrize(("viewer", "target", "channel"), SCOPE_CASES,
                         ids=[f"{v}-{t}-{c}" for v, t, c in SCOPE_CASES])
def test_local_indicator_is_seen_only_within_scope(scoping, as_viewer, viewer, target, channel):
    code = scoping.kent_code if target == "kent" else scoping.stockton_code
    path = f"/indicators/{code}" if channel == "page" else f"/api/v1/indicators/{code}"
    response = as_viewer(viewer).get(path)
    expected = OK if target in SEES_LOCAL[viewer] else NOT_FOUND
    assert_outcome(response, expected, viewer, path)
    if expected == OK and channel == "api":
        assert response.json()["code"] == code


@pytest.mark.parametrize("viewer", list(SEES_LOCAL))
def test_catalogue_lists_only_the_local_indicators_in_scope(scoping, as_viewer, viewer):
    codes = {"kent": scoping.kent_code, "stockton": scoping.stockton_code}
    expected = {codes[t] for t in SEES_LOCAL[viewer]}
    client = as_viewer(viewer)

    page = client.get("/indicators/", {"kind": "local"}).content.decode()
    assert set(codes_shown(page)) == expected
    searched = client.get("/indicators/", {"q": "Preston Park"}).content.decode()  # Stockton's title
    assert set(codes_shown(searched)) == expected & {codes["stockton"]}

    api = client.get("/api/v1/indicators/", {"kind": "local"}).json()
    assert {i["code"] for i in api["items"]} == expected and api["count"] == len(expected)
    assert client.get("/api/v1/indicators/", {"limit": 500}).json()["count"] == 198 + len(expected)
    rows = client.get("/api/v1/indicators/", {"format": "csv"}).content.decode().splitlines()
    assert len(rows) == 1 + 198 + len(expected)


def test_the_bearer_token_carries_the_same_scope(scoping):
    _, key = ApiToken.issue(user=User.objects.get(username="officer"), name="k")
    machine = Client(headers={"Authorization": f"Bearer {key}"})
    assert machine.get(f"/api/v1/indicators/{scoping.kent_code}").status_code == 200
    assert machine.get(f"/api/v1/indicators/{scoping.stockton_code}").status_code == 404
    listed = machine.get("/api/v1/indicators/", {"kind": "local"}).json()
    assert [i["code"] for i in listed["items"]] == [scoping.kent_code]


PEOPLE_OF: dict[str, set[str]] = {
    "officer": {"E2221"},
    "partner": {"E2221"},
    "go-manager": {"E2221"},
    "go-director": {"E2221"},
    "department": set(),
    "dcsf": set(),
    "clg": {"E2221", "E0704"},
    "inspector": {"E2221", "E0704"},
    "admin": {"E2221", "E0704"},
    "anonymous": set(),
    "stockton-officer": {"E0704"},
    "go-north-east": {"E0704"},
}


@pytest.mark.parametrize("viewer", list(PEOPLE_OF))
def test_an_areas_people_are_shown_only_within_scope(scoping, as_viewer, viewer):
    client = as_viewer(viewer)
    for code, person in (("E2221", "Pat Officer (demo)"), ("E0704", "Sol Stockton Officer")):
        html = client.get(f"/areas/{code}").content.decode()
        shown = person in html
        assert shown == (code in PEOPLE_OF[viewer]), f"{viewer} on {code}"


def test_the_class_worlds_left_nothing_behind():
    """The worlds of TestAgreementPages and TestNegotiationPages were rolled back."""
    from laa.agreements.models import Agreement

    assert not Agreement.objects.exists()
