"""Alerts' digest (laa.domain.alerts): what turned, what was published, what was missed,
for what a person follows; nothing told twice; the e-mail's text."""

from __future__ import annotations

import datetime as dt

import pytest

from laa.domain.alerts import (
    Digest,
    Followed,
    FollowKind,
    ItemKind,
    Missed,
    Published,
    TargetStanding,
    digest,
    digest_mail,
    due_day,
    turned,
)
from laa.domain.hub.periods import parse_period
from laa.domain.progress import Judgement as J

KENT_NI16 = Followed(FollowKind.TARGET, area="E2221", target="NI 16")
KENT = Followed(FollowKind.AREA, area="E2221")
NI16 = Followed(FollowKind.INDICATOR, indicator="NI 16")


@pytest.mark.parametrize(("before", "now", "news"), [
    (None, J.OFF_TRACK, False),  # the first judgement known is where it starts
    (J.ON_TRACK, J.ON_TRACK, False),
    (J.ON_TRACK, J.AT_RISK, True),
    (J.ON_TRACK, J.OFF_TRACK, True),
    (J.AT_RISK, J.OFF_TRACK, True),
    (J.NONE, J.AT_RISK, True),  # a first value that is at risk
    (J.NONE, J.OFF_TRACK, True),
    (J.AT_RISK, J.AT_RISK, False),
    (J.OFF_TRACK, J.AT_RISK, False),  # better is not an alert
    (J.OFF_TRACK, J.ON_TRACK, False),
    (J.AT_RISK, J.NONE, False),
])
def test_a_target_turns_only_for_the_worse(before, now, news):
    assert turned(before, now) is news


def standing(area="E2221", target="NI 16", judgement=J.OFF_TRACK, indicator="NI 16") -> TargetStanding:
    return TargetStanding(area, "Kent" if area == "E2221" else "Medway", target, indicator, judgement, "2008/09",
                          "Short by more than a quarter of the step.", f"/progress/{area}#{target}")


def published(area="E2221", indicator="NI 16", entry=7) -> Published:
    return Published(entry, area, "Kent" if area == "E2221" else "Medway", indicator, ("2008/09 Q1", "2008/09 Q2"),
                     "Home Office", f"/hub/areas/{area}")


def missed(area="E2221", indicator="NI 16") -> Missed:
    return Missed(area, "Kent" if area == "E2221" else "Medway", indicator, "2008/09 Q1", dt.date(2008, 9, 30),
                  f"/hub/areas/{area}")


@pytest.mark.parametrize(("following", "what", "told", "kinds"), [
    # a target followed: its turn, not another target's
    ([KENT_NI16], "turn", {}, [ItemKind.TURNED]),
    ([Followed(FollowKind.TARGET, area="E2221", target="NI 20")], "turn", {}, []),
    # an area followed: its targets' turns, its values published and missed
    ([KENT], "turn", {}, [ItemKind.TURNED]),
    ([KENT], "published", {}, [ItemKind.PUBLISHED]),
    ([KENT], "missed", {}, [ItemKind.MISSED]),
    ([Followed(FollowKind.AREA, area="E2201")], "published", {}, []),
    # an indicator followed: every area's values of it, no target's judgement
    ([NI16], "published", {}, [ItemKind.PUBLISHED]),
    ([NI16], "missed", {}, [ItemKind.MISSED]),
    ([NI16], "turn", {}, []),
    ([Followed(FollowKind.INDICATOR, indicator="NI 20")], "published", {}, []),
    # told before: not again
    ([KENT], "published", {"published:7:E2221:NI 16"}, []),
    ([KENT], "missed", {"missed:E2221:NI 16:2008/09 Q1"}, []),
    ([KENT_NI16], "turn", {"turned:E2221:NI 16:2008/09:off_track"}, []),
    # followed twice (the area and its target): told once
    ([KENT, KENT_NI16], "turn", {}, [ItemKind.TURNED]),
])
def test_what_a_follower_is_told(following, what, told, kinds):
    result = digest(
        following,
        targets=[standing()] if what == "turn" else [],
        told_judgements={("E2221", "NI 16"): J.ON_TRACK},
        published=[published()] if what == "published" else [],
        missed=[missed()] if what == "missed" else [],
        told_keys=set(told),
    )
    assert [i.kind for i in result.items] == kinds


def test_the_judgements_now_are_kept_for_the_next_digest_even_when_nothing_turned():
    result = digest([KENT], [standing(judgement=J.ON_TRACK), standing(target="NI 20", judgement=J.AT_RISK)],
                    told_judgements={}, published=[], missed=[], told_keys=set())
    assert result.empty
    assert result.judgements == {("E2221", "NI 16"): J.ON_TRACK, ("E2221", "NI 20"): J.AT_RISK}


def test_the_items_come_turned_first_then_published_then_missed():
    result = digest([KENT], [standing()], {("E2221", "NI 16"): J.AT_RISK}, [published()], [missed()], set())
    assert [i.kind for i in result.items] == [ItemKind.TURNED, ItemKind.PUBLISHED, ItemKind.MISSED]
    assert len({i.key for i in result.items}) == 3


def test_the_mail_says_each_item_with_its_link():
    result = digest([KENT], [standing()], {("E2221", "NI 16"): J.ON_TRACK}, [published()], [missed()], set())
    subject, body = digest_mail("Alex Officer", result, "https://laa.example")
    assert subject == "Local Area Agreements: 3 changes in what you follow"
    assert body.startswith("Dear Alex Officer,")
    assert "Kent, NI 16: off track in 2008/09 (was on track). Short by more than a quarter" in body
    assert "https://laa.example/progress/E2221#NI 16" in body
    assert "NI 16 for Kent: 2 values published by Home Office (2008/09 Q1, 2008/09 Q2)." in body
    assert "NI 16 for Kent: no value for 2008/09 Q1, due by 30 September 2008." in body
    assert "Targets that turned at risk or off track (1)" in body
    assert body.index("Targets that turned") < body.index("Values published") < body.index("Reporting periods missed")
    assert digest_mail("A", Digest(items=(result.items[0],)), "")[0] == "Local Area Agreements: 1 change in what you follow"


@pytest.mark.parametrize(("period", "due"), [
    ("2008/09 Q1", dt.date(2008, 9, 30)),  # the quarter ends 30 June: three months on
    ("2008/09 Q4", dt.date(2009, 6, 30)),
    ("2008/09", dt.date(2009, 12, 31)),  # the year ends 31 March: nine months on
    ("2008", dt.date(2009, 9, 30)),
    ("AY 2008/09", dt.date(2010, 2, 28)),  # August, then six months: to the end of February
    ("Place Survey 2008", dt.date(2009, 6, 30)),  # fieldwork to December; results in June 2009
    ("TellUs 2008", dt.date(2008, 12, 31)),
])
def test_a_period_is_due_months_after_it_ends(period, due):
    assert due_day(parse_period(period)) == due
