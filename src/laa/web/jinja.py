"""The Jinja2 environment: GOV.UK Frontend macros, url(), static(). Django adds csrf_input."""

from __future__ import annotations

from typing import Any

from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader
from markupsafe import Markup

from laa.agreements.area_links import area_agreement_links
from laa.presentation import presenters
from laa.web.navigation import account_links, nav_items


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def _rendered_once(env: Environment):
    """Parts of the layout that never change (GOV.UK header, phase banner, footer) are
    rendered once per process: the macros behind them cost more than the page itself."""
    done: dict[str, Markup] = {}

    def rendered_once(name: str) -> Markup:
        if name not in done:
            done[name] = Markup(env.get_template(name).render())
        return done[name]

    return rendered_once


def environment(**options: Any) -> Environment:
    """Django's loader (web/templates and each app's jinja2/ folder), then the GOV.UK
    Frontend macros under the prefix their own templates import them by."""
    django_loader = options.pop("loader")
    govuk = PrefixLoader(
        {"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}
    )
    env = Environment(loader=ChoiceLoader([django_loader, govuk]), **options)
    env.globals.update(
        {
            "url": url,
            "static": static,
            "get_messages": get_messages,
            "nav_items": nav_items,
            "account_links": account_links,
            "area_agreement_links": area_agreement_links,
        }
    )
    env.globals.update(presenters.GLOBALS)
    env.globals["rendered_once"] = _rendered_once(env)
    env.filters.update(presenters.FILTERS)
    return env
