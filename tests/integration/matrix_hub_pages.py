"""The hub's pages in THE permission matrix (tests/integration/test_permission_matrix.py,
class TestHubPages): ENTRIES (url name -> role -> outcome), `build_world()` and `call()`.

World: the Home Office lead (the demo `department`) imported NI 16 for Kent and Medway,
2008/09 (a ledger entry of the HO, two final values); the burden register holds the
demonstration collections; the Home Office lead has an upload checked (ADR 0017). The
ledger entry is read by its department and the national readers; other readers of the
ledger do not find it (404). Importing is for suppliers: department accounts,
partnership officers and administrators; an upload is its uploader's only (another
supplier gets 404), and a confirmation or a download of rejected rows here names an
upload that is no one's, so they get 404."""

from __future__ import annotations

import io

OK, DENIED, NOT_FOUND = "ok", "denied", "not_found"
USERS = ["officer", "partner", "go-manager", "go-director", "department", "dcsf", "clg", "inspector", "admin"]
SUPPLIERS = {"officer", "department", "dcsf", "admin"}
NATIONAL = {"clg", "inspector", "admin"}


def _everyone(outcome: str) -> dict[str, str]:
    return {**dict.fromkeys(USERS, outcome), "anonymous": outcome}


def _only(allowed: set[str], yes: str = OK, no: str = DENIED, **others: str) -> dict[str, str]:
    return {**{u: (yes if u in allowed else no) for u in USERS}, "anonymous": DENIED, **others}


ENTRIES: dict[str, dict[str, str]] = {
    "hub:suppliers": _everyone(OK),
    "hub:indicator": _everyone(OK),
    "hub:area": _everyone(OK),
    "hub:history": _everyone(OK),  # a final value of a national indicator: public
    "hub:burdens": _only(NATIONAL | {"department", "dcsf"}),
    "hub:ledger": _only(set(USERS) - {"partner"}),
    "hub:ledger_entry": _only({"department"} | NATIONAL, no=NOT_FOUND, partner=DENIED),
    "hub:upload": _only(SUPPLIERS),
    "hub:upload_status": _only({"department"}, no=NOT_FOUND, **dict.fromkeys(set(USERS) - SUPPLIERS, DENIED)),
    "hub:confirm": _only(SUPPLIERS, yes=NOT_FOUND),
    "hub:rejected_rows": _only(SUPPLIERS, yes=NOT_FOUND),
}


def build_world() -> dict[str, int]:
    from laa.accounts.models import User
    from laa.hub.actions import import_values
    from laa.hub.models import Observation, Upload
    from laa.web.demo_burdens import load_demo_burdens

    load_demo_burdens()
    body = b"indicator,area,period,value\nNI 16,E2221,2008/09,35.4\nNI 16,E2201,2008/09,31.2\n"
    report = import_values(actor=User.objects.get(username="department"), name="ho-ni16.csv",
                           stream=io.BytesIO(body), size=len(body))
    assert report.written, report.summary()
    value = Observation.objects.get(ledger_id=report.ledger_id, area__code="E2221")
    upload = Upload.objects.create(by=User.objects.get(username="department"), file_name="ho-ni16.csv",
                                   layout="csv", size=len(body), state=Upload.State.CHECKED,
                                   report={"rows": 2, "unchanged": 2, "dry_run": True})
    return {"ledger": report.ledger_id, "value": value.pk, "upload": upload.pk}


def call(url_name: str, world: dict[str, int]) -> dict:
    """The keyword arguments of test_permission_matrix.Call for each URL."""
    return {
        "hub:suppliers": {"path": "/hub/"},
        "hub:indicator": {"path": "/hub/indicators/NI%2016?period=2008/09"},
        "hub:area": {"path": "/hub/areas/E2221"},
        "hub:history": {"path": f"/hub/values/{world['value']}"},
        "hub:burdens": {"path": "/hub/burdens"},
        "hub:ledger": {"path": "/hub/imports/"},
        "hub:ledger_entry": {"path": f"/hub/imports/{world['ledger']}"},
        "hub:upload": {"path": "/hub/imports/new"},
        "hub:upload_status": {"path": f"/hub/imports/uploads/{world['upload']}"},
        "hub:confirm": {"method": "post", "path": "/hub/imports/uploads/0/confirm"},
        "hub:rejected_rows": {"path": "/hub/imports/uploads/0/rejected-rows.csv"},
    }[url_name]
