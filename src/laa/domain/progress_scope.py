"""Which of the hub's values judge a target set for a scope (D2, D8; issue 13).

A target set for the whole area is judged on the area's values for everyone; one set for a
sub-area (a district) on that district's values; one set for a client group on that
group's values (its sub-area's, if it names one). The area's counts of on track, at risk and
off track take each target as judged on its own scope. The hub holds values per district
and per group, so a target set for several sub-areas together is not judged, and says why;
so is one set for a group the hub does not know.

    values_scope(Scope())                                  -> ValuesScope(None, "all")
    values_scope(Scope(("Ashford",), "Sex: Female"))       -> ValuesScope("Ashford", "sex:female")
    values_scope(Scope(("Ashford", "Dover")))              -> "Set for 2 sub-areas together ..."
"""

from __future__ import annotations

from dataclasses import dataclass

from laa.domain.composition import Scope
from laa.domain.hub.groups import ALL, GroupError, parse_group


@dataclass(frozen=True, slots=True)
class ValuesScope:
    district: str | None  # None: the whole area
    group: str  # ALL: everyone; else "dimension:value"


def values_scope(scope: Scope) -> ValuesScope | str:
    """The scope of the hub's values that judges a target set for `scope`, or why none does."""
    if len(scope.sub_areas) > 1:
        return (f"Set for {len(scope.sub_areas)} sub-areas together ({', '.join(scope.sub_areas)}): the hub "
                "holds values per district, so this target is not judged yet")
    try:
        group = parse_group(scope.group) if scope.group else ALL
    except GroupError:
        return f"The hub holds no values for the group '{scope.group}': not judged"
    return ValuesScope(scope.sub_areas[0] if scope.sub_areas else None, group)
