"""The permission matrix rows of a partner authority's pages and API (sign up to targets,
withdraw, "Our targets"), merged into tests/integration/test_permission_matrix.py's
EXPECTED; their tests are in test_partner_permission_matrix.py.

World: Kent's demonstration agreement, a draft. NI 56 (a Department of Health indicator)
is a target Kent Police Authority (the demo partner's organisation) is not signed up to;
NI 16 (a Home Office indicator) one it is signed up to. The Home Office lead sees NI 16's
target but not NI 56's; DCSF sees neither (404 in the API, which looks the target up in
the reader's scope before the action refuses)."""

from __future__ import annotations

ROLES = ["officer", "partner", "go-manager", "go-director", "department", "dcsf", "clg", "inspector", "admin",
         "anonymous"]
KENT = "E2221"


def _only_partner(yes: str, no: str, anonymous: str, not_found: frozenset[str] = frozenset()) -> dict[str, str]:
    out = {role: no for role in ROLES}
    out.update(dict.fromkeys(not_found, "not_found"))
    out["partner"], out["anonymous"] = yes, anonymous
    return out


ENTRIES: dict[str, dict[str, str]] = {
    # Pages: only a partner authority of the area; anyone else signed in 403, a resident to sign in.
    "agreements:our_targets": _only_partner("ok", "denied", "denied"),
    "agreements:sign_up": _only_partner("ok", "denied", "denied"),
    "agreements:sign_up_target": _only_partner("redirect", "denied", "denied"),
    # API: 403 with a JSON detail; a target outside the reader's scope 404; no token 401.
    "api:sign_up_to_target": _only_partner("ok", "forbidden", "unauthorized", frozenset({"department", "dcsf"})),
    "api:withdraw_from_target": _only_partner("ok", "forbidden", "unauthorized", frozenset({"dcsf"})),
    "api:our_targets": _only_partner("ok", "forbidden", "unauthorized"),
}


def build_world() -> dict[str, int]:
    from .signoff_support import make_agreement

    agreement = make_agreement()
    obesity = agreement.targets.get(indicator__code="NI 56")
    crime = agreement.targets.get(indicator__code="NI 16")
    assert not obesity.partners.filter(name="Kent Police Authority").exists()
    assert crime.partners.filter(name="Kent Police Authority").exists()
    return {"sign_up": obesity.pk, "sign_up_version": obesity.version,
            "withdraw": crime.pk, "withdraw_version": crime.version}


def call(url_name: str, world: dict[str, int]) -> dict:
    """The keyword arguments of test_permission_matrix.Call for each URL."""
    up, down = world["sign_up"], world["withdraw"]
    return {
        "agreements:our_targets": {"path": "/agreements/our-targets"},
        "agreements:sign_up": {"path": f"/agreements/{KENT}/sign-up"},
        "agreements:sign_up_target": {"method": "post", "path": f"/agreements/{KENT}/targets/{up}/sign-up",
                                      "data": {"version": world["sign_up_version"], "choice": "sign_up"}},
        "api:sign_up_to_target": {"method": "post", "path": f"/api/v1/agreements/{KENT}/targets/{up}/sign-up",
                                  "data": {"version": world["sign_up_version"]}, "bearer": True, "json": True},
        "api:withdraw_from_target": {"method": "delete", "path": f"/api/v1/agreements/{KENT}/targets/{down}/sign-up",
                                     "data": {"version": world["withdraw_version"]}, "bearer": True, "json": True},
        "api:our_targets": {"path": "/api/v1/agreements/our-targets", "bearer": True},
    }[url_name]
