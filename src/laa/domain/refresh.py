"""The refresh of an approved agreement after its annual review (D16; issue 12; ADR 0025).

A refresh is a revision proposal (`laa.domain.revisions`, kind "refresh") limited to what
the framework allows at that point. What the sources say, and what this module takes:

- D16: "Annual review by the GO (autumn/winter), then a refresh (proposals by March):
  placeholders filled, deferred indicators given targets, exceptional renegotiation with
  reasons (e.g. recession). Stretched (reward) targets cannot be refreshed."
- Seed 004 Q8: partners can "'placeholder' a space in the LAA, and introduce a specific
  target in the second year of the LAA"; Q9 the indicators deferred to 2009/10 (the
  catalogue's `first_year`); Q25 a target set "at the first annual review", or "a
  certain % increase over baseline ... and to confirm the baseline at the annual review";
  Q27 designated targets "may exceptionally be exchanged for others, although only
  through negotiations at the annual review", the Secretary of State considering each
  request; the catalogue's statutory rows end the Key Stage 3 targets after 2008/09 (the
  tests ended on 14 October 2008): a target whose indicator is withdrawn is dropped.

The rules:

- A refresh follows the area's annual review of the year: it is proposed once that review
  is completed, and by its proposals' day (31 March; `laa.domain.reviews`); one open or
  approved refresh per year.
- It sets targets for the years after the year reviewed (the 2008/09 refresh: 2009/10
  and 2010/11), on these grounds, each item naming its target:
  a placeholder given its values; a target on a deferred indicator given its values; a
  baseline to be confirmed (a % over a baseline) confirmed; a target renegotiated
  exceptionally, with its reason recorded; a designated target exchanged for another,
  with its reason (the Secretary of State's approval of the refresh is his agreement);
  a target dropped because its indicator is withdrawn.
- A target with a reward element cannot be refreshed on any ground: the refusal names
  every such target proposed.
- The GO's agreement (the negotiation) and each partner authority signed up to a target
  changed are asked for their consent; the Secretary of State approves.
- A refresh that changes a local target counts for s110(3): it is refused within one
  month of the last approval including local targets, and its own approval restarts the
  month (`laa.domain.revisions.earliest_local_revision`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from laa.domain.composition import AgreementDraft, IndicatorFacts, TargetDraft, agreement_years
from laa.domain.input_limits import MAX_TEXT_CHARS
from laa.domain.reviews import ReviewYear
from laa.domain.revisions import ChangeKind, Item, consents_needed
from laa.domain.signoff_guards import long_date


class Ground(StrEnum):
    PLACEHOLDER = "placeholder"
    DEFERRED = "deferred"
    BASELINE = "baseline"
    RENEGOTIATE = "renegotiate"
    EXCHANGE = "exchange"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return GROUND_LABELS[self]

    @property
    def change(self) -> ChangeKind:
        return GROUND_CHANGES[self]


GROUND_LABELS = MappingProxyType({
    Ground.PLACEHOLDER: "A placeholder given its values",
    Ground.DEFERRED: "A deferred indicator given its targets",
    Ground.BASELINE: "A baseline confirmed",
    Ground.RENEGOTIATE: "A target renegotiated exceptionally",
    Ground.EXCHANGE: "A designated target exchanged for another",
    Ground.WITHDRAWN: "A target dropped: its indicator is withdrawn",
})

GROUND_CHANGES = MappingProxyType({
    Ground.PLACEHOLDER: ChangeKind.AMEND, Ground.DEFERRED: ChangeKind.AMEND, Ground.BASELINE: ChangeKind.AMEND,
    Ground.RENEGOTIATE: ChangeKind.AMEND, Ground.EXCHANGE: ChangeKind.EXCHANGE, Ground.WITHDRAWN: ChangeKind.DROP,
})

NEEDS_REASON = frozenset({Ground.RENEGOTIATE, Ground.EXCHANGE})
NEEDS_VALUES = frozenset({Ground.PLACEHOLDER, Ground.DEFERRED, Ground.RENEGOTIATE})


def refresh_item(ground: Ground, target: str, *, yearly: Mapping[str, Decimal] | None = None,
                 baseline: Decimal | None = None, reason: str = "", new_target: TargetDraft | None = None) -> Item:
    """The revision item of a refresh's change on a ground."""
    return Item(ground.change, target, dict(yearly or {}), new_target, ground=ground.value, baseline=baseline,
                reason=reason)


def years_refreshed(year: ReviewYear, period_start: str, period_end: str) -> tuple[str, ...]:
    """The years a refresh sets targets for: those of the agreement after the year reviewed."""
    return tuple(y for y in agreement_years(period_start, period_end) if y > year.label)


def is_withdrawn(facts: IndicatorFacts | None, year: ReviewYear) -> bool:
    """An indicator is withdrawn for the refresh when its target ends with the year
    reviewed or before (the catalogue's `statutory_until`: 2008/09 for Key Stage 3)."""
    return facts is not None and facts.statutory_until is not None and facts.statutory_until <= year.label


def timing_refusal(year: ReviewYear, *, review_completed: bool, today: date, area: str = "the area",
                   open_or_approved: int | None = None) -> str:
    """Why a refresh of the year cannot be proposed today ("" if it can): the year's
    review is not completed, its proposals' day has passed, or a refresh of the year is
    already open or approved (its number)."""
    if not review_completed:
        return (f"The {year.label} annual review of {area}'s agreement is not completed: the refresh follows "
                "the review, so the Government Office completes it first.")
    if today > year.proposals_due:
        return (f"The {year.label} refresh's proposals were due by {long_date(year.proposals_due)}: changes now "
                "go through a revision between reviews.")
    if open_or_approved is not None:
        return (f"Revision {open_or_approved} is already the {year.label} refresh of {area}'s agreement: one "
                "refresh follows each review (one still open can be withdrawn, to propose another).")
    return ""


def _ground_problem(item: Item, ground: Ground, target: TargetDraft, facts: IndicatorFacts | None,
                    year: ReviewYear, keys: set[str], facts_of: Mapping[str, IndicatorFacts]) -> str:
    """What is wrong with one change on its ground, naming the target ("" if nothing)."""
    name = target.label
    if ground is Ground.PLACEHOLDER and target.placeholder is None:
        return f"{name} is not a placeholder: it has its targets already (renegotiate it, with a reason)."
    if ground is Ground.DEFERRED and not (facts is not None and facts.deferred):
        return f"{name} is not on a deferred indicator: its indicator is reported from 2008/09."
    if ground is Ground.BASELINE:
        if target.improvement_percent is None or target.baseline.value is not None:
            return f"{name} has no baseline to be confirmed: its target is not a % over a baseline to confirm."
        if item.baseline is None:
            return f"Give {name}'s confirmed baseline."
    if ground is Ground.EXCHANGE:
        if target.category != "designated":
            return f"{name} is not a designated target: only a designated target is exchanged for another."
        if item.new_target is None or item.new_target.key in keys:
            return f"Give the designated target {name} is exchanged for (one not in the agreement)."
        new = facts_of.get(item.new_target.indicator)
        if new is not None and not new.national:
            return (f"{item.new_target.indicator} is a local indicator: {name} is exchanged for a target on a "
                    "national indicator, which the Secretary of State designates.")
    if ground is Ground.WITHDRAWN and not is_withdrawn(facts, year):
        return (f"{name}'s indicator is not withdrawn: a target is dropped at the refresh only when its "
                "indicator is (like the Key Stage 3 tests, ended in October 2008).")
    if ground in NEEDS_REASON and not item.reason.strip():
        return f"Give the reason {name} is {'renegotiated' if ground is Ground.RENEGOTIATE else 'exchanged'} (the recession, for example)."
    if len(item.reason) > MAX_TEXT_CHARS:
        return f"The reason for {name} must be {MAX_TEXT_CHARS:,} characters or fewer."
    return ""


def _values_problem(item: Item, ground: Ground, target: TargetDraft, year: ReviewYear, years: tuple[str, ...]) -> str:
    name = target.label
    if ground not in NEEDS_VALUES and not item.yearly:
        return ""
    early = sorted(y for y in item.yearly if y not in years)
    if early:
        return (f"{name}: the {year.label} refresh sets targets for {' and '.join(years) or 'no later year'}, "
                f"not {', '.join(early)}.")
    if not item.yearly:
        return f"Give {name}'s target for at least one of {' and '.join(years)}."
    if ground is Ground.RENEGOTIATE and all(target.yearly.get(y) == v for y, v in item.yearly.items()):
        return f"These are {name}'s targets already: change at least one."
    return ""


def refresh_problems(items: Iterable[Item], draft: AgreementDraft, facts: Mapping[str, IndicatorFacts],
                     year: ReviewYear) -> dict[str, str]:
    """What is wrong with a refresh's changes, by target key ("items" for the whole; the
    reward refusal under "reward", naming every such target)."""
    items = list(items)
    if not items:
        return {"items": "Give at least one change for the refresh."}
    targets = {t.key: t for t in draft.targets}
    years = years_refreshed(year, draft.period_start, draft.period_end)
    problems: dict[str, str] = {}
    rewarded: list[str] = []
    seen: set[str] = set()
    for item in items:
        try:
            ground = Ground(item.ground)
        except ValueError:
            problems[item.target or "items"] = f"Choose what the refresh does to {item.target or 'the target'}."
            continue
        target = targets.get(item.target)
        if target is None:
            problems[item.target or "items"] = f"The agreement has no target {item.target[:60]}."
            continue
        if item.target in seen:
            problems[item.target] = f"{target.label} is changed twice: give it one change in the refresh."
            continue
        seen.add(item.target)
        if target.reward is not None:
            rewarded.append(target.label)
            continue
        problem = (_ground_problem(item, ground, target, facts.get(target.indicator), year, set(targets), facts)
                   or _values_problem(item, ground, target, year, years))
        if problem:
            problems[item.target] = problem
    if rewarded:
        problems["reward"] = (f"{', '.join(rewarded)} {'has' if len(rewarded) == 1 else 'have'} a reward element "
                              "(stretch): a target with a reward element cannot be refreshed.")
    return problems


def includes_local(items: Iterable[Item], draft: AgreementDraft) -> bool:
    """Whether the refresh changes a local target (it then counts for s110(3))."""
    local = {t.key for t in draft.targets if t.category == "local"}
    return any(item.target in local or (item.new_target is not None and item.new_target.category == "local")
               for item in items)


def refresh_consents(items: Iterable[Item], draft: AgreementDraft, government_office: str) -> tuple[str, ...]:
    """Whose agreement the refresh needs before the Secretary of State approves it: the
    Government Office's (the negotiation), then each partner authority signed up to a
    target changed."""
    return (government_office, *(n for n in consents_needed(items, draft) if n != government_office))


def describe(item: Item) -> str:
    """One change of a refresh in words, naming the target and its ground."""
    values = ", ".join(f"{y} {v}" for y, v in sorted(item.yearly.items()))
    try:
        ground = Ground(item.ground)
    except ValueError:
        return item.target
    if ground is Ground.BASELINE:
        return f"{item.target}: baseline confirmed at {item.baseline}" + (f"; targets {values}" if values else "")
    if ground is Ground.EXCHANGE and item.new_target is not None:
        return f"{item.target} exchanged for {item.new_target.key} ({item.reason.strip()})"
    if ground is Ground.WITHDRAWN:
        return f"{item.target} dropped: its indicator is withdrawn"
    why = f" ({item.reason.strip()})" if ground is Ground.RENEGOTIATE else ""
    return f"{item.target}: {ground.label.lower()}: {values}{why}"
