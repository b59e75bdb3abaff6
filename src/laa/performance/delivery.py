"""Reading delivery for a person (issue 13; rules in laa.domain.commentary): each target's
commentary (latest first) and actions, the exceptions for the board and the Government
Office, the board's challenges, and the agreement's themes; always through the scopes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from laa.agreements.models import Agreement
from laa.catalogue.models import IndicatorDefinition
from laa.domain.commentary import ActionDue, DeliveryException, TargetDelivery, exceptions, overdue
from laa.domain.composition import TargetDraft
from laa.performance.delivery_models import BoardChallenge, Commentary, DeliveryAction
from laa.performance.reading import AreaProgress, TargetProgress


@dataclass(frozen=True)
class TargetOf:
    """A target of the agreement's version in force: what `performance.comment` is asked of."""

    agreement: Agreement
    target: TargetDraft


@dataclass
class TargetWords:
    commentary: list[Commentary] = field(default_factory=list)  # latest first
    actions: list[DeliveryAction] = field(default_factory=list)  # by due date


def periods_of(item: TargetProgress) -> list[str]:
    """The periods a commentary on the target may be about, latest first: the periods
    reported and their years, and the year of its headline (even with nothing reported,
    to say why)."""
    found: list[str] = []
    for y in reversed(item.progress.years):
        if not y.reported and y.year != item.progress.latest.year:
            continue
        if y.value is not None and y.value.period not in found:
            found.append(y.value.period)
        if y.year not in found:
            found.append(y.year)
    if item.progress.latest.year and item.progress.latest.year not in found:
        found.append(item.progress.latest.year)
    return found


def words_of(user, agreement: Agreement) -> dict[str, TargetWords]:
    """Every target's commentary and actions, by target key."""
    words: dict[str, TargetWords] = defaultdict(TargetWords)
    for c in Commentary.objects.visible_to(user).filter(agreement=agreement).order_by("-at", "-id"):
        words[c.target].commentary.append(c)
    for a in (DeliveryAction.objects.visible_to(user).filter(agreement=agreement)
              .select_related("done").order_by("due_on", "id")):
        words[a.target].actions.append(a)
    return words


def is_done(action: DeliveryAction) -> bool:
    return getattr(action, "done", None) is not None


def is_overdue(action: DeliveryAction, today: date) -> bool:
    return overdue(_due(action), today)


def _due(a: DeliveryAction) -> ActionDue:
    return ActionDue(a.target, a.text, a.owner, a.due_on, is_done(a))


def exceptions_of(found: AreaProgress, words: dict[str, TargetWords], today: date) -> list[DeliveryException]:
    targets = []
    for item in found.targets:
        latest = item.progress.latest
        period = latest.value.period if latest.value is not None else ""
        said = words.get(item.target.key, TargetWords())
        targets.append(TargetDelivery(item.target.key, latest.judgement, period,
                                      any(c.period in {period, latest.year} for c in said.commentary)))
    return exceptions(targets, [_due(a) for w in words.values() for a in w.actions], today)


def themes_of(user, found: AreaProgress) -> list[str]:
    """The themes the board may challenge: the agreement's outcomes' and its indicators'."""
    themes = {o.theme for o in found.draft.outcomes if o.theme} if found.draft else set()
    codes = {t.target.indicator for t in found.targets}
    themes |= set(IndicatorDefinition.objects.visible_to(user).filter(indicator__code__in=codes, is_current=True)
                  .exclude(theme="").values_list("theme", flat=True))
    return sorted(themes)


def challenges_of(user, agreement: Agreement) -> list[BoardChallenge]:
    return list(BoardChallenge.objects.visible_to(user).filter(agreement=agreement).order_by("-held_on", "-id"))
