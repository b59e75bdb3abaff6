"""The national indicators designated in the multi-area agreements an area takes part in
(D17; seed 004 Q57): they feature in the area's agreement too and count in its "up to 35"
(`laa.domain.rules.designated_indicators`).

The MAAs' app (`laa.maa`) sits above this one (ADR 0028), so it registers its reader here
from its `AppConfig.ready`, as every app registers its permission predicates; the
agreements' check and pages ask `shared_designated(area)` and never import it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

_readers: list[Callable[[object], Iterable[str]]] = []


def register(reader: Callable[[object], Iterable[str]]) -> None:
    if reader not in _readers:
        _readers.append(reader)


def shared_designated(area) -> frozenset[str]:
    """Indicator codes designated for the area by the MAAs it takes part in (none without an area)."""
    if area is None:
        return frozenset()
    return frozenset(code for reader in _readers for code in reader(area))
