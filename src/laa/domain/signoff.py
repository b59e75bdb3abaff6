"""Sign-off of a Local Area Agreement (DOMAIN.md D12), as a declared transition table.

The agreement moves draft -> submitted (to the Government Office) -> agreed with the GO
-> approved by the council (full council or the executive) -> recommended by the GO
Regional Director -> approved by the Secretary of State -> designated (within one month
of approval) -> published. District adoption in two-tier areas is a record beside the
chain: it never blocks it and never changes the state. A district adopts the targets it
signs up to once they are agreed with the GO and before the county council approves the
whole agreement (CLG FAQ 13); a return to draft undoes earlier adoptions.

What the content and the negotiation may do in each state is `laa.domain.signoff_locks`;
the guards a step needs beyond role and state are `laa.domain.signoff_guards`.

Workflow state is stored elsewhere as append-only status rows (from, to, at);
`laa.domain.signoff_history` derives the current state from them (`derive_state`), and
this module decides whether a transition may happen (`decide`). The content hash that
approval records is `laa.domain.content_hash`. Ordinary refusals are values, never
exceptions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from laa.domain.roles import Role
from laa.domain.signoff_guards import GUARD_CHECKS, Guard, SignOffContext

__all__ = [
    "Decision",
    "EDITABLE_STATES",
    "FROZEN_STATES",
    "INITIAL_STATE",
    "IRREVERSIBLE",
    "ROLES",
    "Refusal",
    "STATE_LABELS",
    "SignOffState",
    "TRANSITIONS",
    "Transition",
    "available_transitions",
    "decide",
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

# Role codes live in laa.domain.roles (shared with accounts and permissions).
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
        problem = GUARD_CHECKS[guard](ctx)
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
