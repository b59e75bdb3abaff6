"""Revisions of an approved agreement between reviews (D14, D15; issue 12; ADR 0021).

What the sources say, and what this module takes from them:

- D14, seed 004 Q20 and Q27: designated targets (the "up to 35", and here also the
  statutory education targets, which the Secretary of State designates with them) "may
  not be altered without the involvement of all partners signed up to the target and the
  agreement of the Secretary of State": a revision proposal (s111) that every partner
  authority signed up to the target consents to and the Secretary of State approves.
  Exchanging a designated target for another is exceptional (Q27).
- D15, Q20 and Q23: local targets "may be amended or dropped without the approval of the
  Secretary of State - with only the agreement of the relevant partner authorities and
  having consulted those who have agreed to help deliver the target on a voluntary
  basis", and added, "except during the first month after approval of the LAA or approval
  of a revision proposal which includes local targets" (s110(3)). The responsible
  authority approves them.
- D16 and D20: a target with a reward element (stretch) cannot be changed this way.
- Every approved change is published (s113): the app writes the agreement's next version
  (ADR 0020), whose memorandum is then the one in force; the old ones stay readable.

The rules here:

- A revision is local (every item touches a local target) or designated (every item
  touches a designated or statutory target); a proposal mixing them is refused (propose
  them separately), as is a local item on a target with a reward element (named).
- Kinds of change: add a local target; amend a target's yearly values; drop a target;
  exchange a designated target for another (designated revisions only); move a designated
  target to a multi-area agreement (un-designate it: D17, Q63; it stays a local target of
  the agreement, `laa.domain.maa`), a revision of its own kind approved like a designated one.
- s110(3): a local revision is made no earlier than one month after the approval of the
  agreement or of the last approved revision that included local targets
  (`earliest_local_revision`, by `laa.domain.signoff_guards.one_month_after`). It is
  checked when proposed and again when approved; the refusal names the day.
- Consent: each partner authority (duty to have regard) signed up to an affected target
  (for an added target, those it is to be signed up to; for an exchange, both targets').
  A local revision also needs the record that the voluntary partners were consulted, and
  so does a refresh that changes a local target (D15 applies to local targets however
  they change; `needs_consultation`).
- States: proposed -> consents complete -> approved (by the responsible authority for a
  local revision; by the Secretary of State for a designated one); from proposed or
  consents complete it may be withdrawn (by the partnership) or refused (a partner
  authority withholding consent, or the approver). An approved revision is "in force"
  from the day its version is (`standing`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from laa.domain.composition import AgreementDraft, TargetDraft, agreement_years, effective_duty
from laa.domain.input_limits import MAX_TEXT_CHARS
from laa.domain.roles import Role
from laa.domain.signoff_guards import long_date, one_month_after


class ChangeKind(StrEnum):
    ADD = "add"
    AMEND = "amend"
    DROP = "drop"
    EXCHANGE = "exchange"
    TO_MAA = "to_maa"  # un-designate: the target moves to a multi-area agreement (laa.domain.maa)

    @property
    def label(self) -> str:
        return CHANGE_LABELS[self]


CHANGE_LABELS = MappingProxyType({
    ChangeKind.ADD: "Add a local target",
    ChangeKind.AMEND: "Amend a target's yearly values",
    ChangeKind.DROP: "Drop a target",
    ChangeKind.EXCHANGE: "Exchange a designated target for another",
    ChangeKind.TO_MAA: "Move a designated target to a multi-area agreement (un-designate it)",
})


class RevisionKind(StrEnum):
    LOCAL = "local"  # s110: the responsible authority, the partner authorities concerned
    DESIGNATED = "designated"  # s111: the Secretary of State and every partner authority
    REFRESH = "refresh"  # after the annual review: the GO negotiates, the Secretary of State approves
    MAA = "maa"  # s111: designated targets moved to a multi-area agreement (D17, Q63)

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = MappingProxyType({
    RevisionKind.LOCAL: "Local targets (s110)", RevisionKind.DESIGNATED: "Designated targets (s111)",
    RevisionKind.REFRESH: "Refresh after the annual review",
    RevisionKind.MAA: "Un-designation to a multi-area agreement (s111)",
})


class RevisionState(StrEnum):
    PROPOSED = "proposed"
    CONSENTED = "consented"  # every partner authority concerned has consented
    APPROVED = "approved"
    WITHDRAWN = "withdrawn"
    REFUSED = "refused"


class Standing(StrEnum):
    """What a person is told: the state, and "in force" once an approved one's day comes."""

    PROPOSED = "proposed"
    CONSENTED = "consented"
    APPROVED = "approved"
    IN_FORCE = "in_force"
    WITHDRAWN = "withdrawn"
    REFUSED = "refused"

    @property
    def label(self) -> str:
        return STANDING_LABELS[self]


STANDING_LABELS = MappingProxyType({
    Standing.PROPOSED: "Proposed", Standing.CONSENTED: "Consents complete", Standing.APPROVED: "Approved",
    Standing.IN_FORCE: "In force", Standing.WITHDRAWN: "Withdrawn", Standing.REFUSED: "Refused",
})

OPEN_STATES = frozenset({RevisionState.PROPOSED, RevisionState.CONSENTED})
# a refresh's grounds whose yearly values replace the placeholder (laa.domain.refresh.Ground)
FILLS_PLACEHOLDER = frozenset({"placeholder", "deferred"})


def standing(state: RevisionState, in_force_from: date | None, today: date) -> Standing:
    if state is RevisionState.APPROVED and in_force_from is not None and in_force_from <= today:
        return Standing.IN_FORCE
    return Standing(state.value)


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    label: str
    past: str
    from_states: frozenset[RevisionState]
    to_state: RevisionState
    needs_reason: bool = False


STEPS: Mapping[str, Step] = MappingProxyType({
    "propose": Step("propose", "Propose a revision", "proposed", frozenset(), RevisionState.PROPOSED),
    # taken by the service when the last partner authority concerned consents
    "consents_complete": Step("consents_complete", "Consents complete", "given every consent",
                              frozenset({RevisionState.PROPOSED}), RevisionState.CONSENTED),
    "approve": Step("approve", "Approve the revision", "approved", frozenset({RevisionState.CONSENTED}),
                    RevisionState.APPROVED),
    "refuse": Step("refuse", "Refuse the revision", "refused", OPEN_STATES, RevisionState.REFUSED, True),
    "withdraw": Step("withdraw", "Withdraw the revision", "withdrawn", OPEN_STATES, RevisionState.WITHDRAWN, True),
})


def approver_roles(kind: RevisionKind) -> frozenset[Role]:
    """Who approves: the responsible authority (its partnership officer records it) for a
    local revision, the Secretary of State (CLG, his delegate) for a designated one."""
    return frozenset({Role.PARTNERSHIP_OFFICER}) if kind is RevisionKind.LOCAL else frozenset({Role.CLG})
    # a refresh is approved like the agreement: by the Secretary of State


def approver_words(kind: RevisionKind) -> str:
    return "the responsible authority" if kind is RevisionKind.LOCAL else "the Secretary of State"


def refuse_step(step: str, current: RevisionState, *, reason: str = "") -> str:
    """Why the step cannot be taken from the state (the table above); "" if it can."""
    found = STEPS.get(step)
    if found is None:
        return f"There is no step '{step[:30]}': choose {', '.join(STEPS)}."
    if current not in found.from_states:
        return f"The revision is {STANDING_LABELS[Standing(current.value)].lower()}: it cannot be {found.past} now."
    if found.needs_reason and not reason.strip():
        return "Give a reason, so the partnership knows why."
    if len(reason) > MAX_TEXT_CHARS:
        return f"The reason must be {MAX_TEXT_CHARS:,} characters or fewer."
    return ""


@dataclass(frozen=True, slots=True)
class Item:
    """One change: its kind, the target it is about (the key; for an added target its new
    key), the new yearly values (amend) and the new target (add, exchange). A refresh's
    item also has its ground (`laa.domain.refresh.Ground`: "" between reviews), the
    baseline it confirms and the reason it records (a renegotiation, an exchange)."""

    kind: ChangeKind
    target: str
    yearly: Mapping[str, Decimal] = field(default_factory=dict)
    new_target: TargetDraft | None = None
    ground: str = ""
    baseline: Decimal | None = None
    reason: str = ""


def _local(t: TargetDraft) -> bool:
    return t.category == "local"


def revision_kind(items: Iterable[Item], draft: AgreementDraft) -> RevisionKind | None:
    """Local when every item is about a local target (or adds one), designated when every
    one is about a designated or statutory target; an un-designation when every one moves a
    target to a multi-area agreement; None when they mix (or are none)."""
    targets = {t.key: t for t in draft.targets}
    kinds = set()
    for item in items:
        if item.kind is ChangeKind.TO_MAA:
            kinds.add(RevisionKind.MAA)
        elif item.kind is ChangeKind.ADD:
            kinds.add(RevisionKind.LOCAL)
        elif item.target in targets:
            kinds.add(RevisionKind.LOCAL if _local(targets[item.target]) else RevisionKind.DESIGNATED)
    return kinds.pop() if len(kinds) == 1 else None


def item_problems(items: list[Item], draft: AgreementDraft) -> dict[str, str]:
    """What is wrong with the proposed changes, by field ("items" for the whole)."""
    if not items:
        return {"items": "Choose a change to propose"}
    targets = {t.key: t for t in draft.targets}
    years = set(agreement_years(draft.period_start, draft.period_end))
    problems: dict[str, str] = {}
    seen: set[str] = set()
    rewarded = []
    for item in items:
        if item.target in seen:
            problems["target"] = f"{item.target} is changed twice in one revision: propose one change per target."
        seen.add(item.target)
        if item.kind is ChangeKind.ADD:
            new = item.new_target
            if new is None or not item.target:
                problems["target"] = "Give the new target's indicator."
            elif item.target in targets:
                problems["target"] = f"The agreement already has a target {item.target}."
            elif new.category != "local":
                problems["target"] = "A revision adds local targets only: designated targets are added at the refresh."
            elif not new.yearly:
                problems["yearly"] = f"Give {item.target} a target for at least one year."
            continue
        target = targets.get(item.target)
        if target is None:
            problems["target"] = f"The agreement has no target {item.target[:60]}."
            continue
        if _local(target) and target.reward is not None:
            rewarded.append(target.key)
        if item.kind is ChangeKind.AMEND:
            unknown = sorted(set(item.yearly) - years)
            if unknown:
                problems["yearly"] = f"{', '.join(unknown)} is not a year of the agreement."
            elif not item.yearly:
                problems["yearly"] = f"Give {item.target}'s new value for at least one year."
            elif all(target.yearly.get(y) == v for y, v in item.yearly.items()):
                problems["yearly"] = f"These are {item.target}'s values already: change at least one."
        if item.kind is ChangeKind.TO_MAA and target.category != "designated":
            problems["target"] = f"{item.target} is not designated: only a designated target is un-designated."
        if item.kind is ChangeKind.EXCHANGE:  # laa.domain.refresh checks the refresh's exchanges
            problems["target"] = (f"{item.target} cannot be exchanged between reviews: a designated target is "
                                  "exchanged for another only at the annual review, in the refresh (Q27).")
    if rewarded:
        problems["target"] = (f"{', '.join(rewarded)} {'has' if len(rewarded) == 1 else 'have'} a reward element: "
                              "a target with a reward element cannot be changed by a local revision.")
    if not problems and revision_kind(items, draft) is None:
        problems["items"] = ("A revision changes local targets or designated targets, not both: "
                             "propose them separately.")
    return problems


def earliest_local_revision(agreement_approved_on: date, local_revisions_approved_on: Iterable[date]) -> date:
    """The first day a local-target revision may be made (s110(3)): one month after the
    approval of the agreement or of the last approved revision that included local targets."""
    return one_month_after(max([agreement_approved_on, *local_revisions_approved_on]))


def one_month_refusal(kind: RevisionKind | None, today: date, agreement_approved_on: date,
                      local_revisions_approved_on: Iterable[date]) -> str:
    """The s110(3) refusal naming the day it becomes possible; "" when it is, or for a
    designated revision (the rule is about local targets)."""
    if kind is not RevisionKind.LOCAL:
        return ""
    days = list(local_revisions_approved_on)
    earliest = earliest_local_revision(agreement_approved_on, days)
    if today >= earliest:
        return ""
    by_revision = bool(days) and max(days) >= agreement_approved_on
    last = max(days) if by_revision else agreement_approved_on
    what = "the last revision including local targets was approved" if by_revision else "the agreement was approved"
    return (f"Local targets cannot be changed within one month of approval (s110(3)): {what} on "
            f"{long_date(last)}, so a local revision can be made from {long_date(earliest)}.")


def partner_authorities(target: TargetDraft) -> tuple[str, ...]:
    """The organisations signed up to the target with the duty to have regard."""
    return tuple(p.organisation for p in target.partners if effective_duty(p, None) == "have_regard")


def consents_needed(items: Iterable[Item], draft: AgreementDraft) -> tuple[str, ...]:
    """Each partner authority whose consent the revision needs, in order of first mention."""
    targets = {t.key: t for t in draft.targets}
    names: list[str] = []
    for item in items:
        concerned: list[str] = []
        if item.target in targets:
            concerned += partner_authorities(targets[item.target])
        if item.new_target is not None:
            concerned += partner_authorities(item.new_target)
        for name in concerned:
            if name not in names:
                names.append(name)
    return tuple(names)


def needs_consultation(kind: RevisionKind, *, includes_local: bool) -> bool:
    """D15: local targets change only "having consulted those who have agreed to help
    deliver the target on a voluntary basis": every local revision, and a refresh that
    changes a local target."""
    return kind is RevisionKind.LOCAL or (kind is RevisionKind.REFRESH and includes_local)


def approval_refusal(kind: RevisionKind, *, needed: Iterable[str], consented: Iterable[str],
                     voluntary_consulted: bool, includes_local: bool = False) -> str:
    """Why the revision cannot be approved yet (who has not consented; the consultation of
    the voluntary partners); "" if it can."""
    missing = [n for n in needed if n not in set(consented)]
    parts = []
    if missing:
        parts.append(f"{', '.join(missing)} {'has' if len(missing) == 1 else 'have'} not consented yet")
    if needs_consultation(kind, includes_local=includes_local) and not voluntary_consulted:
        parts.append("the consultation of the voluntary partners is not recorded yet")
    if not parts:
        return ""
    return f"The revision cannot be approved by {approver_words(kind)}: " + "; ".join(parts) + "."


def apply_items(draft: AgreementDraft, items: Iterable[Item]) -> AgreementDraft:
    """The agreement with the changes made: an added target last, an amended target's
    yearly values replaced year by year, a dropped one removed, an exchanged one replaced
    in its place; a refresh's confirmed baseline set, and a placeholder given its values no
    longer a placeholder; a target moved to an MAA local. Items are assumed checked (`item_problems`, `refresh_problems`)."""
    targets = list(draft.targets)
    for item in items:
        index = next((i for i, t in enumerate(targets) if t.key == item.target), None)
        if item.kind is ChangeKind.ADD and item.new_target is not None:
            targets.append(item.new_target)
        elif index is None:
            continue
        elif item.kind is ChangeKind.AMEND:
            old = targets[index]
            yearly = {**old.yearly, **item.yearly}
            none_set = tuple(y for y in old.none_set if y not in item.yearly)
            baseline = old.baseline if item.baseline is None else replace(old.baseline, value=item.baseline)
            placeholder = None if item.ground in FILLS_PLACEHOLDER and item.yearly else old.placeholder
            targets[index] = replace(old, yearly=yearly, none_set=none_set, baseline=baseline, placeholder=placeholder)
        elif item.kind is ChangeKind.DROP:
            del targets[index]
        elif item.kind is ChangeKind.EXCHANGE and item.new_target is not None:
            targets[index] = replace(item.new_target, category="designated")
        elif item.kind is ChangeKind.TO_MAA:  # un-designated: it stays as a local target (Q57)
            targets[index] = replace(targets[index], category="local")
    return replace(draft, targets=tuple(targets))
