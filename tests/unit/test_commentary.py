"""Commentary, actions and exceptions of delivery (laa.domain.commentary)."""

from __future__ import annotations

from datetime import date

import pytest

from laa.domain.commentary import (
    ActionDue,
    TargetDelivery,
    board_challenge_problems,
    commentary_problems,
    exceptions,
)
from laa.domain.input_limits import MAX_TEXT_CHARS
from laa.domain.progress import Judgement as J

TODAY = date(2009, 7, 1)
PERIODS = ("2008/09", "2008/09 Q4")


@pytest.mark.parametrize(("why", "steps", "period", "fields"), [
    ("Burglary rose in the recession", "Target hardening in Dartford", "2008/09 Q4", set()),
    ("", "Target hardening", "2008/09 Q4", {"why"}),
    ("Burglary rose", "  ", "2008/09", {"next_steps"}),
    ("Burglary rose", "Target hardening", "2009/10", {"period"}),
    ("x" * (MAX_TEXT_CHARS + 1), "Target hardening", "2008/09", {"why"}),
    ("", "", "", {"why", "next_steps", "period"}),
])
def test_a_commentary_says_why_and_what_next_for_a_reported_period(why, steps, period, fields):
    assert set(commentary_problems(why=why, next_steps=steps, period=period, periods=PERIODS)) == fields


@pytest.mark.parametrize(("theme", "held", "text", "decisions", "fields"), [
    ("Safer and stronger communities", date(2009, 6, 15), "", "NI 16: extra patrols", set()),
    ("Nowhere", date(2009, 6, 15), "", "NI 16: extra patrols", {"theme"}),
    ("Safer and stronger communities", None, "2009-02-30", "x", {"held"}),
    ("Safer and stronger communities", None, "", "x", {"held"}),
    ("Safer and stronger communities", date(2009, 7, 2), "", "x", {"held"}),  # not yet held
    ("Safer and stronger communities", TODAY, "", " ", {"decisions"}),
])
def test_the_boards_challenge_of_a_theme(theme, held, text, decisions, fields):
    found = board_challenge_problems(theme=theme, themes=["Safer and stronger communities"], held_on=held,
                                     held_text=text, decisions=decisions, today=TODAY)
    assert set(found) == fields
    if text == "2009-02-30":
        assert "not '2009-02-30'" in found["held"]


def target(key="NI 16", judgement=J.OFF_TRACK, commented=False, period="2008/09 Q4"):
    return TargetDelivery(key, judgement, period, commented)


def action(key="NI 16", due=date(2009, 6, 1), done=False, owner="Kent Police"):
    return ActionDue(key, "Extra patrols", owner, due, done)


@pytest.mark.parametrize(("targets", "actions", "expected"), [
    # off track: with commentary for its latest period, nothing to raise; without, raised
    ([target(commented=True)], [], []),
    ([target()], [], [("NI 16", ["Off track with no commentary for 2008/09 Q4"])]),
    # at risk, or on track, with no commentary: not an exception
    ([target(judgement=J.AT_RISK)], [], []),
    ([target(judgement=J.ON_TRACK)], [], []),
    # an action overdue (due before the day, not done), whatever the judgement
    ([target(judgement=J.ON_TRACK)], [action()],
     [("NI 16", ["1 action overdue (the first was due on 1 June 2009: Kent Police)"])]),
    ([target(judgement=J.ON_TRACK)], [action(done=True)], []),
    ([target(judgement=J.ON_TRACK)], [action(due=TODAY)], []),  # due today: not overdue yet
    ([target(judgement=J.ON_TRACK)], [action(key="NI 20")], []),  # another target's
    # both, and two overdue: the first due named
    ([target()], [action(due=date(2009, 5, 1), owner="Kent County Council"), action()],
     [("NI 16", ["Off track with no commentary for 2008/09 Q4",
                 "2 actions overdue (the first was due on 1 May 2009: Kent County Council)"])]),
    # no period reported at all
    ([target(period="")], [], [("NI 16", ["Off track with no commentary for its latest period"])]),
])
def test_exceptions_for_the_board_and_the_government_office(targets, actions, expected):
    found = exceptions(targets, actions, TODAY)
    assert [(e.target, list(e.reasons)) for e in found] == expected
