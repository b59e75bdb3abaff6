"""The negotiation API's request and response bodies (django-ninja schemas)."""

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema

from laa.presentation.api_schemas import DecimalIn


class BaselineIn(Schema):
    value: DecimalIn | None = None
    period: str | None = None


class TargetValuesIn(Schema):
    baseline: BaselineIn = BaselineIn()
    targets: dict[str, DecimalIn | None]
    category: str = ""
    partners: list[str] = []


class OutcomeValuesIn(Schema):
    title: str
    theme: str = ""


class TargetProposalIn(Schema):
    expected_sequence: int
    values: TargetValuesIn
    rationale: str
    on_behalf_of: str | None = None  # a department code, for a government counter-proposal


class OutcomeProposalIn(Schema):
    expected_sequence: int
    values: OutcomeValuesIn
    rationale: str


class AcceptIn(Schema):
    expected_sequence: int
    proposal: int
    meeting: int | None = None  # the id of the agreement's meeting where it was settled


class ChallengeIn(Schema):
    expected_sequence: int
    reason: Literal["evidence", "ambition", "affordability", "other"]
    text: str
    on_behalf_of: str | None = None


class EscalateIn(Schema):
    expected_sequence: int
    level: Literal["go", "department", "whitehall_champion", "ministers"]
    text: str


class ResolveIn(Schema):
    expected_sequence: int
    text: str
    meeting: int | None = None  # the id of the agreement's meeting where it was settled


class DecisionIn(Schema):
    expected_sequence: int
    kind: Literal["move_to_local", "placeholder", "withdraw", "reopen"]
    text: str = ""
    meeting: int | None = None  # the id of the agreement's meeting where it was settled


class AdviceIn(Schema):
    text: str


class EntryOut(Schema):
    sequence: int
    kind: str
    side: str
    author: str
    on_behalf_of: str | None
    at: datetime
    values: dict[str, Any] | None
    rationale: str
    refers_to: int | None
    challenge_reason: str
    escalation_level: str
    text: str
    meeting: int | None  # the id of the meeting where it was settled, if any


class AdviceOut(Schema):
    department: str
    author: str
    at: datetime
    text: str


class ThreadOut(Schema):
    area: str
    subject: str
    kind: str
    status: str | None
    turn: str | None
    open_proposal: int | None
    dispute_open: bool
    escalation_level: str | None
    agreed_values: dict[str, Any] | None
    last_sequence: int
    your_side: str | None
    your_moves: list[str]
    entries: list[EntryOut]
    advice: list[AdviceOut]


class StepOut(Schema):
    entry: EntryOut
    thread: ThreadOut


class ThreadSummaryOut(Schema):
    subject: str
    kind: str
    target_id: int | None
    outcome_id: int | None
    status: str | None
    turn: str | None
    dispute_open: bool
    escalation_level: str | None
    last_sequence: int
    last_at: datetime | None


class DecisionOut(Schema):
    subject: str
    target_id: int | None
    outcome_id: int | None
    text: str


class MeetingIn(Schema):
    kind: Literal["case_conference", "bilateral"]
    held_on: date
    attendees: list[str]
    notes: str = ""
    decisions: list[dict[str, Any]] = []  # {"target": id} or {"outcome": id}, with "text"


class MeetingOut(Schema):
    id: int
    kind: str
    held_on: date
    attendees: list[str]
    notes: str
    recorded_by: str
    decisions: list[DecisionOut]


class ChampionIn(Schema):
    name: str
    organisation: str = ""


class ChampionOut(Schema):
    name: str
    organisation: str
    appointed_by: str
    appointed_at: datetime


class MilestoneOut(Schema):
    code: str
    title: str
    starts: date | None
    due: date
    who: str
    completed_by: str
    status: str
    completed_on: date | None


class TimetableOut(Schema):
    area: str
    round: int
    today: date
    milestones: list[MilestoneOut]


class MilestoneIn(Schema):
    milestone: str
    completed_on: date
    note: str = ""
