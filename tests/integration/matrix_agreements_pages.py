"""The agreement pages' rows of the permission matrix, to merge into
tests/integration/test_permission_matrix.py (EXPECTED and REQUESTS).

The outcomes assume Kent's demonstration agreement exists (a draft; it holds Home
Office targets such as NI 16 and the statutory DCSF targets, so the department and
DCSF demo users see it), with one consultation: call `setup()` first (inside the test's
transaction), then `call(url_name, ids)` says how to request each URL.

Outcomes are the matrix's: "ok" 200, "redirect" 302 not to sign-in, "denied" 403 (an
anonymous visitor: a redirect to the sign-in page), "not_found" 404.
Not here: agreements:document and agreements:document_pdf (views_document, another
engineer's rows).
"""

from __future__ import annotations

from django.urls import reverse

ROLES = ["officer", "partner", "go-manager", "go-director", "department", "dcsf", "clg", "inspector", "admin",
         "anonymous"]
KENT = "E2221"


def _row(ok: set[str], *, denied: set[str] | None = None, not_found: set[str] = frozenset(),
         redirect: set[str] = frozenset()) -> dict[str, str]:
    out = {}
    for role in ROLES:
        if role in redirect:
            out[role] = "redirect"
        elif role in ok:
            out[role] = "ok"
        elif role in not_found:
            out[role] = "not_found"
        else:
            out[role] = "denied"
    return out


SIGNED_IN = set(ROLES) - {"anonymous"}
AREA_READERS = {"officer", "partner", "go-manager", "go-director", "clg", "inspector", "admin"}
OFFICER_ONLY = {"officer"}  # the partnership officer of Kent; the administrator is no author

ENTRIES: dict[str, dict[str, str]] = {
    # the way in: an officer or partner goes to their area's agreement, others get a list
    "agreements:mine": _row(SIGNED_IN - {"officer", "partner"}, redirect={"officer", "partner"}),
    "agreements:rules": _row(set(ROLES)),
    "agreements:template": _row(set(ROLES)),
    # reading: every signed-in role whose scope holds the draft (departments: their targets)
    "agreements:detail": _row(SIGNED_IN),
    "agreements:target": _row(AREA_READERS | {"department"}, not_found={"dcsf"}),  # NI 16: Home Office
    "agreements:export": _row(AREA_READERS),  # departments see their targets, not the whole draft: 403
    # starting (POST): 404 outside the area's private scope; started already: a redirect
    "agreements:start": _row(set(), redirect=OFFICER_ONLY, not_found={"department", "dcsf"}),
    # composing: the officer only; every other role that can see the draft gets 403
    "agreements:edit": _row(OFFICER_ONLY),
    "agreements:add_outcome": _row(OFFICER_ONLY),
    "agreements:edit_outcome": _row(OFFICER_ONLY),
    "agreements:delete_outcome": _row(OFFICER_ONLY),
    "agreements:add_consultation": _row(OFFICER_ONLY),
    "agreements:remove_consultation": _row(OFFICER_ONLY),
    "agreements:find_indicator": _row(OFFICER_ONLY),
    "agreements:add_target": _row(OFFICER_ONLY),
    "agreements:edit_target": _row(OFFICER_ONLY),
    "agreements:delete_target": _row(OFFICER_ONLY),
    "agreements:import": _row(OFFICER_ONLY),
}


def setup() -> dict[str, int]:
    """Kent's demonstration agreement with one consultation; the ids the URLs need."""
    from laa.accounts.models import User
    from laa.agreements.actions import add_consultation
    from laa.agreements.models import Agreement
    from laa.web.demo import load_demo_agreement

    load_demo_agreement()
    agreement = Agreement.objects.get(area__code=KENT)
    if not agreement.consultations.exists():
        add_consultation(actor=User.objects.get(username="officer"), agreement=agreement,
                         version=agreement.version, consultee="Kent Residents' Panel", held_on=None, summary="")
    return {
        "outcome": agreement.outcomes.order_by("position").first().pk,
        "consultation": agreement.consultations.first().pk,
        "target": agreement.targets.get(key="NI 16").pk,
    }


def call(url_name: str, ids: dict[str, int]) -> tuple[str, str]:
    """(method, path) for each entry; every page is a GET except starting (a POST)."""
    args: dict[str, list] = {
        "agreements:mine": [], "agreements:rules": [], "agreements:template": [],
        "agreements:edit_outcome": [KENT, ids["outcome"]], "agreements:delete_outcome": [KENT, ids["outcome"]],
        "agreements:remove_consultation": [KENT, ids["consultation"]],
        "agreements:target": [KENT, ids["target"]], "agreements:edit_target": [KENT, ids["target"]],
        "agreements:delete_target": [KENT, ids["target"]],
        "agreements:export": [KENT, "yaml"],
    }
    path = reverse(url_name, args=args.get(url_name, [KENT]))
    if url_name == "agreements:add_target":
        path += "?indicator=NI+16"
    return ("post" if url_name == "agreements:start" else "get"), path
