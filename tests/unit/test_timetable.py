"""The 2008 round's timetable (D10) and each area's progress against it."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from laa.domain.signoff import SignOffState
from laa.domain.signoff_history import StatusRow
from laa.domain.timetable import (
    EVENT_STAGES,
    MILESTONE_STATUS_LABELS,
    Milestone,
    MilestoneStatus,
    Round,
    RoundEvent,
    area_progress,
    completions,
    designation_deadline,
    designation_milestone,
    milestone_status,
    progress_by_area,
)
from tests.unit.round_2008 import ROUND_2008, ROUNDS

MS = MilestoneStatus
S = SignOffState
M = ROUND_2008.milestone


@pytest.mark.parametrize(
    ("code", "due", "completed_by"),
    [
        ("story_of_place", date(2007, 11, 30), RoundEvent.STORY_OF_PLACE_PREPARED),
        ("priority_outcomes", date(2007, 12, 31), RoundEvent.PRIORITY_OUTCOMES_AGREED),
        ("draft_framework", date(2008, 1, 25), RoundEvent.DRAFT_FRAMEWORK_SUBMITTED),
        ("statutory_targets_submitted", date(2008, 1, 31), RoundEvent.STATUTORY_TARGETS_SUBMITTED),
        ("revised_framework", date(2008, 3, 31), RoundEvent.REVISED_FRAMEWORK_SUBMITTED),
        ("statutory_targets_agreed", date(2008, 3, 31), RoundEvent.STATUTORY_TARGETS_AGREED),
        ("departments_consulted", date(2008, 4, 30), RoundEvent.DEPARTMENTS_CONSULTED),
        ("draft_agreement", date(2008, 5, 30), S.SUBMITTED),
        ("to_secretary_of_state", date(2008, 6, 6), S.RECOMMENDED),
        ("approved_announced", date(2008, 6, 30), S.APPROVED),
    ],
)
def test_the_2008_round_milestones(code, due, completed_by):
    m = M(code)
    assert m.due == due and m.completed_by == completed_by and m.title


def test_the_2008_round_as_a_whole():
    assert ROUNDS["2008"] is ROUND_2008
    assert len(ROUND_2008.milestones) == 10
    assert ROUND_2008.approval_opens_on == date(2008, 6, 6)
    assert (ROUND_2008.period_start, ROUND_2008.period_end) == (date(2008, 4, 1), date(2011, 3, 31))
    assert M("story_of_place").starts == date(2007, 10, 1)
    assert [m.code for m in ROUND_2008.milestones if m.provisional] == ["approved_announced"]
    with pytest.raises(KeyError):
        M("early_sign_off")


def test_the_domain_holds_no_rounds_dates_it_is_given_them():
    # Dates are data per round (D10): the approval opening day comes from the round's file.
    import inspect

    from laa.domain import signoff, signoff_guards, timetable

    assert not hasattr(timetable, "ROUND_2008") and not hasattr(timetable, "ROUNDS")
    for module in (timetable, signoff, signoff_guards):
        assert "date(20" not in inspect.getsource(module)
    later = Round("2011", "x", date(2011, 4, 1), date(2014, 3, 31), date(2011, 7, 1), ())
    assert later.approval_opens_on == date(2011, 7, 1)


def test_the_approval_opening_date_is_not_before_the_draft_agreement_is_due():
    assert ROUND_2008.approval_opens_on > M("draft_agreement").due


@pytest.mark.parametrize(
    ("milestones", "message"),
    [
        ((M("draft_framework"), M("draft_framework")), "repeated: draft_framework"),
        ((M("draft_agreement"), M("draft_framework")), "in order of due date"),
    ],
)
def test_a_round_rejects_bad_milestone_lists(milestones, message):
    with pytest.raises(ValueError, match=message):
        Round("x", "x", date(2008, 4, 1), date(2011, 3, 31), date(2008, 6, 6), milestones)


DUE = M("draft_framework")  # 25 January 2008


@pytest.mark.parametrize(
    ("completed_on", "today", "days", "expected"),
    [
        (date(2008, 1, 20), date(2008, 3, 1), 14, MS.DONE),
        (date(2008, 1, 25), date(2008, 1, 25), 14, MS.DONE),
        (date(2008, 1, 26), date(2008, 3, 1), 14, MS.DONE_LATE),
        (date(2008, 1, 20), date(2007, 12, 1), 14, MS.DONE),  # done early is done
        (None, date(2008, 1, 26), 14, MS.OVERDUE),
        (None, date(2008, 1, 25), 14, MS.DUE_SOON),  # due today is not yet overdue
        (None, date(2008, 1, 11), 14, MS.DUE_SOON),
        (None, date(2008, 1, 10), 14, MS.UPCOMING),
        (None, date(2008, 1, 10), 15, MS.DUE_SOON),
        (None, date(2008, 1, 24), 0, MS.UPCOMING),
        (None, date(2008, 1, 25), 0, MS.DUE_SOON),
    ],
)
def test_milestone_status(completed_on, today, days, expected):
    assert (
        milestone_status(DUE, completed_on=completed_on, today=today, due_soon_days=days)
        is expected
    )


def test_every_milestone_status_has_a_label():
    assert set(MILESTONE_STATUS_LABELS) == set(MS)
    assert [str(s) for s in MS] == ["done", "done_late", "overdue", "due_soon", "upcoming"]


@pytest.mark.parametrize(
    ("done", "today", "next_code", "overdue", "late", "count"),
    [
        ({}, date(2007, 10, 1), "story_of_place", [], [], 0),
        (
            {},
            date(2008, 2, 1),
            "story_of_place",
            [
                "story_of_place",
                "priority_outcomes",
                "draft_framework",
                "statutory_targets_submitted",
            ],
            [],
            0,
        ),
        (
            {
                "story_of_place": date(2007, 11, 20),
                "priority_outcomes": date(2008, 1, 3),
                "draft_framework": date(2008, 1, 25),
            },
            date(2008, 2, 1),
            "statutory_targets_submitted",
            ["statutory_targets_submitted"],
            ["priority_outcomes"],
            3,
        ),
        ({m.code: m.due for m in ROUND_2008.milestones}, date(2008, 7, 1), None, [], [], 10),
    ],
)
def test_area_progress(done, today, next_code, overdue, late, count):
    progress = area_progress(ROUND_2008.milestones, done, today)
    assert (progress.next_milestone.code if progress.next_milestone else None) == next_code
    assert [m.code for m in progress.overdue] == overdue
    assert [m.code for m in progress.done_late] == late
    assert (progress.done, progress.total) == (count, 10)


def test_area_progress_orders_by_due_date_and_reports_each_status():
    shuffled = tuple(reversed(ROUND_2008.milestones))
    progress = area_progress(shuffled, {}, date(2008, 5, 25))
    dues = [m.due for m, _ in progress.statuses]
    assert dues == sorted(dues)
    assert {m.code for m, _ in progress.statuses} == {m.code for m in ROUND_2008.milestones}
    assert progress.status_of("draft_agreement") is MS.DUE_SOON
    assert progress.status_of("to_secretary_of_state") is MS.DUE_SOON
    assert progress.status_of("approved_announced") is MS.UPCOMING


def test_progress_by_area():
    by_area = progress_by_area(
        ROUND_2008.milestones,
        {"E06000001": {"story_of_place": date(2007, 11, 1)}, "E10000003": {}},
        date(2007, 12, 5),
    )
    assert by_area["E06000001"].next_milestone == M("priority_outcomes")
    assert [m.code for m in by_area["E10000003"].overdue] == ["story_of_place"]


def at(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 12, 0)


def test_completions_from_status_rows_and_events():
    rows = [
        StatusRow(S.DRAFT, S.SUBMITTED, at(2008, 5, 28)),
        StatusRow(S.SUBMITTED, S.DRAFT, at(2008, 5, 29)),  # returned, then resubmitted
        StatusRow(S.DRAFT, S.SUBMITTED, at(2008, 6, 2)),
        StatusRow(S.SUBMITTED, S.AGREED_WITH_GO, at(2008, 6, 3)),
        StatusRow(S.AGREED_WITH_GO, S.COUNCIL_APPROVED, at(2008, 6, 4)),
        StatusRow(S.COUNCIL_APPROVED, S.RECOMMENDED, at(2008, 6, 9)),
    ]
    events = {
        RoundEvent.DRAFT_FRAMEWORK_SUBMITTED: date(2008, 1, 24),
        "statutory_targets_agreed": date(2008, 4, 2),
    }
    done = completions(ROUND_2008.milestones, status_rows=rows, events=events)
    assert done == {
        "story_of_place": date(2007, 11, 30),  # passed by the submission: done, not recorded
        "priority_outcomes": date(2007, 12, 31),
        "draft_framework": date(2008, 1, 24),  # recorded: its own day
        "statutory_targets_submitted": date(2008, 1, 31),
        "revised_framework": date(2008, 3, 31),
        "statutory_targets_agreed": date(2008, 4, 2),  # recorded (late): the record stands
        "departments_consulted": date(2008, 4, 30),  # passed when the GO agreed
        "draft_agreement": date(2008, 5, 28),
        "to_secretary_of_state": date(2008, 6, 9),
    }
    progress = area_progress(ROUND_2008.milestones, done, date(2008, 6, 10))
    assert progress.status_of("to_secretary_of_state") is MS.DONE_LATE
    assert progress.status_of("statutory_targets_agreed") is MS.DONE_LATE
    assert progress.status_of("draft_agreement") is MS.DONE
    assert progress.next_milestone == M("approved_announced")
    assert progress.overdue == ()


def test_every_round_event_belongs_to_a_stage():
    assert set(EVENT_STAGES) == set(RoundEvent)


PUBLISHED_CHAIN = [
    ("draft", "submitted", at(2008, 5, 28)),
    ("submitted", "agreed_with_go", at(2008, 6, 2)),
    ("agreed_with_go", "council_approved", at(2008, 6, 3)),
    ("council_approved", "recommended", at(2008, 6, 5)),
    ("recommended", "approved", at(2008, 6, 20)),
    ("approved", "designated", at(2008, 6, 25)),
    ("designated", "published", at(2008, 6, 30)),
]


@pytest.mark.parametrize(
    ("reached", "today", "done", "overdue"),
    [
        # Nothing recorded and still in draft on 1 June: every past milestone is overdue.
        (0, date(2008, 6, 1), [], ["story_of_place", "priority_outcomes", "draft_framework",
                                   "statutory_targets_submitted", "revised_framework",
                                   "statutory_targets_agreed", "departments_consulted",
                                   "draft_agreement"]),
        # Submitted: 'draft agreement to the GO' and everything prepared before it are done.
        (1, date(2008, 6, 1), ["story_of_place", "priority_outcomes", "draft_framework",
                               "statutory_targets_submitted", "revised_framework", "draft_agreement"],
         ["statutory_targets_agreed", "departments_consulted"]),
        # Agreed with the GO: DCSF's targets and the departments' consultation are past too.
        (2, date(2008, 6, 3), ["story_of_place", "priority_outcomes", "draft_framework",
                               "statutory_targets_submitted", "revised_framework",
                               "statutory_targets_agreed", "departments_consulted", "draft_agreement"], []),
        # Published (long after): nothing overdue, every milestone done.
        (7, date(2008, 9, 1), [m.code for m in ROUND_2008.milestones], []),
    ],
)
def test_a_milestone_is_done_once_the_sign_off_has_passed_its_stage(reached, today, done, overdue):
    got = completions(ROUND_2008.milestones, status_rows=PUBLISHED_CHAIN[:reached])
    assert sorted(got) == sorted(done)
    progress = area_progress(ROUND_2008.milestones, got, today)
    assert [m.code for m in progress.overdue] == overdue
    # Passed by a stage, not recorded: counted on time (when it was done is unknown).
    for code in set(done) & {m.code for m in ROUND_2008.milestones if isinstance(m.completed_by, RoundEvent)}:
        assert progress.status_of(code) is MS.DONE


def test_a_recorded_event_keeps_its_own_day_after_the_stage_is_passed():
    got = completions(ROUND_2008.milestones, status_rows=PUBLISHED_CHAIN[:1],
                      events={"story_of_place_prepared": date(2007, 12, 10)})
    assert got["story_of_place"] == date(2007, 12, 10)
    assert area_progress(ROUND_2008.milestones, got, date(2008, 6, 1)).status_of("story_of_place") is MS.DONE_LATE


def test_a_return_to_draft_does_not_undo_a_passed_stage():
    rows = [*PUBLISHED_CHAIN[:1], ("submitted", "draft", at(2008, 5, 29))]
    assert "story_of_place" in completions(ROUND_2008.milestones, status_rows=rows)


def test_a_later_state_completes_the_earlier_milestones_too():
    custom = (Milestone("signed", "Signed", date(2008, 6, 30), S.COUNCIL_APPROVED),)
    rows = [
        ("draft", "submitted", at(2008, 6, 1)),
        ("submitted", "agreed_with_go", at(2008, 6, 2)),
        ("agreed_with_go", "council_approved", at(2008, 6, 3)),
    ]
    assert completions(custom, status_rows=rows) == {"signed": date(2008, 6, 3)}
    assert completions(custom, status_rows=rows[:2]) == {}


# ---- the designation deadline (D12): one month after the Secretary of State's approval -----

APPROVED_31_JAN = [("recommended", "approved", at(2008, 1, 31))]


@pytest.mark.parametrize(
    ("rows", "today", "deadline", "status"),
    [
        # Not yet approved: no deadline.
        ([], date(2008, 7, 1), None, None),
        (PUBLISHED_CHAIN[:4], date(2008, 7, 1), None, None),
        # Approved 20 June: the last day to designate is 20 July.
        (PUBLISHED_CHAIN[:5], date(2008, 6, 21), date(2008, 7, 20), MS.UPCOMING),
        (PUBLISHED_CHAIN[:5], date(2008, 7, 6), date(2008, 7, 20), MS.DUE_SOON),  # 14 days left
        (PUBLISHED_CHAIN[:5], date(2008, 7, 20), date(2008, 7, 20), MS.DUE_SOON),  # the last day
        (PUBLISHED_CHAIN[:5], date(2008, 7, 21), date(2008, 7, 20), MS.OVERDUE),
        # Designated on 25 June (or published since): done, whatever the day.
        (PUBLISHED_CHAIN[:6], date(2008, 9, 1), date(2008, 7, 20), MS.DONE),
        (PUBLISHED_CHAIN, date(2008, 9, 1), date(2008, 7, 20), MS.DONE),
        # Designated after the month: done late.
        ([*PUBLISHED_CHAIN[:5], ("approved", "designated", at(2008, 7, 22))], date(2008, 8, 1),
         date(2008, 7, 20), MS.DONE_LATE),
        # The month ends on the next month's last day when it is shorter.
        (APPROVED_31_JAN, date(2008, 2, 20), date(2008, 2, 29), MS.DUE_SOON),
        (APPROVED_31_JAN, date(2008, 3, 1), date(2008, 2, 29), MS.OVERDUE),
    ],
)
def test_the_designation_deadline(rows, today, deadline, status):
    found = designation_deadline(rows, today)
    if deadline is None:
        assert found is None
        return
    milestone, got = found
    assert (milestone.due, got) == (deadline, status)
    assert milestone.completed_by is S.DESIGNATED and milestone.who == "Secretary of State"


def test_the_designation_milestone_runs_from_approval():
    m = designation_milestone(date(2008, 6, 20))
    assert (m.starts, m.due, m.code) == (date(2008, 6, 20), date(2008, 7, 20), "designation")
    assert "within one month of approval" in m.title
