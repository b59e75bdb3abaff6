"""Progress against trajectory's entries for THE permission matrix (tests/integration/
test_permission_matrix.py, class TestPerformance): ENTRIES (url name -> role -> outcome),
KWARGS (how to call each URL), and `prepare_performance_matrix()`, the world they run against.

Kent (E2221, South East) has its agreement published (approved 30 June 2008); the tests
stand on 30 June 2009. The area's partnership, its Government Office and national readers
read its progress; departments do not (403); a resident is sent to sign in. The region's
view is for the Government Office and national readers. An indicator's comparison is
public; hotspots are for the GO, departments and national readers.
"""

from __future__ import annotations

OK, DENIED, FORBIDDEN, UNAUTHORIZED = "ok", "denied", "forbidden", "unauthorized"
USERS = ["officer", "partner", "go-manager", "go-director", "department", "dcsf", "clg", "inspector", "admin"]
TODAY = "2009-06-30"

_GO = {"go-manager", "go-director"}
_NATIONAL = {"clg", "inspector", "admin"}
_READERS = {"officer", "partner", *_GO, *_NATIONAL}


def _only(allowed: set[str], yes: str, no: str = DENIED, anonymous: str = DENIED) -> dict[str, str]:
    return {**{u: (yes if u in allowed else no) for u in USERS}, "anonymous": anonymous}


ENTRIES: dict[str, dict[str, str]] = {
    "performance:region": _only({*_GO, *_NATIONAL}, OK),
    "performance:area": _only(_READERS, OK),
    "api:get_progress": _only(_READERS, OK, no=FORBIDDEN, anonymous=UNAUTHORIZED),
    # an indicator's areas compared: public, as the hub's values are (ADR 0026)
    "performance:indicator": _only(set(USERS), OK, anonymous=OK),
    "api:get_comparison": _only(set(USERS), OK, anonymous=OK),
    # hotspots: the GO (its region), departments (their indicators), national readers
    "performance:hotspots": _only({*_GO, "department", "dcsf", *_NATIONAL}, OK),
    "api:get_hotspots": _only({*_GO, "department", "dcsf", *_NATIONAL}, OK, no=FORBIDDEN, anonymous=UNAUTHORIZED),
}

KWARGS: dict[str, dict] = {
    "performance:area": {"path": "/progress/E2221"},
    "api:get_progress": {"path": "/api/v1/performance/E2221/progress"},
    "performance:indicator": {"path": "/progress/indicators/NI%2016"},
    "api:get_comparison": {"path": "/api/v1/performance/indicators/NI%2016/comparison"},
}


def prepare_performance_matrix() -> dict:
    from django.test import override_settings

    from .versions_support import published_kent

    with override_settings(LAA_TODAY="2008-06-30"):
        published_kent()
    return {}
