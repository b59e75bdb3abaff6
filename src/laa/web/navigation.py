"""The service navigation: what each role is offered, and the account links."""

from __future__ import annotations

from django.urls import reverse
from markupsafe import Markup, escape

from laa.accounts.scopes import role_of
from laa.domain.roles import Role

# (url name, label, roles that see it: None means everyone, including residents)
NAVIGATION: list[tuple[str, str, frozenset[Role] | None]] = [
    ("catalogue:list", "Indicators", None),
    ("places:regions", "Areas", None),
    ("signoff:published", "Published agreements", None),
    ("agreements:mine", "Agreement", frozenset({Role.PARTNERSHIP_OFFICER, Role.PARTNER_AUTHORITY})),
    ("agreements:our_targets", "Our targets", frozenset({Role.PARTNER_AUTHORITY})),
    ("negotiation:mine", "Negotiation", frozenset({Role.PARTNERSHIP_OFFICER, Role.PARTNER_AUTHORITY})),
    ("dashboards:region_dashboard", "Region", frozenset({Role.GO_OFFICER, Role.GO_DIRECTOR})),
    ("dashboards:department_view", "Department targets", frozenset({Role.DEPARTMENT_LEAD, Role.DCSF})),
    ("dashboards:national_view", "National picture", frozenset({Role.CLG, Role.INSPECTOR, Role.ADMINISTRATOR})),
    ("signoff:index", "Sign-off", frozenset({
        Role.PARTNERSHIP_OFFICER, Role.PARTNER_AUTHORITY, Role.GO_OFFICER, Role.GO_DIRECTOR, Role.CLG,
        Role.INSPECTOR, Role.ADMINISTRATOR})),
    ("hub:suppliers", "Data hub", None),
    ("hub:burdens", "Burden register", frozenset({Role.CLG, Role.INSPECTOR, Role.ADMINISTRATOR})),
    ("audit:trail", "Audit trail", frozenset({Role.ADMINISTRATOR})),
    ("places:proposed_organisations", "Proposed organisations", frozenset({Role.ADMINISTRATOR})),
]


def nav_items(request) -> list[dict[str, object]]:
    role = role_of(getattr(request, "user", None))  # no user on an error raised before authentication
    items = []
    for name, label, roles in NAVIGATION:
        if roles is not None and role not in roles:
            continue
        items.append({"href": reverse(name), "text": label, "active": False})
    # The current item is the longest link the path starts with (/agreements/our-targets is
    # "Our targets", not also "Agreement").
    matching = [i for i in items if i["href"] != "/" and request.path.startswith(i["href"])]
    if matching:
        max(matching, key=lambda i: len(i["href"]))["active"] = True
    return items


def account_links(request, csrf_input) -> Markup:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Markup(
            '<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" '
            'href="{}">Sign in</a></li>'
        ).format(reverse("accounts:sign_in"))
    return Markup(
        '<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{tokens}">'
        "{name}</a></li>"
        '<li class="govuk-service-navigation__item govuk-service-navigation__item--account">'
        '<form method="post" action="{out}">{csrf}<button class="laa-link-button govuk-service-navigation__link" '
        'type="submit">Sign out</button></form></li>'
    ).format(
        tokens=reverse("accounts:tokens"),
        name=escape(request.user.get_full_name() or request.user.get_username()),
        out=reverse("accounts:sign_out"),
        csrf=csrf_input,
    )
