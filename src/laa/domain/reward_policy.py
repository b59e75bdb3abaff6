"""Performance Reward Grant policies as versioned data (DOMAIN.md D20; issue 14).

A policy is a JSON file in `data/reward_policies/`, one per scheme and version (the local
public service agreements, the 2005-08 LAA reward element, the 2008-11 arrangements, and
later changes such as the reduction of the final instalment: the sources give no day for
those, so their `in_force_from` is null and they apply only when chosen by name). It states the rate of
the net budget requirement, how the potential grant and the amounts are rounded, how the
grant is divided, the floor and the cap, the instalments with their capital and revenue
split, the payment on account, and its source. A calculation names the policy it used
(`Policy.id`, e.g. "laa-2005-08/2"); a past determination keeps its own figures.

    policy = load_policy(text)              # strict: PolicyError names the field
    policies = bundled_policies()           # every file shipped, by id
    chosen = policy_for(policies, "laa-2008-11", on=date(2008, 6, 27))  # the version in force that day
    chosen = made_under(policies, "2008/09", "2010/11")  # the one a 2008-11 agreement was made under
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any, Literal

from laa.domain.composition import financial_year_start

TargetShares = Literal["equal", "agreement_weights"]
TARGET_SHARES: tuple[TargetShares, ...] = ("equal", "agreement_weights")
_ZERO, _ONE = Decimal(0), Decimal(1)


class PolicyError(ValueError):
    """A policy file that cannot be used; the message names the field."""


@dataclass(frozen=True, slots=True)
class Instalment:
    """One payment of the grant: in the `after_period`-th financial year after the period,
    `fraction` of the grant earned, reduced by `reduction`, split capital and revenue."""

    after_period: int
    fraction: Decimal
    capital: Decimal  # fraction paid as capital; the rest is revenue
    reduction: Decimal = _ZERO  # 0.5: paid at half

    @property
    def revenue(self) -> Decimal:
        return _ONE - self.capital


@dataclass(frozen=True, slots=True)
class Policy:
    id: str  # "<scheme>/<version>"
    scheme: str
    version: int
    title: str
    in_force_from: date | None  # None: the sources give no day; the version applies only when chosen by name
    source: str  # where the rules come from (provenance), in words
    rate: Decimal  # of the net budget requirement: 0.025
    budget_year: str  # which year's net budget requirement, in words
    potential_rounded_to: Decimal  # 1000: the nearest £1,000
    amounts_rounded_to: Decimal  # 1: the nearest pound
    floor: Decimal  # below this proportion of the enhancement nothing is paid
    cap: Decimal  # no more than this proportion is paid
    target_shares: TargetShares
    instalments: tuple[Instalment, ...]
    on_account: Decimal | None  # a payment on account, as a fraction of a target's share; None: none
    pays: bool = True  # False: the scheme was withdrawn, nothing is paid
    withheld_reason: str = ""  # why nothing is paid, when `pays` is false

    def round_potential(self, amount: Decimal) -> Decimal:
        return round_to(amount, self.potential_rounded_to)

    def round_amount(self, amount: Decimal) -> Decimal:
        return round_to(amount, self.amounts_rounded_to)


def round_to(amount: Decimal, step: Decimal) -> Decimal:
    """`amount` to the nearest multiple of `step`, halves away from zero."""
    return (amount / step).quantize(_ONE, rounding=ROUND_HALF_UP) * step


_FIELDS = {"id", "scheme", "version", "title", "in_force_from", "source", "rate", "budget_year",
           "potential_rounded_to", "amounts_rounded_to", "floor", "cap", "target_shares", "instalments",
           "payment_on_account", "pays", "withheld_reason"}
_INSTALMENT_FIELDS = {"after_period", "fraction", "capital", "reduction"}


def load_policy(text: str | bytes, *, name: str = "policy") -> Policy:
    """The policy of a JSON text, or `PolicyError` naming the file and the field."""
    try:
        data = json.loads(text, parse_float=Decimal)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{name}: not JSON ({exc})") from None
    return policy_from(data, name=name)


def policy_from(data: Any, *, name: str = "policy") -> Policy:
    if not isinstance(data, Mapping):
        raise PolicyError(f"{name}: a policy is a JSON object")
    _keys(data, _FIELDS, name, "")
    scheme = _text(data, "scheme", name)
    version = _integer(data, "version", name, least=1)
    ident = _text(data, "id", name)
    if ident != f"{scheme}/{version}":
        raise PolicyError(f"{name}: id is {ident!r}; it must be the scheme and version, {scheme}/{version!r}")
    in_force: date | None = None
    if data["in_force_from"] is not None:  # null: the sources give no day (the version is chosen by name only)
        try:
            in_force = date.fromisoformat(_text(data, "in_force_from", name))
        except ValueError:
            raise PolicyError(f"{name}: in_force_from must be a date like 2008-04-01, or null") from None
    shares = _text(data, "target_shares", name)
    if shares not in TARGET_SHARES:
        raise PolicyError(f"{name}: target_shares must be one of {', '.join(TARGET_SHARES)}, not {shares!r}")
    floor = _fraction(data, "floor", name)
    cap = _fraction(data, "cap", name, most=None)
    if cap < floor or cap == _ZERO:
        raise PolicyError(f"{name}: cap ({cap}) must be more than 0 and not below the floor ({floor})")
    raw = data.get("instalments")
    if not isinstance(raw, list) or not raw:
        raise PolicyError(f"{name}: instalments must be a list of at least one instalment")
    instalments = tuple(_instalment(item, f"instalments[{i}]", name) for i, item in enumerate(raw))
    total = sum((i.fraction for i in instalments), _ZERO)
    if total != _ONE:
        raise PolicyError(f"{name}: the instalments' fractions add up to {total}, not 1")
    years = [i.after_period for i in instalments]
    if years != sorted(set(years)):
        raise PolicyError(f"{name}: instalments must be in order of after_period, one per year")
    on_account = data.get("payment_on_account")
    if on_account is not None:
        if not isinstance(on_account, Mapping):
            raise PolicyError(f"{name}: payment_on_account must be an object or null")
        _keys(on_account, {"fraction_of_share"}, name, "payment_on_account.")
    pays = data.get("pays")
    if not isinstance(pays, bool):
        raise PolicyError(f"{name}: pays must be true or false")
    withheld = _text(data, "withheld_reason", name, empty=pays)
    return Policy(
        id=ident, scheme=scheme, version=version, title=_text(data, "title", name), in_force_from=in_force,
        source=_text(data, "source", name), rate=_fraction(data, "rate", name),
        budget_year=_text(data, "budget_year", name),
        potential_rounded_to=_positive(data, "potential_rounded_to", name),
        amounts_rounded_to=_positive(data, "amounts_rounded_to", name), floor=floor, cap=cap,
        target_shares=shares, instalments=instalments,
        on_account=None if on_account is None else _fraction(on_account, "fraction_of_share", name,
                                                              "payment_on_account."),
        pays=pays, withheld_reason=withheld,
    )


def _instalment(item: Any, where: str, name: str) -> Instalment:
    if not isinstance(item, Mapping):
        raise PolicyError(f"{name}: {where} must be an object")
    _keys(item, _INSTALMENT_FIELDS, name, f"{where}.")
    prefix = f"{where}."
    fraction = _fraction(item, "fraction", name, prefix)
    if fraction == _ZERO:
        raise PolicyError(f"{name}: {where}.fraction must be more than 0")
    return Instalment(after_period=_integer(item, "after_period", name, least=1, prefix=prefix),
                      fraction=fraction, capital=_fraction(item, "capital", name, prefix),
                      reduction=_fraction(item, "reduction", name, prefix))


def _keys(data: Mapping[str, Any], wanted: set[str], name: str, prefix: str) -> None:
    unknown = sorted(set(data) - wanted)
    if unknown:
        raise PolicyError(f"{name}: unknown field {prefix}{unknown[0]}")
    missing = sorted(wanted - set(data))
    if missing:
        raise PolicyError(f"{name}: {prefix}{missing[0]} is missing")


def _text(data: Mapping[str, Any], key: str, name: str, *, empty: bool = False) -> str:
    value = data[key]
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise PolicyError(f"{name}: {key} must be {'text' if empty else 'non-empty text'}")
    return value


def _integer(data: Mapping[str, Any], key: str, name: str, *, least: int, prefix: str = "") -> int:
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise PolicyError(f"{name}: {prefix}{key} must be a whole number of at least {least}")
    return value


def _number(data: Mapping[str, Any], key: str, name: str, prefix: str) -> Decimal:
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise PolicyError(f"{name}: {prefix}{key} must be a number, like \"0.5\"")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise PolicyError(f"{name}: {prefix}{key} is {value!r}, not a number") from None
    if not number.is_finite():
        raise PolicyError(f"{name}: {prefix}{key} must be a finite number")
    return number


def _fraction(data: Mapping[str, Any], key: str, name: str, prefix: str = "", *,
              most: Decimal | None = _ONE) -> Decimal:
    number = _number(data, key, name, prefix)
    if number < _ZERO or (most is not None and number > most):
        bound = f"between 0 and {most}" if most is not None else "0 or more"
        raise PolicyError(f"{name}: {prefix}{key} is {number}; it must be {bound}")
    return number


def _positive(data: Mapping[str, Any], key: str, name: str) -> Decimal:
    number = _number(data, key, name, "")
    if number <= _ZERO:
        raise PolicyError(f"{name}: {key} is {number}; it must be more than 0")
    return number


@cache
def bundled_policies() -> Mapping[str, Policy]:
    """Every policy shipped with the service, by id (a broken file is an error at once)."""
    found: dict[str, Policy] = {}
    folder = resources.files("laa.domain") / "data" / "reward_policies"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            policy = load_policy(entry.read_text(encoding="utf-8"), name=entry.name)
            found[policy.id] = policy
    return found


def policy_for(policies: Iterable[Policy], scheme: str, *, on: date) -> Policy | None:
    """The scheme's latest version in force on the day (None: none yet). A version whose
    day the sources do not give (`in_force_from` null) is never in force by date: it
    applies only when chosen by name."""
    standing = [p for p in policies if p.scheme == scheme and p.in_force_from is not None and p.in_force_from <= on]
    return max(standing, key=lambda p: p.version) if standing else None


def scheme_for(period_start: str, period_end: str) -> str:
    """The reward scheme of an agreement's period: "laa-2008-11" for 2008/09 to 2010/11
    ("" when the period is not financial years)."""
    first, last = financial_year_start(period_start), financial_year_start(period_end)
    if first is None or last is None:
        return ""
    return f"laa-{first}-{(last + 1) % 100:02d}"


def made_under(policies: Iterable[Policy], period_start: str, period_end: str) -> Policy | None:
    """The version of an agreement's reward scheme it was made under: the one in force when
    its period began (1 April of its first year). A later version whose day the sources do
    not give never replaces it by date; it applies only when chosen by name."""
    first = financial_year_start(period_start)
    if first is None:
        return None
    return policy_for(policies, scheme_for(period_start, period_end), on=date(first, 4, 1))


def later_versions(policies: Iterable[Policy], chosen: Policy) -> list[Policy]:
    """The scheme's versions after the one chosen (each applies only when asked for by name
    if its day is not in the sources)."""
    return sorted((p for p in policies if p.scheme == chosen.scheme and p.version > chosen.version),
                  key=lambda p: p.version)
