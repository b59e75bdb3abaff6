"""Schemas shared by every router: errors, and a decimal as the document states it."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import WithJsonSchema

# A decimal sent as a JSON number or as a string of digits ("12.5"): the document says
# which strings, so a request the document allows is not refused as "not a valid decimal".
DECIMAL_STRING = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$"
DecimalIn = Annotated[
    Decimal, WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "pattern": DECIMAL_STRING}]})
]


class Error(Schema):
    detail: str


class FieldError(Schema):
    field: str
    message: str


class ValidationErrors(Schema):
    detail: str
    errors: list[FieldError]


# 503: the database was busy (another change held the lock); nothing was saved, and the
# answer carries Retry-After. Any operation may meet it, so every one declares it.
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: ValidationErrors, 503: Error}
