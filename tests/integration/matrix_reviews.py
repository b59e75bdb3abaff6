"""The annual review's entries for THE permission matrix (tests/integration/
test_permission_matrix.py, class TestReviews): ENTRIES (url name -> role -> outcome),
KWARGS (how to call each URL), and `prepare_reviews_matrix()`, the world they run against.

Kent (E2221, South East) has its agreement published (approved 30 June 2008); its
2008/09 review was started on 15 October 2008 and every target assessed on track. The
tests stand on 15 October 2009, when the 2009/10 review is due: the GO starts it, adds
to the 2008/09 review and completes it. The area's partnership and national readers
read; departments do not (403); a resident is sent to sign in.
"""

from __future__ import annotations

OK, REDIRECT, DENIED, FORBIDDEN, UNAUTHORIZED = "ok", "redirect", "denied", "forbidden", "unauthorized"
USERS = ["officer", "partner", "go-manager", "go-director", "department", "dcsf", "clg", "inspector", "admin"]
TODAY = "2009-10-15"

_GO = {"go-manager", "go-director"}
_READERS = {"officer", "partner", *_GO, "clg", "inspector", "admin"}


def _only(allowed: set[str], yes: str, no: str = DENIED, anonymous: str = DENIED) -> dict[str, str]:
    return {**{u: (yes if u in allowed else no) for u in USERS}, "anonymous": anonymous}


ENTRIES: dict[str, dict[str, str]] = {
    "reviews:region": _only({*_GO, "clg", "inspector", "admin"}, OK),
    "reviews:area": _only(_READERS, OK),
    "reviews:review": _only(_READERS, OK),
    "reviews:start": _only(_GO, REDIRECT),
    "reviews:assess": _only(_GO, REDIRECT),
    "reviews:add_action": _only(_GO, REDIRECT),
    "reviews:add_proposal": _only(_GO, REDIRECT),
    "reviews:step": _only(_GO, REDIRECT),
    "api:list_reviews": _only(set(USERS), OK, anonymous=UNAUTHORIZED),  # a department's list is empty
    "api:get_review": _only(_READERS, OK, no=FORBIDDEN, anonymous=UNAUTHORIZED),
}

_REVIEW = "/reviews/E2221/2008-09"


def kwargs(world: dict) -> dict[str, dict]:
    return {
        "reviews:area": {"path": "/reviews/E2221"},
        "reviews:review": {"path": _REVIEW},
        "reviews:start": {"method": "post", "path": "/reviews/E2221/start", "data": {"year": "2009/10"}},
        "reviews:assess": {"method": "post", "path": f"{_REVIEW}/assess/{world['key']}",
                           "data": {"rating": "at_risk", "commentary": "The recession", "replaces": world["current"]}},
        "reviews:add_action": {"method": "post", "path": f"{_REVIEW}/actions",
                               "data": {"text": "Recovery plan", "owner": "Kent Police", "due-day": "31",
                                        "due-month": "1", "due-year": "2010"}},
        "reviews:add_proposal": {"method": "post", "path": f"{_REVIEW}/proposals",
                                 "data": {"text": "Renegotiate NI 152 for the recession", "target": world["key"]}},
        "reviews:step": {"method": "post", "path": f"{_REVIEW}/complete", "data": {"expected_state": "in_progress"}},
        "api:get_review": {"path": "/api/v1/reviews/E2221/2008-09"},
    }


def prepare_reviews_matrix() -> dict:
    from django.test import override_settings

    from .reviews_support import AUTUMN_DAY, assess_all, start
    from .versions_support import published_kent

    with override_settings(LAA_TODAY="2008-06-30"):
        kent = published_kent()
    with override_settings(LAA_TODAY=AUTUMN_DAY):
        review = start(kent)
        keys = assess_all(review)
    current = review.assessments.get(target_key=keys[0])
    return {"key": keys[0], "current": str(current.pk)}
