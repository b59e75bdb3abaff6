"""Negotiation (D11) and the round's timetable (D10), as append-only records.

A `NegotiationThread` is the negotiation of one target or one priority outcome of an
agreement. Its `NegotiationEntry` rows (proposal, counter-proposal, acceptance,
challenge, escalation, resolution, ...) are never changed or deleted; the thread's
status, turn and dispute are derived from them by `laa.domain.negotiation_thread.derive`. The
thread keeps a copy of what was derived (`status`, `turn`, `dispute_open`, ...) so that
dashboards can count without reading every entry; `actions` rewrites that copy in the
same transaction as each entry, and `last_sequence` is the compare-and-set counter: an
answer names the sequence it saw, and one that saw an older thread is refused.

`RoundMilestone` rows are the round's timetable as data (loaded from
`data/milestones-2008.csv`); `MilestoneCompletion` records the events no sign-off state
records; `ReminderSent` makes `laa remind` idempotent per day.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from laa.accounts.scopes import area_filter
from laa.audit.append_only import AppendOnlyModel, AppendOnlyQuerySet
from laa.domain.negotiation import (
    ESCALATION_LABELS,
    STATUS_LABELS,
    ChallengeReason,
    EntryKind,
    Side,
    ThreadKind,
)
from laa.domain.signoff import SignOffState
from laa.domain.timetable import Milestone, RoundEvent
from laa.negotiation.scopes import advice_filter, agreement_scope, thread_filter

STATUS_CHOICES = [(s.value, label) for s, label in STATUS_LABELS.items()]
KIND_CHOICES = [(k.value, k.value.replace("_", " ")) for k in ThreadKind]
ENTRY_KIND_CHOICES = [(k.value, k.value.replace("_", " ")) for k in EntryKind]
SIDE_CHOICES = [(s.value, s.value) for s in Side]
REASON_CHOICES = [(r.value, r.value) for r in ChallengeReason]
LEVEL_CHOICES = [(level.value, label) for level, label in ESCALATION_LABELS.items()]


# ---- scopes: negotiation is private to the parties, even once the agreement is published
# (laa.negotiation.scopes); each model's one scope is `objects.visible_to(user)`.


class ThreadQuerySet(models.QuerySet["NegotiationThread"]):
    def visible_to(self, user) -> ThreadQuerySet:
        return self.filter(thread_filter(user))


class EntryQuerySet(AppendOnlyQuerySet):
    """Proposals, answers and the rest of a thread's entries: seen with the thread."""

    def visible_to(self, user) -> EntryQuerySet:
        return self.filter(thread_filter(user, "thread__"))


class AdviceQuerySet(AppendOnlyQuerySet):
    def visible_to(self, user) -> AdviceQuerySet:
        return self.filter(advice_filter(user))


class AgreementNegotiationQuerySet(AppendOnlyQuerySet):
    """Meetings and champions: seen by whoever reads the agreement's negotiation."""

    def visible_to(self, user) -> AgreementNegotiationQuerySet:
        return self.filter(agreement_scope(user, "agreement__"))


class DecisionQuerySet(AppendOnlyQuerySet):
    def visible_to(self, user) -> DecisionQuerySet:
        return self.filter(agreement_scope(user, "meeting__agreement__"))


class MilestoneQuerySet(models.QuerySet["RoundMilestone"]):
    """The round's timetable is public: the scope is all of it."""

    def visible_to(self, user) -> MilestoneQuerySet:
        return self.all()


class CompletionQuerySet(AppendOnlyQuerySet):
    """An area's recorded milestones: with the area's timetable (its people, its GO,
    departments and national readers)."""

    def visible_to(self, user) -> CompletionQuerySet:
        return self.filter(area_filter(user, "area__"))


class NegotiationThread(models.Model):
    """The negotiation of one target or one priority outcome (exactly one of the two)."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="threads")
    target = models.OneToOneField(
        "agreements.Target", on_delete=models.SET_NULL, null=True, blank=True, related_name="thread",
        help_text="Kept as null if the target is later deleted: the history stays",
    )
    outcome = models.OneToOneField(
        "agreements.Outcome", on_delete=models.SET_NULL, null=True, blank=True, related_name="thread",
    )
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    subject = models.CharField(max_length=300, help_text="The target's key or the outcome's title when opened")
    # Derived from the entries (laa.domain.negotiation_thread.derive), rewritten with each entry.
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, blank=True)
    turn = models.CharField(max_length=12, choices=SIDE_CHOICES, blank=True)
    dispute_open = models.BooleanField(default=False)
    escalation_level = models.CharField(max_length=20, choices=LEVEL_CHOICES, blank=True)
    last_sequence = models.PositiveIntegerField(default=0, help_text="Compare-and-set counter: the last entry's sequence")
    last_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "id"]
        indexes = [
            models.Index(fields=["agreement", "status"]),
            models.Index(fields=["dispute_open"]),
        ]

    def __str__(self) -> str:
        return f"Negotiation of {self.subject}"


class NegotiationEntry(AppendOnlyModel):
    """One line of a thread. `sequence` is unique in the thread: the second of two
    answers to the same state of the thread cannot be inserted."""

    thread = models.ForeignKey(NegotiationThread, on_delete=models.CASCADE, related_name="entries")
    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=ENTRY_KIND_CHOICES)
    side = models.CharField(max_length=12, choices=SIDE_CHOICES)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_name = models.CharField(max_length=200, help_text="The person's name when they wrote it")
    role = models.CharField(max_length=24, blank=True)
    on_behalf_of = models.ForeignKey(
        "catalogue.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="A department whose advice the Government Office put forward",
    )
    at = models.DateTimeField()
    values = models.JSONField(null=True, blank=True, help_text="Proposals: the values, exact decimals as strings")
    rationale = models.TextField(blank=True)
    refers_to = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        help_text="The proposal accepted, countered or challenged",
    )
    challenge_reason = models.CharField(max_length=16, choices=REASON_CHOICES, blank=True)
    escalation_level = models.CharField(max_length=20, choices=LEVEL_CHOICES, blank=True)
    text = models.TextField(blank=True)
    meeting = models.ForeignKey(
        "Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="entries",
        help_text="The meeting where this was decided, if any",
    )

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["thread", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "sequence"], name="one_entry_per_sequence"),
        ]
        verbose_name_plural = "negotiation entries"

    def __str__(self) -> str:
        return f"#{self.sequence} {self.kind} ({self.side})"

    @property
    def entry_id(self) -> str:
        """How the domain and the messages name the entry: "#3"."""
        return f"#{self.sequence}"


class Advice(AppendOnlyModel):
    """A department's advice to the Government Office on a thread (departments speak through
    the GO, D11). Seen by the government side and national readers, not by the partnership."""

    thread = models.ForeignKey(NegotiationThread, on_delete=models.CASCADE, related_name="advice")
    department = models.ForeignKey("catalogue.Department", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_name = models.CharField(max_length=200)
    at = models.DateTimeField()
    text = models.TextField()

    objects = AdviceQuerySet.as_manager()

    class Meta:
        ordering = ["thread", "at", "id"]
        verbose_name_plural = "advice"

    def __str__(self) -> str:
        return f"{self.department.code} advice on {self.thread.subject}"


class MeetingKind(models.TextChoices):
    CASE_CONFERENCE = "case_conference", "Case conference"
    BILATERAL = "bilateral", "Bilateral meeting"


class Meeting(AppendOnlyModel):
    """A face-to-face meeting of the negotiation (D11), with who came and what it decided."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField()
    attendees = models.TextField(help_text="One attendee a line: name, organisation")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_by_name = models.CharField(max_length=200)
    recorded_at = models.DateTimeField()

    objects = AgreementNegotiationQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%d %B %Y}"

    @property
    def attendee_list(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class MeetingDecision(AppendOnlyModel):
    """What a meeting decided about one target or outcome."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    target = models.ForeignKey("agreements.Target", on_delete=models.SET_NULL, null=True, blank=True, related_name="meeting_decisions")
    outcome = models.ForeignKey("agreements.Outcome", on_delete=models.SET_NULL, null=True, blank=True, related_name="meeting_decisions")
    subject = models.CharField(max_length=300, help_text="The target's key or outcome's title when decided")
    text = models.TextField()
    position = models.PositiveIntegerField(default=0)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return f"Decision on {self.subject}"


class ChampionRole(models.TextChoices):
    WHITEHALL = "whitehall_champion", "Whitehall negotiating champion"


class Champion(AppendOnlyModel):
    """A senior Whitehall negotiating champion who joins the GO for an area (27 in 2008)."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="champions")
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True, help_text="Their department or office")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    role = models.CharField(max_length=24, choices=ChampionRole.choices, default=ChampionRole.WHITEHALL)
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    appointed_by_name = models.CharField(max_length=200)
    appointed_at = models.DateTimeField()

    objects = AgreementNegotiationQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "appointed_at", "id"]

    def __str__(self) -> str:
        return self.name


class RoundMilestone(models.Model):
    """One milestone of a round's timetable (D10): data, loaded from a reviewed CSV file."""

    round = models.ForeignKey("catalogue.Round", on_delete=models.CASCADE, related_name="milestones")
    code = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    starts = models.DateField(null=True, blank=True, help_text="First day, when the milestone is a period")
    due = models.DateField(help_text="The last day")
    completed_by = models.CharField(max_length=40, help_text="A sign-off state or a round event")
    who = models.CharField(max_length=120, blank=True)
    provisional = models.BooleanField(default=False)
    source = models.CharField(max_length=300, blank=True, help_text="Where the date comes from")
    position = models.PositiveIntegerField(default=0)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["round", "due", "position"]
        constraints = [models.UniqueConstraint(fields=["round", "code"], name="unique_milestone_code")]

    def __str__(self) -> str:
        return self.title

    def to_domain(self):
        states = {s.value for s in SignOffState}
        completed_by = SignOffState(self.completed_by) if self.completed_by in states else RoundEvent(self.completed_by)
        return Milestone(
            code=self.code, title=self.title, due=self.due, completed_by=completed_by,
            starts=self.starts, who=self.who, provisional=self.provisional,
        )


class MilestoneCompletion(AppendOnlyModel):
    """An area's completion of a milestone that no sign-off state records (a round event)."""

    area = models.ForeignKey("places.Area", on_delete=models.PROTECT, related_name="milestone_completions")
    milestone = models.ForeignKey(RoundMilestone, on_delete=models.CASCADE, related_name="completions")
    completed_on = models.DateField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_by_name = models.CharField(max_length=200)
    recorded_at = models.DateTimeField()

    objects = CompletionQuerySet.as_manager()

    class Meta:
        ordering = ["area", "milestone__due"]
        constraints = [models.UniqueConstraint(fields=["area", "milestone"], name="one_completion_per_milestone")]

    def __str__(self) -> str:
        return f"{self.milestone.title}: done on {self.completed_on:%d %B %Y}"


class ReminderSent(AppendOnlyModel):
    """`laa remind` sent the area's reminder about this milestone on this day."""

    area = models.ForeignKey("places.Area", on_delete=models.CASCADE, related_name="+")
    milestone = models.ForeignKey(RoundMilestone, on_delete=models.CASCADE, related_name="reminders")
    day = models.DateField()
    status = models.CharField(max_length=12, help_text="overdue or due_soon")
    recipients = models.TextField(help_text="The addresses written to, one a line")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "area"]
        constraints = [
            models.UniqueConstraint(fields=["area", "milestone", "day"], name="one_reminder_a_day"),
        ]

    def __str__(self) -> str:
        return f"Reminder of {self.milestone.title} ({self.day:%d %B %Y})"


class DesignationReminderSent(AppendOnlyModel):
    """`laa remind` told CLG on this day of the area's designation deadline (D12: the
    Secretary of State designates within one month of approval)."""

    area = models.ForeignKey("places.Area", on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey("catalogue.Round", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    deadline = models.DateField()
    status = models.CharField(max_length=12, help_text="overdue or due_soon")
    recipients = models.TextField(help_text="The addresses written to, one a line")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "area"]
        constraints = [
            models.UniqueConstraint(fields=["area", "round", "day"], name="one_designation_reminder_a_day"),
        ]

    def __str__(self) -> str:
        return f"Reminder of the designation deadline {self.deadline:%d %B %Y} ({self.day:%d %B %Y})"
