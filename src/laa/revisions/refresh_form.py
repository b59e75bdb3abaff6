"""The refresh's proposal form read into the domain's items (ADR 0025), one section per
ground the form offers: placeholders and deferred indicators given their targets for the
years refreshed, baselines confirmed, one target renegotiated with its reason, targets
dropped because their indicator is withdrawn. Each figure is read by the one parser
(`laa.domain.figures.parse_figure`). A designated target's exchange is not on the form
(the records and the domain take it). Problems by field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from laa.domain.composition import AgreementDraft, IndicatorFacts, TargetDraft
from laa.domain.figures import FigureError, parse_figure
from laa.domain.refresh import Ground, is_withdrawn, refresh_item
from laa.domain.reviews import ReviewYear
from laa.domain.revisions import Item


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
    dropping = set(values.getlist("withdraw") if hasattr(values, "getlist") else values.get("withdraw", []))
    for _, t in found.withdrawn:
        if t.key in dropping:
            items.append(refresh_item(Ground.WITHDRAWN, t.key))
            fields[t.key] = "withdraw"
    return items, problems, fields
