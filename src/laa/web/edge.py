"""The edge of the web service: what every request meets before, and after, its view.

- `RefuseControlCharacters`: a NUL or other control character in the address, a query
  parameter, a form field or a JSON body is refused with a 400 naming where it is, the
  same on SQLite and PostgreSQL (PostgreSQL cannot store NUL; SQLite would store it).
  The rule is `laa.domain.text.refused_character`.
- `AnswerBusyDatabase`: when the database is busy (SQLite "database is locked", a
  PostgreSQL lock timeout, deadlock or serialization failure) the request is answered
  503 with Retry-After and a page or JSON saying nothing was saved, never a 500.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render

from laa.database import is_busy
from laa.domain.text import RefusedCharacter, refusal, refused_character

RETRY_AFTER_SECONDS = 5

BUSY_TITLE = "Sorry, the service is busy"
BUSY_BODY = (
    "Nothing you entered has been saved. Another change was being saved at the same time: "
    "wait a few seconds and try again."
)


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def problem_response(
    request: HttpRequest, status: int, title: str, body: str, field: str | None = None
) -> HttpResponse:
    """An error answered as the API's JSON or as a GOV.UK page."""
    if wants_json(request):
        data: dict[str, Any] = {"detail": body}
        if field is not None:
            data["errors"] = [{"field": field, "message": body}]
        return JsonResponse(data, status=status)
    return render(request, "web/error.html", {"title": title, "body": body}, status=status)


# --- Control characters -------------------------------------------------------------


def _json_strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string (and key) of a decoded JSON body with its dotted path, depth first,
    without recursion (a body nested thousands deep is the API's to refuse)."""
    stack: list[tuple[str, Any]] = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            yield where, item
        elif isinstance(item, dict):
            for key, child in item.items():
                child_path = f"{where}.{key}" if where else str(key)
                yield child_path, str(key)
                stack.append((child_path, child))
        elif isinstance(item, list):
            stack.extend((f"{where}.{i}" if where else str(i), child) for i, child in enumerate(item))


def first_refused(request: HttpRequest) -> tuple[str, str, RefusedCharacter] | None:
    """(field for the API, words for a person, the character) of the first refused
    character in the request, or None."""
    found = refused_character(request.path)
    if found:
        return "path", "The web address", found
    for key, values in request.GET.lists():
        for text in (key, *values):
            found = refused_character(text)
            if found:
                return key, f"The query parameter {_quoted(key)}", found
    if request.method in {"POST", "PUT", "PATCH", "DELETE"}:
        content_type = request.content_type or ""
        if content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
            try:
                form = request.POST
            except (RequestDataTooBig, MultiPartParserError, SuspiciousOperation, OSError):
                return None  # refused by Django itself, as it would be without us
            for key, values in form.lists():
                found = refused_character(key)
                for value in values:
                    found = found or refused_character(value, multiline=True)
                if found:
                    return key, f"The form field {_quoted(key)}", found
        elif content_type == "application/json":
            try:
                data = json.loads(request.body)
            except (RequestDataTooBig, ValueError, RecursionError, OSError):
                return None  # the API answers for a body it cannot read
            for where, text in _json_strings(data):
                found = refused_character(text, multiline=True)
                if found:
                    return where, f"The field {_quoted(where)}", found
    return None


def _quoted(name: str) -> str:
    safe = "".join(ch if refused_character(ch) is None else "?" for ch in name[:40])
    return f"“{safe}”"


class RefuseControlCharacters:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = first_refused(request)
        if problem is not None:
            field, words, found = problem
            return problem_response(
                request, 400, "There is a problem with the request", refusal(words, found), field=field
            )
        return self.get_response(request)


# --- A busy database ----------------------------------------------------------------

def busy_response(request: HttpRequest) -> HttpResponse:
    response = problem_response(request, 503, BUSY_TITLE, BUSY_BODY)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class AnswerBusyDatabase:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_busy(exception):
            return busy_response(request)
        return None
