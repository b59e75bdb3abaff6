""""Now" and "today" for the whole service: negotiation entries, the timetable's
warnings, the approval window (D10: no early sign-off) and the month allowed for
designation (D12).

Real time, unless the setting `LAA_TODAY` (a `date` or "YYYY-MM-DD", from the
environment variable of the same name) fixes the day: tests stand on a day in 2008,
and a rehearsal can replay the 2008 timetable. The time of day stays real, so
append-only rows keep their order.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.utils import timezone


def fixed_day() -> date | None:
    value = getattr(settings, "LAA_TODAY", None)
    if not value:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def now() -> datetime:
    real = timezone.now()
    day = fixed_day()
    if day is None:
        return real
    local = timezone.localtime(real)
    return local.replace(year=day.year, month=day.month, day=day.day)


def today() -> date:
    return timezone.localdate(now())
