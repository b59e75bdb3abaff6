"""Entries for THE permission matrix (tests/integration/test_permission_matrix.py): the
agreement document's pages and the agreements API, checked by its
TestAgreementDocumentAndApi class against the world prepare() builds (Kent's small
draft agreement, below). FORBIDDEN is the API's refusal: 403 with a JSON {"detail": ...}.

Kent's agreement is a draft: whoever's scope covers it reads it (the officer and partner of
Kent, the South East GO, the Home Office and DCSF through their indicators' targets,
national readers); a resident is asked to sign in on the pages and gets 404 from the API.
Only Kent's partnership officer writes (an administrator too is refused: agreement
permissions are asked of the rules predicates, not of the superuser flag). DCSF does not
see NI 16 (a Home Office indicator), so the target calls are 404 for DCSF.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .conftest import DEMO_USERNAMES, ROLES

OK, CREATED, DENIED, NOT_FOUND, UNAUTHORIZED = "ok", "created", "denied", "not_found", "unauthorized"
FORBIDDEN = "forbidden"  # the API's 403: JSON {"detail": "Only a partnership officer of Kent may ..."}
PREPARING = "preparing"  # 202: the PDF is being prepared (printed by the background worker)

AREA = "E2221"
READERS = {*DEMO_USERNAMES}  # every demonstration role's scope covers Kent's draft


def _reads(anonymous: str, reader: str = OK) -> dict[str, str]:
    return {role: (reader if role in READERS else anonymous) for role in ROLES}


def _writes(success: str, *, hidden_from: frozenset[str] = frozenset()) -> dict[str, str]:
    outcome = {role: FORBIDDEN for role in DEMO_USERNAMES}
    outcome.update(dict.fromkeys(hidden_from, NOT_FOUND))
    outcome["officer"] = success
    outcome["anonymous"] = UNAUTHORIZED
    return outcome


ENTRIES: dict[str, dict[str, str]] = {
    # Pages
    "agreements:document": _reads(anonymous=DENIED),
    "agreements:document_pdf": _reads(anonymous=DENIED, reader=PREPARING),
    # API
    "api:list_agreements": dict.fromkeys(ROLES, OK),  # a resident gets the published ones (none)
    "api:get_agreement": _reads(anonymous=NOT_FOUND),
    "api:agreement_findings": _reads(anonymous=NOT_FOUND),
    "api:list_agreement_targets": _reads(anonymous=NOT_FOUND),
    "api:get_agreement_target": {**_reads(anonymous=NOT_FOUND), "dcsf": NOT_FOUND},
    "api:replace_agreement": _writes(OK),
    "api:create_agreement_target": _writes(CREATED),
    "api:update_agreement_target": _writes(OK, hidden_from=frozenset({"dcsf"})),
    "api:delete_agreement_target": _writes(OK, hidden_from=frozenset({"dcsf"})),
}


def prepare() -> None:
    """Kent's small draft agreement (five targets), unless it has one."""
    from laa.agreements.models import Agreement

    from .test_agreement_document import import_draft, small_draft

    if not Agreement.objects.filter(area__code=AREA).exists():
        import_draft(small_draft())


def _agreement():
    from laa.agreements.models import Agreement

    return Agreement.objects.select_related("area", "round").get(area__code=AREA)


def _file_data(agreement) -> dict[str, Any]:
    from laa.agreements.convert import agreement_to_draft
    from laa.domain.agreement_file import dump_json

    return json.loads(dump_json(agreement_to_draft(agreement)))


def _ni16():
    return _agreement().targets.get(key="NI 16")


def _replace() -> dict[str, Any]:
    agreement = _agreement()
    return {"method": "put", "path": f"/api/v1/agreements/{AREA}", "bearer": True, "json": True,
            "data": {"version": agreement.version, "agreement": _file_data(agreement)}}


def _create() -> dict[str, Any]:
    target = {"indicator": "NI 20", "category": "designated", "outcome": "safer",
              "baseline": {"value": 40, "period": "2007/08"}, "targets": {"2010/11": 38}}
    return {"method": "post", "path": f"/api/v1/agreements/{AREA}/targets", "bearer": True, "json": True,
            "data": {"target": target}}


def _update() -> dict[str, Any]:
    target = _ni16()
    data = next(t for t in _file_data(_agreement())["targets"] if t["key"] == "NI 16")
    return {"method": "put", "path": f"/api/v1/agreements/{AREA}/targets/{target.pk}", "bearer": True,
            "json": True, "data": {"version": target.version, "target": data}}


def _delete() -> dict[str, Any]:
    target = _ni16()
    return {"method": "delete", "bearer": True,
            "path": f"/api/v1/agreements/{AREA}/targets/{target.pk}?version={target.version}"}


# How to call each URL: keyword arguments for the matrix's Call (method, path, data, bearer,
# json), computed when the case runs (after prepare()).
CALLS: dict[str, Callable[[], dict[str, Any]]] = {
    "agreements:document": lambda: {"path": f"/agreements/{AREA}/document"},
    "agreements:document_pdf": lambda: {"path": f"/agreements/{AREA}/document.pdf"},
    "api:list_agreements": lambda: {"path": "/api/v1/agreements/"},
    "api:get_agreement": lambda: {"path": f"/api/v1/agreements/{AREA}"},
    "api:agreement_findings": lambda: {"path": f"/api/v1/agreements/{AREA}/findings"},
    "api:list_agreement_targets": lambda: {"path": f"/api/v1/agreements/{AREA}/targets"},
    "api:get_agreement_target": lambda: {"path": f"/api/v1/agreements/{AREA}/targets/{_ni16().pk}"},
    "api:replace_agreement": _replace,
    "api:create_agreement_target": _create,
    "api:update_agreement_target": _update,
    "api:delete_agreement_target": _delete,
}
