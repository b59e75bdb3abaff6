"""Rendered pages and page parts kept per process until the data under them changes.

A page's content is keyed by a *stamp*: one plain SQL query that changes whenever anything
the content shows changes (the catalogue's `catalogue_stamp`, the places' `places_stamp`,
the negotiation's `laa.negotiation.stamps`), plus whatever depends on the reader (their
side, what they may see).

- `fragment`: the main content of a page, shared by every reader with the same key; the
  layout around it is rendered on each request.
- `kept_page`: the whole page, for one reader (or every reader not signed in), when they
  ask for it again and nothing under it changed; never a page carrying a message (a
  notice shown once), never a form sent back with errors (only a 200 answer to a GET).
- `first_row`: a scoped query's first row, its SQL built by the ORM once per process for
  the same reader and arguments and run as it is after that: the scope is asked of the
  database on every request, without paying the ORM's compiling for it each time.

No token is ever shared: a kept page or part holds a marker where each CSRF field was,
replaced by the reader's own token on the way out, and a kept page's Content-Security-
Policy nonce is replaced by this request's.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.template.backends.utils import csrf_input
from django.template.loader import render_to_string
from markupsafe import Markup

CSRF_MARK = "<!--laa:csrf-->"
SECONDS = 600
T = TypeVar("T")
_CSRF_FIELD = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[A-Za-z0-9]+">')


def as_text(column: str) -> str:
    """A column as text in a stamp's query, the same on SQLite and PostgreSQL."""
    return f"COALESCE(CAST({column} AS TEXT), '')"


def rows_stamp(sql: str) -> str:
    """The stamp of data edited in place (reference data, the admin's corrections): the
    hash of the rows of one plain query that reads what a page shows."""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:32]


def cached(parts: tuple[object, ...], build: Callable[[], T]) -> T:
    """`build()`'s text (or any value that pickles: what is computed per import, keyed by
    its stamps) from the process's cache under `parts`, or built and kept."""
    digest = "fragment:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    text = cache.get(digest)
    if text is None:
        text = build()
        cache.set(digest, text, SECONDS)
    return text


def fragment(request, template: str, key: tuple[object, ...] | None,
             context: Callable[[], dict]) -> Markup:
    """`template` rendered with `context()`; from the cache when `key` is given and known."""
    if key is None:
        return Markup(render_to_string(template, context(), request=request))
    html = cached((template, *key), lambda: render_to_string(
        template, {**context(), "csrf_input": Markup(CSRF_MARK)}))
    return Markup(html.replace(CSRF_MARK, str(csrf_input(request))))


_COMPILED: OrderedDict[tuple[object, ...], tuple[str, tuple[object, ...]]] = OrderedDict()
_COMPILED_KEPT = 20_000


def first_row(parts: tuple[object, ...], query: Callable[[], QuerySet]) -> tuple | None:
    """The first row of `query()` (a `values_list` query), or None when it finds nothing.
    `parts` must name everything the query's SQL is built from (the reader, as `reader`
    gives them, and the arguments): the SQL built for them is kept and run again as it is.
    The values come as the database driver gives them, without the ORM's conversions, so
    the row is for comparing (a page's key), not for showing."""
    compiled = _COMPILED.get(parts)
    if compiled is None:
        queryset = query()[:1]
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
        compiled = _COMPILED[parts] = (sql, tuple(params))
        if len(_COMPILED) > _COMPILED_KEPT:
            _COMPILED.popitem(last=False)
    with connection.cursor() as cursor:
        cursor.execute(*compiled)
        row = cursor.fetchone()
    return None if row is None else tuple(row)


def reader(request) -> tuple[object, ...]:
    """Who the page is for, as far as the layout and the content can tell readers apart:
    everyone not signed in alike; a signed-in person by account, role, place and name."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ("public",)
    return (user.pk, getattr(user, "role", ""), getattr(user, "region_id", None),
            getattr(user, "area_id", None), getattr(user, "department_id", None),
            user.get_full_name(), user.get_username())


def kept_page(request, template: str, key: tuple[object, ...] | None,
              context: Callable[[], dict]) -> HttpResponse:
    """`render(request, template, context())`, or the same page kept from the reader's last
    request for it when `key` (what the page shows) has not changed since. `key` None:
    rendered every time. A context with an `http_status` (a form sent back with errors,
    400) is answered with it, and not kept."""
    if key is None or request.method not in {"GET", "HEAD"} or len(get_messages(request)):
        return _render(request, template, context)
    digest = "page:" + hashlib.sha256(
        repr((template, request.get_full_path(), reader(request), *key)).encode()
    ).hexdigest()
    kept = cache.get(digest)
    if kept is not None:
        html, nonce = kept
        if nonce:
            html = html.replace(nonce, str(request.csp_nonce))
        if CSRF_MARK in html:  # a page without a form needs no token (nor its cookie)
            html = html.replace(CSRF_MARK, str(csrf_input(request)))
        return HttpResponse(html)
    response = _render(request, template, context)
    if response.status_code == 200 and not len(get_messages(request)):  # no message shown on it
        nonce = getattr(request, "_csp_nonce", None)  # set only if the page used it
        cache.set(digest, (_CSRF_FIELD.sub(CSRF_MARK, response.content.decode()), nonce), SECONDS)
    return response


def _render(request, template: str, context: Callable[[], dict]) -> HttpResponse:
    values = context()
    return render(request, template, values, status=values.pop("http_status", 200))
