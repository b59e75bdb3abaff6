"""The MAAs' entries for THE permission matrix (tests/integration/test_permission_matrix.py;
run in test_maa_permission_matrix.py): ENTRIES (url name -> role -> outcome), `kwargs`
(how to call each URL) and `prepare_maa_matrix()`, the world (ADR 0028).

Three copies of the test MAA (Kent, Medway and Ashford's councils; the LSC and Jobcentre
Plus contributing; region South East): one submitted (the GO or CLG agrees it), one agreed
(Kent's officer records Kent County Council's signature) and one published, beside Kent's
approved agreement (its officer moves a designated target to the published MAA). Before
publication the participating areas' people, the South East's GO and national readers
read an MAA; departments do not (404); everyone reads a published one.
"""

from __future__ import annotations

OK, CREATED, REDIRECT, DENIED, FORBIDDEN, NOT_FOUND, UNAUTHORIZED = (
    "ok", "created", "redirect", "denied", "forbidden", "not_found", "unauthorized")
USERS = ["officer", "partner", "go-manager", "go-director", "department", "dcsf", "clg", "inspector", "admin"]
TODAY = "2008-08-20"
_DEPARTMENTS = {"department", "dcsf"}


def _rows(yes: set[str], ok: str, no: str, hidden: str = NOT_FOUND, anonymous: str = DENIED) -> dict[str, str]:
    return {**{u: ok if u in yes else hidden if u in _DEPARTMENTS else no for u in USERS}, "anonymous": anonymous}


ENTRIES: dict[str, dict[str, str]] = {
    "maa:list": {**dict.fromkeys(USERS, OK), "anonymous": OK},
    "maa:detail": _rows(set(USERS) - _DEPARTMENTS, OK, OK, anonymous=NOT_FOUND),  # agreed, not published
    "maa:step": _rows({"go-manager", "go-director", "clg"}, REDIRECT, DENIED),
    "maa:sign": _rows({"officer"}, REDIRECT, DENIED),
    "maa:undesignate": _rows({"officer"}, REDIRECT, DENIED, hidden=DENIED),  # published: departments read it
    "api:maa_list": {**dict.fromkeys(USERS, OK), "anonymous": OK},
    "api:maa_detail": _rows(set(USERS) - _DEPARTMENTS, OK, OK, anonymous=NOT_FOUND),
    "api:maa_step": _rows({"go-manager", "go-director", "clg"}, OK, FORBIDDEN, anonymous=UNAUTHORIZED),
    "api:maa_sign": _rows({"officer"}, CREATED, FORBIDDEN, anonymous=UNAUTHORIZED),
    "api:maa_undesignate": _rows({"officer"}, CREATED, FORBIDDEN, hidden=FORBIDDEN, anonymous=UNAUTHORIZED),
}


def kwargs(world: dict) -> dict[str, dict]:
    key = world["key"]
    return {
        "maa:list": {"path": "/maa/"},
        "maa:detail": {"path": "/maa/gw-agreed"},
        "maa:step": {"method": "post", "path": "/maa/gw-submitted/steps/agree", "data": {"expected_state": "submitted"}},
        "maa:sign": {"method": "post", "path": "/maa/gw-agreed/sign",
                     "data": {"signatory": "Kent County Council", "signed_by": "Leader of the Council"}},
        "maa:undesignate": {"method": "post", "path": "/maa/gw-published/undesignate",
                            "data": {"target": key, "outcome": "economy"}},
        "api:maa_list": {"path": "/api/v1/maa/"},
        "api:maa_detail": {"path": "/api/v1/maa/gw-agreed"},
        "api:maa_step": {"method": "post", "path": "/api/v1/maa/gw-submitted/steps/agree", "bearer": True, "json": True,
                         "data": {"expected_state": "submitted"}},
        "api:maa_sign": {"method": "post", "path": "/api/v1/maa/gw-agreed/signatures", "bearer": True, "json": True,
                         "data": {"signatory": "Kent County Council", "signed_by": "Leader of the Council"}},
        "api:maa_undesignate": {"method": "post", "path": "/api/v1/maa/gw-published/undesignations", "bearer": True,
                                "json": True, "data": {"target": key, "outcome": "economy"}},
    }


def prepare_maa_matrix() -> dict:
    from django.test import override_settings

    from laa.maa import actions

    from .maa_support import draft_maa, person, sign_all
    from .revisions_support import APPROVAL_DAY, designated_key
    from .versions_support import published_kent

    with override_settings(LAA_TODAY=APPROVAL_DAY):
        kent = published_kent()
    with override_settings(LAA_TODAY=TODAY):
        made = {}
        for code in ("gw-submitted", "gw-agreed", "gw-published"):
            maa = draft_maa(code)
            made[code] = actions.take_step(actor=person("officer"), maa=maa, step="submit", expected_state="draft")
        for code in ("gw-agreed", "gw-published"):
            actions.take_step(actor=person("go-manager"), maa=made[code], step="agree", expected_state="submitted")
        sign_all(made["gw-published"])
        actions.take_step(actor=person("clg"), maa=made["gw-published"], step="publish", expected_state="agreed")
    return {"key": designated_key(kent)}
