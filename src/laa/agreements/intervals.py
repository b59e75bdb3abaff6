"""A stored target's baseline confidence interval for display (D7): the limits given, or
the Wilson interval the domain works out from the baseline's value and sample size."""

from __future__ import annotations

from laa.agreements.convert import _norm
from laa.domain.composition import Baseline, IndicatorFacts
from laa.domain.confidence import BaselineInterval, baseline_interval


def target_interval(target, definition) -> BaselineInterval | None:
    """The interval of `target`'s baseline (None if it has none and none can be computed);
    `definition` is the indicator's current definition (None if not known)."""
    facts = None
    if definition is not None:
        facts = IndicatorFacts(
            code=target.indicator.code, national=target.indicator.partnership_id is None,
            title=definition.title, polarity=definition.polarity, unit=definition.unit,
            decimal_places=definition.decimal_places, place_survey=definition.place_survey,
        )
    baseline = Baseline(
        value=_norm(target.baseline_value), period=target.baseline_period or None,
        ci_lower=_norm(target.ci_lower), ci_upper=_norm(target.ci_upper), sample_size=target.sample_size,
    )
    return baseline_interval(baseline, facts)


def computed_interval_text(target, definition) -> str:
    """ "47.05% to 52.95% (Wilson, sample 1,100)" when the interval is worked out from the
    baseline's value and sample size; "" when limits are given or none can be computed."""
    interval = target_interval(target, definition)
    if interval is None or not interval.computed:
        return ""
    return interval.describe()
