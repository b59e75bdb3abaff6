"""The rules about a target's numbers: possible for the unit, not too precise."""

from __future__ import annotations

from decimal import Decimal

from laa.domain.composition import IndicatorFacts, TargetDraft, Unit
from laa.domain.rules import registry as r
from laa.domain.rules.wording import amount, quoted

NON_NEGATIVE_UNITS: frozenset[str] = frozenset(
    {"count", "rate", "ratio", "days", "weeks", "tonnes", "kilograms", "pounds"}
)
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


def check_values(
    t: TargetDraft, facts: IndicatorFacts | None, label: str, out: list[r.Finding]
) -> bool:
    """Unit ranges and decimal places; False if some value is not a finite number.

    A quick pass first; names and messages are worked out only when something is wrong.
    """
    unit: Unit | None = None
    places = -1
    if facts is not None:
        places = facts.decimal_places
        if not t.relative_to:
            unit = facts.unit
    baseline = t.baseline
    values = list(t.yearly.values())
    if baseline.value is not None:
        values.append(baseline.value)
    reward = t.reward
    if reward is not None:
        values.append(reward.without_reward)
        values.append(reward.stretched)
        for sub in reward.sub_targets:
            values.append(sub.without_reward)
            values.append(sub.stretched)
    lower, upper = baseline.ci_lower, baseline.ci_upper
    if _all_fine(values, unit, places) and (
        (lower is None and upper is None)
        or _all_fine([v for v in (lower, upper) if v is not None], unit, -1)
    ):
        return True

    finite = True
    named: list[tuple[str, Decimal, int]] = []
    if baseline.value is not None:
        named.append(("baseline", baseline.value, places))
    named += [(f"{year} target", value, places) for year, value in sorted(t.yearly.items())]
    if reward is not None:
        named.append(("target without reward", reward.without_reward, places))
        named.append(("stretched target", reward.stretched, places))
        for sub in reward.sub_targets:
            named.append((f"sub-target {quoted(sub.label)} without reward",
                          sub.without_reward, places))
            named.append((f"sub-target {quoted(sub.label)} stretched", sub.stretched, places))
    named.append(("lower confidence limit", baseline.ci_lower or _ZERO, -1))
    named.append(("upper confidence limit", baseline.ci_upper or _ZERO, -1))
    for name, value, allowed in named:
        problem = _value_problem(value, unit, allowed)
        if problem is None:
            continue
        if problem == "not-finite":
            finite = False
            message = f"{label}: the {name} {value} is not a number."
        elif problem == "percentage":
            message = (
                f"{label}: the {name} {amount(value, unit)} is not a possible percentage "
                "(0% to 100%)."
            )
        elif problem == "negative":
            message = (
                f"{label}: the {name} {amount(value, unit)} cannot be negative for an "
                f"indicator measured in {unit}."
            )
        else:
            out.append(r.DECIMAL_PLACES.finding(
                t.key,
                f"{label}: the {name} {value} has {_places(value)} decimal places; "
                f"{t.indicator} is reported with {allowed}.",
            ))
            continue
        out.append(r.UNIT_RANGE.finding(t.key, message))
    return finite


def _all_fine(values: list[Decimal], unit: Unit | None, places: int) -> bool:
    """Whether `_value_problem` finds nothing in any of `values`. Values recur (and
    as_tuple() is slow), so the values found fine are remembered per unit and places."""
    fine = _FINE.get((unit, places))
    if fine is None:
        fine = _FINE[(unit, places)] = set()
    try:
        for value in values:
            if value not in fine:
                if _value_problem(value, unit, places) is not None:
                    return False
                if len(fine) > 50_000:
                    fine.clear()
                fine.add(value)
    except TypeError:  # a signalling NaN cannot be hashed
        return False
    return True


_FINE: dict[tuple[Unit | None, int], set[Decimal]] = {}


def _value_problem(value: Decimal, unit: Unit | None, places: int) -> str | None:
    """None if `value` is fine for the unit (None: any range) and decimal places (-1: any)."""
    if not value.is_finite():
        return "not-finite"
    if unit is not None:
        if unit == "percentage":
            if value < _ZERO or value > _HUNDRED:
                return "percentage"
        elif value < _ZERO and unit in NON_NEGATIVE_UNITS:
            return "negative"
    if places >= 0 and _places(value) > places:
        return "places"
    return None


def _places(value: Decimal) -> int:
    """Decimal places, ignoring trailing zeros: 17.50 has 1."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < 0:
        exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0
