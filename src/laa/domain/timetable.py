"""The timetable of a negotiation round (DOMAIN.md D10), and each area's progress against it.

A round's dates are data, not code: its milestones come from `negotiation/data/milestones.csv`
and its approval opening day (no early sign-off) from `catalogue/data/rounds.csv`, loaded by
`laa load-reference`; this module holds no round's dates and is given them as input.

A milestone is completed either by the agreement reaching a sign-off state (the first time
it enters that state) or by an event of the round recorded for the area. An event belongs
to a stage of the round (`EVENT_STAGES`): once the agreement's sign-off has passed that
stage (e.g. the draft agreement went to the GO, so the story of place and the frameworks
before it were done), the event counts as done even if nobody recorded it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from laa.domain.signoff import SignOffState
from laa.domain.signoff_guards import one_month_after
from laa.domain.target_agreement import TargetStanding, statutory_agreed_on


class RoundEvent(StrEnum):
    """Milestones that no sign-off state records."""

    STORY_OF_PLACE_PREPARED = "story_of_place_prepared"
    PRIORITY_OUTCOMES_AGREED = "priority_outcomes_agreed"
    DRAFT_FRAMEWORK_SUBMITTED = "draft_framework_submitted"
    STATUTORY_TARGETS_SUBMITTED = "statutory_targets_submitted"
    REVISED_FRAMEWORK_SUBMITTED = "revised_framework_submitted"
    STATUTORY_TARGETS_AGREED = "statutory_targets_agreed"
    DEPARTMENTS_CONSULTED = "departments_consulted"


# The sign-off state whose entry shows each event is past: everything the partnership
# prepares or submits before the draft agreement is in it once it is submitted; the DCSF
# targets and the GO's consultation of departments are settled once the GO agrees it.
EVENT_STAGES: Mapping[RoundEvent, SignOffState] = {
    RoundEvent.STORY_OF_PLACE_PREPARED: SignOffState.SUBMITTED,
    RoundEvent.PRIORITY_OUTCOMES_AGREED: SignOffState.SUBMITTED,
    RoundEvent.DRAFT_FRAMEWORK_SUBMITTED: SignOffState.SUBMITTED,
    RoundEvent.STATUTORY_TARGETS_SUBMITTED: SignOffState.SUBMITTED,
    RoundEvent.REVISED_FRAMEWORK_SUBMITTED: SignOffState.SUBMITTED,
    # Only when the agreement has no statutory targets: otherwise DCSF's agreement of each
    # says when it was done (`completions`), and the GO cannot agree before it (D3).
    RoundEvent.STATUTORY_TARGETS_AGREED: SignOffState.AGREED_WITH_GO,
    RoundEvent.DEPARTMENTS_CONSULTED: SignOffState.AGREED_WITH_GO,
}


class MilestoneStatus(StrEnum):
    DONE = "done"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    UPCOMING = "upcoming"


MILESTONE_STATUS_LABELS: Mapping[MilestoneStatus, str] = {
    MilestoneStatus.DONE: "Done",
    MilestoneStatus.DONE_LATE: "Done late",
    MilestoneStatus.OVERDUE: "Overdue",
    MilestoneStatus.DUE_SOON: "Due soon",
    MilestoneStatus.UPCOMING: "Upcoming",
}

DONE_STATUSES = frozenset({MilestoneStatus.DONE, MilestoneStatus.DONE_LATE})


@dataclass(frozen=True)
class Milestone:
    code: str
    title: str
    due: date  # the last day; for a period ("October to November") its last day
    completed_by: SignOffState | RoundEvent
    starts: date | None = None  # first day of a period, when the milestone is one
    who: str = ""  # who must act: "LSP", "Government Office", "DCSF", ...
    provisional: bool = False  # the source gives the date as provisional


def check_milestones(round_code: str, milestones: Iterable[Milestone]) -> None:
    """A round's milestones have unique codes and are in order of due date (ValueError if not)."""
    listed = list(milestones)
    codes = [m.code for m in listed]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ValueError(f"Round {round_code}: milestone codes repeated: {', '.join(duplicates)}.")
    if listed != sorted(listed, key=lambda m: m.due):
        raise ValueError(f"Round {round_code}: milestones must be in order of due date.")


@dataclass(frozen=True)
class Round:
    code: str
    title: str
    period_start: date  # first day of the agreement's three years
    period_end: date
    approval_opens_on: date  # no early sign-off: the Secretary of State approves from this day
    milestones: tuple[Milestone, ...]

    def __post_init__(self) -> None:
        check_milestones(self.code, self.milestones)

    def milestone(self, code: str) -> Milestone:
        for m in self.milestones:
            if m.code == code:
                return m
        raise KeyError(code)


def milestone_status(
    milestone: Milestone, *, completed_on: date | None, today: date, due_soon_days: int = 14
) -> MilestoneStatus:
    """done / done_late once completed; otherwise overdue, due_soon (within the days) or upcoming."""
    if completed_on is not None:
        return MilestoneStatus.DONE if completed_on <= milestone.due else MilestoneStatus.DONE_LATE
    if today > milestone.due:
        return MilestoneStatus.OVERDUE
    if (milestone.due - today).days <= due_soon_days:
        return MilestoneStatus.DUE_SOON
    return MilestoneStatus.UPCOMING


@dataclass(frozen=True)
class AreaProgress:
    statuses: tuple[tuple[Milestone, MilestoneStatus], ...]
    next_milestone: Milestone | None  # the earliest-due milestone not yet done (may be overdue)
    overdue: tuple[Milestone, ...]
    done_late: tuple[Milestone, ...]
    done: int
    total: int

    def status_of(self, code: str) -> MilestoneStatus:
        for m, status in self.statuses:
            if m.code == code:
                return status
        raise KeyError(code)


def area_progress(
    milestones: Iterable[Milestone],
    completions: Mapping[str, date],
    today: date,
    *,
    due_soon_days: int = 14,
) -> AreaProgress:
    """One area's progress: `completions` maps milestone code to the day it was completed."""
    ordered = sorted(milestones, key=lambda m: m.due)
    statuses = tuple(
        (
            m,
            milestone_status(
                m, completed_on=completions.get(m.code), today=today, due_soon_days=due_soon_days
            ),
        )
        for m in ordered
    )
    pending = [m for m, s in statuses if s not in DONE_STATUSES]
    return AreaProgress(
        statuses=statuses,
        next_milestone=pending[0] if pending else None,
        overdue=tuple(m for m, s in statuses if s is MilestoneStatus.OVERDUE),
        done_late=tuple(m for m, s in statuses if s is MilestoneStatus.DONE_LATE),
        done=sum(1 for _, s in statuses if s in DONE_STATUSES),
        total=len(statuses),
    )


def progress_by_area(
    milestones: Iterable[Milestone],
    completions_by_area: Mapping[str, Mapping[str, date]],
    today: date,
    *,
    due_soon_days: int = 14,
) -> dict[str, AreaProgress]:
    """`area_progress` for each area code in `completions_by_area` (an empty mapping: none done)."""
    ordered = tuple(milestones)
    return {
        area: area_progress(ordered, done, today, due_soon_days=due_soon_days)
        for area, done in completions_by_area.items()
    }


def completions(
    milestones: Iterable[Milestone],
    *,
    status_rows: Iterable[tuple[SignOffState | str, SignOffState | str, datetime]] = (),
    events: Mapping[RoundEvent | str, date] | None = None,
    statutory: Iterable[TargetStanding] | None = None,
) -> dict[str, date]:
    """Milestone code -> completion day, from an area's sign-off status rows and recorded events.

    A state milestone is completed the first time the agreement enters that state, or any
    later state of the chain: returning to draft and resubmitting does not undo it.

    An event milestone is completed on the day recorded for it; if none was recorded but
    the agreement has passed the event's stage (`EVENT_STAGES`), it is done: the agreement
    could not have got there without it. When it was done is not known, only that it was
    by the day the stage was reached, so it counts as on time (the day the stage was
    reached, or the milestone's due day if earlier): the lateness of the stage itself
    shows on the stage's own milestone.

    The statutory targets agreed with DCSF (D3) are the exception: when the agreement has
    statutory targets (`statutory`, its targets' standings), that milestone is done on the
    day DCSF agreed the last of them (`target_agreement.statutory_agreed_on`), and neither
    a recorded day nor the agreement moving on shows it done before.
    """
    first_entry = _first_entries(status_rows)
    recorded = {RoundEvent(k): v for k, v in (events or {}).items()}
    standings = [t for t in (statutory or ()) if t.statutory]
    result: dict[str, date] = {}
    for m in milestones:
        if isinstance(m.completed_by, SignOffState):
            day = first_entry.get(m.completed_by)
        elif m.completed_by is RoundEvent.STATUTORY_TARGETS_AGREED and standings:
            day = statutory_agreed_on(standings)
        else:
            day = recorded.get(m.completed_by)
            passed = first_entry.get(EVENT_STAGES[m.completed_by])
            if day is None and passed is not None:
                day = min(passed, m.due)
        if day is not None:
            result[m.code] = day
    return result


# (from, to, at): `at` in the service's local time (its date is the day the step was taken).
StatusRows = Iterable[tuple[SignOffState | str, SignOffState | str, datetime]]


def _first_entries(status_rows: StatusRows) -> dict[SignOffState, date]:
    """The day the agreement first reached each state (or a later state of the chain)."""
    order = list(SignOffState)
    first_entry: dict[SignOffState, date] = {}
    for _source, target, at in status_rows:
        reached = order.index(SignOffState(target))
        for state in order[1 : reached + 1]:
            first_entry.setdefault(state, at.date())
    return first_entry


DESIGNATION_CODE = "designation"


def designation_milestone(approved_on: date) -> Milestone:
    """D12: the Secretary of State designates the targets within one month of approval
    (s107, s109); the deadline follows each agreement's own approval day."""
    return Milestone(
        DESIGNATION_CODE,
        "Secretary of State designates the targets (within one month of approval)",
        one_month_after(approved_on),
        SignOffState.DESIGNATED,
        starts=approved_on,
        who="Secretary of State",
    )


def designation_deadline(
    status_rows: StatusRows, today: date, *, due_soon_days: int = 14
) -> tuple[Milestone, MilestoneStatus] | None:
    """The designation deadline of an approved agreement and its status (done, done late,
    overdue, due soon or upcoming), from its sign-off status rows; None until approved."""
    first_entry = _first_entries(status_rows)
    approved_on = first_entry.get(SignOffState.APPROVED)
    if approved_on is None:
        return None
    milestone = designation_milestone(approved_on)
    status = milestone_status(
        milestone,
        completed_on=first_entry.get(SignOffState.DESIGNATED),
        today=today,
        due_soon_days=due_soon_days,
    )
    return milestone, status
