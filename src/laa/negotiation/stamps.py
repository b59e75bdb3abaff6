"""The stamps of the negotiation's kept page parts (`laa.presentation.fragments`): each one
plain SQL query that changes whenever anything the part shows changes (a new entry raises
a thread's last sequence, an edit bumps a target's version, a sign-off step adds a status
row, ...)."""

from __future__ import annotations

from django.apps import apps
from django.db import connection

from laa.agreements.models import Agreement
from laa.negotiation.models import (
    Advice,
    Champion,
    Meeting,
    MeetingDecision,
    MilestoneCompletion,
    NegotiationThread,
    RoundMilestone,
)
from laa.places.models import Area


def _tables():
    try:
        status = apps.get_model("signoff", "SignOffStatus")._meta.db_table
    except LookupError:  # pragma: no cover
        status = None
    return {
        "thread": NegotiationThread._meta.db_table, "agreement": Agreement._meta.db_table,
        "area": Area._meta.db_table, "advice": Advice._meta.db_table, "decision": MeetingDecision._meta.db_table,
        "completion": MilestoneCompletion._meta.db_table, "champion": Champion._meta.db_table,
        "milestone": RoundMilestone._meta.db_table, "status": status, "meeting": Meeting._meta.db_table,
    }


def _one_row(sql: str, params: list[object]) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return tuple(cursor.fetchone())


def region_stamp(region_id: int) -> tuple:
    """Changes with any entry, agreement, sign-off step, timetable record or champion that a
    region's dashboard shows."""
    t = _tables()
    status = f"(SELECT COUNT(*) FROM {t['status']}), (SELECT MAX(id) FROM {t['status']})" if t["status"] else "0, 0"
    return _one_row(
        f"SELECT (SELECT COUNT(*) FROM {t['thread']} th JOIN {t['agreement']} ag ON ag.id = th.agreement_id "
        f"JOIN {t['area']} ar ON ar.id = ag.area_id WHERE ar.region_id = %s), "
        f"(SELECT SUM(th.last_sequence) FROM {t['thread']} th JOIN {t['agreement']} ag ON ag.id = th.agreement_id "
        f"JOIN {t['area']} ar ON ar.id = ag.area_id WHERE ar.region_id = %s), "
        f"(SELECT COUNT(*) FROM {t['agreement']} ag JOIN {t['area']} ar ON ar.id = ag.area_id WHERE ar.region_id = %s), "
        f"(SELECT SUM(ag.version) FROM {t['agreement']} ag JOIN {t['area']} ar ON ar.id = ag.area_id "
        f"WHERE ar.region_id = %s), "
        f"{status}, (SELECT COUNT(*) FROM {t['completion']}), (SELECT MAX(id) FROM {t['completion']}), "
        f"(SELECT COUNT(*) FROM {t['champion']}), (SELECT MAX(id) FROM {t['champion']}), "
        f"(SELECT COUNT(*) FROM {t['milestone']}), (SELECT MAX(id) FROM {t['milestone']})",
        [region_id] * 4,
    )


def thread_stamp(*, target_id: int | None = None, outcome_id: int | None = None,
                 agreement_id: int | None = None) -> tuple:
    """Changes with any entry, advice or meeting decision on the target's (or outcome's) thread,
    and with the agreement's meetings (offered as where an entry was settled) and champions
    (whose appointment adds a rung to the escalation ladder)."""
    t = _tables()
    column, value = ("target_id", target_id) if target_id is not None else ("outcome_id", outcome_id)
    return _one_row(
        f"SELECT (SELECT last_sequence FROM {t['thread']} WHERE {column} = %s), "
        f"(SELECT COUNT(*) FROM {t['advice']} ad JOIN {t['thread']} th ON th.id = ad.thread_id "
        f"WHERE th.{column} = %s), "
        f"(SELECT COUNT(*) FROM {t['decision']} WHERE {column} = %s), "
        f"(SELECT MAX(id) FROM {t['decision']} WHERE {column} = %s), "
        f"(SELECT COUNT(*) FROM {t['meeting']} WHERE agreement_id = %s), "
        f"(SELECT MAX(id) FROM {t['meeting']} WHERE agreement_id = %s), "
        f"(SELECT COUNT(*) FROM {t['champion']} WHERE agreement_id = %s)",
        [value] * 4 + [agreement_id] * 3,
    )
