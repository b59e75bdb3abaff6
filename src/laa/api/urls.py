"""The `/api/v1/` API, assembled from each app's router. OpenAPI at
/api/v1/openapi.json and its docs at /api/v1/docs."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import Http404, HttpResponseNotAllowed, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, URLPattern, path, re_path, resolve
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from laa.accounts.api import router as accounts_router
from laa.agreements.api import router as agreements_router
from laa.agreements.api_partners import router as partners_router
from laa.catalogue.api import router as catalogue_router
from laa.hub.api import router as hub_router
from laa.maa.api import router as maa_router
from laa.negotiation.api import router as negotiation_router
from laa.performance.api import router as performance_router
from laa.places.api import router as places_router
from laa.presentation import api_bodies as bodies
from laa.reviews.api import router as reviews_router
from laa.revisions.api import router as revisions_router
from laa.signoff.api import router as signoff_router
from laa.signoff.api_versions import router as versions_router


class Api(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        return bodies.declare_too_large(super().get_openapi_schema(**kwargs))


api = Api(
    title="Local Area Agreements API",
    version="1",
    description=(
        "Read the National Indicator Set and places; read and write agreements, targets, "
        "negotiations and sign-off; read the annual reviews, the revisions between them and progress against trajectory; read the Data Interchange Hub's values (streamed, JSON or CSV) and "
        "import them (JSON, with a dry run). Authenticate with `Authorization: Bearer <token>` "
        "(create tokens at /account/tokens). Lists take `offset`, `limit` and "
        "`format=csv` (or `Accept: text/csv`). Any operation may answer 503 with "
        "`Retry-After` while the database is busy: nothing was saved, try again."
    ),
    urls_namespace="api",
)
bodies.install(api)  # bounded JSON bodies; 413 for one too large


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", ()) if p not in {"body", "query", "path", "payload"}),
         "message": e.get("msg", "is not valid")}
        for e in exc.errors
    ]
    return api.create_response(request, {"detail": "The request is not valid", "errors": errors}, status=422)


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    return api.create_response(request, {"detail": "Sign in, or send a valid API token"}, status=401)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Not found"}, status=404)


api.add_router("/indicators", catalogue_router)
api.add_router("/places", places_router)
api.add_router("/account", accounts_router)
api.add_router("/agreements", partners_router)  # before agreements': /agreements/our-targets is not an area
api.add_router("/agreements", agreements_router)
api.add_router("/negotiation", negotiation_router)
api.add_router("/sign-off", signoff_router)
api.add_router("/hub", hub_router)
api.add_router("/sign-off", versions_router)  # an agreement's versions (ADR 0020)
api.add_router("/reviews", reviews_router)  # annual reviews (ADR 0018)
api.add_router("/revisions", revisions_router)  # revisions between reviews (ADR 0021)
api.add_router("/maa", maa_router)  # multi-area agreements (ADR 0028)
api.add_router("/performance", performance_router)  # progress against trajectory (ADR 0022)


def _json_not_allowed(view):
    """Ninja answers a method a path does not take with an empty 405: the same, as JSON."""

    @wraps(view)
    def view_or_405(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            refusal = JsonResponse({"detail": f"{request.method} is not allowed here; this path takes {allowed}"},
                                   status=405)
            refusal["Allow"] = allowed
            return refusal
        return response

    return view_or_405


def unknown_path(request, rest: str):
    """Any other path under /api/v1/: a JSON 404, not the site's page. A path the API has
    with a trailing slash is redirected there (GET and HEAD), as Django's APPEND_SLASH would."""
    if settings.APPEND_SLASH and request.method in {"GET", "HEAD"} and not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not unknown_path:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    return JsonResponse({"detail": f"There is no {request.path} in this API: see /api/v1/docs"}, status=404)


def _api_urls():
    """The API's own paths (each answering a wrong method with a JSON 405), then the JSON 404."""
    operations, ninja_app, namespace = api.urls
    patterns = [URLPattern(p.pattern, _json_not_allowed(p.callback), p.default_args, p.name) for p in operations]
    return [*patterns, re_path(r"^(?P<rest>.*)$", unknown_path, name="unknown-path")], ninja_app, namespace


urlpatterns = [path("", _api_urls())]
