"""Hotspots (issue 13; seed 003 §41): areas with several indicators in the worst quartile
within one theme, listed for a Government Office (its region's areas) and for a department
(its own indicators). How many make a hotspot is data (`HotspotRules`), not code.

    hotspots(placings, rules=DEFAULT_HOTSPOT_RULES, areas=None, indicators=None) -> tuple[Hotspot, ...]
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

WORST_QUARTILE = 4


@dataclass(frozen=True, slots=True)
class HotspotRules:
    at_least: int = 3  # indicators in the worst quartile within one theme
    quartile: int = WORST_QUARTILE  # the quartile counted (4: the worst)

    def says(self) -> str:
        return f"{self.at_least} or more indicators of one theme in the worst quartile of all areas"


DEFAULT_HOTSPOT_RULES = HotspotRules()


@dataclass(frozen=True, slots=True)
class Placing:
    """An area's quartile among all areas on one indicator (1 the best, 4 the worst)."""

    area: str
    indicator: str
    theme: str
    quartile: int | None


@dataclass(frozen=True, slots=True)
class Hotspot:
    area: str
    theme: str
    indicators: tuple[str, ...]  # in the worst quartile, in the order given


def hotspots(placings: Iterable[Placing], rules: HotspotRules = DEFAULT_HOTSPOT_RULES,
             areas: Collection[str] | None = None, indicators: Collection[str] | None = None) -> tuple[Hotspot, ...]:
    """The hotspots among the placings (only `areas`' and `indicators`' when given), the
    areas with most such indicators first, then by area and theme. A placing without a
    theme is not counted (a theme is what makes several indicators one concern)."""
    worst: dict[tuple[str, str], list[str]] = {}
    for p in placings:
        if p.quartile != rules.quartile or not p.theme:
            continue
        if (areas is not None and p.area not in areas) or (indicators is not None and p.indicator not in indicators):
            continue
        found = worst.setdefault((p.area, p.theme), [])
        if p.indicator not in found:
            found.append(p.indicator)
    out = [Hotspot(area, theme, tuple(codes)) for (area, theme), codes in worst.items() if len(codes) >= rules.at_least]
    out.sort(key=lambda h: (-len(h.indicators), h.area, h.theme))
    return tuple(out)
