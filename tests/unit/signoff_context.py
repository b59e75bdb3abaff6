"""The sign-off context the domain tests share: one under which every guard passes, so
only role and state can refuse; each test replaces the one field it is about."""

from __future__ import annotations

from datetime import date

from laa.domain.signoff_guards import SignOffContext

DISTRICTS = frozenset({"E07000008", "E07000009"})  # Cambridge, East Cambridgeshire
# A context under which every guard passes: only role and state can refuse.
GOOD = SignOffContext(
    rule_errors=0,
    unacknowledged_warnings=0,
    council_body="executive",
    today=date(2008, 6, 30),
    approval_opens_on=date(2008, 6, 6),
    approved_on=date(2008, 6, 30),
    reason="The council asked for changes to NI 116.",
    two_tier=True,
    district="E07000008",
    area_districts=DISTRICTS,
    open_negotiations=(),
    open_disputes=(),
    statutory_waiting=(),
)
