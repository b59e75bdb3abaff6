"""Kent's published agreement (approved 27 June 2008, version 1) with its 2008/09 annual
review completed by the Government Office on 16 February 2009, for the refresh's tests
(ADR 0025); the refresh is proposed and approved in March 2009."""

from __future__ import annotations

from decimal import Decimal

from laa.agreements.models import Agreement
from laa.domain.refresh import Ground, refresh_item
from laa.domain.revisions import Item
from laa.reviews import actions as reviews
from laa.reviews.models import Review
from laa.revisions.models import Revision
from laa.revisions.refresh import propose_refresh

from .revisions_support import APPROVAL_DAY, person
from .versions_support import published_kent

REVIEW_DAY = "2009-02-16"
MARCH_DAY = "2009-03-16"
GO_SOUTH_EAST = "Government Office for the South East (GOSE)"


def reviewed(settings, *, complete: bool = True) -> tuple[Agreement, Review]:
    """Kent approved, its 2008/09 review started (and completed) in February 2009; the day is then in March."""
    settings.LAA_TODAY = APPROVAL_DAY
    kent = published_kent()
    settings.LAA_TODAY = REVIEW_DAY
    go = person("go-manager")
    review = reviews.start_review(actor=go, agreement=kent, year="2008/09")
    if complete:
        for key, _ in reviews.reviewed_targets(review):
            reviews.assess_target(actor=go, review=review, target=key, rating="on_track")
        review = reviews.take_step(actor=go, review=review, step="complete", expected_state="in_progress")
    settings.LAA_TODAY = MARCH_DAY
    return kent, review


def fill_ni32() -> Item:
    return refresh_item(Ground.PLACEHOLDER, "NI 32", yearly={"2009/10": Decimal("12.0"), "2010/11": Decimal("11.0")})


def renegotiate(key: str) -> Item:
    return refresh_item(Ground.RENEGOTIATE, key, yearly={"2009/10": Decimal("1.5")},
                        reason="The recession: unemployment in Kent rose by half since the agreement was signed.")


def propose(review: Review, items: list[Item]) -> Revision:
    return propose_refresh(actor=person("officer"), review=review, items=items,
                           reason="The 2008/09 refresh: the placeholder filled and one target renegotiated.")


def agree_all(revision: Revision) -> None:
    """The Government Office agrees, then every partner authority concerned consents."""
    from laa.revisions import actions

    from .revisions_support import consent_all

    actions.record_consent(actor=person("go-manager"), revision=revision, consents=True,
                           note="Agreed at the refresh meeting of 10 March 2009")
    consent_all(revision)
