"""The annual review's rules (laa.domain.reviews; D16, seed 004 Q25, Q27, Q63), table by table."""

from __future__ import annotations

from datetime import date

import pytest

from laa.domain.reviews import (
    AssessmentInput,
    Rating,
    Reminder,
    ReminderKind,
    ReviewState,
    Standing,
    Urgency,
    action_problems,
    assessment_problems,
    completion_problems,
    completion_refusal,
    milestones,
    proposal_problems,
    refuse_start,
    refuse_step,
    reminders,
    review_year,
    review_years,
    standing,
    year_of_day,
)

KENT_YEARS = ("2008/09", "2009/10", "2010/11")


@pytest.mark.parametrize(("label", "opens", "closes", "due"), [
    ("2008/09", date(2008, 9, 1), date(2009, 2, 28), date(2009, 3, 31)),
    ("2008-09", date(2008, 9, 1), date(2009, 2, 28), date(2009, 3, 31)),
    ("2011/12", date(2011, 9, 1), date(2012, 2, 29), date(2012, 3, 31)),  # a leap year's winter
])
def test_a_years_season_runs_autumn_to_the_end_of_winter(label, opens, closes, due):
    year = review_year(label)
    assert (year.opens, year.closes, year.proposals_due) == (opens, closes, due)
    assert year.slug == year.label.replace("/", "-")


@pytest.mark.parametrize("label", ["2008", "2008/10", "", "later", "2008-9"])
def test_a_year_that_is_not_a_financial_year_has_no_review(label):
    assert review_year(label) is None


def test_an_agreement_has_one_review_per_year_of_its_period():
    assert tuple(y.label for y in review_years("2008/09", "2010/11")) == KENT_YEARS
    assert review_years("2010/11", "2008/09") == ()
    assert review_years("x", "2010/11") == ()


@pytest.mark.parametrize(("day", "year"), [
    (date(2008, 8, 31), "2007/08"), (date(2008, 9, 1), "2008/09"), (date(2009, 3, 31), "2008/09"),
    (date(2009, 8, 31), "2008/09"), (date(2009, 9, 1), "2009/10"),
])
def test_the_year_a_day_belongs_to(day, year):
    assert year_of_day(day) == year


Y = review_year("2008/09")


@pytest.mark.parametrize(("state", "today", "expected"), [
    (None, date(2008, 8, 31), Standing.NOT_YET_DUE),
    (None, date(2008, 9, 1), Standing.DUE),
    (None, date(2009, 2, 28), Standing.DUE),
    (None, date(2009, 3, 1), Standing.OVERDUE),
    (ReviewState.IN_PROGRESS, date(2008, 11, 1), Standing.IN_PROGRESS),
    (ReviewState.IN_PROGRESS, date(2009, 3, 1), Standing.OVERDUE),
    (ReviewState.COMPLETED, date(2008, 12, 1), Standing.COMPLETED),
    (ReviewState.COMPLETED, date(2010, 1, 1), Standing.COMPLETED),
])
def test_where_a_review_stands(state, today, expected):
    assert standing(Y, state, today) == expected


@pytest.mark.parametrize(("step", "current", "reason", "refusal"), [
    ("start", None, "", ""),
    ("start", ReviewState.IN_PROGRESS, "", "The review is in progress, so it cannot be started."),
    ("complete", ReviewState.IN_PROGRESS, "", ""),
    ("complete", None, "", "The review is not started, so it cannot be completed."),
    ("complete", ReviewState.COMPLETED, "", "The review is completed, so it cannot be completed."),
    ("reopen", ReviewState.COMPLETED, "The Place Survey's weighted data came in March", ""),
    ("reopen", ReviewState.COMPLETED, "  ", "Give the reason for reopening the review."),
    ("reopen", ReviewState.COMPLETED, "x" * 20_001, "The reason must be 20,000 characters or fewer (it has 20,001)."),
    ("reopen", ReviewState.IN_PROGRESS, "why", "The review is in progress, so it cannot be reopened."),
    ("approve", ReviewState.IN_PROGRESS, "", "There is no step 'approve': the steps are start, complete, reopen."),
])
def test_the_transition_table(step, current, reason, refusal):
    assert refuse_step(step, current, reason=reason) == refusal


@pytest.mark.parametrize(("state", "label", "today", "in_force", "refusal"), [
    ("approved", "2008/09", date(2008, 10, 1), 1, ""),
    ("published", "2008/09", date(2008, 9, 1), 1, ""),
    ("designated", "2010/11", date(2010, 11, 1), 2, ""),
    ("agreed_with_go", "2008/09", date(2008, 10, 1), None,
     "Kent's agreement is not approved yet: a review is of an approved agreement."),
    ("published", "2008/09", date(2008, 8, 31), 1, "The 2008/09 review opens on 1 September 2008."),
    ("published", "2011/12", date(2011, 10, 1), 1, "Kent's agreement runs 2008/09 to 2010/11: there is no 2011/12 review."),
    ("published", "2008/09", date(2008, 10, 1), None, "No version of Kent's agreement is in force on 1 October 2008."),
])
def test_when_a_review_may_be_started(state, label, today, in_force, refusal):
    assert refuse_start(agreement_state=state, year=review_year(label), period_years=KENT_YEARS, today=today,
                        version_in_force=in_force, area="Kent") == refusal


def test_a_review_needs_a_year():
    assert refuse_start(agreement_state="published", year=None, period_years=KENT_YEARS, today=date(2008, 10, 1),
                        version_in_force=1) == "Choose a year of the agreement, like 2008/09."


REVIEWED = ("NI 152", "NI 39", "L-KENT-01")


@pytest.mark.parametrize(("given", "fields"), [
    (AssessmentInput("NI 152", "on_track", ""), set()),
    (AssessmentInput("NI 152", "at_risk", "The recession"), set()),
    (AssessmentInput("NI 39", "off_track", "Admissions are rising"), set()),
    (AssessmentInput("NI 39", "at_risk", "   "), {"commentary"}),
    (AssessmentInput("NI 39", "off_track", ""), {"commentary"}),
    (AssessmentInput("NI 39", "fine", ""), {"rating"}),
    (AssessmentInput("NI 1", "on_track", ""), {"target"}),
    (AssessmentInput("NI 39", "on_track", "x" * 20_001), {"commentary"}),
])
def test_an_assessment_names_each_problem_by_field(given, fields):
    assert set(assessment_problems(given, REVIEWED)) == fields


def test_commentary_is_asked_for_with_the_rating_named():
    problems = assessment_problems(AssessmentInput("NI 39", "off_track", ""), REVIEWED)
    assert problems["commentary"].startswith("Say why the target is off track")


@pytest.mark.parametrize(("current", "problems"), [
    ({"NI 152": ("on_track", ""), "NI 39": ("at_risk", "Slow"), "L-KENT-01": ("off_track", "Cut")}, []),
    ({"NI 152": ("on_track", "")}, ["NI 39 has no assessment", "L-KENT-01 has no assessment"]),
    ({"NI 152": ("on_track", ""), "NI 39": ("at_risk", " "), "L-KENT-01": ("off_track", "")},
     ["NI 39 is at risk but has no commentary", "L-KENT-01 is off track but has no commentary"]),
    ({}, ["NI 152 has no assessment", "NI 39 has no assessment", "L-KENT-01 has no assessment"]),
])
def test_a_review_is_completed_only_with_every_target_assessed(current, problems):
    assert completion_problems(REVIEWED, current) == problems


def test_the_refusal_to_complete_names_the_targets_missing():
    assert completion_refusal([]) == ""
    refusal = completion_refusal(completion_problems(REVIEWED, {"NI 152": ("on_track", "")}))
    assert "NI 39 has no assessment" in refusal and "L-KENT-01 has no assessment" in refusal
    many = completion_refusal([f"NI {n} has no assessment" for n in range(1, 14)])
    assert many.endswith("and 3 more.")


@pytest.mark.parametrize(("text", "owner", "due", "due_text", "fields"), [
    ("Recovery plan for NI 152", "Kent Police", date(2009, 1, 31), "2009-01-31", set()),
    ("", "Kent Police", date(2009, 1, 31), "2009-01-31", {"text"}),
    ("Plan", " ", date(2009, 1, 31), "2009-01-31", {"owner"}),
    ("Plan", "x" * 301, date(2009, 1, 31), "2009-01-31", {"owner"}),
    ("Plan", "Kent Police", None, "2009-02-30", {"due"}),
    ("Plan", "Kent Police", None, "", {"due"}),
])
def test_an_agreed_action_names_each_problem_by_field(text, owner, due, due_text, fields):
    assert set(action_problems(text=text, owner=owner, due=due, due_text=due_text)) == fields


@pytest.mark.parametrize(("text", "target", "fields"), [
    ("Set the NI 32 placeholder's targets", "NI 152", set()),
    ("Un-designate NI 171 into the MAA", "", set()),
    ("", "", {"text"}),
    ("Something", "NI 1", {"target"}),
])
def test_a_refresh_proposal_is_for_a_reviewed_target_or_the_agreement(text, target, fields):
    assert set(proposal_problems(text=text, target=target, reviewed=REVIEWED)) == fields


def test_ratings_needing_commentary():
    assert [r for r in Rating if r.needs_commentary] == [Rating.AT_RISK, Rating.OFF_TRACK]
    assert [r.label for r in Rating] == ["On track", "At risk", "Off track"]


def test_the_timetable_has_each_years_review_and_refresh_milestones():
    found = milestones("2008/09", "2010/11")
    assert len(found) == 9
    assert [m.day for m in found[:3]] == [date(2008, 9, 1), date(2009, 2, 28), date(2009, 3, 31)]
    assert found[2].title == "The 2008/09 refresh proposals are due"


Y08 = review_year("2008/09")
Y09 = review_year("2009/10")
IN_PROGRESS, COMPLETED = ReviewState.IN_PROGRESS, ReviewState.COMPLETED


@pytest.mark.parametrize(("today", "states", "refreshed", "expected"), [
    ("2008-08-31", {}, [], []),  # the season has not opened
    ("2008-09-01", {}, [], []),  # open, not yet due soon
    ("2009-02-14", {}, [], [("review", "2008/09", "due_soon")]),  # 14 days before 28 February
    ("2009-02-13", {}, [], []),
    ("2009-02-14", {"2008/09": IN_PROGRESS}, [], [("review", "2008/09", "due_soon")]),
    ("2009-02-28", {"2008/09": IN_PROGRESS}, [], [("review", "2008/09", "due_soon")]),
    ("2009-03-01", {"2008/09": IN_PROGRESS}, [], [("review", "2008/09", "overdue")]),
    ("2009-03-01", {"2008/09": COMPLETED}, [], []),  # refresh not yet due soon (31 March)
    ("2009-03-17", {"2008/09": COMPLETED}, [], [("refresh", "2008/09", "due_soon")]),
    ("2009-03-31", {"2008/09": COMPLETED}, [], [("refresh", "2008/09", "due_soon")]),
    ("2009-03-31", {"2008/09": COMPLETED}, ["2008/09"], []),  # the refresh is proposed
    ("2009-04-01", {"2008/09": COMPLETED}, [], []),  # too late to propose: not chased
    ("2009-09-01", {}, [], [("review", "2008/09", "overdue")]),  # an old review never done stays overdue
    ("2010-02-20", {"2008/09": COMPLETED}, [], [("review", "2009/10", "due_soon")]),
])
def test_reminders_of_the_review_and_the_refresh(today, states, refreshed, expected):
    found = reminders((Y08, Y09), states, refreshed, date.fromisoformat(today), due_soon_days=14)
    assert [(r.kind.value, r.year.label, r.urgency.value) for r in found] == expected


def test_a_reminder_names_its_day_and_who_acts():
    review, refresh = (Reminder(ReminderKind.REVIEW, Y08, Urgency.DUE_SOON),
                       Reminder(ReminderKind.REFRESH, Y08, Urgency.DUE_SOON))
    assert review.title == "The 2008/09 annual review, to be completed by 28 February 2009 (Government Office)"
    assert refresh.title == "The 2008/09 refresh proposals, due by 31 March 2009 (the partnership)"
