"""The values a proposal carries, read from a form or the API and checked field by field.

A target proposal: baseline (value, period), a target for each year of the agreement,
category and partners. A priority outcome proposal: its title and theme. Numbers are kept
as exact decimal strings ("17.5"), never floats.
"""

from __future__ import annotations

from typing import Any

from laa.domain.figures import FigureError, figure_as_typed, parse_figure
from laa.domain.negotiation import ThreadKind

TARGET_CATEGORIES = {"designated": "Designated", "local": "Local"}


class ValuesError(ValueError):
    """Bad values; `problems` maps each field to its message."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))


def _decimal(raw: Any, field: str, label: str, problems: dict[str, str]) -> str | None:
    try:
        value = parse_figure(raw)
    except FigureError as error:
        problems[field] = f"{label} {error}"
        return None
    if value is None:
        return None
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def target_values(
    data: dict[str, Any], *, years: tuple[str, ...], kind: ThreadKind
) -> dict[str, Any]:
    """{"baseline": {"value", "period"}, "targets": {year: value}, "category", "partners"}.

    `data` is flat (a form: baseline_value, baseline_period, target_2008_09, category,
    partners as lines) or nested (the API's schema, already in this shape)."""
    problems: dict[str, str] = {}
    baseline = data.get("baseline")
    if isinstance(baseline, dict):
        raw_value, raw_period = baseline.get("value"), baseline.get("period")
    else:
        raw_value, raw_period = data.get("baseline_value"), data.get("baseline_period")
    value = _decimal(raw_value, "baseline_value", "The baseline", problems)
    period = str(raw_period or "").strip()[:40]
    if value is not None and not period:
        problems["baseline_period"] = "Enter the baseline's period, for example 2007/08"
    targets_in = data.get("targets") if isinstance(data.get("targets"), dict) else None
    targets: dict[str, str] = {}
    if targets_in is not None:
        unknown = sorted(set(targets_in) - set(years))
        if unknown:
            problems["targets"] = f"{', '.join(unknown)} is not a year of the agreement ({', '.join(years)})"
    for year in years:
        field = "target_" + year.replace("/", "_")
        raw = targets_in.get(year) if targets_in is not None else data.get(field)
        found = _decimal(raw, field, f"The target for {year}", problems)
        if found is not None:
            targets[year] = found
    if not targets and not problems:
        problems["target_" + years[-1].replace("/", "_")] = (
            "Enter a target for at least one year (the last year at least)"
        )
    category = str(data.get("category") or "").strip()
    if kind is ThreadKind.STATUTORY_TARGET:
        if category not in {"", "statutory"}:
            problems["category"] = "A statutory education target stays statutory: it is agreed with DCSF (D3)"
        category = "statutory"
    elif category not in TARGET_CATEGORIES:
        problems["category"] = "Choose designated or local"
    partners_in = data.get("partners") or []
    if isinstance(partners_in, str):
        partners_in = partners_in.splitlines()
    partners = [str(p).strip() for p in partners_in if str(p).strip()]
    if len({p.lower() for p in partners}) != len(partners):
        problems["partners"] = "A partner is named twice"
    elif any(len(p) > 200 for p in partners):
        problems["partners"] = "A partner's name can have at most 200 characters"
    if problems:
        raise ValuesError(problems)
    return {
        "baseline": {"value": value, "period": period or None},
        "targets": targets,
        "category": category,
        "partners": partners,
    }


def outcome_values(data: dict[str, Any]) -> dict[str, Any]:
    problems: dict[str, str] = {}
    title = str(data.get("title") or "").strip()
    theme = str(data.get("theme") or "").strip()
    if not title:
        problems["title"] = "Enter the priority outcome's title"
    elif len(title) > 300:
        problems["title"] = "The title can have at most 300 characters"
    if len(theme) > 200:
        problems["theme"] = "The theme can have at most 200 characters"
    if problems:
        raise ValuesError(problems)
    return {"title": title, "theme": theme}


def values_of_target(target) -> dict[str, Any]:
    """A target's current content as proposal values (to fill a form)."""

    return {
        "baseline": {"value": figure_as_typed(target.baseline_value) or None, "period": target.baseline_period or None},
        "targets": {year: figure_as_typed(v) or None for year, v in (target.yearly or {}).items()},
        "category": target.category,
        "partners": [p.name for p in target.partners.all()],
    }


def values_of_outcome(outcome) -> dict[str, Any]:
    return {"title": outcome.title, "theme": outcome.theme}
