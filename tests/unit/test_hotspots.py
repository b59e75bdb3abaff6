"""Hotspots (issue 13; seed 003 §41): several indicators of one theme in the worst quartile."""

from __future__ import annotations

import pytest

from laa.domain.hotspots import Hotspot, HotspotRules, Placing, hotspots

CRIME, KIDS = "Safer communities", "Children and young people"
PLACINGS = [
    Placing("Kent", "NI 16", CRIME, 4), Placing("Kent", "NI 20", CRIME, 4), Placing("Kent", "NI 30", CRIME, 4),
    Placing("Kent", "NI 50", KIDS, 4), Placing("Kent", "NI 51", KIDS, 4), Placing("Kent", "NI 52", KIDS, 3),
    Placing("Medway", "NI 16", CRIME, 4), Placing("Medway", "NI 20", CRIME, 4), Placing("Medway", "NI 30", CRIME, 4),
    Placing("Medway", "NI 32", CRIME, 4),
    Placing("Leeds", "NI 16", CRIME, 1), Placing("Leeds", "NI 20", "", 4), Placing("Leeds", "NI 30", "", 4),
    Placing("Leeds", "NI 31", "", 4), Placing("Leeds", "NI 32", CRIME, None),
]


@pytest.mark.parametrize(("rules", "areas", "indicators", "expected"), [
    # three or more of one theme in the worst quartile; most first
    (HotspotRules(), None, None, [("Medway", CRIME, 4), ("Kent", CRIME, 3)]),
    # two of Kent's children's indicators count when the threshold is two
    (HotspotRules(at_least=2), None, None, [("Medway", CRIME, 4), ("Kent", CRIME, 3), ("Kent", KIDS, 2)]),
    # a Government Office: its region's areas only
    (HotspotRules(), {"Kent", "Leeds"}, None, [("Kent", CRIME, 3)]),
    # a department: its own indicators only
    (HotspotRules(), None, {"NI 16", "NI 20", "NI 32"}, [("Medway", CRIME, 3)]),
    (HotspotRules(), None, {"NI 50", "NI 51"}, []),
    # the best quartile counted instead (rules are data)
    (HotspotRules(at_least=1, quartile=1), None, None, [("Leeds", CRIME, 1)]),
])
def test_hotspots(rules, areas, indicators, expected):
    found = hotspots(PLACINGS, rules, areas=areas, indicators=indicators)
    assert [(h.area, h.theme, len(h.indicators)) for h in found] == expected


def test_without_a_theme_or_a_quartile_nothing_is_counted():
    # Leeds has three indicators in the worst quartile, but none with a theme
    assert not [h for h in hotspots(PLACINGS, HotspotRules(at_least=1)) if h.area == "Leeds"]


def test_an_indicator_is_counted_once():
    twice = [Placing("Kent", "NI 16", CRIME, 4)] * 3
    assert hotspots(twice, HotspotRules(at_least=2)) == ()
    assert hotspots(twice, HotspotRules(at_least=1)) == (Hotspot("Kent", CRIME, ("NI 16",)),)


def test_the_rule_in_words():
    assert HotspotRules().says() == "3 or more indicators of one theme in the worst quartile of all areas"
