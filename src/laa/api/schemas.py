"""Schemas shared by every router: errors."""

from __future__ import annotations

from ninja import Schema


class Error(Schema):
    detail: str


class FieldError(Schema):
    field: str
    message: str


class ValidationErrors(Schema):
    detail: str
    errors: list[FieldError]


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: ValidationErrors}
