"""The guards of sign-off: what a step needs beyond role and state (DOMAIN.md D12).

`laa.domain.signoff.decide` runs the guards of a transition against a `SignOffContext`
(what the caller knows); each check returns the refusal in plain English, or "" when the
step may go ahead. The council body that approves, the approval window, the month to
designate, and the negotiations and statutory targets to settle first are all here.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from laa.domain.text import plural


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


def long_date(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def _rules_clean(ctx: SignOffContext) -> str:
    if ctx.rule_errors is None or ctx.unacknowledged_warnings is None:
        return "Check the agreement against the rules before submitting it."
    if ctx.rule_errors > 0:
        return (
            f"The agreement has {plural(ctx.rule_errors, 'rule error')}; "
            "correct them before submitting it to the Government Office."
        )
    if ctx.unacknowledged_warnings > 0:
        return (
            f"The agreement has {plural(ctx.unacknowledged_warnings, 'warning')} "
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


def statutory_waiting_message(waiting: tuple[str, ...]) -> str:
    """The refusal of the GO's agreement while statutory targets wait for DCSF ("" if none)."""
    if not waiting:
        return ""
    shown = list(dict.fromkeys(waiting))
    names = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    count = "1 statutory target still waits" if len(shown) == 1 else f"{len(shown)} statutory targets still wait"
    return (
        f"The agreement cannot be agreed while {count} for DCSF's agreement "
        f"(D3): {names}. DCSF agrees each statutory education and early-years target in "
        "its negotiation (the partnership proposes it, DCSF accepts it)."
    )


def _statutory_targets_agreed(ctx: SignOffContext) -> str:
    if ctx.statutory_waiting is None:
        return "Check which statutory targets DCSF has agreed before agreeing the agreement."
    return statutory_waiting_message(ctx.statutory_waiting)


GUARD_CHECKS: Mapping[Guard, Callable[[SignOffContext], str]] = MappingProxyType(
    {
        Guard.RULES_CLEAN: _rules_clean,
        Guard.COUNCIL_BODY: _council_body,
        Guard.APPROVAL_WINDOW_OPEN: _approval_window_open,
        Guard.WITHIN_MONTH_OF_APPROVAL: _within_month_of_approval,
        Guard.REASON_GIVEN: _reason_given,
        Guard.DISTRICT_OF_TWO_TIER_AREA: _district_of_two_tier_area,
        Guard.NEGOTIATION_SETTLED: _negotiation_settled,
        Guard.STATUTORY_TARGETS_AGREED: _statutory_targets_agreed,
    }
)


def unacknowledged_warnings(
    warning_codes: Iterable[str], acknowledgements: Mapping[str, str]
) -> int:
    """Count warnings without an acknowledgement; a blank reason acknowledges nothing."""
    return sum(1 for code in warning_codes if not acknowledgements.get(code, "").strip())


def one_month_after(d: date) -> date:
    """The same day next month, or that month's last day (31 January -> 29 February 2008)."""
    year, month = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
    return d.replace(year=year, month=month, day=min(d.day, calendar.monthrange(year, month)[1]))
