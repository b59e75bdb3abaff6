"""The refresh's proposal form read into the domain's items (ADR 0025), one section per
ground the form offers: placeholders and deferred indicators given their targets for the
years refreshed, baselines confirmed, one target renegotiated with its reason, targets
dropped because their indicator is withdrawn, and a designated target exchanged for
another with its reason (D14: only at the annual review, with the Secretary of State's
agreement, which the refresh's approval is). Each figure is read by the one parser
(`laa.domain.figures.parse_figure`). Problems by field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from laa.domain.composition import AgreementDraft, IndicatorFacts, TargetDraft
from laa.domain.figures import FigureError, parse_figure
from laa.domain.refresh import Ground, is_withdrawn, refresh_item
from laa.domain.reviews import ReviewYear
from laa.domain.revisions import Item, partner_authorities
from laa.revisions.changes import new_target
from laa.revisions.forms import indicator_code


def slug(year: str) -> str:
    return year.replace("/", "-")


@dataclass(frozen=True, slots=True)
class Sections:
    """The targets each section of the form offers, by position in the agreement."""

    fill: tuple[tuple[int, TargetDraft, Ground], ...]
    baseline: tuple[tuple[int, TargetDraft], ...]
    withdrawn: tuple[tuple[int, TargetDraft], ...]
    all: tuple[TargetDraft, ...]


def sections(draft: AgreementDraft, facts: Mapping[str, IndicatorFacts], year: ReviewYear) -> Sections:
    fill, baseline, withdrawn = [], [], []
    for i, t in enumerate(draft.targets):
        f = facts.get(t.indicator)
        if t.placeholder is not None:
            fill.append((i, t, Ground.PLACEHOLDER))
        elif f is not None and f.deferred and not any(y > year.label for y in t.yearly):
            fill.append((i, t, Ground.DEFERRED))
        if t.improvement_percent is not None and t.baseline.value is None:
            baseline.append((i, t))
        if is_withdrawn(f, year):
            withdrawn.append((i, t))
    return Sections(tuple(fill), tuple(baseline), tuple(withdrawn), draft.targets)


def _figure(values, name: str, what: str, problems: dict[str, str]) -> Decimal | None:
    try:
        return parse_figure(values.get(name, ""))
    except FigureError as bad:
        problems[name] = f"{what} {bad}"
        return None


def _yearly(values, prefix: str, years: tuple[str, ...], name: str, problems: dict[str, str]) -> dict[str, Decimal]:
    found = {}
    for y in years:
        value = _figure(values, f"{prefix}-{slug(y)}", f"{name}'s target for {y}", problems)
        if value is not None:
            found[y] = value
    return found


def read_refresh(values, found: Sections, years: tuple[str, ...]) -> tuple[list[Item], dict[str, str], dict[str, str]]:
    """The changes the form asks for, the problems by field, and for each target changed
    the field its problems are shown beside."""
    items: list[Item] = []
    problems: dict[str, str] = {}
    fields: dict[str, str] = {}
    for i, t, ground in found.fill:
        yearly = _yearly(values, f"fill-{i}", years, t.key, problems)
        if yearly:
            items.append(refresh_item(ground, t.key, yearly=yearly))
        fields[t.key] = f"fill-{i}-{slug(years[0])}" if years else "reason"
    for i, t in found.baseline:
        value = _figure(values, f"baseline-{i}", f"{t.key}'s baseline", problems)
        if value is not None:
            items.append(refresh_item(Ground.BASELINE, t.key, baseline=value))
        fields[t.key] = f"baseline-{i}"
    chosen = values.get("renegotiate", "")
    if chosen:
        target = next((t for t in found.all if t.key == chosen), None)
        if target is None:
            problems["renegotiate"] = "Choose a target of the agreement to renegotiate"
        else:
            yearly = _yearly(values, "renegotiate", years, target.key, problems)
            items.append(refresh_item(Ground.RENEGOTIATE, target.key, yearly=yearly,
                                      reason=values.get("renegotiate-reason", "")))
            fields[target.key] = "renegotiate-reason" if yearly else (
                f"renegotiate-{slug(years[0])}" if years else "renegotiate")
            fields["reward"] = "renegotiate"
    _exchange(values, found, years, items, problems, fields)
    dropping = set(values.getlist("withdraw") if hasattr(values, "getlist") else values.get("withdraw", []))
    for _, t in found.withdrawn:
        if t.key in dropping:
            items.append(refresh_item(Ground.WITHDRAWN, t.key))
            fields[t.key] = "withdraw"
    return items, problems, fields


def _exchange(values, found: Sections, years: tuple[str, ...], items: list[Item], problems: dict[str, str],
              fields: dict[str, str]) -> None:
    """A designated target exchanged for a target on another national indicator: the new
    target serves the same outcome and has the same partner authorities signed up."""
    chosen = values.get("exchange", "")
    if not chosen:
        return
    target = next((t for t in found.all if t.key == chosen and t.category == "designated"), None)
    if target is None:
        problems["exchange"] = "Choose a designated target of the agreement to exchange"
        return
    code = indicator_code(values.get("exchange-indicator", ""))
    if not code:
        problems["exchange-indicator"] = f"Give the national indicator {target.key} is exchanged for, like NI 28"
        return
    yearly = _yearly(values, "exchange", years, code, problems)
    replacement = new_target(key=code, category="designated", outcome=target.outcome, yearly=yearly,
                             partners=list(partner_authorities(target)))
    items.append(refresh_item(Ground.EXCHANGE, target.key, yearly=yearly, reason=values.get("exchange-reason", ""),
                              new_target=replacement))
    taken = {t.key for t in found.all}
    fields[target.key] = ("exchange-reason" if code not in taken and not values.get("exchange-reason", "").strip()
                          else "exchange-indicator")
    fields["indicator"] = "exchange-indicator"  # the catalogue's refusal of an unknown indicator
    fields.setdefault("reward", "exchange")
