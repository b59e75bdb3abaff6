"""Negotiation actions (D10, D11) against the database: threads derived through the domain,
acceptance writing the agreed values into the agreement, stale answers refused with who
did what, the side rules, meetings, champions, the timetable, the milestones file and the
reminders."""

from __future__ import annotations

import smtplib
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.test import override_settings

from laa.accounts.models import User
from laa.audit.append_only import AppendOnly
from laa.negotiation import actions, entries
from laa.negotiation import actions_records as records
from laa.negotiation.models import (
    Champion,
    MilestoneCompletion,
    NegotiationEntry,
    NegotiationThread,
    ReminderSent,
    RoundMilestone,
)
from laa.negotiation.scopes import Subject

from .matrix_negotiation import build_world, proposal_values

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_fragments():
    """Pages keep rendered content per process, keyed by the data (laa.presentation.fragments);
    a rolled-back test can leave ids that the next test reuses, so start each test empty."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def world():
    return build_world(with_proposal=False, with_meeting=False)


@pytest.fixture
def people():
    return {u.username: u for u in User.objects.filter(is_demo=True)}


def subject(world, key="NI 39"):
    target = {"NI 16": world.ni16, "NI 39": world.ni39, "NI 72": world.ni72}[key]
    target.refresh_from_db()
    return Subject(world.agreement, target=target)


def step(world, people, who, kind, seen, key="NI 39", **fields):
    if kind in ("proposal", "counter_proposal"):
        fields.setdefault("values", proposal_values(fields.pop("final", "8.5")))
        fields.setdefault("rationale", "Because the evidence says so.")
    if kind == "challenge":
        fields.setdefault("challenge_reason", "ambition")
        fields.setdefault("text", "Not stretching enough.")
    if kind == "escalate":
        fields.setdefault("text", "We disagree on affordability.")
    if kind in ("resolve", "reopen"):
        fields.setdefault("text", "Agreed at the case conference.")
    return actions.add_entry(actor=people[who], subject=subject(world, key), kind=kind, seen=seen, **fields)


def thread_of(world, key="NI 39") -> NegotiationThread:
    return NegotiationThread.objects.get(target=subject(world, key).target)


# ---- status derived from the entries (table-driven) ---------------------------------------

P, G = "officer", "go-manager"
FLOWS = [
    ("proposed", [(P, "proposal", {})], "proposed", "government", False),
    ("countered", [(P, "proposal", {}), (G, "counter_proposal", {"final": "8.0"})], "under_negotiation",
     "partnership", False),
    ("challenged", [(P, "proposal", {}), (G, "challenge", {})], "under_negotiation", "partnership", False),
    ("agreed", [(P, "proposal", {}), (G, "accept", {"proposal": 1})], "agreed", "", False),
    ("escalated", [(P, "proposal", {}), (G, "challenge", {}), (P, "escalate", {"level": "go"}),
                   (G, "escalate", {"level": "department"})], "under_negotiation", "partnership", True),
    ("resolved", [(P, "proposal", {}), (P, "escalate", {"level": "go"}), (G, "resolve", {})],
     "under_negotiation", "government", False),
    ("moved to local", [(P, "proposal", {}), (P, "move_to_local", {})], "moved_to_local", "", False),
    ("placeholder", [(P, "proposal", {}), (G, "placeholder", {})], "placeholder", "", False),
    ("withdrawn", [(P, "proposal", {}), (P, "withdraw", {})], "withdrawn", "", False),
    ("reopened", [(P, "proposal", {}), (P, "withdraw", {}), (G, "reopen", {})], "under_negotiation", "", False),
]


@pytest.mark.parametrize(("name", "steps", "status", "turn", "dispute"), FLOWS, ids=[f[0] for f in FLOWS])
def test_the_thread_status_is_derived_from_its_entries(world, people, name, steps, status, turn, dispute):
    for seen, (who, kind, fields) in enumerate(steps):
        step(world, people, who, kind, seen, **fields)
    thread = thread_of(world)
    assert (thread.status, thread.turn, thread.dispute_open) == (status, turn, dispute)
    assert thread.last_sequence == len(steps)
    # The stored copy is what the domain derives from the entries.
    state = entries.thread_state(thread, list(thread.entries.order_by("sequence")))
    assert (state.status.value, state.turn.value if state.turn else "", state.dispute_open) == (status, turn, dispute)


# ---- acceptance writes the agreed values --------------------------------------------------


def test_accepting_writes_the_agreed_values_into_the_target(world, people):
    step(world, people, P, "proposal", 0)
    values = {**proposal_values("7.25"), "baseline_value": "10.40", "category": "local",
              "partners": "Kent Police Authority\nKent Voluntary Sector Forum"}
    step(world, people, G, "counter_proposal", 1, values=values)
    before = world.ni39.version
    step(world, people, P, "accept", 2, proposal=2)
    target = world.ni39
    target.refresh_from_db()
    assert target.yearly == {"2008/09": "9.8", "2009/10": "9.1", "2010/11": "7.25"}
    assert target.baseline_value == Decimal("10.4") and target.baseline_period == "2007/08"
    assert target.category == "local"
    assert [(p.name, p.duty, p.lead) for p in target.partners.all()] == [
        ("Kent Police Authority", "have_regard", True),  # kept as it was signed up
        ("Kent Voluntary Sector Forum", "voluntary", False),  # a new partner: voluntary, not a partner authority
    ]
    assert target.version == before + 1
    accepted = NegotiationEntry.objects.get(thread__target=target, kind="accept")
    assert accepted.refers_to.sequence == 2
    # The exact decimals are kept as strings in the entry.
    assert accepted.refers_to.values["targets"]["2010/11"] == "7.25"


def test_accepting_an_outcome_proposal_retitles_the_outcome(world, people):
    outcome = Subject(world.agreement, outcome=world.outcome)
    actions.add_entry(actor=people[G], subject=outcome, kind="proposal", seen=0,
                      values={"title": "Safer, stronger and more cohesive communities", "theme": "Safer"},
                      rationale="The shared list agreed in December.")
    actions.add_entry(actor=people[P], subject=outcome, kind="accept", seen=1, proposal=1)
    world.outcome.refresh_from_db()
    assert (world.outcome.title, world.outcome.theme) == ("Safer, stronger and more cohesive communities", "Safer")


def test_moving_to_local_and_placeholder_change_the_target(world, people):
    step(world, people, P, "proposal", 0)
    step(world, people, P, "move_to_local", 1)
    world.ni39.refresh_from_db()
    assert world.ni39.category == "local"
    step(world, people, P, "proposal", 0, key="NI 16")
    step(world, people, G, "placeholder", 1, key="NI 16", text="New indicator: no baseline until 2009.")
    world.ni16.refresh_from_db()
    assert world.ni16.placeholder_reason == "New indicator: no baseline until 2009."


def test_an_acceptance_on_an_approved_agreement_is_refused_and_nothing_is_saved(world, people):
    from laa.agreements.models import Agreement

    step(world, people, P, "proposal", 0)
    Agreement.objects.filter(pk=world.agreement.pk).update(state="approved")
    with pytest.raises(actions.Refused, match="approved"):
        step(world, people, G, "accept", 1, proposal=1)
    assert thread_of(world).last_sequence == 1
    assert NegotiationEntry.objects.filter(thread__target=world.ni39).count() == 1


# ---- stale answers ------------------------------------------------------------------------


def test_a_stale_answer_is_refused_saying_who_did_what_and_when(world, people):
    step(world, people, P, "proposal", 0)
    step(world, people, G, "accept", 1, proposal=1)
    with pytest.raises(actions.StaleAnswer) as refused:
        step(world, people, "go-director", "counter_proposal", 1, final="8.0")  # saw only the proposal
    message = str(refused.value)
    assert "Gil Locality Manager (demo) accepted proposal #1 at " in message
    assert "your answer was not saved" in message
    thread = thread_of(world)
    assert thread.last_sequence == 2 and thread.status == "agreed"
    assert list(thread.entries.values_list("kind", flat=True)) == ["proposal", "accept"]


def test_a_first_proposal_on_a_thread_someone_opened_meanwhile_is_stale(world, people):
    step(world, people, P, "proposal", 0)
    with pytest.raises(actions.StaleAnswer, match="Pat Officer \\(demo\\) made proposal #1"):
        step(world, people, G, "proposal", 0)


# ---- the domain's rules and the sides -----------------------------------------------------

REFUSALS = [
    ("accept own proposal", [(P, "proposal", {})], (P, "accept", {"proposal": 1}), "own side"),
    ("counter own proposal", [(P, "proposal", {})], (P, "counter_proposal", {}), "own side"),
    ("accept superseded", [(P, "proposal", {}), (G, "counter_proposal", {})], (G, "accept", {"proposal": 1}),
     "superseded"),
    ("escalate downward", [(P, "proposal", {}), (P, "escalate", {"level": "go"}),
                           (P, "escalate", {"level": "department"})], (G, "escalate", {"level": "go"}), "upward only"),
    ("first escalation to ministers", [(P, "proposal", {})], (P, "escalate", {"level": "ministers"}),
     "starting with the Government Office"),
    ("champion without one", [(P, "proposal", {}), (P, "escalate", {"level": "go"}),
                              (P, "escalate", {"level": "department"})], (P, "escalate", {"level": "whitehall_champion"}),
     "has no Whitehall negotiating champion"),
    ("accept with a dispute open", [(P, "proposal", {}), (P, "escalate", {"level": "go"})],
     (G, "accept", {"proposal": 1}), "must record its resolution before a proposal is accepted"),
    ("withdraw with a dispute open", [(P, "proposal", {}), (G, "escalate", {"level": "go"})], (P, "withdraw", {}),
     "must record its resolution before the negotiation is withdrawn"),
    ("placeholder with a dispute open", [(P, "proposal", {}), (G, "escalate", {"level": "go"})],
     (G, "placeholder", {}), "before the target is agreed as a placeholder"),
    ("move to local with a dispute open", [(P, "proposal", {}), (G, "escalate", {"level": "go"})],
     (P, "move_to_local", {}), "before the target moves to the local targets"),
    ("partnership resolves", [(P, "proposal", {}), (P, "escalate", {"level": "go"})], (P, "resolve", {}),
     "records a dispute's resolution"),
    ("answer a closed thread", [(P, "proposal", {}), (G, "accept", {"proposal": 1})], (G, "challenge", {}),
     "reopened"),
    ("accept no such proposal", [(P, "proposal", {})], (G, "accept", {"proposal": 7}), "no proposal #7"),
]


@pytest.mark.parametrize(("name", "before", "move", "reason"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_the_negotiations_rules_refuse_with_a_reason(world, people, name, before, move, reason):
    for seen, (who, kind, fields) in enumerate(before):
        step(world, people, who, kind, seen, **fields)
    who, kind, fields = move
    with pytest.raises(actions.Refused, match=reason):
        step(world, people, who, kind, len(before), **fields)
    assert thread_of(world).last_sequence == len(before)


@pytest.mark.parametrize(("who", "key"), [
    ("partner", "NI 39"), ("department", "NI 16"), ("dcsf", "NI 39"), ("clg", "NI 39"), ("admin", "NI 39"),
    ("go-manager", "NI 72"),  # statutory targets are agreed with DCSF, not the GO
])
def test_only_the_sides_speak(world, people, who, key):
    with pytest.raises(PermissionDenied):
        step(world, people, who, "proposal", 0, key=key)
    assert not NegotiationThread.objects.filter(target__key=key).exists()  # not even opened


def test_dcsf_negotiates_the_statutory_targets(world, people):
    values = {**proposal_values(), "category": "statutory"}
    step(world, people, P, "proposal", 0, key="NI 72", values=values)
    step(world, people, "dcsf", "accept", 1, key="NI 72", proposal=1)
    assert thread_of(world, "NI 72").status == "agreed"


def test_a_statutory_target_cannot_be_proposed_as_designated(world, people):
    with pytest.raises(actions.NegotiationError) as bad:
        step(world, people, P, "proposal", 0, key="NI 72")
    assert "category" in bad.value.problems


FIELD_ERRORS = [
    ("proposal", {"values": {**proposal_values(), "target_2010_11": "eight"}}, "target_2010_11"),
    ("proposal", {"values": {**proposal_values(), "baseline_value": "1.23456"}}, "baseline_value"),
    ("proposal", {"values": {**proposal_values(), "baseline_period": ""}}, "baseline_period"),
    ("proposal", {"values": {**proposal_values(), "category": "nonsense"}}, "category"),
    ("proposal", {"values": {**proposal_values(), "partners": "Kent Police Authority\nkent police authority"}},
     "partners"),
    ("proposal", {"rationale": "  "}, "rationale"),
    ("proposal", {"values": {"baseline_value": "", "category": "local"}}, "target_2010_11"),
    ("challenge", {"challenge_reason": "mood"}, "challenge_reason"),
    ("challenge", {"text": ""}, "text"),
    ("escalate", {"level": "the queen"}, "level"),
    ("kick", {}, "kind"),
]


@pytest.mark.parametrize(("kind", "fields", "field"), FIELD_ERRORS, ids=[f"{k}-{f}" for k, _, f in FIELD_ERRORS])
def test_bad_input_names_the_field_and_saves_nothing(world, people, kind, fields, field):
    if kind != "proposal":
        step(world, people, P, "proposal", 0)
    seen = 0 if kind == "proposal" else 1
    who = P if kind == "proposal" else G
    with pytest.raises(actions.NegotiationError) as bad:
        step(world, people, who, kind, seen, **fields)
    assert field in bad.value.problems
    assert NegotiationEntry.objects.filter(thread__target=world.ni39).count() == seen


def test_entries_are_append_only(world, people):
    entry = step(world, people, P, "proposal", 0)
    entry.text = "changed"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        NegotiationEntry.objects.filter(pk=entry.pk).update(text="changed")


def test_each_step_writes_the_audit_trail(world, people):
    from laa.audit.models import AuditEvent

    entry = step(world, people, P, "proposal", 0)
    event = AuditEvent.objects.get(record_type="negotiation.negotiationentry", record_id=str(entry.pk))
    assert (event.action, event.actor_label) == ("negotiation-proposal", "officer")


def test_advice_comes_from_the_department_of_the_indicator(world, people):
    advice = actions.give_advice(actor=people["department"], subject=subject(world, "NI 16"), text="Stretch it.")
    assert advice.department.code == "HO"
    with pytest.raises(PermissionDenied):
        actions.give_advice(actor=people["department"], subject=subject(world, "NI 39"), text="Not ours.")
    with pytest.raises(actions.NegotiationError):
        actions.give_advice(actor=people["department"], subject=subject(world, "NI 16"), text=" ")


def test_a_department_view_put_forward_by_the_go(world, people):
    from laa.catalogue.models import Department

    step(world, people, P, "proposal", 0)
    entry = step(world, people, G, "challenge", 1, on_behalf_of=Department.objects.get(code="DH"))
    assert entry.on_behalf_of.code == "DH"
    with pytest.raises(actions.NegotiationError):
        step(world, people, P, "counter_proposal", 2, on_behalf_of=Department.objects.get(code="DH"))


# ---- meetings, champions ------------------------------------------------------------------


def test_a_meeting_records_attendees_and_decisions_on_targets(world, people):
    meeting = records.record_meeting(
        actor=people[G], agreement=world.agreement, kind="bilateral", held_on="2008-03-12",
        attendees="Pat Officer\n\nGil Locality Manager\n", notes="Good progress.",
        decisions=[{"target": world.ni39.pk, "text": "Baseline confirmed."},
                   {"outcome": world.outcome.pk, "text": "Outcome wording agreed."}, {"text": ""}],
    )
    assert meeting.attendee_list == ["Pat Officer", "Gil Locality Manager"]
    assert [(d.subject, d.text) for d in meeting.decisions.all()] == [
        ("NI 39", "Baseline confirmed."), ("Safer and stronger communities", "Outcome wording agreed.")]


@pytest.mark.parametrize(("fields", "field"), [
    ({"kind": "lunch"}, "kind"),
    ({"held_on": "2008-02-30"}, "held_on"),
    ({"held_on": "2999-01-01"}, "held_on"),
    ({"attendees": " \n "}, "attendees"),
    ({"decisions": [{"target": 999999, "text": "x"}]}, "decisions[0].subject"),
    ({"decisions": [{"target": "x", "text": "x"}]}, "decisions[0].subject"),
])
def test_a_meeting_with_bad_input_names_the_field(world, people, fields, field):
    data = {"kind": "case_conference", "held_on": "2008-03-12", "attendees": "Pat", **fields}
    with pytest.raises(actions.NegotiationError) as bad:
        records.record_meeting(actor=people[G], agreement=world.agreement, **data)
    assert field in bad.value.problems
    assert not world.agreement.meetings.exists()


def test_a_champion_is_appointed(world, people):
    records.appoint_champion(actor=people["go-director"], agreement=world.agreement, name="Sir Humphrey",
                             organisation="Cabinet Office")
    assert Champion.objects.get(agreement=world.agreement).appointed_by_name == "Dana Regional Director (demo)"
    with pytest.raises(actions.NegotiationError):
        records.appoint_champion(actor=people["go-director"], agreement=world.agreement, name="")


# ---- the timetable ------------------------------------------------------------------------


def test_the_milestones_file_matches_the_2008_round_test_data_and_loads_once():
    from laa.negotiation.reference import load_milestones
    from laa.permissions import SystemActor
    from tests.unit.round_2008 import ROUND_2008

    build_world(with_proposal=False, with_meeting=False)
    stored = [m.to_domain() for m in RoundMilestone.objects.filter(round__year=2008).order_by("due", "position")]
    assert stored == list(ROUND_2008.milestones)
    assert load_milestones(actor=SystemActor("laa load-reference")) == []  # loading again changes nothing


@pytest.mark.parametrize(("content", "message"), [
    ("round,code\n", "missing columns"),
    ("round,code,title,starts,due,completed_by,who,provisional,source\n2008,x,X,,2008-13-01,submitted,,no,\n",
     "line 2, due"),
    ("round,code,title,starts,due,completed_by,who,provisional,source\n2008,x,X,,2008-01-01,lunch,,no,\n",
     "completed_by"),
    ("round,code,title,starts,due,completed_by,who,provisional,source\n"
     "2008,x,X,,2008-02-01,submitted,,no,\n2008,x,Y,,2008-03-01,approved,,no,\n", "repeated"),
    ("round,code,title,starts,due,completed_by,who,provisional,source\n1999,x,X,,1999-02-01,submitted,,no,\n",
     "no round 1999"),
])
def test_a_bad_milestones_file_is_refused_naming_the_line(tmp_path, content, message):
    from laa.negotiation.reference import MilestoneFileError, load_milestones
    from laa.permissions import SystemActor

    path = tmp_path / "milestones.csv"
    path.write_text(content)
    before = RoundMilestone.objects.count()
    with pytest.raises(MilestoneFileError, match=message):
        load_milestones(path, actor=SystemActor("laa load-reference"))
    assert RoundMilestone.objects.count() == before


@override_settings(LAA_TODAY="2008-05-20")
def test_recording_a_round_event(world, people):
    from laa.places.models import Area

    kent = Area.objects.get(code="E2221")
    story = RoundMilestone.objects.get(round__year=2008, code="story_of_place")
    records.record_milestone(actor=people[P], area=kent, milestone=story, completed_on="2007-11-20")
    assert MilestoneCompletion.objects.get(area=kent).completed_on.isoformat() == "2007-11-20"
    with pytest.raises(actions.NegotiationError, match="already completed"):
        records.record_milestone(actor=people[G], area=kent, milestone=story, completed_on="2007-11-21")
    submitted = RoundMilestone.objects.get(round__year=2008, code="draft_agreement")
    with pytest.raises(actions.NegotiationError) as bad:
        records.record_milestone(actor=people[P], area=kent, milestone=submitted, completed_on="2008-05-01")
    assert "sign-off" in bad.value.problems["milestone"]
    priority = RoundMilestone.objects.get(round__year=2008, code="priority_outcomes")
    with pytest.raises(actions.NegotiationError) as bad:
        records.record_milestone(actor=people[P], area=kent, milestone=priority, completed_on="2008-06-01")
    assert "completed_on" in bad.value.problems  # after today (the replayed 20 May 2008)


@override_settings(LAA_TODAY="2008-05-20", EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_reminders_go_to_the_areas_officers_and_its_go_once_a_day(world, people):
    from laa.places.models import Area

    kent = Area.objects.get(code="E2221")
    for code in ("story_of_place", "priority_outcomes", "draft_framework", "statutory_targets_submitted"):
        MilestoneCompletion.objects.create(area=kent, milestone=RoundMilestone.objects.get(code=code),
                                           completed_on="2008-01-20", recorded_by_name="test",
                                           recorded_at="2008-01-20T10:00Z")
    call_command("remind", stdout=open("/dev/null", "w"))
    kent_mail = [m for m in mail.outbox if "for Kent:" in m.subject]
    assert len(kent_mail) == 1
    message = kent_mail[0]
    assert sorted(message.to) == ["go-director@demo.invalid", "go-manager@demo.invalid", "officer@demo.invalid"]
    assert "3 overdue and 1 due soon" in message.subject  # 20 May 2008: due 30 May is within 14 days
    assert "- Draft agreement submitted to the Government Office (Responsible authority): due 30 May 2008" in message.body
    assert "Story of place" not in message.body
    # South East areas other than Kent have no partnership officer: only the GO is written to.
    medway = [m for m in mail.outbox if "for Medway" in m.subject]
    assert medway and "officer@demo.invalid" not in medway[0].to
    sent = len(mail.outbox)
    call_command("remind", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == sent  # idempotent per day
    assert ReminderSent.objects.filter(area=kent, day="2008-05-20").count() == 4
    call_command("remind", "--date", "2008-05-21", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) > sent  # the next day reminds again


class FailingForSomeAreas(locmem.EmailBackend):
    """A mail backend that refuses the reminders of the areas named in FAILING (as a mail
    server refusing one message would), and delivers the others to the outbox."""

    FAILING = ("Bracknell Forest", "Kent")

    def send_messages(self, messages):
        for message in messages:
            if any(f"for {name}:" in message.subject for name in self.FAILING):
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"Mailbox unavailable")})
        return super().send_messages(messages)


@override_settings(LAA_TODAY="2008-05-20",
                   EMAIL_BACKEND="tests.integration.test_negotiation_actions.FailingForSomeAreas")
def test_a_failed_reminder_is_reported_and_the_other_areas_are_still_reminded(world, people):
    import io

    from django.core.management.base import CommandError

    from laa.places.models import Area

    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match=r"2 areas' reminders could not be sent: Bracknell Forest, Kent\."):
        call_command("remind", stdout=out, stderr=err)
    assert "Bracknell Forest: the reminder could not be sent (SMTPRecipientsRefused" in err.getvalue()
    assert "Kent: the reminder could not be sent" in err.getvalue()
    assert "2 could not be sent." in out.getvalue()
    # Areas after the failures (alphabetically) were still reminded.
    reminded = {m.subject.split(" for ")[1].split(":")[0] for m in mail.outbox}
    assert {"Medway", "West Berkshire"} <= reminded and not reminded & {"Kent", "Bracknell Forest"}
    # Nothing recorded for the failed areas: the next run tries them again.
    kent = Area.objects.get(code="E2221")
    assert not ReminderSent.objects.filter(area=kent).exists()
    assert ReminderSent.objects.filter(area__name="Medway").exists()
    FailingForSomeAreas.FAILING = ()
    try:
        call_command("remind", stdout=io.StringIO(), stderr=io.StringIO())  # exits cleanly now
    finally:
        FailingForSomeAreas.FAILING = ("Bracknell Forest", "Kent")
    assert ReminderSent.objects.filter(area=kent).exists()


def test_remind_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a date"):
        call_command("remind", "--date", "May")


# ---- disputes: the ladder with and without a champion; resolved before closing -----------


def test_a_dispute_climbs_to_the_champion_only_once_one_is_appointed(world, people):
    step(world, people, P, "proposal", 0)
    step(world, people, P, "escalate", 1, level="go")
    step(world, people, G, "escalate", 2, level="department")
    with pytest.raises(actions.Refused, match="no Whitehall negotiating champion"):
        step(world, people, P, "escalate", 3, level="whitehall_champion")
    records.appoint_champion(actor=people["go-director"], agreement=world.agreement, name="Sir Humphrey")
    with pytest.raises(actions.Refused, match="escalate to the Whitehall negotiating champion next"):
        step(world, people, P, "escalate", 3, level="ministers")  # the champion is not skipped
    step(world, people, P, "escalate", 3, level="whitehall_champion")
    step(world, people, P, "escalate", 4, level="ministers")
    thread = thread_of(world)
    assert (thread.dispute_open, thread.escalation_level) == (True, "ministers")
    # The stored copy is what the domain derives, with the champion's appointment.
    state = entries.thread_state(thread, list(thread.entries.order_by("sequence")))
    assert state.escalation_level.value == "ministers"


def test_without_a_champion_the_department_escalates_to_ministers(world, people):
    step(world, people, P, "proposal", 0)
    step(world, people, P, "escalate", 1, level="go")
    step(world, people, P, "escalate", 2, level="department")
    step(world, people, P, "escalate", 3, level="ministers")
    assert thread_of(world).escalation_level == "ministers"


@pytest.mark.parametrize(("who", "kind", "fields", "status"), [
    (G, "accept", {"proposal": 1}, "agreed"),
    (P, "withdraw", {}, "withdrawn"),
    (P, "move_to_local", {}, "moved_to_local"),
    (G, "placeholder", {}, "placeholder"),
])
def test_a_thread_closes_only_once_its_dispute_is_resolved(world, people, who, kind, fields, status):
    step(world, people, P, "proposal", 0)
    step(world, people, P, "escalate", 1, level="go")
    with pytest.raises(actions.Refused, match="must record its resolution"):
        step(world, people, who, kind, 2, **fields)
    step(world, people, G, "resolve", 2, text="Settled at the case conference.")
    step(world, people, who, kind, 3, **fields)
    thread = thread_of(world)
    assert (thread.status, thread.dispute_open, thread.escalation_level) == (status, False, "")
    assert NegotiationThread.objects.filter(dispute_open=True).count() == 0  # the dashboards' count


# ---- entries settled at a meeting ---------------------------------------------------------


def _meeting(world, people, agreement=None):
    return records.record_meeting(actor=people[G], agreement=agreement or world.agreement, kind="bilateral",
                                  held_on="2008-03-04", attendees="Pat Officer\nGil Locality Manager")


def test_an_entry_records_the_meeting_that_settled_it(world, people):
    meeting = _meeting(world, people)
    step(world, people, P, "proposal", 0)
    step(world, people, P, "escalate", 1, level="go")
    resolved = step(world, people, G, "resolve", 2, meeting=str(meeting.pk))  # as a form posts it
    accepted = step(world, people, G, "accept", 3, proposal=1, meeting=meeting)
    assert resolved.meeting == accepted.meeting == meeting
    assert list(meeting.entries.order_by("sequence").values_list("kind", flat=True)) == ["resolve", "accept"]


def test_a_meeting_of_another_agreement_or_none_is_a_field_error(world, people):
    from laa.agreements import actions as agreement_actions
    from laa.catalogue.models import Round
    from laa.permissions import SystemActor
    from laa.places.models import Area

    other = agreement_actions.start_agreement(actor=SystemActor("a test"), area=Area.objects.get(code="E2201"),
                                               round_=Round.objects.get(year=2008))
    elsewhere = _meeting(world, people, agreement=other)  # Medway's
    step(world, people, P, "proposal", 0)
    for meeting in (elsewhere, elsewhere.pk, 999999, "the big one", "99999999999999999999999"):
        with pytest.raises(actions.NegotiationError) as bad:
            step(world, people, G, "accept", 1, proposal=1, meeting=meeting)
        assert "meeting" in bad.value.problems, meeting
    thread = thread_of(world)
    assert thread.last_sequence == 1 and thread.status == "proposed"  # nothing saved
