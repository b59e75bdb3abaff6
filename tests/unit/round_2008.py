"""The 2008 round's timetable as test data: the same dates as `negotiation/data/milestones.csv`
and `catalogue/data/rounds.csv` (a test checks the milestones agree). The domain holds no
round's dates; it is given them, as these tests give it this round."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from laa.domain.signoff import SignOffState
from laa.domain.timetable import Milestone, Round, RoundEvent

_E = RoundEvent

ROUND_2008 = Round(
    code="2008",
    title="Local Area Agreements 2008-11",
    period_start=date(2008, 4, 1),
    period_end=date(2011, 3, 31),
    # FAQ 14: no early sign-off; FAQ 18: agreements go to the Secretary of State on 6 June.
    approval_opens_on=date(2008, 6, 6),
    milestones=(
        Milestone(
            "story_of_place",
            "Consult on priorities, collate evidence and prepare a story of place",
            date(2007, 11, 30),
            _E.STORY_OF_PLACE_PREPARED,
            starts=date(2007, 10, 1),
            who="LSP",
        ),
        Milestone(
            "priority_outcomes",
            "Shared list of local priority outcomes agreed with the Government Office",
            date(2007, 12, 31),
            _E.PRIORITY_OUTCOMES_AGREED,
            starts=date(2007, 12, 1),
            who="LSP and Government Office",
        ),
        Milestone(
            "draft_framework",
            "Draft priority outcomes framework and indicators submitted to the Government Office",
            date(2008, 1, 25),
            _E.DRAFT_FRAMEWORK_SUBMITTED,
            who="LSP",
        ),
        Milestone(
            "statutory_targets_submitted",
            "Statutory education and early-years targets submitted to DCSF",
            date(2008, 1, 31),
            _E.STATUTORY_TARGETS_SUBMITTED,
            who="Local authority",
        ),
        Milestone(
            "revised_framework",
            "Revised outcomes framework with proposed designated and local targets "
            "submitted to the Government Office",
            date(2008, 3, 31),
            _E.REVISED_FRAMEWORK_SUBMITTED,
            starts=date(2008, 2, 1),
            who="LSP",
        ),
        Milestone(
            "statutory_targets_agreed",
            "Statutory education and early-years targets agreed with DCSF",
            date(2008, 3, 31),
            _E.STATUTORY_TARGETS_AGREED,
            who="DCSF",
        ),
        Milestone(
            "departments_consulted",
            "Government Office consults central departments, particularly on stretch targets",
            date(2008, 4, 30),
            _E.DEPARTMENTS_CONSULTED,
            starts=date(2008, 4, 1),
            who="Government Office",
        ),
        Milestone(
            "draft_agreement",
            "Draft agreement submitted to the Government Office",
            date(2008, 5, 30),
            SignOffState.SUBMITTED,
            who="Responsible authority",
        ),
        Milestone(
            "to_secretary_of_state",
            "Agreement submitted to the Secretary of State and cleared through Cabinet committee",
            date(2008, 6, 6),
            SignOffState.RECOMMENDED,
            who="Government Office Regional Director",
        ),
        Milestone(
            "approved_announced",
            "Secretary of State announces approved agreements",
            date(2008, 6, 30),
            SignOffState.APPROVED,
            who="Secretary of State",
            provisional=True,
        ),
    ),
)

ROUNDS: Mapping[str, Round] = {ROUND_2008.code: ROUND_2008}
