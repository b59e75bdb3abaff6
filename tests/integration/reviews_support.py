"""Kent's published agreement (approved 30 June 2008, version 1) on a day of autumn 2008,
for the annual review's tests, and a quick way to assess every target it covers."""

from __future__ import annotations

from laa.accounts.models import User
from laa.agreements.models import Agreement
from laa.reviews import actions
from laa.reviews.models import Review

from .versions_support import published_kent

APPROVAL_DAY = "2008-06-30"
AUTUMN_DAY = "2008-10-15"
YEAR = "2008/09"


def reviewed_kent(settings) -> Agreement:
    settings.LAA_TODAY = APPROVAL_DAY
    kent = published_kent()
    settings.LAA_TODAY = AUTUMN_DAY
    return kent


def go() -> User:
    return User.objects.get(username="go-manager")


def start(agreement: Agreement) -> Review:
    return actions.start_review(actor=go(), agreement=agreement, year=YEAR)


def assess_all(review: Review, *, but: int = 0) -> list[str]:
    """Assess every reviewed target on track except the last `but`; their keys."""
    keys = [k for k, _ in actions.reviewed_targets(review)]
    for key in keys[:len(keys) - but]:
        actions.assess_target(actor=go(), review=review, target=key, rating="on_track")
    return keys
