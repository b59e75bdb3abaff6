"""Writing delivery (issue 13): a commentary on a target's period, an action, an action
done, the board's challenge of a theme; each checked by its permission (`require`) and its
rules (laa.domain.commentary, and the reviews' rules for an action: what, who, by when),
added in one transaction with its audit event. Nothing is ever changed or deleted."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from laa import clock
from laa.audit.trail import record
from laa.domain.commentary import board_challenge_problems, commentary_problems
from laa.domain.reviews import action_problems
from laa.performance.delivery import TargetOf, periods_of
from laa.performance.delivery_models import ActionDone, BoardChallenge, Commentary, DeliveryAction
from laa.performance.reading import AreaProgress, TargetProgress
from laa.permissions import actor_name, require

COMMENT_REFUSAL = ("Commentary and actions on a target are written by the area's partnership officer and the "
                   "partner authorities signed up to it")
CHALLENGE_REFUSAL = "The board's challenges are recorded by the area's partnership officer"


class DeliveryRefused(ValueError):
    """What cannot be recorded, by field."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def add_commentary(*, actor, found: AreaProgress, item: TargetProgress, period: str, why: str,
                   next_steps: str) -> Commentary:
    require(actor, "performance.comment", TargetOf(found.agreement, item.target), refusal=COMMENT_REFUSAL)
    problems = commentary_problems(why=why, next_steps=next_steps, period=period, periods=periods_of(item))
    if problems:
        raise DeliveryRefused(problems)
    with transaction.atomic():
        made = Commentary.objects.create(agreement=found.agreement, target=item.target.key, period=period,
                                         why=why.strip(), next_steps=next_steps.strip(), by=actor,
                                         by_name=actor_name(actor), at=clock.now())
        record(actor=actor, action="delivery-commentary", instance=made, before=None)
    return made


def add_action(*, actor, found: AreaProgress, item: TargetProgress, text: str, owner: str, due: str) -> DeliveryAction:
    """An action on the target: what, who owns it, by when (the date's ISO text)."""
    require(actor, "performance.comment", TargetOf(found.agreement, item.target), refusal=COMMENT_REFUSAL)
    due_on = _iso(due)
    problems = action_problems(text=text, owner=owner, due=due_on, due_text=due)
    if problems:
        raise DeliveryRefused(problems)
    with transaction.atomic():
        made = DeliveryAction.objects.create(agreement=found.agreement, target=item.target.key, text=text.strip(),
                                             owner=owner.strip(), due_on=due_on, by=actor, by_name=actor_name(actor),
                                             at=clock.now())
        record(actor=actor, action="delivery-action", instance=made, before=None)
    return made


def mark_done(*, actor, found: AreaProgress, item: TargetProgress, action: DeliveryAction, note: str = "") -> ActionDone:
    require(actor, "performance.comment", TargetOf(found.agreement, item.target), refusal=COMMENT_REFUSAL)
    if len(note.strip()) > 300:
        raise DeliveryRefused({"note": "The note must be 300 characters or fewer."})
    try:
        with transaction.atomic():
            done = ActionDone.objects.create(action=action, note=note.strip(), by=actor, by_name=actor_name(actor),
                                             at=clock.now())
            record(actor=actor, action="delivery-action-done", instance=done, before=None)
    except IntegrityError:  # done already (by someone else meanwhile)
        raise DeliveryRefused({"done": "That action is done already."}) from None
    return done


def record_challenge(*, actor, found: AreaProgress, themes: list[str], theme: str, held: str,
                     decisions: str) -> BoardChallenge:
    require(actor, "performance.challenge", found.agreement, refusal=CHALLENGE_REFUSAL)
    held_on = _iso(held)
    problems = board_challenge_problems(theme=theme, themes=themes, held_on=held_on, held_text=held,
                                        decisions=decisions, today=clock.today())
    if problems:
        raise DeliveryRefused(problems)
    with transaction.atomic():
        made = BoardChallenge.objects.create(agreement=found.agreement, theme=theme, held_on=held_on,
                                             decisions=decisions.strip(), by=actor, by_name=actor_name(actor),
                                             at=clock.now())
        record(actor=actor, action="delivery-board-challenge", instance=made, before=None)
    return made
