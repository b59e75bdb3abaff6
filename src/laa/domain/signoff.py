"""Sign-off of a Local Area Agreement (DOMAIN.md D12), as a declared transition table.

The agreement moves draft -> submitted (to the Government Office) -> agreed with the GO
-> approved by the council (full council or the executive) -> recommended by the GO
Regional Director -> approved by the Secretary of State -> designated (within one month
of approval) -> published. District adoption in two-tier areas is a record beside the
chain: it never blocks it and never changes the state. A district adopts the targets it
signs up to once they are agreed with the GO and before the county council approves the
whole agreement (CLG FAQ 13); a return to draft undoes earlier adoptions.

The content (targets, outcomes, story of place) changes only in draft (`content_editable`):
once submitted it is with the GO, the council, the Regional Director or the Secretary of
State, and must be returned (referred back) to draft to change. Approval by the Secretary
of State freezes it for good (`frozen`): later changes are revisions.

Workflow state is stored elsewhere as append-only status rows (from, to, at);
`laa.domain.signoff_history` derives the current state from them (`derive_state`), and
this module decides whether a transition may happen (`decide`). The content hash that
approval records is `laa.domain.content_hash`. Ordinary refusals are values, never
exceptions.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from laa.domain.roles import ROLE_LABELS, Role

__all__ = [
    "CouncilBody",
    "COUNCIL_BODY_LABELS",
    "Decision",
    "EDITABLE_STATES",
    "FROZEN_STATES",
    "Guard",
    "INITIAL_STATE",
    "ROLES",
    "ROLE_LABELS",
    "Refusal",
    "Role",
    "STATE_LABELS",
    "SignOffContext",
    "SignOffState",
    "TRANSITIONS",
    "Transition",
    "available_transitions",
    "content_editable",
    "content_locked_message",
    "negotiation_locked_message",
    "IRREVERSIBLE",
    "decide",
    "frozen",
    "long_date",
    "one_month_after",
    "parse_council_body",
    "unacknowledged_warnings",
]


class SignOffState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    AGREED_WITH_GO = "agreed_with_go"
    COUNCIL_APPROVED = "council_approved"
    RECOMMENDED = "recommended"
    APPROVED = "approved"
    DESIGNATED = "designated"
    PUBLISHED = "published"


INITIAL_STATE = SignOffState.DRAFT

STATE_LABELS: Mapping[SignOffState, str] = MappingProxyType(
    {
        SignOffState.DRAFT: "Draft",
        SignOffState.SUBMITTED: "Submitted to the Government Office",
        SignOffState.AGREED_WITH_GO: "Agreed with the Government Office",
        SignOffState.COUNCIL_APPROVED: "Approved by the council",
        SignOffState.RECOMMENDED: "Recommended by the Government Office Regional Director",
        SignOffState.APPROVED: "Approved by the Secretary of State",
        SignOffState.DESIGNATED: "Targets designated by the Secretary of State",
        SignOffState.PUBLISHED: "Published",
    }
)

# Approval by the Secretary of State freezes the content: later changes are revisions (D14, D15).
FROZEN_STATES: frozenset[SignOffState] = frozenset(
    {SignOffState.APPROVED, SignOffState.DESIGNATED, SignOffState.PUBLISHED}
)

# The content is the partnership's to change only in draft: from submission it is with
# someone else (the GO, the council, the Regional Director, the Secretary of State), and
# only what was submitted and checked against the rules can be agreed and approved.
EDITABLE_STATES: frozenset[SignOffState] = frozenset({SignOffState.DRAFT})

# Where the agreement is, for the refusal of an edit outside draft.
_WHERE: Mapping[SignOffState, str] = MappingProxyType(
    {
        SignOffState.SUBMITTED: "with the Government Office (submitted for agreement)",
        SignOffState.AGREED_WITH_GO: (
            "agreed with the Government Office and with the council for approval"
        ),
        SignOffState.COUNCIL_APPROVED: (
            "approved by the council and with the Government Office Regional Director"
        ),
        SignOffState.RECOMMENDED: (
            "with the Secretary of State (recommended by the Government Office Regional Director)"
        ),
    }
)


# Role codes live in laa.domain.roles (shared with accounts and permissions); re-exported here.
# Signed-in roles only: residents are anonymous, hold no role, and every transition refuses them.
ROLES: tuple[Role, ...] = tuple(Role)

# Who may do a transition, as said in a refusal: "Only the Government Office Regional Director ..."
_WHO: Mapping[Role, str] = MappingProxyType(
    {
        Role.PARTNERSHIP_OFFICER: "a partnership officer",
        Role.PARTNER_AUTHORITY: "a partner authority",
        Role.GO_OFFICER: "a Government Office locality manager",
        Role.GO_DIRECTOR: "the Government Office Regional Director",
        Role.DEPARTMENT_LEAD: "a department policy lead",
        Role.DCSF: "DCSF",
        Role.CLG: "the Secretary of State's delegate (CLG)",
        Role.INSPECTOR: "an inspector",
        Role.ADMINISTRATOR: "an administrator",
    }
)


class CouncilBody(StrEnum):
    FULL_COUNCIL = "full_council"
    EXECUTIVE = "executive"


COUNCIL_BODY_LABELS: Mapping[CouncilBody, str] = MappingProxyType(
    {CouncilBody.FULL_COUNCIL: "full council", CouncilBody.EXECUTIVE: "the executive"}
)


def parse_council_body(text: str | None) -> CouncilBody | None:
    """Which body approved, from a form, the API or a file: the codes ('full_council',
    'executive') or their words in any case, with spaces, hyphens or underscores and an
    optional 'the' ('Full Council', 'full-council', 'The executive'). None if neither."""
    words = " ".join((text or "").strip().lower().replace("_", " ").replace("-", " ").split())
    words = words.removeprefix("the ")
    return {"full council": CouncilBody.FULL_COUNCIL, "executive": CouncilBody.EXECUTIVE}.get(words)


class Guard(StrEnum):
    """Checks a transition needs beyond role and state; `decide` runs them from `SignOffContext`."""

    RULES_CLEAN = "rules_clean"
    COUNCIL_BODY = "council_body"
    APPROVAL_WINDOW_OPEN = "approval_window_open"
    WITHIN_MONTH_OF_APPROVAL = "within_month_of_approval"
    REASON_GIVEN = "reason_given"
    DISTRICT_OF_TWO_TIER_AREA = "district_of_two_tier_area"
    NEGOTIATION_SETTLED = "negotiation_settled"
    STATUTORY_TARGETS_AGREED = "statutory_targets_agreed"


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # for a button or an audit line: "Submit to the Government Office"
    past: str  # for messages: "submitted"
    from_states: frozenset[SignOffState]
    to_state: SignOffState | None  # None: a record that leaves the state as it is
    roles: frozenset[Role]
    guards: tuple[Guard, ...] = ()

    @property
    def changes_state(self) -> bool:
        return self.to_state is not None


_S = SignOffState

TRANSITIONS: Mapping[str, Transition] = MappingProxyType(
    {
        t.name: t
        for t in (
            Transition(
                "submit",
                "Submit to the Government Office",
                "submitted",
                frozenset({_S.DRAFT}),
                _S.SUBMITTED,
                frozenset({Role.PARTNERSHIP_OFFICER}),
                # ADR 0007: negotiation ends before submission (D10: negotiation in
                # February to May, the draft agreement to the GO on 30 May).
                (Guard.RULES_CLEAN, Guard.NEGOTIATION_SETTLED),
            ),
            Transition(
                "return_to_draft",
                "Return to draft",
                "returned to draft",
                frozenset({_S.SUBMITTED, _S.AGREED_WITH_GO, _S.COUNCIL_APPROVED}),
                _S.DRAFT,
                frozenset({Role.PARTNERSHIP_OFFICER, Role.GO_OFFICER, Role.GO_DIRECTOR}),
                (Guard.REASON_GIVEN,),
            ),
            Transition(
                "agree",
                "Agree with the partnership",
                "agreed",
                frozenset({_S.SUBMITTED}),
                _S.AGREED_WITH_GO,
                frozenset({Role.GO_OFFICER, Role.GO_DIRECTOR}),
                (Guard.NEGOTIATION_SETTLED, Guard.STATUTORY_TARGETS_AGREED),
            ),
            Transition(
                "council_approve",
                "Record the council's approval",
                "approved by the council",
                frozenset({_S.AGREED_WITH_GO}),
                _S.COUNCIL_APPROVED,
                frozenset({Role.PARTNERSHIP_OFFICER}),
                (Guard.COUNCIL_BODY,),
            ),
            Transition(
                "recommend",
                "Recommend to the Secretary of State",
                "recommended",
                frozenset({_S.COUNCIL_APPROVED}),
                _S.RECOMMENDED,
                frozenset({Role.GO_DIRECTOR}),
            ),
            Transition(
                "refer_back",
                "Refer back to the Government Office",
                "referred back",
                frozenset({_S.RECOMMENDED}),
                _S.DRAFT,
                frozenset({Role.CLG}),
                (Guard.REASON_GIVEN,),
            ),
            Transition(
                "approve",
                "Approve the agreement",
                "approved",
                frozenset({_S.RECOMMENDED}),
                _S.APPROVED,
                frozenset({Role.CLG}),
                (Guard.APPROVAL_WINDOW_OPEN,),
            ),
            Transition(
                "designate",
                "Designate the targets",
                "designated",
                frozenset({_S.APPROVED}),
                _S.DESIGNATED,
                frozenset({Role.CLG}),
                (Guard.WITHIN_MONTH_OF_APPROVAL,),
            ),
            Transition(
                "publish",
                "Publish the agreement",
                "published",
                frozenset({_S.DESIGNATED}),
                _S.PUBLISHED,
                frozenset({Role.CLG}),
            ),
            Transition(
                "adopt_district",
                "Record a district's adoption of its targets",
                "adopted by a district",
                # FAQ 13: after the targets are agreed, before the county council approves.
                frozenset({_S.AGREED_WITH_GO}),
                None,
                frozenset({Role.PARTNER_AUTHORITY, Role.PARTNERSHIP_OFFICER}),
                (Guard.DISTRICT_OF_TWO_TIER_AREA,),
            ),
        )
    }
)

_BY_EDGE: Mapping[tuple[SignOffState, SignOffState], Transition] = MappingProxyType(
    {
        (source, t.to_state): t
        for t in TRANSITIONS.values()
        if t.to_state is not None
        for source in t.from_states
    }
)


@dataclass(frozen=True)
class SignOffContext:
    """What the caller knows that the guards need; leave out what a transition does not use."""

    rule_errors: int | None = None
    unacknowledged_warnings: int | None = None
    council_body: str | None = None
    today: date | None = None
    approval_opens_on: date | None = None
    approved_on: date | None = None
    reason: str = ""
    two_tier: bool = False
    district: str | None = None
    area_districts: frozenset[str] = field(default_factory=frozenset)
    adopted_districts: frozenset[str] = field(default_factory=frozenset)  # since the last draft
    # Negotiation threads of the agreement (named by target key or outcome title) still
    # open (proposed or under negotiation), and those with a dispute open; None: not looked at.
    open_negotiations: tuple[str, ...] | None = None
    open_disputes: tuple[str, ...] | None = None
    # The statutory targets (by key) DCSF has not agreed (D3); None: not looked at.
    statutory_waiting: tuple[str, ...] | None = None


class Refusal(StrEnum):
    """Why a transition was refused; the API maps these to 404/403/409/422."""

    UNKNOWN_TRANSITION = "unknown_transition"
    ROLE = "role"
    STATE = "state"
    GUARD = "guard"


@dataclass(frozen=True)
class Decision:
    transition: str
    from_state: SignOffState
    to_state: SignOffState | None  # the state after; unchanged for a record; None when refused
    reason: str = ""  # plain English, for the user, when refused
    refusal: Refusal | None = None

    @property
    def allowed(self) -> bool:
        return self.refusal is None


def decide(
    transition: str,
    *,
    current_state: SignOffState | str,
    role: Role | str | None,
    context: SignOffContext | None = None,
) -> Decision:
    """Decide whether `role` may make `transition` now. Never raises for a refusal."""
    state = SignOffState(current_state)
    ctx = context if context is not None else SignOffContext()
    t = TRANSITIONS.get(transition)
    if t is None:
        return Decision(
            transition,
            state,
            None,
            f"There is no sign-off step called '{transition}'.",
            Refusal.UNKNOWN_TRANSITION,
        )
    if role is None or role not in ROLES:
        return Decision(t.name, state, None, f"Sign in to {_verb(t)}.", Refusal.ROLE)
    if Role(role) not in t.roles:
        who = " or ".join(_WHO[r] for r in ROLES if r in t.roles)
        return Decision(t.name, state, None, f"Only {who} can {_verb(t)}.", Refusal.ROLE)
    if state not in t.from_states:
        return Decision(t.name, state, None, _wrong_state_message(t, state), Refusal.STATE)
    for guard in t.guards:
        problem = _GUARD_CHECKS[guard](ctx)
        if problem:
            return Decision(t.name, state, None, problem, Refusal.GUARD)
    return Decision(t.name, state, t.to_state if t.to_state is not None else state)


def available_transitions(
    current_state: SignOffState | str, role: Role | str | None
) -> tuple[Transition, ...]:
    """Transitions this role could attempt from this state (guards not yet checked): for buttons."""
    state = SignOffState(current_state)
    if role is None or role not in ROLES:
        return ()
    return tuple(
        t for t in TRANSITIONS.values() if Role(role) in t.roles and state in t.from_states
    )


def _verb(t: Transition) -> str:
    return t.label[0].lower() + t.label[1:]


def _wrong_state_message(t: Transition, state: SignOffState) -> str:
    names = [f"'{STATE_LABELS[s]}'" for s in SignOffState if s in t.from_states]
    allowed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return (
        f"The agreement is '{STATE_LABELS[state]}', so it cannot be "
        f"{t.past} now; that needs it to be {allowed}."
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def long_date(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def _rules_clean(ctx: SignOffContext) -> str:
    if ctx.rule_errors is None or ctx.unacknowledged_warnings is None:
        return "Check the agreement against the rules before submitting it."
    if ctx.rule_errors > 0:
        return (
            f"The agreement has {_plural(ctx.rule_errors, 'rule error')}; "
            "correct them before submitting it to the Government Office."
        )
    if ctx.unacknowledged_warnings > 0:
        return (
            f"The agreement has {_plural(ctx.unacknowledged_warnings, 'warning')} "
            "not yet acknowledged; acknowledge each with a reason before submitting."
        )
    return ""


def _council_body(ctx: SignOffContext) -> str:
    if not ctx.council_body:
        return "Say whether full council or the executive approved the agreement."
    if parse_council_body(ctx.council_body) is None:
        return (
            f"The council's approval must be by full council or the executive: give "
            f"'full_council' or 'executive' (or 'full council', 'the executive'), "
            f"not '{ctx.council_body}'."
        )
    return ""


def _approval_window_open(ctx: SignOffContext) -> str:
    if ctx.today is None or ctx.approval_opens_on is None:
        return "Today's date and the round's approval opening date are needed to approve."
    if ctx.today < ctx.approval_opens_on:
        return (
            f"Agreements cannot be approved before {long_date(ctx.approval_opens_on)}: "
            f"there is no early sign-off (today is {long_date(ctx.today)})."
        )
    return ""


def _within_month_of_approval(ctx: SignOffContext) -> str:
    if ctx.today is None or ctx.approved_on is None:
        return "Today's date and the date of approval are needed to designate targets."
    deadline = one_month_after(ctx.approved_on)
    if ctx.today < ctx.approved_on:
        return (
            f"Targets cannot be designated before the agreement was approved "
            f"({long_date(ctx.approved_on)})."
        )
    if ctx.today > deadline:
        return (
            f"Targets must be designated within one month of approval: the agreement "
            f"was approved on {long_date(ctx.approved_on)}, so the last day was "
            f"{long_date(deadline)} (today is {long_date(ctx.today)})."
        )
    return ""


def _reason_given(ctx: SignOffContext) -> str:
    return "" if ctx.reason.strip() else "Give a reason, so the partnership knows what to change."


def _district_of_two_tier_area(ctx: SignOffContext) -> str:
    if not ctx.two_tier:
        return "District adoption applies only in two-tier areas; this area has no districts."
    if not ctx.district:
        return "Say which district adopted its targets."
    if ctx.district not in ctx.area_districts:
        return f"{ctx.district} is not a district of this area."
    if ctx.district in ctx.adopted_districts:
        return f"{ctx.district} has already adopted its targets."
    return ""


def _names(subjects: tuple[str, ...]) -> str:
    shown = list(dict.fromkeys(subjects))
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def _negotiation_settled(ctx: SignOffContext) -> str:
    if ctx.open_negotiations is None or ctx.open_disputes is None:
        return "Check the agreement's negotiations first."
    problems = []
    if ctx.open_negotiations:
        problems.append(
            f"negotiation is still open (proposed or under negotiation) on "
            f"{_names(ctx.open_negotiations)}"
        )
    if ctx.open_disputes:
        problems.append(f"a dispute is still open on {_names(ctx.open_disputes)}")
    if not problems:
        return ""
    return (
        f"Every negotiation must be settled first, and {' and '.join(problems)}: "
        "in each thread, accept the proposal, move the target to the local targets, agree "
        "it as a placeholder or withdraw it (and record the dispute's resolution)."
    )


def _statutory_targets_agreed(ctx: SignOffContext) -> str:
    from laa.domain.target_agreement import statutory_waiting_message

    if ctx.statutory_waiting is None:
        return "Check which statutory targets DCSF has agreed before agreeing the agreement."
    return statutory_waiting_message(ctx.statutory_waiting)


_GUARD_CHECKS = {
    Guard.RULES_CLEAN: _rules_clean,
    Guard.COUNCIL_BODY: _council_body,
    Guard.APPROVAL_WINDOW_OPEN: _approval_window_open,
    Guard.WITHIN_MONTH_OF_APPROVAL: _within_month_of_approval,
    Guard.REASON_GIVEN: _reason_given,
    Guard.DISTRICT_OF_TWO_TIER_AREA: _district_of_two_tier_area,
    Guard.NEGOTIATION_SETTLED: _negotiation_settled,
    Guard.STATUTORY_TARGETS_AGREED: _statutory_targets_agreed,
}


def unacknowledged_warnings(
    warning_codes: Iterable[str], acknowledgements: Mapping[str, str]
) -> int:
    """Count warnings without an acknowledgement; a blank reason acknowledges nothing."""
    return sum(1 for code in warning_codes if not acknowledgements.get(code, "").strip())


def one_month_after(d: date) -> date:
    """The same day next month, or that month's last day (31 January -> 29 February 2008)."""
    year, month = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
    return d.replace(year=year, month=month, day=min(d.day, calendar.monthrange(year, month)[1]))


def frozen(state: SignOffState | str) -> bool:
    """Approval by the Secretary of State, and every later state, freeze the content."""
    return SignOffState(state) in FROZEN_STATES


def content_editable(state: SignOffState | str) -> bool:
    """Whether the agreement's content may change: only in draft (from submission on it is
    with the GO, the council or the Secretary of State; approval freezes it for good)."""
    return SignOffState(state) in EDITABLE_STATES


def content_locked_message(state: SignOffState | str, area: str) -> str:
    """Why the content of `area`'s agreement cannot change now ("" when it can)."""
    s = SignOffState(state)
    if s in EDITABLE_STATES:
        return ""
    if s in FROZEN_STATES:
        return (
            f"The agreement for {area} is {s.value.replace('_', ' ')}: its content is "
            "frozen and changes only through a revision."
        )
    who = (
        "the Secretary of State refers it back"
        if s is SignOffState.RECOMMENDED
        else "the partnership officer or the Government Office returns it"
    )
    return (
        f"The agreement for {area} is {_WHERE[s]}, so its content cannot be changed now: "
        f"it must be referred back to draft to change it ({who})."
    )


def negotiation_locked_message(state: SignOffState | str, area: str) -> str:
    """Why no negotiation may open (a proposal, a counter-proposal, a reopening) or change
    the agreement now ("" in draft). ADR 0007: every negotiation is settled before
    submission, so from submission on a negotiation only closes."""
    s = SignOffState(state)
    if s in EDITABLE_STATES:
        return ""
    if s in FROZEN_STATES:
        return (
            f"The agreement for {area} is {STATE_LABELS[s].lower()}: its negotiation is over "
            "and its targets change only through a revision."
        )
    who = (
        "the Secretary of State refers it back"
        if s is SignOffState.RECOMMENDED
        else "the partnership officer or the Government Office returns it"
    )
    return (
        f"The agreement for {area} is {_WHERE[s]}, so its negotiation is over: to negotiate "
        f"again it must be returned to draft ({who})."
    )


# Steps that cannot be taken back by the person who takes them: the pages ask for a
# confirmation saying what follows (issue 8), and a step posted without it changes nothing.
IRREVERSIBLE: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "submit": (
            "The agreement goes to the Government Office for agreement.",
            "Its content can no longer be changed, and no negotiation can be opened or "
            "reopened: to change anything it must be returned to draft.",
            "The rules are checked once more now; every warning must have been acknowledged.",
        ),
        "approve": (
            "The Secretary of State approves the agreement: its content is frozen and its "
            "content hash recorded.",
            "After approval it changes only through a revision proposal (s111).",
            "The targets must then be designated within one month.",
        ),
        "designate": (
            "The designated targets become the area's targets under s107 and s109: every "
            "partner named with a duty to have regard must have regard to them.",
            "Designated targets change only with the Secretary of State's agreement "
            "and every partner signed up to them.",
        ),
        "publish": (
            "The agreement and its s113 memorandum become public: anyone can read them "
            "without signing in.",
            "Publication cannot be withdrawn.",
        ),
    }
)
