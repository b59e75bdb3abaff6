"""The rules about where a target goes from its baseline: in the indicator's good
direction (D9) and, for a survey, beyond the baseline's confidence interval (D7)."""

from __future__ import annotations

from decimal import Decimal

from laa.domain.composition import IndicatorFacts, TargetDraft
from laa.domain.confidence import wilson_interval
from laa.domain.rules import registry as r
from laa.domain.rules.wording import amount, rounded

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


def check_direction(
    t: TargetDraft, facts: IndicatorFacts, label: str, out: list[r.Finding]
) -> None:
    """Direction from the baseline (D9) and, for surveys, beyond its interval (D7)."""
    baseline = t.baseline
    value = baseline.value
    lower, upper = baseline.ci_lower, baseline.ci_upper
    size = baseline.sample_size
    has_limits = lower is not None and upper is not None
    if lower is not None or upper is not None or size is not None:
        problem = ""
        if lower is None or upper is None:
            if lower is not None or upper is not None:
                problem = "gives only one confidence limit; give both"
        elif lower > upper:
            problem = f"has its lower confidence limit {lower} above its upper limit {upper}"
        elif value is not None and not lower <= value <= upper:
            problem = f"value {value} lies outside its own confidence interval {lower} to {upper}"
        if size is not None and size < 1:
            problem = problem or f"has a sample size of {size}; it must be at least 1"
        if problem:
            has_limits = False
            out.append(r.INTERVAL_INVALID.finding(t.key, f"{label}: the baseline {problem}."))

    yearly = t.yearly
    polarity = facts.polarity
    if value is None or not yearly or t.relative_to or polarity == "neither":
        return
    final_year = max(yearly)
    final = yearly[final_year]
    unit = facts.unit
    higher = polarity == "higher"
    when = f" ({baseline.period})" if baseline.period else ""
    if (final <= value) if higher else (final >= value):
        out.append(r.WRONG_DIRECTION.finding(
            t.key,
            f"{label}: the {final_year} target {amount(final, unit)} does not improve on the "
            f"baseline {amount(value, unit)}{when}; {polarity} is better for {t.indicator}.",
        ))

    if not (facts.place_survey or has_limits):
        return
    if has_limits:
        assert lower is not None and upper is not None
        low_text, high_text = amount(lower, unit), amount(upper, unit)
        how = "as given"
    elif (
        size is not None and size >= 1 and unit == "percentage" and _ZERO <= value <= _HUNDRED
    ):
        interval = wilson_interval(value, size)
        lower, upper = interval.lower, interval.upper
        low_text, high_text = f"{rounded(lower)}%", f"{rounded(upper)}%"
        how = f"Wilson, sample of {size:,}"
    else:
        out.append(r.INTERVAL_UNKNOWN.finding(
            t.key,
            f"{label}: the baseline {amount(value, unit)}{when} gives neither a confidence "
            "interval nor a sample size, so the target cannot be checked against the "
            "baseline's 95% confidence interval.",
        ))
        return
    if (final <= upper) if higher else (final >= lower):
        bound, side = (high_text, "above") if higher else (low_text, "below")
        out.append(r.INSIDE_INTERVAL.finding(
            t.key,
            f"{label}: the {final_year} target {amount(final, unit)} does not clear the 95% "
            f"confidence interval of the baseline {amount(value, unit)}{when}: {low_text} to "
            f"{high_text} ({how}). {polarity.capitalize()} is better, so the target should be "
            f"{side} {bound}.",
        ))
