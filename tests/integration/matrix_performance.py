"""Progress against trajectory's entries for THE permission matrix (tests/integration/
test_permission_matrix.py, class TestPerformance): ENTRIES (url name -> role -> outcome),
KWARGS (how to call each URL), and `prepare_performance_matrix()`, the world they run against.

Kent (E2221, South East) has its agreement published (approved 30 June 2008); the tests
stand on 30 June 2009. The area's partnership, its Government Office and national readers
read its progress; departments do not (403); a resident is sent to sign in. The region's
view is for the Government Office and national readers. An indicator's comparison is
public; hotspots are for the GO, departments and national readers.

The Performance Reward Grant (issue 14) is read as progress is. Kent's world adds its net
budget requirement, claim 1 (claimed: the Government Office may recommend it) and claim 2
(determined: its published determination, CSV and PDF). The Area Based Grant is open data. The area's Government Office alone
recommends; who claims and determines is in tests/integration/test_reward_claims.py.
"""

from __future__ import annotations

OK, DENIED, FORBIDDEN, UNAUTHORIZED, REDIRECT = "ok", "denied", "forbidden", "unauthorized", "redirect"
CREATED = "created"
PREPARING = "preparing"  # 202: the PDF is being prepared (printed by the background worker)
USERS = ["officer", "partner", "go-manager", "go-director", "department", "dcsf", "clg", "inspector", "admin"]
TODAY = "2009-06-30"

_GO = {"go-manager", "go-director"}
_NATIONAL = {"clg", "inspector", "admin"}
_READERS = {"officer", "partner", *_GO, *_NATIONAL}


def _only(allowed: set[str], yes: str, no: str = DENIED, anonymous: str = DENIED) -> dict[str, str]:
    return {**{u: (yes if u in allowed else no) for u in USERS}, "anonymous": anonymous}


ENTRIES: dict[str, dict[str, str]] = {
    "performance:region": _only({*_GO, *_NATIONAL}, OK),
    "performance:area": _only(_READERS, OK),
    "api:get_progress": _only(_READERS, OK, no=FORBIDDEN, anonymous=UNAUTHORIZED),
    "performance:reward": _only(_READERS, OK),
    # delivery (issue 13): read with the progress; who writes in test_delivery.py
    "performance:target_words": _only(_READERS, OK),
    "performance:exceptions": _only(_READERS, OK),
    "performance:reward_claims": _only(_READERS, OK),
    "performance:reward_budgets": _only(_READERS, OK),
    # the other inputs' forms: read with the reward; who records in test_reward_inputs.py
    "performance:reward_pump_priming": _only(_READERS, OK),
    "performance:reward_area_based_grant": _only(_READERS, OK),
    "performance:reward_interim_levels": _only(_READERS, OK),
    "performance:reward_claim": _only(_READERS, OK),
    "performance:reward_determination": _only(_READERS, OK),
    "performance:reward_determination_csv": _only(_READERS, OK),
    "performance:reward_determination_pdf": _only(_READERS, PREPARING),
    "performance:area_based_grant": _only(set(USERS), OK, anonymous=OK),  # open data
    "performance:area_based_grant_csv": _only(set(USERS), OK, anonymous=OK),
    "performance:area_based_grant_all_csv": _only(set(USERS), OK, anonymous=OK),
    "performance:reward_step": _only(_GO, REDIRECT),
    "api:get_reward": _only(_READERS, OK, no=FORBIDDEN, anonymous=UNAUTHORIZED),
    "api:get_reward_claims": _only(_READERS, OK, no=FORBIDDEN, anonymous=UNAUTHORIZED),
    # a claim and its steps in the API (the officer claims; the GO returns claim 1 here; each
    # step by its role in test_reward_steps.py and test_action_permissions.py)
    "api:post_reward_claim": _only({"officer"}, CREATED, no=FORBIDDEN, anonymous=UNAUTHORIZED),
    "api:post_reward_step": _only(_GO, OK, no=FORBIDDEN, anonymous=UNAUTHORIZED),
    # an indicator's areas compared: public, as the hub's values are (ADR 0026)
    "performance:indicator": _only(set(USERS), OK, anonymous=OK),
    "api:get_comparison": _only(set(USERS), OK, anonymous=OK),
    # hotspots: the GO (its region), departments (their indicators), national readers
    "performance:hotspots": _only({*_GO, "department", "dcsf", *_NATIONAL}, OK),
    "api:get_hotspots": _only({*_GO, "department", "dcsf", *_NATIONAL}, OK, no=FORBIDDEN, anonymous=UNAUTHORIZED),
    # the CAA (ADR 0027): its view is read as progress is; inspectors alone write flags on
    # it (its POST: who writes, and who reads drafts, in test_caa.py and test_action_permissions.py)
    "performance:assessment": _only(_READERS, OK),
    # residents' pages and open data: public
    "performance:public_index": _only(set(USERS), OK, anonymous=OK),
    "performance:public": _only(set(USERS), OK, anonymous=OK),
    "performance:public_data": _only(set(USERS), OK, anonymous=OK),
    "api:get_flags": _only(set(USERS), OK, anonymous=OK),
    # the board report (read as progress is; its PDF printed in the background), a
    # department's progress (departments, national readers), the national picture (national
    # readers) and equality breakdowns (public, as the hub's values are)
    "performance:board_report": _only(_READERS, OK),
    "performance:board_report_pdf": _only(_READERS, PREPARING),
    "performance:department": _only({"department", "dcsf", *_NATIONAL}, OK),
    "performance:national": _only(_NATIONAL, OK),
    "performance:groups": _only(set(USERS), OK, anonymous=OK),
    "api:get_department_progress": _only({"department", *_NATIONAL}, OK, no=FORBIDDEN, anonymous=UNAUTHORIZED),
    "api:get_national_progress": _only(_NATIONAL, OK, no=FORBIDDEN, anonymous=UNAUTHORIZED),
}


KWARGS: dict[str, dict] = {
    "performance:area": {"path": "/progress/E2221"},
    "api:get_progress": {"path": "/api/v1/performance/E2221/progress"},
    "performance:reward": {"path": "/progress/E2221/reward"},
    "performance:target_words": {"path": "/progress/E2221/targets?target=NI%2016"},
    "performance:exceptions": {"path": "/progress/E2221/exceptions"},
    "performance:reward_claims": {"path": "/progress/E2221/reward/claims"},
    "performance:reward_budgets": {"path": "/progress/E2221/reward/budgets"},
    "performance:reward_pump_priming": {"path": "/progress/E2221/reward/pump-priming"},
    "performance:reward_area_based_grant": {"path": "/progress/E2221/reward/area-based-grant"},
    "performance:reward_interim_levels": {"path": "/progress/E2221/reward/interim-levels"},
    "performance:reward_claim": {"path": "/progress/E2221/reward/claims/1"},
    "performance:reward_determination": {"path": "/progress/E2221/reward/claims/2/determination"},
    "performance:reward_determination_csv": {"path": "/progress/E2221/reward/claims/2/determination.csv"},
    "performance:reward_determination_pdf": {"path": "/progress/E2221/reward/claims/2/determination.pdf"},
    "performance:area_based_grant": {"path": "/progress/E2221/area-based-grant"},
    "performance:area_based_grant_csv": {"path": "/progress/E2221/area-based-grant.csv"},
    "performance:reward_step": {"method": "post", "path": "/progress/E2221/reward/claims/1/recommend",
                                "data": {"version": "1", "note": "Checked against the hub's final values"}},
    "api:get_reward": {"path": "/api/v1/performance/E2221/reward"},
    "api:get_reward_claims": {"path": "/api/v1/performance/E2221/reward/claims"},
    "api:post_reward_claim": {"method": "post", "path": "/api/v1/performance/E2221/reward/claims", "json": True,
                              "data": {"values": [{"target": "NI 16", "value": "34.5"}], "evidence": "The hub"}},
    "api:post_reward_step": {"method": "post", "path": "/api/v1/performance/E2221/reward/claims/1/steps/return",
                             "json": True, "data": {"version": 1, "note": "NI 16's evidence is missing"}},
    "performance:indicator": {"path": "/progress/indicators/NI%2016"},
    "performance:assessment": {"path": "/progress/E2221/assessment"},
    "performance:public_index": {"path": "/progress/public"},
    "performance:public": {"path": "/progress/E2221/public"},
    "performance:public_data": {"path": "/progress/E2221/public/progress.csv"},
    "api:get_flags": {"path": "/api/v1/performance/E2221/flags"},
    "api:get_comparison": {"path": "/api/v1/performance/indicators/NI%2016/comparison"},
    "performance:board_report": {"path": "/progress/E2221/board-report"},
    "performance:board_report_pdf": {"path": "/progress/E2221/board-report.pdf?period=2008/09%20Q4"},
    "performance:department": {"path": "/progress/department"},
    "performance:national": {"path": "/progress/national"},
    "performance:groups": {"path": "/progress/indicators/NI%2016/groups?area=E2221"},
    # the Home Office's: its own lead's; the DCSF lead is refused another department's
    "api:get_department_progress": {"path": "/api/v1/performance/progress/departments/HO"},
    "api:get_national_progress": {"path": "/api/v1/performance/progress/national"},
}


def prepare_performance_matrix() -> dict:
    from django.test import override_settings

    from .versions_support import published_kent

    with override_settings(LAA_TODAY="2008-06-30"):
        kent = published_kent()
    with override_settings(LAA_TODAY=TODAY):
        reward_claims(kent)
    return {}


def reward_claims(kent) -> None:
    """Kent's net budget requirement, claim 1 (claimed) and claim 2 (determined)."""
    from laa.accounts.models import User
    from laa.performance.reward_actions import make_claim, record_budget
    from laa.performance.reward_steps import take_step

    from .reward_support import SYSTEM

    record_budget(actor=SYSTEM, area=kent.area, authority="Kent County Council", year="2007/08",
                  amount="882450000", source="Synthetic test figure")
    officer, go, clg = (User.objects.get(username=u) for u in ("officer", "go-manager", "clg"))
    for _ in range(2):
        claim = make_claim(actor=officer, agreement=kent, values={("NI 16", ""): "34.5"}, evidence="The hub")
    claim = take_step(actor=go, claim=claim, step="recommend", seen_version=1, note="Checked")
    take_step(actor=clg, claim=claim, step="determine", seen_version=2)
