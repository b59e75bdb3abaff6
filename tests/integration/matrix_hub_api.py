"""The hub API's entries for THE permission matrix (tests/integration/test_permission_matrix.py,
class TestHubApi): ENTRIES (url name -> role -> outcome), CALLS (how to call each URL)
and `prepare()`, the world they run against: one import by the Home Office's lead.

Values and suppliers are read by everyone (a resident sees final values only). The
import (a dry run of two Home Office values, with the role's bearer token) is taken by
the suppliers: the Home Office's lead passes; a partnership officer, DCSF and the
administrator supply other indicators, so each row is refused (422, naming the row);
the Government Offices, CLG, inspectors and partner authorities read, they do not
supply (403). The ledger is read by those who may import or read it, each within its
scope: the Home Office's import is seen by the Home Office and national readers, not
found by the others; a partner authority is refused.
"""

from __future__ import annotations

import json
from typing import Any

from .conftest import ROLES

OK, NOT_FOUND, UNAUTHORIZED, FORBIDDEN, REJECTED = "ok", "not_found", "unauthorized", "forbidden", "rejected"

HO_VALUES = [
    {"indicator": "NI 20", "area": "E0101", "period": "2008/09", "value": 12.5},
    {"indicator": "NI 20", "area": "E2221", "period": "2008/09 Q1", "value": 3.25, "status": "provisional"},
]
NATIONAL = {"clg", "inspector", "admin"}


def _entry_reads() -> dict[str, str]:
    outcome = {role: NOT_FOUND for role in ROLES}
    outcome.update(dict.fromkeys({"department", *NATIONAL}, OK))
    outcome.update({"partner": FORBIDDEN, "anonymous": UNAUTHORIZED})
    return outcome


ENTRIES: dict[str, dict[str, str]] = {
    "api:list_observations": dict.fromkeys(ROLES, OK),
    "api:list_suppliers": dict.fromkeys(ROLES, OK),
    "api:import_observations": {
        "anonymous": UNAUTHORIZED, "department": OK, "officer": REJECTED, "dcsf": REJECTED, "admin": REJECTED,
        "partner": FORBIDDEN, "go-manager": FORBIDDEN, "go-director": FORBIDDEN, "clg": FORBIDDEN,
        "inspector": FORBIDDEN,
    },
    "api:list_ledger": {**dict.fromkeys(ROLES, OK), "partner": FORBIDDEN, "anonymous": UNAUTHORIZED},
    "api:get_ledger_entry": _entry_reads(),
    "api:ledger_observations": _entry_reads(),
}


def prepare() -> int:
    """The Home Office lead's import; its ledger entry's id."""
    from laa.accounts.models import User
    from laa.hub.actions import import_values_json

    report = import_values_json(actor=User.objects.get(username="department"), name="matrix",
                                body=json.dumps(HO_VALUES).encode())
    assert report.written, report.summary()
    return report.ledger_id


def calls(entry_id: int) -> dict[str, dict[str, Any]]:
    return {
        "api:list_observations": {"path": "/api/v1/hub/observations"},
        "api:list_suppliers": {"path": "/api/v1/hub/suppliers"},
        "api:import_observations": {"method": "post", "path": "/api/v1/hub/imports?dry_run=true",
                                    "data": HO_VALUES, "bearer": True, "json": True},
        "api:list_ledger": {"path": "/api/v1/hub/ledger"},
        "api:get_ledger_entry": {"path": f"/api/v1/hub/ledger/{entry_id}"},
        "api:ledger_observations": {"path": f"/api/v1/hub/ledger/{entry_id}/observations"},
    }
