"""The negotiation pages' entries for THE permission matrix
(tests/integration/test_permission_matrix.py), and the small world they need: Kent's
agreement (the demo area, South East) with a priority outcome and three targets, one
proposal on NI 16 and a meeting.

Merged into the matrix (TestNegotiationPages builds the world once per class): ENTRIES,
path_for for the pages and api_calls for the API; FORBIDDEN and REFUSED are API outcomes.

Who is who (the demo users): officer = Kent's partnership officer; partner = a Kent partner
authority; go-manager / go-director = GO for the South East; department = Home Office lead
(NI 16 is a Home Office indicator, so the department sees that target, not NI 39 (DH));
dcsf = DCSF (sees NI 72, a statutory target, and Kent's agreement through it); clg,
inspector, admin = national readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

OK, DENIED, NOT_FOUND = "ok", "denied", "not_found"
CREATED, UNAUTHORIZED, NOT_ALLOWED = "created", "unauthorized", "not_allowed"
# Two outcomes the matrix does not have yet (add them to assert_outcome when merging):
FORBIDDEN = "forbidden"  # 403 from the API, with a JSON detail saying why
REFUSED = "refused"      # 400 from the API: the negotiation's rules refuse the step (JSON detail says why)
ROLES = ["officer", "partner", "go-manager", "go-director", "department", "dcsf", "clg", "inspector", "admin",
         "anonymous"]
NATIONAL = {"clg", "inspector", "admin"}
KENT_READERS = {"officer", "partner", "go-manager", "go-director", "department", "dcsf", *NATIONAL}


def _only(allowed: set[str], no: str = DENIED) -> dict[str, str]:
    return {role: OK if role in allowed else (DENIED if role == "anonymous" else no) for role in ROLES}


ENTRIES: dict[str, dict[str, str]] = {
    "dashboards:region_dashboard": _only({"go-manager", "go-director", *NATIONAL}),
    "dashboards:department_view": _only({"department", "dcsf", *NATIONAL}),
    "dashboards:national_view": _only(NATIONAL),
    # An agreement's negotiation: private to the parties (not found outside the scope).
    "negotiation:agreement": _only(KENT_READERS, no=NOT_FOUND),
    "negotiation:meetings": _only(KENT_READERS, no=NOT_FOUND),
    # The area's timetable: area roles, its GO, departments and national readers.
    "negotiation:timetable": _only(KENT_READERS, no=NOT_FOUND),
    # NI 16 (Home Office): not DCSF's.
    "negotiation:target": _only(KENT_READERS - {"dcsf"}, no=NOT_FOUND),
    # Priority outcomes: whoever sees the agreement.
    "negotiation:outcome": _only(KENT_READERS, no=NOT_FOUND),
    # POST only: a GET is 405 for the signed in, a sign-in redirect for anonymous.
    "negotiation:appoint_champion": {**{r: NOT_ALLOWED for r in ROLES}, "anonymous": DENIED},
    # The navigation's "Negotiation": the area's roles go to their area's negotiation.
    "negotiation:mine": {**_only(set(), no=NOT_FOUND), "officer": "redirect", "partner": "redirect"},
}

SPEAKERS = {"officer", "go-manager", "go-director"}  # Kent's partnership officer and the South East GO
PARTNERSHIP, GOVERNMENT = {"officer"}, {"go-manager", "go-director"}


def _api(outcomes: dict[str, set[str]], otherwise: str = FORBIDDEN) -> dict[str, str]:
    """{outcome: roles}; anonymous is 401; every other role gets `otherwise`."""
    out = {role: otherwise for role in ROLES}
    for outcome, roles in outcomes.items():
        out.update(dict.fromkeys(roles, outcome))
    out["anonymous"] = UNAUTHORIZED
    return out


# API: GETs with the session, POSTs with the role's bearer token (see API_CALLS). On NI 16 the
# partnership's proposal #1 is open; NI 39 (DH) and the outcome have no thread yet.
API_ENTRIES: dict[str, dict[str, str]] = {
    "api:negotiation_threads": _api({OK: KENT_READERS}),
    "api:negotiation_target_thread": _api({OK: KENT_READERS - {"dcsf"}, NOT_FOUND: {"dcsf"}}),
    "api:negotiation_outcome_thread": _api({OK: KENT_READERS}),
    "api:negotiation_meetings": _api({OK: KENT_READERS}),
    "api:negotiation_timetable": _api({OK: KENT_READERS}),
    # NI 39 is the Department of Health's: the Home Office and DCSF do not see it.
    "api:negotiation_target_propose": _api({CREATED: SPEAKERS, NOT_FOUND: {"department", "dcsf"}}),
    "api:negotiation_target_counter": _api({CREATED: GOVERNMENT, REFUSED: PARTNERSHIP, NOT_FOUND: {"dcsf"}}),
    "api:negotiation_target_accept": _api({CREATED: GOVERNMENT, REFUSED: PARTNERSHIP, NOT_FOUND: {"dcsf"}}),
    "api:negotiation_target_challenge": _api({CREATED: GOVERNMENT, REFUSED: PARTNERSHIP, NOT_FOUND: {"dcsf"}}),
    "api:negotiation_target_escalate": _api({CREATED: SPEAKERS, NOT_FOUND: {"dcsf"}}),
    "api:negotiation_target_resolve": _api({REFUSED: SPEAKERS, NOT_FOUND: {"dcsf"}}),  # no dispute open
    "api:negotiation_target_decide": _api({CREATED: PARTNERSHIP, REFUSED: GOVERNMENT, NOT_FOUND: {"dcsf"}}),
    "api:negotiation_outcome_propose": _api({CREATED: SPEAKERS}),
    # Nothing proposed on the outcome yet: every other step is refused, with the reason.
    "api:negotiation_outcome_counter": _api({REFUSED: SPEAKERS}),
    "api:negotiation_outcome_accept": _api({REFUSED: SPEAKERS}),
    "api:negotiation_outcome_challenge": _api({REFUSED: SPEAKERS}),
    "api:negotiation_outcome_escalate": _api({REFUSED: SPEAKERS}),
    "api:negotiation_outcome_resolve": _api({REFUSED: SPEAKERS}),
    "api:negotiation_outcome_decide": _api({REFUSED: SPEAKERS}),
    "api:negotiation_advise": _api({CREATED: {"department"}, NOT_FOUND: {"dcsf"}}),
    "api:negotiation_record_meeting": _api({CREATED: SPEAKERS}),
    "api:negotiation_appoint_champion": _api({CREATED: {"go-director", "clg"}}),
    "api:negotiation_record_milestone": _api({CREATED: SPEAKERS}),
}
ENTRIES.update(API_ENTRIES)


@dataclass
class World:
    agreement: object
    outcome: object
    ni16: object  # designated, Home Office
    ni39: object  # designated, Department of Health
    ni72: object  # statutory, DCSF
    proposal: object  # the partnership's proposal on NI 16


def target_draft(indicator: str, category: str, baseline: str = "10.2", final: str = "8.5"):
    from laa.domain.composition import Baseline, PartnerSignUp, TargetDraft

    return TargetDraft(
        key=indicator, indicator=indicator, category=category, outcome="safer",
        baseline=Baseline(value=Decimal(baseline), period="2007/08"),
        yearly={"2008/09": Decimal("9.8"), "2009/10": Decimal("9.1"), "2010/11": Decimal(final)},
        partners=(PartnerSignUp("Kent Police Authority", "have_regard", True),),
    )


def build_world(*, with_proposal: bool = True, with_meeting: bool = True) -> World:
    """Kent's agreement for 2008 with one outcome and three targets (created once)."""
    from laa.accounts.models import User
    from laa.agreements import actions
    from laa.agreements.models import Agreement
    from laa.catalogue.models import Round
    from laa.negotiation import actions as negotiation
    from laa.negotiation import actions_records as records
    from laa.negotiation.reference import load_milestones
    from laa.negotiation.scopes import Subject
    from laa.permissions import SystemActor
    from laa.places.models import Area

    load_milestones(actor=SystemActor("laa load-reference"))
    officer = User.objects.get(username="officer")
    kent = Area.objects.get(code="E2221")
    round_ = Round.objects.get(year=2008)
    agreement = Agreement.objects.filter(area=kent, round=round_).first()
    if agreement is None:
        agreement = actions.start_agreement(actor=officer, area=kent, round_=round_)
        outcome = actions.save_outcome(actor=officer, agreement=agreement, version=agreement.version, key="safer",
                                       title="Safer and stronger communities", theme="Safer communities")
        agreement.refresh_from_db()
        for code, category in (("NI 16", "designated"), ("NI 39", "designated"), ("NI 72", "statutory")):
            actions.save_target(actor=officer, agreement=agreement, draft=target_draft(code, category))
        agreement.refresh_from_db()
    targets = {t.key: t for t in agreement.targets.select_related("indicator")}
    outcome = agreement.outcomes.get(key="safer")
    proposal = None
    if with_proposal:
        from laa.negotiation.models import NegotiationEntry

        proposal = NegotiationEntry.objects.filter(thread__target=targets["NI 16"], kind="proposal").first()
        if proposal is None:
            proposal = negotiation.add_entry(
                actor=officer, subject=Subject(agreement, target=targets["NI 16"]), kind="proposal", seen=0,
                values=proposal_values(), rationale="Story of place: acquisitive crime is above the regional average.",
            )
    if with_meeting and not agreement.meetings.exists():
        records.record_meeting(
            actor=User.objects.get(username="go-manager"), agreement=agreement, kind="case_conference",
            held_on="2008-03-12", attendees="Pat Officer, Kent Partnership\nGil Locality Manager, GOSE",
            decisions=[{"target": targets["NI 39"].pk, "text": "Baseline to be checked against HES data."}],
        )
    return World(agreement, outcome, targets["NI 16"], targets["NI 39"], targets["NI 72"], proposal)


def proposal_values(final: str = "8.5") -> dict[str, object]:
    """Form-shaped values for a target proposal."""
    return {
        "baseline_value": "10.2", "baseline_period": "2007/08",
        "target_2008_09": "9.8", "target_2009_10": "9.1", "target_2010_11": final,
        "category": "designated", "partners": "Kent Police Authority\nKent Fire and Rescue Service",
    }


TARGET_VALUES = {"baseline": {"value": "10.2", "period": "2007/08"},
                 "targets": {"2008/09": "9.8", "2009/10": "9.1", "2010/11": "8.5"},
                 "category": "designated", "partners": ["Kent Police Authority"]}


def api_calls(world: World) -> dict[str, dict]:
    """How to call each API entry: {"method", "path", "data", "bearer", "json"}."""
    base = f"/api/v1/negotiation/agreements/{world.agreement.area.code}"
    ni16, ni39, outcome = f"{base}/targets/{world.ni16.pk}", f"{base}/targets/{world.ni39.pk}", \
        f"{base}/outcomes/{world.outcome.pk}"

    def get(path):
        return {"method": "get", "path": path, "data": {}, "bearer": False, "json": False}

    def post(path, data):
        return {"method": "post", "path": path, "data": data, "bearer": True, "json": True}

    proposal = {"expected_sequence": 0, "values": TARGET_VALUES, "rationale": "Worst quartile."}
    return {
        "api:negotiation_threads": get(f"{base}/threads"),
        "api:negotiation_target_thread": get(ni16),
        "api:negotiation_outcome_thread": get(outcome),
        "api:negotiation_meetings": get(f"{base}/meetings"),
        "api:negotiation_timetable": get("/api/v1/negotiation/areas/E2221/timetable"),
        "api:negotiation_target_propose": post(f"{ni39}/proposals", proposal),
        "api:negotiation_target_counter": post(f"{ni16}/counter-proposals", {**proposal, "expected_sequence": 1}),
        "api:negotiation_target_accept": post(f"{ni16}/acceptances", {"expected_sequence": 1, "proposal": 1}),
        "api:negotiation_target_challenge": post(f"{ni16}/challenges", {"expected_sequence": 1, "reason": "ambition",
                                                                        "text": "Stretch it."}),
        "api:negotiation_target_escalate": post(f"{ni16}/escalations", {"expected_sequence": 1, "level": "go",
                                                                        "text": "Stuck."}),
        "api:negotiation_target_resolve": post(f"{ni16}/resolutions", {"expected_sequence": 1, "text": "Settled."}),
        "api:negotiation_target_decide": post(f"{ni16}/decisions", {"expected_sequence": 1, "kind": "withdraw"}),
        "api:negotiation_outcome_propose": post(f"{outcome}/proposals", {"expected_sequence": 0, "rationale": "x",
                                                                         "values": {"title": "Safer Kent"}}),
        "api:negotiation_outcome_counter": post(f"{outcome}/counter-proposals", {
            "expected_sequence": 0, "rationale": "x", "values": {"title": "Safer Kent"}}),
        "api:negotiation_outcome_accept": post(f"{outcome}/acceptances", {"expected_sequence": 0, "proposal": 1}),
        "api:negotiation_outcome_challenge": post(f"{outcome}/challenges", {"expected_sequence": 0,
                                                                            "reason": "evidence", "text": "x"}),
        "api:negotiation_outcome_escalate": post(f"{outcome}/escalations", {"expected_sequence": 0, "level": "go",
                                                                            "text": "x"}),
        "api:negotiation_outcome_resolve": post(f"{outcome}/resolutions", {"expected_sequence": 0, "text": "x"}),
        "api:negotiation_outcome_decide": post(f"{outcome}/decisions", {"expected_sequence": 0, "kind": "withdraw"}),
        "api:negotiation_advise": post(f"{ni16}/advice", {"text": "A 5% stretch is realistic."}),
        "api:negotiation_record_meeting": post(f"{base}/meetings", {
            "kind": "bilateral", "held_on": "2008-03-20", "attendees": ["Pat Officer", "Gil Locality Manager"]}),
        "api:negotiation_appoint_champion": post(f"{base}/champions", {"name": "Sir Humphrey"}),
        "api:negotiation_record_milestone": post("/api/v1/negotiation/areas/E2221/milestones", {
            "milestone": "story_of_place", "completed_on": "2007-11-20"}),
    }


def path_for(name: str, world: World) -> str:
    from django.urls import reverse

    code = world.agreement.area.code
    args = {
        "negotiation:agreement": [code],
        "negotiation:meetings": [code],
        "negotiation:timetable": [code],
        "negotiation:appoint_champion": [code],
        "negotiation:target": [code, world.ni16.pk],
        "negotiation:outcome": [code, world.outcome.pk],
    }.get(name)
    return reverse(name, args=args)
