"""The reward grant's writes (issue 14, ADR 0024): each a keyword-only function,
permission first (`laa.permissions.require`), then one transaction with its audit event.

Here: the inputs (net budget requirements, pump priming, the Area Based Grant, interim
levels) and the claim itself; a claim's later steps (returned, claimed again,
recommended, determined, refused, withdrawn) are `performance.reward_steps`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max

from laa import clock
from laa.accounts.scopes import role_of
from laa.agreements.models import Agreement
from laa.audit.trail import record
from laa.domain.composition import financial_year_start
from laa.domain.figures import FigureError, parse_figure
from laa.domain.input_limits import MAX_NAME_CHARS, MAX_TEXT_CHARS
from laa.domain.reward import Achieved, Calculation, calculate
from laa.domain.reward_policy import Policy
from laa.performance.models import (
    AreaBasedGrant,
    ClaimedValue,
    ClaimState,
    ClaimStatus,
    InterimLevel,
    NetBudgetRequirement,
    PumpPrimingGrant,
    RewardClaim,
)
from laa.performance.reading import indicator_facts
from laa.performance.reward_figures import figures_of
from laa.performance.reward_reading import (
    RewardUnavailable,
    budgets_of,
    choose_policy,
    interim_levels,
    reward_target,
)
from laa.permissions import ActionError, actor_name, require
from laa.signoff.versions import version_draft, version_on

CLAIMERS = "Only the partnership officer of the agreement's area claims its reward grant."
RECORDERS = "Only CLG records the grants' figures."
INTERIM_RECORDERS = "Only the area's Government Office records a reward target's interim level."


class ClaimError(ActionError):
    """A claim or step that did not happen; nothing was written. `problems` by field."""


class ClaimConflict(ClaimError):
    """Someone else moved the claim meanwhile."""

    status = 409


def _money(text, field: str, problems: dict[str, str]) -> Decimal | None:
    """An amount in pounds, by the one figure parser (grouping commas allowed, pennies at most)."""
    try:
        value = parse_figure(text, places=2, integer_digits=14)
    except FigureError:
        value = None
    if value is None or value < 0:
        problems[field] = f"Enter the {field.replace('_', ' ')} in pounds, like 880123456.00"
        return None
    return value


LENGTHS = {"authority": 200, "grant_replaced": 200, "priority": MAX_NAME_CHARS, "period": 24}
NAMES = {"grant_replaced": "grant it replaced", "paid_on": "day it was paid", "period": "interim point"}
LIKE = {"year": ", like 2007/08", "period": ", like 2009/10"}


def _texts(problems: dict[str, str], *, optional: tuple[str, ...] = (), **fields) -> dict[str, str]:
    """Each text field stripped; refused by field when missing (unless optional) or too long.
    A `year` must be a financial year, like 2007/08."""
    found = {}
    for field, text in fields.items():
        value = str(text or "").strip()
        name = NAMES.get(field, field.replace("_", " "))
        most = LENGTHS.get(field, MAX_TEXT_CHARS)
        if not value and field not in optional:
            problems[field] = f"Enter the {name}{LIKE.get(field, '')}"
        elif len(value) > most:
            problems[field] = f"The {name} must be {most:,} characters or fewer"
        elif field == "year" and financial_year_start(value) is None:
            problems[field] = f"The year must be a financial year, like 2007/08, not {value[:20]!r}"
        found[field] = value
    return found


def _day(value, problems: dict[str, str], field: str = "paid_on") -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        problems[field] = f"Enter the {NAMES.get(field, field)} as a real date, like 7 4 2008"
        return None


def record_budget(*, actor, area, authority: str, year: str, amount, source: str) -> NetBudgetRequirement:
    """An authority's net budget requirement for a year (a later row corrects an earlier one)."""
    require(actor, "performance.record_grant_inputs", refusal=RECORDERS)
    problems: dict[str, str] = {}
    text = _texts(problems, authority=authority, year=year)
    value = _money(amount, "amount", problems)
    text |= _texts(problems, source=source)
    if problems:
        raise ClaimError("; ".join(problems.values()), problems)
    with transaction.atomic():
        row = NetBudgetRequirement.objects.create(area=area, amount=value, **text, by=_person(actor),
                                                  by_name=actor_name(actor), at=clock.now())
        record(actor=actor, action="net-budget-record", instance=row, before=None)
    return row


def record_pump_priming(*, actor, area, year: str, paid_on: date | str, amount, capital,
                        source: str) -> PumpPrimingGrant:
    """The pump-priming grant paid to the area (its day, amount and the capital of it)."""
    require(actor, "performance.record_grant_inputs", refusal=RECORDERS)
    problems: dict[str, str] = {}
    text = _texts(problems, year=year)
    day = _day(paid_on, problems)
    value, of_capital = _money(amount, "amount", problems), _money(capital, "capital", problems)
    if value is not None and of_capital is not None and of_capital > value:
        problems["capital"] = "The capital cannot be more than the amount"
    text |= _texts(problems, source=source)
    if problems:
        raise ClaimError("; ".join(problems.values()), problems)
    with transaction.atomic():
        row = PumpPrimingGrant.objects.create(area=area, paid_on=day, amount=value, capital=of_capital, **text,
                                              by=_person(actor), by_name=actor_name(actor), at=clock.now())
        record(actor=actor, action="pump-priming-record", instance=row, before=None)
    return row


def record_area_based_grant(*, actor, area, year: str, grant_replaced: str, amount, source: str,
                            priority: str = "") -> AreaBasedGrant:
    """An Area Based Grant allocation: its year, the grant it replaced, the amount, and
    optionally the priority of the agreement it is set against (D21: no reporting)."""
    require(actor, "performance.record_grant_inputs", refusal=RECORDERS)
    problems: dict[str, str] = {}
    text = _texts(problems, year=year, grant_replaced=grant_replaced)
    value = _money(amount, "amount", problems)
    text |= _texts(problems, optional=("priority",), priority=priority, source=source)
    if problems:
        raise ClaimError("; ".join(problems.values()), problems)
    with transaction.atomic():
        row = AreaBasedGrant.objects.create(area=area, amount=value, **text, by=_person(actor),
                                            by_name=actor_name(actor), at=clock.now())
        record(actor=actor, action="area-based-grant-record", instance=row, before=None)
    return row


def record_interim(*, actor, agreement: Agreement, target_key: str, level, reached, period: str,
                   source: str) -> InterimLevel:
    """A reward target's agreed interim level and the value reached (blank: not yet)."""
    require(actor, "performance.record_interim", agreement, refusal=INTERIM_RECORDERS)
    problems: dict[str, str] = {}
    version = version_on(agreement, clock.today())
    keys = {t.key for t in version_draft(version).targets if t.reward is not None} if version else set()
    if target_key not in keys:
        problems["target_key"] = f"{target_key or 'The target'} is not a reward target of the agreement in force"
    figures: dict[str, Decimal | None] = {}
    for field, text in (("level", level), ("reached", reached)):
        try:
            figures[field] = parse_figure(text)
        except FigureError as refused:
            problems[field] = f"The {'interim level' if field == 'level' else 'value reached'} {refused}"
    if "level" not in problems and figures.get("level") is None:
        problems["level"] = "Enter the interim level agreed"
    text = _texts(problems, period=period, source=source)
    if problems:
        raise ClaimError("; ".join(problems.values()), problems)
    with transaction.atomic():
        row = InterimLevel.objects.create(agreement=agreement, target_key=target_key, level=figures["level"],
                                          reached=figures.get("reached"), **text, by=_person(actor),
                                          by_name=actor_name(actor), at=clock.now())
        record(actor=actor, action="reward-interim-record", instance=row, before=None)
    return row


def _person(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def current_values(claim: RewardClaim) -> list[ClaimedValue]:
    """The claim's values: those of its latest amendment (a claim made again adds its own)."""
    rows = list(claim.values.all())
    latest = max((v.amendment for v in rows), default=0)
    return [v for v in rows if v.amendment == latest]


def claim_calculation(actor, claim: RewardClaim) -> tuple[Policy, Calculation]:
    """The claim's calculation: its policy, the version in force, the claimed values."""
    agreement = claim.agreement
    policy = choose_policy(agreement, claim.policy_id, claim.claimed_on)
    version = version_on(agreement, claim.claimed_on)
    if version is None:
        raise RewardUnavailable(f"{agreement.area.name}'s agreement has no version in force")
    targets = [t for t in version_draft(version).targets if t.reward is not None]
    facts = indicator_facts(actor, agreement, {t.indicator for t in targets})
    claimed: dict[tuple[str, str], Achieved] = {
        (v.target_key, v.label): Achieved(v.value, v.final, "claimed") for v in current_values(claim)}
    interims = interim_levels(actor, agreement)
    inputs = [reward_target(t, facts.get(t.indicator), claimed.get((t.key, "")),
                            {s.label: claimed.get((t.key, s.label)) for s in t.reward.sub_targets},  # type: ignore[union-attr]
                            interims.get(t.key))
              for t in targets]
    return policy, calculate(policy, budgets_of(actor, agreement), inputs, period_end=agreement.period_end)


def claim_figures(actor, claim: RewardClaim) -> dict:
    return figures_of(*claim_calculation(actor, claim))


def claim_keys(draft) -> list[tuple[str, str]]:
    """What a claim gives a value for: each reward target, or each of its sub-targets."""
    keys: list[tuple[str, str]] = []
    for t in draft.targets:
        if t.reward is not None:
            keys += [(t.key, s.label) for s in t.reward.sub_targets] or [(t.key, "")]
    return keys


def claimed_values(actor, agreement: Agreement, values: dict[tuple[str, str], str], evidence: str
                   ) -> dict[tuple[str, str], Decimal]:
    """The values of a claim (or of a claim made again) as written, checked against the
    reward targets of the version in force: each by the one figure parser; refused
    (`ClaimError`, each problem by its field) when one is not a number, a key is not a
    reward target, the evidence is missing or too long, or no value is given."""
    version = version_on(agreement, clock.today())
    if version is None:
        raise ClaimError(f"{agreement.area.name}'s agreement is not in force: there is nothing to claim", status=409)
    keys = claim_keys(version_draft(version))
    problems: dict[str, str] = {}
    parsed: dict[tuple[str, str], Decimal] = {}
    for key in keys:
        text = (values.get(key) or "").strip()
        name = f"{key[0]} ({key[1]})" if key[1] else key[0]
        if not text:
            continue  # no value claimed: the target pays nothing, and says why
        try:
            figure = parse_figure(text)
        except FigureError as refused:
            problems[name] = f"{name}: the value achieved {refused}"
            continue
        if figure is not None:
            parsed[key] = figure
    unknown = sorted(set(values) - set(keys))
    if unknown:
        problems["values"] = f"{unknown[0][0]} is not a reward target of the agreement"
    if not evidence.strip():
        problems["evidence"] = "Give the evidence behind the achieved values"
    elif len(evidence) > MAX_TEXT_CHARS:
        problems["evidence"] = f"The evidence must be {MAX_TEXT_CHARS:,} characters or fewer"
    if not parsed and not problems:
        problems["values"] = "Enter the value achieved for at least one reward target"
    if problems:
        raise ClaimError("; ".join(problems.values()), problems)
    return parsed


def write_values(actor, claim: RewardClaim, parsed: dict[tuple[str, str], Decimal], *, final: bool,
                 amendment: int) -> None:
    for (key, label), value in parsed.items():
        ClaimedValue.objects.create(claim=claim, target_key=key, label=label, value=value, final=final,
                                    amendment=amendment, by=_person(actor), by_name=actor_name(actor), at=clock.now())


def make_claim(*, actor, agreement: Agreement, values: dict[tuple[str, str], str], evidence: str,
               policy_id: str | None = None, final: bool = True) -> RewardClaim:
    """The responsible authority's claim: the achieved value of each reward target (or
    sub-target), keyed (target key, sub-target label or ""), as written, and the evidence."""
    require(actor, "performance.claim_reward", agreement, refusal=CLAIMERS)
    today = clock.today()
    policy = choose_policy(agreement, policy_id, today)
    parsed = claimed_values(actor, agreement, values, evidence)
    try:
        with transaction.atomic():
            last = RewardClaim.objects.filter(agreement=agreement).aggregate(last=Max("number"))["last"] or 0
            claim = RewardClaim.objects.create(agreement=agreement, number=last + 1, state=ClaimState.CLAIMED,
                                               policy_id=policy.id, evidence=evidence.strip(), claimed_on=today)
            write_values(actor, claim, parsed, final=final, amendment=0)
            status(actor, claim, "claim", "", ClaimState.CLAIMED, evidence, claim_figures(actor, claim))
            record(actor=actor, action="reward-claim", instance=claim, before=None, reason=f"under {policy.id}")
    except IntegrityError:
        raise ClaimConflict("Another claim of the agreement was made at the same moment; yours was not recorded: "
                            "claim again.") from None
    return claim


def status(actor, claim, step, from_state, to_state, note, figures) -> ClaimStatus:
    return ClaimStatus.objects.create(claim=claim, step=step, from_state=from_state, to_state=to_state,
                                      role=role_of(actor) or "", note=note.strip(), figures=figures,
                                      by=_person(actor), by_name=actor_name(actor), at=clock.now())
