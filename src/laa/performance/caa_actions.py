"""Writing the CAA's flags (issue 13, ADR 0027): an inspector records a flag as a draft,
changes it while it is a draft, publishes it, and withdraws a published flag with the
reason. Each write is permission first (`require`), then the domain's rules
(laa.domain.caa), then one transaction with its audit event and an append-only status
row. The state moves by a compare-and-set on the state and `version` the inspector saw:
of two inspectors publishing one flag, one publishes it and the other is refused, nothing
of theirs written."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from laa import clock
from laa.audit.trail import record, snapshot
from laa.domain.caa import (
    STEPS,
    FlagState,
    flag_problems,
    parse_colour,
    parse_concerns,
    step_problems,
)
from laa.performance.caa_models import CaaFlag, CaaFlagStatus
from laa.permissions import actor_name, require
from laa.places.models import Area

RECORDERS = "Only inspectors record, change, publish and withdraw the CAA's flags."


class FlagRefused(ValueError):
    """What cannot be recorded or done, by field; nothing was written. `status`: 400 for
    bad input, 409 for a flag that moved since it was seen."""

    def __init__(self, problems: dict[str, str], status: int = 400):
        super().__init__("; ".join(problems.values()))
        self.problems = problems
        self.status = status


def _checked(colour: str, title: str, evidence: str, concerns: str, known: Iterable[str]):
    named = parse_concerns(concerns)
    problems = flag_problems(colour=colour, title=title, evidence=evidence, concerns=named, known=known)
    if problems:
        raise FlagRefused(problems)
    return parse_colour(colour), title.strip(), evidence.strip(), list(named)


def _status(actor, flag: CaaFlag, step: str, from_state: str, to_state: str, reason: str = "") -> CaaFlagStatus:
    return CaaFlagStatus.objects.create(flag=flag, step=step, from_state=from_state, to_state=to_state,
                                        reason=reason.strip(), by=actor, by_name=actor_name(actor), at=clock.now())


def record_flag(*, actor, area: Area, colour: str, title: str, evidence: str, concerns: str = "",
                known: Iterable[str] = ()) -> CaaFlag:
    """A draft flag on the area. `concerns`: the indicators or targets it names, as typed
    (commas or lines); `known`: those the area has."""
    require(actor, "performance.record_flag", area, refusal=RECORDERS)
    chosen, title, evidence, named = _checked(colour, title, evidence, concerns, known)
    with transaction.atomic():
        flag = CaaFlag.objects.create(area=area, colour=chosen, title=title, evidence=evidence, concerns=named,
                                      state=FlagState.DRAFT, recorded_by=actor, recorded_by_name=actor_name(actor),
                                      recorded_at=clock.now())
        _status(actor, flag, "record", "", FlagState.DRAFT)
        record(actor=actor, action="caa-flag-record", instance=flag, before=None)
    return flag


def _moved(flag: CaaFlag) -> FlagRefused:
    current = CaaFlag.objects.get(pk=flag.pk)
    return FlagRefused({"version": f"The flag is {current.state} and was changed since you saw it: "
                                   "read it again before you act on it."}, status=409)


def change_flag(*, actor, flag: CaaFlag, seen_version: int, colour: str, title: str, evidence: str,
                concerns: str = "", known: Iterable[str] = ()) -> CaaFlag:
    """A draft changed: refused once it is published, or if it changed since it was seen."""
    require(actor, "performance.record_flag", flag.area, refusal=RECORDERS)
    if flag.state != FlagState.DRAFT:
        raise FlagRefused({"step": f"The flag is {flag.state}: only a draft is changed."}, status=409)
    chosen, title, evidence, named = _checked(colour, title, evidence, concerns, known)
    with transaction.atomic():
        before = snapshot(flag)
        changed = CaaFlag.objects.filter(pk=flag.pk, state=FlagState.DRAFT, version=seen_version).update(
            colour=chosen, title=title, evidence=evidence, concerns=named, version=F("version") + 1)
        if changed == 0:
            raise _moved(flag)
        current = CaaFlag.objects.get(pk=flag.pk)
        _status(actor, current, "change", FlagState.DRAFT, FlagState.DRAFT)
        record(actor=actor, action="caa-flag-change", instance=current, before=before)
    return current


def move_flag(*, actor, flag: CaaFlag, step: str, seen_version: int, reason: str = "") -> CaaFlag:
    """Publish a draft (`step="publish"`) or withdraw a published flag (`"withdraw"`, with
    the reason)."""
    require(actor, "performance.record_flag", flag.area, refusal=RECORDERS)
    problems = step_problems(step=step, state=FlagState(flag.state), reason=reason)
    if problems:
        raise FlagRefused(problems, status=409 if "step" in problems else 400)
    start, end = STEPS[step]
    with transaction.atomic():
        before = snapshot(flag)
        moved = CaaFlag.objects.filter(pk=flag.pk, state=start, version=seen_version).update(
            state=end, version=F("version") + 1)
        if moved == 0:
            raise _moved(flag)
        current = CaaFlag.objects.get(pk=flag.pk)
        _status(actor, current, step, start, end, reason)
        record(actor=actor, action=f"caa-flag-{step}", instance=current, before=before, reason=reason.strip())
    return current
