"""Presenters for the negotiation pages: threads, entries, timetables and dashboards turned
into display values (labels, tag colours, rows), so that the templates hold no logic."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.urls import get_script_prefix, reverse
from django.utils import timezone

from laa.domain.figures import figure_as_typed
from laa.domain.negotiation import (
    ESCALATION_LABELS,
    STATUS_LABELS,
    ChallengeReason,
    EntryKind,
    EscalationLevel,
    NegotiationStatus,
    Side,
    ThreadKind,
    ThreadState,
    side_name,
)
from laa.domain.signoff import STATE_LABELS, SignOffState
from laa.domain.timetable import MILESTONE_STATUS_LABELS, MilestoneStatus
from laa.presentation.presenters import figure, govuk_date

STATUS_COLOURS = {
    "": "govuk-tag--grey",
    NegotiationStatus.PROPOSED: "govuk-tag--blue",
    NegotiationStatus.UNDER_NEGOTIATION: "govuk-tag--yellow",
    NegotiationStatus.AGREED: "govuk-tag--green",
    NegotiationStatus.MOVED_TO_LOCAL: "govuk-tag--purple",
    NegotiationStatus.PLACEHOLDER: "govuk-tag--turquoise",
    NegotiationStatus.WITHDRAWN: "govuk-tag--grey",
}
SHORT_STATUS = {
    "": "Not started",
    NegotiationStatus.PROPOSED: "Proposed",
    NegotiationStatus.UNDER_NEGOTIATION: "Under negotiation",
    NegotiationStatus.AGREED: "Agreed",
    NegotiationStatus.MOVED_TO_LOCAL: "Moved to local",
    NegotiationStatus.PLACEHOLDER: "Placeholder",
    NegotiationStatus.WITHDRAWN: "Withdrawn",
}
STATUS_ORDER = ["", *(s.value for s in NegotiationStatus)]
MILESTONE_COLOURS = {
    MilestoneStatus.DONE: "govuk-tag--green",
    MilestoneStatus.DONE_LATE: "govuk-tag--yellow",
    MilestoneStatus.OVERDUE: "govuk-tag--red",
    MilestoneStatus.DUE_SOON: "govuk-tag--orange",
    MilestoneStatus.UPCOMING: "govuk-tag--grey",
}
STAGE_ORDER = ["not_started", *(s.value for s in SignOffState)]
CHALLENGE_LABELS = {
    ChallengeReason.EVIDENCE: "Evidence",
    ChallengeReason.AMBITION: "Ambition: not stretching enough",
    ChallengeReason.AFFORDABILITY: "Affordability",
    ChallengeReason.OTHER: "Other",
}
ENTRY_HEADINGS = {
    EntryKind.PROPOSAL: "Proposal",
    EntryKind.COUNTER_PROPOSAL: "Counter-proposal",
    EntryKind.ACCEPT: "Accepted",
    EntryKind.CHALLENGE: "Challenge",
    EntryKind.MOVE_TO_LOCAL: "Moved to the local targets",
    EntryKind.PLACEHOLDER: "Agreed as a placeholder",
    EntryKind.WITHDRAW: "Withdrawn",
    EntryKind.ESCALATE: "Escalated",
    EntryKind.RESOLVE: "Dispute resolved",
    EntryKind.REOPEN: "Reopened",
}
CATEGORY_TEXT = {"designated": "Designated", "statutory": "Statutory (DCSF)", "local": "Local"}


_MARK = 9_000_000_000
_ROUTES: dict[tuple[str, str, int], str] = {}


def link(name: str, *args: object) -> str:
    """`reverse(name, args=args)` for pages with many links: each route is reversed once,
    with numeric markers in place of its arguments, and then filled in."""
    key = (get_script_prefix(), name, len(args))
    route = _ROUTES.get(key)
    if route is None:
        route = _ROUTES[key] = reverse(name, args=[_MARK + i for i in range(len(args))])
    for i, arg in enumerate(args):
        route = route.replace(str(_MARK + i), quote(str(arg), safe=""), 1)
    return route


def status_tag(status: str | None) -> dict[str, str]:
    key = status or ""
    return {"text": SHORT_STATUS.get(key, key), "classes": STATUS_COLOURS.get(key, "govuk-tag--grey")}


def stage_key(state: str | None) -> str:
    return state or "not_started"


def stage_tag(state: str | None) -> dict[str, str]:
    if not state:
        return {"text": "Not started", "classes": "govuk-tag--grey"}
    try:
        label = STATE_LABELS[SignOffState(state)]
    except ValueError:
        label = state
    colour = {"draft": "govuk-tag--light-blue", "published": "govuk-tag--green"}.get(state, "govuk-tag--blue")
    return {"text": label, "classes": colour}


def stage_label(key: str) -> str:
    return "Not started" if key == "not_started" else STATE_LABELS[SignOffState(key)]


def milestone_tag(status: MilestoneStatus) -> dict[str, str]:
    return {"text": MILESTONE_STATUS_LABELS[status], "classes": MILESTONE_COLOURS[status]}


def dispute_tag(level: str | None) -> dict[str, str] | None:
    if not level:
        return None
    return {"text": f"In dispute: {ESCALATION_LABELS[EscalationLevel(level)]}", "classes": "govuk-tag--red"}


# ---- a thread ----------------------------------------------------------------------------


def values_rows(values: dict[str, Any] | None, kind: ThreadKind, years: tuple[str, ...],
                places: int | None = None) -> list[dict[str, Any]]:
    """A proposal's values as summary-list rows, figures to the indicator's decimal places."""
    if not values:
        return []
    if kind is ThreadKind.PRIORITY_OUTCOME:
        rows = [("Outcome", values.get("title", "")), ("Theme", values.get("theme") or "–")]
    else:
        baseline = values.get("baseline") or {}
        base = figure(baseline.get("value"), places)
        if baseline.get("period"):
            base += f" ({baseline['period']})"
        targets = values.get("targets") or {}
        rows = [("Baseline", base)]
        rows += [(f"Target for {y}", figure(targets.get(y), places)) for y in years]
        rows += [
            ("Category", CATEGORY_TEXT.get(values.get("category", ""), values.get("category", ""))),
            ("Partners", ", ".join(values.get("partners") or []) or "None named"),
        ]
    return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]


def proposal_labels(rows) -> dict[str, str]:
    """The number people see for each proposal and counter-proposal: counted in the
    thread, 1, 2, 3 ("#1" then "#2" even when a challenge came between them), keyed by the
    entry's id (its sequence, which the forms and the API use)."""
    out: dict[str, str] = {}
    for r in sorted(rows, key=lambda r: r.sequence):
        if r.kind in (EntryKind.PROPOSAL.value, EntryKind.COUNTER_PROPOSAL.value):
            out[f"#{r.sequence}"] = f"#{len(out) + 1}"
    return out


def entry_item(entry, *, kind: ThreadKind, years: tuple[str, ...], state: ThreadState,
               sequence_of: dict[int, int], places: int | None = None,
               labels: dict[str, str] | None = None) -> dict[str, Any]:
    labels = labels or {}

    def number(entry_id: str) -> str:
        return labels.get(entry_id, entry_id)

    entry_kind = EntryKind(entry.kind)
    heading = ENTRY_HEADINGS[entry_kind]
    if entry_kind in (EntryKind.PROPOSAL, EntryKind.COUNTER_PROPOSAL):
        heading = f"{heading} {number(entry.entry_id)}"
    ref = number(f"#{sequence_of[entry.refers_to_id]}") if entry.refers_to_id in sequence_of else None
    if entry_kind is EntryKind.ACCEPT and ref:
        heading = f"Proposal {ref} accepted"
    elif entry_kind is EntryKind.CHALLENGE and ref:
        heading = f"Challenge to proposal {ref}"
    elif entry_kind is EntryKind.COUNTER_PROPOSAL and ref:
        heading += f", answering proposal {ref}"
    elif entry_kind is EntryKind.ESCALATE and entry.escalation_level:
        heading = f"Escalated to {ESCALATION_LABELS[EscalationLevel(entry.escalation_level)]}"
    side = Side(entry.side)
    by = f"{entry.author_name}, for {side_name(side, kind)}"
    if entry.on_behalf_of_id:
        by += f", putting forward the view of {entry.on_behalf_of.name}"
    notes = []
    if entry.entry_id in state.superseded_by:
        notes.append(f"Superseded by proposal {number(state.superseded_by[entry.entry_id])}.")
    if state.open_proposal is not None and state.open_proposal.entry_id == entry.entry_id:
        notes.append("This is the open proposal.")
    if state.accepted_proposal_id == entry.entry_id:
        notes.append("This proposal was accepted: its values are the agreed target.")
    paragraphs = []
    if entry.challenge_reason:
        paragraphs.append(("Reason", CHALLENGE_LABELS[ChallengeReason(entry.challenge_reason)]))
    if entry.rationale:
        paragraphs.append(("Rationale", entry.rationale))
    if entry.text:
        paragraphs.append(("Resolution" if entry_kind is EntryKind.RESOLVE else "Said", entry.text))
    if entry.meeting_id:
        paragraphs.append(("Settled at", f"the {entry.meeting.get_kind_display().lower()} on {govuk_date(entry.meeting.held_on)}"))
    return {
        "anchor": f"entry-{entry.sequence}",
        "kind": entry_kind.value,
        "heading": heading,
        "by": by,
        "side": side.value,
        "at": govuk_date(entry.at),
        "at_iso": timezone.localtime(entry.at).isoformat(timespec="minutes"),
        "values": values_rows(entry.values, kind, years, places),
        "paragraphs": paragraphs,
        "notes": notes,
    }


def advice_item(advice) -> dict[str, Any]:
    return {
        "anchor": f"advice-{advice.pk}",
        "kind": "advice",
        "heading": f"Advice from {advice.department.name} to the Government Office",
        "by": f"{advice.author_name}, {advice.department.name} (seen by government only)",
        "side": "department",
        "at": govuk_date(advice.at),
        "at_iso": timezone.localtime(advice.at).isoformat(timespec="minutes"),
        "values": [],
        "paragraphs": [("Advice", advice.text)],
        "notes": [],
    }


def decision_item(decision) -> dict[str, Any]:
    meeting = decision.meeting
    return {
        "anchor": f"decision-{decision.pk}",
        "kind": "meeting",
        "heading": f"Decided at a {meeting.get_kind_display().lower()} on {govuk_date(meeting.held_on)}",
        "by": "Attended by " + "; ".join(meeting.attendee_list),
        "side": "meeting",
        "at": govuk_date(meeting.held_on),
        "at_iso": meeting.held_on.isoformat(),
        "values": [],
        "paragraphs": [("Decision", decision.text)],
        "notes": [],
    }


def turn_text(state: ThreadState, kind: ThreadKind, my_side: Side | None, locked: str = "",
              labels: dict[str, str] | None = None) -> str:
    """Whose move it is; `locked` says why no negotiation may open now (the agreement is
    out of draft: `negotiation_locked_message`), so the page never offers what it refuses."""
    if state.status is None:
        if locked:
            return f"Nothing was proposed. {locked}"
        return "Nothing has been proposed yet. Either side may open the negotiation with a proposal."
    if state.status in {NegotiationStatus.AGREED, NegotiationStatus.MOVED_TO_LOCAL,
                        NegotiationStatus.PLACEHOLDER, NegotiationStatus.WITHDRAWN}:
        closed = STATUS_LABELS[state.status]
        if locked:
            return f"Closed: {closed.lower()}. {locked}"
        return f"Closed: {closed.lower()}. It can be reopened, with a reason."
    if locked:
        return (f"Still open, although the agreement has left draft. {locked} "
                "Until then it can only be withdrawn (and a dispute resolved).")
    if state.turn is None:
        return "Either side may make the next move."
    open_id = (labels or {}).get(state.open_proposal.entry_id, state.open_proposal.entry_id) if state.open_proposal else ""
    who = side_name(state.turn, kind)
    if my_side is state.turn:
        what = ("answer the challenge with a new proposal" if state.open_challenge is not None
                else f"answer proposal {open_id}" if state.open_proposal else "answer")
        return f"Your turn: {what}."
    waiting = f"proposal {open_id}" if state.open_proposal else "the thread"
    if state.open_challenge is not None:
        waiting = "the challenge"
    return f"Waiting for {who} to answer {waiting}."


def dispute_text(state: ThreadState, last_resolution: str) -> str:
    if state.dispute_open and state.escalation_level is not None:
        return f"In dispute: escalated to {ESCALATION_LABELS[state.escalation_level]}."
    if last_resolution:
        return f"Last dispute resolved: {last_resolution}"
    return ""


def escalation_items(state: ThreadState, chosen: str = "",
                     next_level: EscalationLevel | None = None) -> list[dict[str, Any]]:
    """The level a dispute may go to next: one step up the ladder (the domain's
    `next_escalation`, the champion's rung only when the agreement has one)."""
    if next_level is None:
        return []
    label = ESCALATION_LABELS[next_level]
    return [{"value": next_level.value, "text": label[0].upper() + label[1:],
             "checked": chosen == next_level.value or not chosen}]


def challenge_items(chosen: str = "") -> list[dict[str, Any]]:
    return [{"value": r.value, "text": label, "checked": chosen == r.value} for r, label in CHALLENGE_LABELS.items()]


def proposal_form(values: dict[str, Any] | None, kind: ThreadKind, years: tuple[str, ...],
                  posted: dict[str, Any] | None) -> dict[str, Any]:
    """The proposal form's initial values: what was posted, else the open proposal's (or the
    target's own) values."""
    if posted is not None:
        get = posted.get
        return {
            "baseline_value": get("baseline_value", ""), "baseline_period": get("baseline_period", ""),
            "years": [{"name": "target_" + y.replace("/", "_"), "label": f"Target for {y}",
                       "value": get("target_" + y.replace("/", "_"), "")} for y in years],
            "category": get("category", ""), "partners": get("partners", ""), "rationale": get("rationale", ""),
            "title": get("title", ""), "theme": get("theme", ""),
        }
    values = values or {}
    if kind is ThreadKind.PRIORITY_OUTCOME:
        return {"title": values.get("title", ""), "theme": values.get("theme", ""), "rationale": "", "years": []}
    baseline = values.get("baseline") or {}
    targets = values.get("targets") or {}
    return {
        "baseline_value": figure_as_typed(baseline.get("value")),
        "baseline_period": baseline.get("period") or "",
        "years": [{"name": "target_" + y.replace("/", "_"), "label": f"Target for {y}",
                   "value": figure_as_typed(targets.get(y))} for y in years],
        "category": values.get("category", ""),
        "partners": "\n".join(values.get("partners") or []),
        "rationale": "",
    }


def category_items(kind: ThreadKind, chosen: str) -> list[dict[str, Any]]:
    if kind is ThreadKind.STATUTORY_TARGET:
        return [{"value": "statutory", "text": "Statutory (agreed with DCSF)", "checked": True}]
    return [
        {"value": "designated", "text": "Designated (one of the up to 35)", "checked": chosen == "designated"},
        {"value": "local", "text": "Local", "checked": chosen == "local"},
    ]
