"""How the rules' messages show numbers, lists and indicator codes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from laa.domain.composition import Unit

_SUFFIX: dict[str, str] = {
    "days": " days",
    "weeks": " weeks",
    "tonnes": " tonnes",
    "kilograms": " kg",
}


def amount(value: Decimal, unit: Unit | None) -> str:
    """17.5 -> "17.5%" for a percentage, "£1,250" for pounds, "1,250" for a count."""
    if not value.is_finite():
        return str(value)
    if unit == "percentage":
        return f"{value}%"
    if unit == "pounds":
        return f"-£{-value:,}" if value < 0 else f"£{value:,}"
    if unit == "count":
        return f"{value:,}"
    return f"{value}{_SUFFIX.get(unit or '', '')}"


def rounded(value: Decimal, places: int = 2) -> str:
    """A computed figure (a confidence limit) for display."""
    return str(value.quantize(Decimal(1).scaleb(-places)))


def listing(items: Iterable[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def quoted(text: str) -> str:
    return f"\u201c{text}\u201d"


_DIGITS = re.compile(r"(\d+)")


def code_order(code: str) -> tuple[object, ...]:
    """Sort key putting "NI 9" before "NI 10"."""
    return tuple(int(part) if part.isdigit() else part for part in _DIGITS.split(code))
