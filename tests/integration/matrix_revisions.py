"""The revisions' entries for THE permission matrix (tests/integration/
test_permission_matrix.py, class TestRevisions): ENTRIES (url name -> role -> outcome),
`kwargs` (how to call each URL), and `prepare_revisions_matrix()`, the world they run against.

Kent (E2221) has its agreement published (approved 27 June 2008). On 20 August 2008
revision 1 (a local target added, the police and the fire service signed up) is
proposed, and revision 2 (a local target amended) has every consent and the voluntary
partners' consultation; Kent's 2008/09 annual review was completed (on 16 February 2009,
a day of the world's past for this purpose), so its refresh may be proposed. The
partnership officer proposes (a revision or the refresh), consults, withdraws and, for
the responsible authority, approves a local revision; a partner authority (the police)
consents for its organisation; the partnership, the GO and national readers read;
departments do not (403); a resident is sent to sign in.
"""

from __future__ import annotations

OK, REDIRECT, DENIED, FORBIDDEN, UNAUTHORIZED = "ok", "redirect", "denied", "forbidden", "unauthorized"
USERS = ["officer", "partner", "go-manager", "go-director", "department", "dcsf", "clg", "inspector", "admin"]
TODAY = "2008-08-20"

_READERS = {"officer", "partner", "go-manager", "go-director", "clg", "inspector", "admin"}


def _only(allowed: set[str], yes: str, no: str = DENIED, anonymous: str = DENIED) -> dict[str, str]:
    return {**{u: (yes if u in allowed else no) for u in USERS}, "anonymous": anonymous}


ENTRIES: dict[str, dict[str, str]] = {
    "revisions:list": _only(_READERS, OK),
    "revisions:revision": _only(_READERS, OK),
    "revisions:propose": _only({"officer"}, REDIRECT),
    "revisions:propose_refresh": _only({"officer"}, REDIRECT),
    "revisions:consent": _only({"partner"}, REDIRECT),
    "revisions:consultation": _only({"officer"}, REDIRECT),
    "revisions:step": _only({"officer"}, REDIRECT),  # a local revision: the responsible authority approves
    "api:list_revisions": _only(set(USERS), OK, anonymous=UNAUTHORIZED),  # a department's list is empty
    "api:get_revision": _only(_READERS, OK, no=FORBIDDEN, anonymous=UNAUTHORIZED),
}


def kwargs(world: dict) -> dict[str, dict]:
    return {
        "revisions:list": {"path": "/revisions/E2221"},
        "revisions:revision": {"path": "/revisions/E2221/1"},
        "revisions:propose_refresh": {"method": "post", "path": "/revisions/E2221/refresh/2008-09",
                                      "data": {"fill-5-2009-10": "12.0", "reason": "The placeholder filled"}},
        "revisions:propose": {"method": "post", "path": "/revisions/E2221/propose",
                              "data": {"change": "drop", "target": world["key"], "reason": "Achieved early"}},
        "revisions:consent": {"method": "post", "path": "/revisions/E2221/1/consent", "data": {"consents": "yes"}},
        "revisions:consultation": {"method": "post", "path": "/revisions/E2221/1/consultation",
                                   "data": {"held_on-day": "15", "held_on-month": "8", "held_on-year": "2008",
                                            "summary": "Kent Voluntary Sector Forum"}},
        "revisions:step": {"method": "post", "path": "/revisions/E2221/2/approve",
                           "data": {"expected_state": "consented"}},
        "api:list_revisions": {"path": "/api/v1/revisions/"},
        "api:get_revision": {"path": "/api/v1/revisions/E2221/1"},
    }


def prepare_revisions_matrix() -> dict:
    from decimal import Decimal

    from django.test import override_settings

    from laa.domain.revisions import ChangeKind, Item

    from .revisions_support import APPROVAL_DAY, consent_all, consulted, local_key, propose
    from .versions_support import published_kent

    with override_settings(LAA_TODAY=APPROVAL_DAY):
        kent = published_kent()
    with override_settings(LAA_TODAY=TODAY):
        propose(kent)
        key = local_key(kent)
        second = propose(kent, [Item(ChangeKind.AMEND, key, {"2010/11": Decimal("30.5")})])
        consent_all(second)
        consulted(second)
    with override_settings(LAA_TODAY="2009-02-16"):
        completed_review(kent)
    return {"key": key}


def completed_review(kent) -> None:
    from laa.accounts.models import User
    from laa.reviews import actions as reviews

    go = User.objects.get(username="go-manager")
    review = reviews.start_review(actor=go, agreement=kent, year="2008/09")
    for key, _ in reviews.reviewed_targets(review):
        reviews.assess_target(actor=go, review=review, target=key, rating="on_track")
    reviews.take_step(actor=go, review=review, step="complete", expected_state="in_progress")
