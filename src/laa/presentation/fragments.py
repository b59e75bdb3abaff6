"""Rendered page parts kept per process until the data under them changes.

A page's main content is keyed by a *stamp*: one plain SQL query that changes whenever
anything the content shows changes (the stamps of the negotiation's pages and the region
dashboard: `laa.negotiation.stamps`), plus whatever depends on the reader (their side,
what they may see). The rest of the page (layout, navigation, messages) is rendered on
every request. Forms are kept with a marker where the CSRF field goes, replaced by the
reader's own token on the way out, so no token is ever shared.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.template.backends.utils import csrf_input
from django.template.loader import render_to_string
from markupsafe import Markup

CSRF_MARK = "<!--laa:csrf-->"
SECONDS = 600


def fragment(request, template: str, key: tuple[object, ...] | None,
             context: Callable[[], dict]) -> Markup:
    """`template` rendered with `context()`; from the cache when `key` is given and known."""
    if key is None:
        return Markup(render_to_string(template, context(), request=request))
    digest = "fragment:" + hashlib.sha256(repr((template, *key)).encode()).hexdigest()
    html = cache.get(digest)
    if html is None:
        html = render_to_string(template, {**context(), "csrf_input": Markup(CSRF_MARK)})
        cache.set(digest, html, SECONDS)
    return Markup(html.replace(CSRF_MARK, str(csrf_input(request))))
