"""Request bodies of the API read within bounds: one parser for every JSON body.

A body larger than Django's `DATA_UPLOAD_MAX_MEMORY_SIZE` gets 413 with a JSON message
(not a 500); a body nested deeper than `input_limits.MAX_DEPTH` or holding a number of
more than `MAX_NUMBER_CHARS` characters gets 400 naming its line, before any handler
runs (`laa.domain.bounded_json`).
"""

from __future__ import annotations

import json
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.parser import Parser

from laa.domain import bounded_json
from laa.domain.input_limits import LimitExceeded, _bytes


class BodyRefused(ValueError):
    """A body the API will not read: `status` 400 or 413, and why."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


def read_body(request, *, decimals: bool = False) -> Any:
    """The request's JSON body, bounded (BodyRefused if it cannot be read)."""
    try:
        body = request.body
    except RequestDataTooBig:
        raise BodyRefused(413, too_big()) from None
    try:
        return bounded_json.loads(body, decimals=decimals)
    except LimitExceeded as exc:
        raise BodyRefused(400, f"The request body cannot be read: {exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BodyRefused(400, f"The request body is not JSON: {exc}") from None


def too_big() -> str:
    most = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return f"The request body is larger than {_bytes(most)}: nothing was read or saved"


class BoundedParser(Parser):
    def parse_body(self, request) -> dict[str, Any]:
        return cast(dict[str, Any], read_body(request))


def declare_too_large(schema: dict[str, Any]) -> dict[str, Any]:
    """Every operation that takes a body documents the 413 it may answer."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.get("responses", {})
            if "requestBody" in operation and 413 not in responses and "413" not in responses:
                responses[413] = {
                    "description": too_big().replace(": nothing was read or saved", ""),
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
    return schema


def install(api: NinjaAPI) -> None:
    """Make `api` read bodies with `BoundedParser` and answer its refusals as JSON."""
    api.parser = BoundedParser()

    def refused(request, exc: BodyRefused):
        return api.create_response(request, {"detail": exc.detail}, status=exc.status)

    def too_large(request, exc: RequestDataTooBig):
        return api.create_response(request, {"detail": too_big()}, status=413)

    def http_error(request, exc: HttpError):
        cause = exc.__cause__
        if isinstance(cause, BodyRefused):  # ninja wraps a parser's error as a 400
            return refused(request, cause)
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)

    api.add_exception_handler(BodyRefused, refused)
    api.add_exception_handler(RequestDataTooBig, too_large)
    api.add_exception_handler(HttpError, http_error)
