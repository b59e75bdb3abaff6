"""Commentary, actions and exceptions of delivery (issue 13: what councils' performance
tools are bought for).

For each target and reported period the lead partner says why the figure is what it is
and what happens next, with actions (what, owner, due date, done). Commentary is dated and
never overwritten: a later word is another record, the latest shown first. A target is an
**exception** for the partnership's board and the Government Office when it is off track
with no commentary for its latest reported period, or has actions overdue (due before the
day and not done).

    commentary_problems(why, next_steps) -> {field: message}
    exceptions(targets, actions, today) -> [DeliveryException]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from laa.domain.input_limits import MAX_TEXT_CHARS
from laa.domain.progress import Judgement
from laa.domain.signoff_guards import long_date
from laa.domain.text import plural


def commentary_problems(*, why: str, next_steps: str, period: str, periods: Iterable[str]) -> dict[str, str]:
    """A commentary's problems by field ({} if it can be recorded). `periods`: the periods
    it may be about (the target's reported periods and years)."""
    problems: dict[str, str] = {}
    if period not in set(periods):
        problems["period"] = "Choose the period the commentary is about."
    for field, text, what in (("why", why, "why the figure is what it is"), ("next_steps", next_steps, "what happens next")):
        if not text.strip():
            problems[field] = f"Say {what}."
        elif len(text.strip()) > MAX_TEXT_CHARS:
            problems[field] = f"This must be {MAX_TEXT_CHARS:,} characters or fewer (it has {len(text.strip()):,})."
    return problems


def board_challenge_problems(*, theme: str, themes: Iterable[str], held_on: date | None, held_text: str,
                             decisions: str, today: date) -> dict[str, str]:
    """The board's quarterly challenge of a theme: which theme, when it met, what it decided."""
    problems: dict[str, str] = {}
    if theme not in set(themes):
        problems["theme"] = "Choose the theme the board challenged."
    if held_on is None:
        problems["held"] = (f"The date of the meeting must be a real date, like 15 1 2009: not '{held_text[:30]}'."
                            if held_text.strip("- ") else "Enter the date the board met.")
    elif held_on > today:
        problems["held"] = f"The date of the meeting must be today or before ({long_date(today)})."
    if not decisions.strip():
        problems["decisions"] = "Say what the board decided."
    elif len(decisions.strip()) > MAX_TEXT_CHARS:
        problems["decisions"] = f"This must be {MAX_TEXT_CHARS:,} characters or fewer."
    return problems


@dataclass(frozen=True, slots=True)
class TargetDelivery:
    """A target as the exceptions see it: its judgement, the period that judgement is on,
    and whether it has commentary for that period."""

    key: str
    judgement: Judgement
    period: str  # the latest reported period ("2008/09 Q4"), "" if none
    commented: bool


@dataclass(frozen=True, slots=True)
class ActionDue:
    target: str
    text: str
    owner: str
    due: date
    done: bool


@dataclass(frozen=True, slots=True)
class DeliveryException:
    target: str
    judgement: Judgement
    reasons: tuple[str, ...]


def overdue(action: ActionDue, today: date) -> bool:
    return not action.done and action.due < today


def exceptions(targets: Iterable[TargetDelivery], actions: Iterable[ActionDue], today: date) -> list[DeliveryException]:
    """The targets the board and the Government Office must look at, in the targets' order."""
    late: dict[str, list[ActionDue]] = {}
    for a in actions:
        if overdue(a, today):
            late.setdefault(a.target, []).append(a)
    found = []
    for t in targets:
        reasons = []
        if t.judgement is Judgement.OFF_TRACK and not t.commented:
            reasons.append(f"Off track with no commentary for {t.period or 'its latest period'}")
        if t.key in late:
            first = min(late[t.key], key=lambda a: a.due)
            reasons.append(f"{plural(len(late[t.key]), 'action')} overdue (the first was due on {long_date(first.due)}: "
                           f"{first.owner})")
        if reasons:
            found.append(DeliveryException(t.key, t.judgement, tuple(reasons)))
    return found
