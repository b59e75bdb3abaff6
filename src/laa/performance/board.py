"""The partnership board's report for a period (issue 13): every target of the agreement in
force, judged on the values of periods ended by the period's last day, with its trajectory
chart and figures; what changed since the period before; the exceptions with their
commentary and actions; the local targets after the designated ones; the board's
challenges held since the period began. The rules are laa.domain.board_report (periods,
changes), laa.domain.progress and laa.domain.commentary; progress is read through
`area_progress` (kept per import, ADR 0026). One context for the page and the PDF
(laa.performance.board_printing)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.urls import reverse

from laa.agreements.models import Agreement
from laa.agreements.printing import PRINT_BASE, PRINTED_ON_MARK, chart_as_image
from laa.domain.board_report import Change, Standing, changes, previous_quarter, report_periods
from laa.domain.hub.periods import Period
from laa.domain.text import plural
from laa.performance import presenters
from laa.performance.delivery import challenges_of, exceptions_of, is_done, is_overdue, words_of
from laa.performance.delivery_models import ActionDone, BoardChallenge, Commentary, DeliveryAction
from laa.performance.reading import AreaProgress, TargetProgress, area_progress
from laa.presentation.presenters import govuk_date


class NoSuchPeriod(ValueError):
    """The period asked for is not one a report may be for; the message says why."""


def periods_of(agreement: Agreement, today: date) -> tuple[Period, ...]:
    """The quarters of the agreement's years ended by today, latest first."""
    try:
        return report_periods(agreement.period_start, agreement.period_end, today)
    except ValueError:
        return ()


def chosen(agreement: Agreement, code: str, today: date) -> tuple[Period | None, tuple[Period, ...]]:
    """The period asked for (the latest ended when none is), and every period it may be;
    NoSuchPeriod if the one asked for is not among them."""
    periods = periods_of(agreement, today)
    code = " ".join(code.split())[:24]
    if not code:
        return (periods[0] if periods else None), periods
    found = next((p for p in periods if p.code.lower() == code.lower()), None)
    if found is None:
        raise NoSuchPeriod(f"“{code}” is not a quarter of the agreement ({agreement.period_start} to "
                           f"{agreement.period_end}) that has ended: choose one from the list" if periods else
                           "No quarter of the agreement has ended yet")
    return found, periods


def delivery_stamp(agreement_id: int) -> tuple:
    """Changes when the agreement gets commentary, an action, an action done or a board's
    challenge (all added, never changed): what the report shows besides progress."""
    commentary, action, done, challenge = (m._meta.db_table for m in (Commentary, DeliveryAction, ActionDone,
                                                                        BoardChallenge))
    sql = (f"SELECT (SELECT MAX(id) FROM {commentary} WHERE agreement_id = %s), "  # noqa: S608 - our own names
           f"(SELECT MAX(id) FROM {action} WHERE agreement_id = %s), "
           f"(SELECT MAX(d.id) FROM {done} d JOIN {action} a ON a.id = d.action_id WHERE a.agreement_id = %s), "
           f"(SELECT MAX(id) FROM {challenge} WHERE agreement_id = %s)")
    with connection.cursor() as cursor:
        cursor.execute(sql, [agreement_id] * 4)
        return tuple(cursor.fetchone())


def _standing(item: TargetProgress) -> Standing:
    latest = item.progress.latest
    return Standing(latest.judgement, latest.value.period if latest.value is not None else "")


def report_context(user, agreement: Agreement, period: Period | None, periods: tuple[Period, ...], today: date,
                   *, for_print: bool = False) -> dict[str, Any]:
    """What the board report shows (the page's and the PDF's context)."""
    code = agreement.area.code
    context: dict[str, Any] = {
        "title": f"{agreement.area.name}: report to the partnership board", "agreement": agreement,
        "period": period, "day": govuk_date(today), "for_print": for_print,
        "base_template": PRINT_BASE if for_print else "layout.html",
        # what the print base shows around the report
        "area": agreement.area, "partnership_name": agreement.area.name, "is_draft": False,
        "printed_on": PRINTED_ON_MARK,
        "period_items": [{"value": p.code, "text": f"{p.code} (to {govuk_date(p.end)})",
                          "selected": period is not None and p.code == period.code} for p in periods],
        "progress_href": reverse("performance:area", args=[code]),
        "breadcrumbs": [] if for_print else [
            {"text": "Home", "href": reverse("home")},
            {"text": agreement.area.name, "href": reverse("agreements:detail", args=[code])},
            {"text": "Progress", "href": reverse("performance:area", args=[code])}],
    }
    if period is None:
        return context
    found = area_progress(user, agreement, today, values_by=period.end)
    previous = previous_quarter(period)
    context.update(found=found, previous=previous, period_end=govuk_date(period.end),
                   previous_end=govuk_date(previous.end),
                   pdf_href=reverse("performance:board_report_pdf", args=[code]) + f"?period={period.code}")
    if found.version is None or found.problem:
        return context
    before = area_progress(user, agreement, today, values_by=previous.end)
    words = words_of(user, agreement)
    rows = []
    for index, item in enumerate(found.targets, start=1):
        row = presenters.target_row(item, index, code)
        if for_print and row["chart"] is not None:
            row["chart"] = chart_as_image(row["chart"])
        said = words.get(item.target.key)
        latest = said.commentary[0] if said and said.commentary else None
        row["local"] = item.target.category == "local"
        row["commentary"] = ({"period": latest.period, "why": latest.why, "next_steps": latest.next_steps,
                              "by": latest.by_name, "at": govuk_date(latest.at)} if latest else None)
        row["actions"] = [_action(a, today) for a in (said.actions if said else [])]
        rows.append(row)
    by_key = {row["key"]: row for row in rows}
    context.update(
        version_href=reverse("signoff:version", args=[code, found.version.number]),
        in_force_from=govuk_date(found.version.in_force_from),
        counts=presenters.count_rows(found.targets), targets=plural(len(rows), "target"),
        designated=[r for r in rows if not r["local"]], local=[r for r in rows if r["local"]],
        **_changes(found, before, by_key),
        exceptions=[_exception(e, by_key[e.target]) for e in exceptions_of(found, words, today)],
        challenges=[{"theme": c.theme, "held": govuk_date(c.held_on), "decisions": c.decisions, "by": c.by_name}
                    for c in challenges_of(user, agreement) if c.held_on >= period.start],
    )
    return context


def _action(a, today: date) -> dict[str, Any]:
    return {"text": a.text, "owner": a.owner, "due": govuk_date(a.due_on), "done": is_done(a),
            "overdue": is_overdue(a, today)}


def _exception(e, row: dict[str, Any]) -> dict[str, Any]:
    return {"key": e.target, "title": row["title"], "tag": presenters.judgement_tag(e.judgement),
            "reasons": e.reasons, "anchor": row["anchor"], "commentary": row["commentary"],
            "actions": [a for a in row["actions"] if not a["done"]]}


def _changes(found: AreaProgress, before: AreaProgress, rows: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """What changed since the end of the period before, what got worse first; the targets
    that did not change are counted, not listed."""
    then = {t.target.key: t for t in before.targets}
    now = {t.target.key: _standing(t) for t in found.targets}
    moved, unchanged = [], 0
    for key, what in changes({k: _standing(t) for k, t in then.items()}, now):
        if what is Change.UNCHANGED:
            unchanged += 1
            continue
        earlier = then.get(key)
        moved.append({"key": key, "title": rows[key]["title"], "anchor": rows[key]["anchor"], "change": what.label,
                      "worse": what is Change.WORSE,
                      "before": presenters.judgement_tag(earlier.progress.latest.judgement) if earlier else None,
                      "before_period": _value_period(earlier) if earlier else "",
                      "now": rows[key]["tag"], "now_period": rows[key]["period"]})
    return {"changes": moved, "unchanged": plural(unchanged, "target")}


def _value_period(item: TargetProgress) -> str:
    latest = item.progress.latest
    return latest.value.period if latest.value is not None else ""
