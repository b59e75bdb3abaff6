"""Whether a target's reward element still fits its trajectory (D20).

The reward element states the performance expected without the reward and the stretched
target. Both were set against the target's values: the stretched target is at or beyond
the target's final-year value in the indicator's good direction, and the performance
expected without the reward is not beyond it. When the target's values change (a form,
the API, an accepted proposal, an imported file) and these no longer hold, the reward
element is stale and must be restated: an error, so that the agreement cannot be
submitted (and its document cannot publish a stretched target below the target).
"""

from __future__ import annotations

from decimal import Decimal

from laa.domain.composition import IndicatorFacts, TargetDraft
from laa.domain.rules.wording import amount


def final_year(t: TargetDraft) -> tuple[str, Decimal] | None:
    """The target's last year with a value, and that value (None: no yearly values)."""
    values = [(year, v) for year, v in t.yearly.items() if v is not None and Decimal(v).is_finite()]
    if not values:
        return None
    year, value = max(values, key=lambda yv: yv[0])
    return year, Decimal(value)


def stale_reward(t: TargetDraft, facts: IndicatorFacts | None) -> list[str]:
    """What no longer fits in the target's reward element (plain English, without the
    target's name), or [] when it fits or cannot be judged (no reward, no values, or an
    indicator where neither direction is better)."""
    reward = t.reward
    if reward is None or facts is None or facts.polarity not in {"higher", "lower"}:
        return []
    found = final_year(t)
    if found is None:
        return []
    year, final = found
    stretched, without = Decimal(reward.stretched), Decimal(reward.without_reward)
    if not (stretched.is_finite() and without.is_finite()):
        return []
    higher = facts.polarity == "higher"
    unit = facts.unit
    problems = []
    short = stretched < final if higher else stretched > final
    if short:
        problems.append(
            f"the stretched target {amount(stretched, unit)} falls short of the target for "
            f"{year} ({amount(final, unit)}); {facts.polarity} is better, so it must be "
            f"{'at or above' if higher else 'at or below'} it"
        )
    beyond = without > final if higher else without < final
    if beyond:
        problems.append(
            f"the performance expected without reward {amount(without, unit)} is beyond the "
            f"target for {year} ({amount(final, unit)}), so the target would not be stretched"
        )
    return problems


def stale_reward_message(label: str, problems: list[str]) -> str:
    """The finding's (and a write's notice's) wording, naming the target."""
    return (
        f"{label}: the reward element no longer fits the target's values: "
        f"{'; and '.join(problems)}. Restate the reward element (the performance expected "
        "without reward and the stretched target)."
    )
