"""The rules about where a target goes from its baseline: in the indicator's good
direction (D9) and, for a survey, beyond the baseline's confidence interval (D7)."""

from __future__ import annotations

from laa.domain.composition import IndicatorFacts, TargetDraft
from laa.domain.confidence import baseline_interval
from laa.domain.rules import registry as r
from laa.domain.rules.wording import amount, listing, quoted, rounded


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
    unit = facts.unit
    higher = polarity == "higher"
    when = f" ({baseline.period})" if baseline.period else ""
    if higher:
        wrong = [year for year, target in yearly.items() if target <= value]
    else:
        wrong = [year for year, target in yearly.items() if target >= value]
    if wrong:
        offending = [f"the {year} target {amount(yearly[year], unit)}" for year in sorted(wrong)]
        said = (
            f"{label}: {listing(offending)} {'does' if len(offending) == 1 else 'do'} not "
            f"improve on the baseline {amount(value, unit)}{when}; {polarity} is better for "
            f"{t.indicator}"
        )
        reason = t.direction_reason.strip()
        if reason:
            out.append(r.DIRECTION_EXPLAINED.finding(t.key, f"{said}. The reason recorded: {quoted(reason)}."))
        else:
            out.append(r.WRONG_DIRECTION.finding(
                t.key,
                f"{said}. Record why (e.g. a relative target, rising demand), or change the "
                "target.",
            ))

    if not (facts.place_survey or has_limits):
        return
    final_year = max(yearly)
    final = yearly[final_year]
    interval = baseline_interval(baseline, facts) if (has_limits or facts.place_survey) else None
    if interval is not None and not interval.computed and not has_limits:
        interval = None  # limits found invalid above (e.g. a sample size of 0)
    if interval is None:
        out.append(r.INTERVAL_UNKNOWN.finding(
            t.key,
            f"{label}: the baseline {amount(value, unit)}{when} gives neither a confidence "
            "interval nor a sample size, so the target cannot be checked against the "
            "baseline's 95% confidence interval.",
        ))
        return
    lower, upper = interval.lower, interval.upper
    if interval.computed:
        low_text, high_text = f"{rounded(lower)}%", f"{rounded(upper)}%"
        how = f"Wilson, sample of {interval.sample_size:,}"
    else:
        low_text, high_text = amount(lower, unit), amount(upper, unit)
        how = "as given"
    if (final <= upper) if higher else (final >= lower):
        bound, side = (high_text, "above") if higher else (low_text, "below")
        out.append(r.INSIDE_INTERVAL.finding(
            t.key,
            f"{label}: the {final_year} target {amount(final, unit)} does not clear the 95% "
            f"confidence interval of the baseline {amount(value, unit)}{when}: {low_text} to "
            f"{high_text} ({how}). {polarity.capitalize()} is better, so the target should be "
            f"{side} {bound}.",
        ))
