"""The `/api/v1/` API, assembled from each app's router. OpenAPI at
/api/v1/openapi.json and its docs at /api/v1/docs."""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from laa.accounts.api import router as accounts_router
from laa.agreements.api import router as agreements_router
from laa.agreements.api_partners import router as partners_router
from laa.catalogue.api import router as catalogue_router
from laa.negotiation.api import router as negotiation_router
from laa.places.api import router as places_router
from laa.signoff.api import router as signoff_router

api = NinjaAPI(
    title="Local Area Agreements API",
    version="1",
    description=(
        "Read the National Indicator Set and places; read and write agreements, targets, "
        "negotiations and sign-off. Authenticate with `Authorization: Bearer <token>` "
        "(create tokens at /account/tokens). Lists take `offset`, `limit` and "
        "`format=csv` (or `Accept: text/csv`)."
    ),
    urls_namespace="api",
)


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



urlpatterns = [path("", api.urls)]
