"""`laa review remind`: each approved agreement's annual review and refresh that are due
soon or overdue (`laa.domain.reviews.reminders`), e-mailed once a day to the area's
partnership officers and its Government Office, as `laa remind` does for the 2008 round.

Idempotent per day: a year's review or refresh is reminded to an area at most once a day
(a `ReminderSent` row, unique per area, year, kind and day, written in the transaction
that hands the e-mail to the mail backend). A failure to send one area's e-mail is
reported, nothing is recorded for it, the other areas are still written to, and the run
ends with the failures named so that the next run tries them again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse

from laa.accounts.recipients import recipients_by_area
from laa.agreements.models import Agreement
from laa.domain.reviews import (
    APPROVED_STATES,
    Reminder,
    ReminderKind,
    ReviewState,
    Urgency,
    reminders,
    review_years,
)
from laa.domain.revisions import RevisionKind, RevisionState
from laa.domain.signoff_guards import long_date
from laa.negotiation.progress import DUE_SOON_DAYS
from laa.reviews.models import ReminderSent, Review
from laa.reviews.scopes import COMMAND_LINE

# A refresh counts as proposed unless it ended without being made (withdrawn or refused).
PROPOSED = (RevisionState.PROPOSED.value, RevisionState.CONSENTED.value, RevisionState.APPROVED.value)


@dataclass
class Outcome:
    sent: int = 0
    items: int = 0
    already: int = 0
    nobody: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def due_by_area(day: date) -> list[tuple[Agreement, list[Reminder]]]:
    """Each approved agreement with what it is to be reminded of on the day (nothing
    already reminded that day), areas by name."""
    agreements = list(Agreement.objects.filter(state__in=APPROVED_STATES).select_related("area")
                      .order_by("area__name"))
    states: dict[int, dict[str, ReviewState]] = defaultdict(dict)
    refreshed: dict[int, set[str]] = defaultdict(set)
    reviews = Review.objects.visible_to(COMMAND_LINE).filter(agreement__in=agreements)
    for agreement_id, year, state in reviews.values_list("agreement_id", "year", "state"):
        states[agreement_id][year] = ReviewState(state)
    # The refreshes that follow the reviews, by the relation's name (revisions sit above reviews);
    # not an un-designation made at the review (ADR 0028), which records the review too.
    proposed = reviews.filter(refreshes__state__in=PROPOSED, refreshes__kind=RevisionKind.REFRESH.value)
    for agreement_id, year in proposed.values_list("agreement_id", "year").distinct():
        refreshed[agreement_id].add(year)
    told = set(ReminderSent.objects.filter(day=day).values_list("area_id", "year", "kind"))
    out = []
    for agreement in agreements:
        found = [r for r in reminders(review_years(agreement.period_start, agreement.period_end),
                                      states[agreement.pk], refreshed[agreement.pk], day,
                                      due_soon_days=DUE_SOON_DAYS)
                 if (agreement.area_id, r.year.label, r.kind.value) not in told]
        if found:
            out.append((agreement, found))
    return out


def message_for(agreement: Agreement, found: list[Reminder], day: date) -> tuple[str, str]:
    area = agreement.area
    overdue = [r for r in found if r.urgency is Urgency.OVERDUE]
    soon = [r for r in found if r.urgency is Urgency.DUE_SOON]
    parts = ([f"{len(overdue)} overdue"] if overdue else []) + ([f"{len(soon)} due soon"] if soon else [])
    subject = f"Annual review and refresh of {area.name}'s agreement: {' and '.join(parts)}"
    base = getattr(settings, "LAA_BASE_URL", "").rstrip("/")
    lines = [f"The annual review and refresh of {area.name}'s Local Area Agreement, on {long_date(day)}:", ""]
    for heading, chosen in (("Overdue", overdue), (f"Due in the next {DUE_SOON_DAYS} days", soon)):
        if chosen:
            lines.append(f"{heading}:")
            for r in chosen:
                where = reverse("reviews:review", args=[area.code, r.year.slug]) if r.kind is ReminderKind.REFRESH \
                    else reverse("reviews:area", args=[area.code])
                lines.append(f"- {r.title}: {base}{where}")
            lines.append("")
    lines += ["You receive this because you are a partnership officer of the area or work in its Government "
              "Office. One reminder a day at most."]
    return subject, "\n".join(lines)


def remind(day: date, *, dry_run: bool = False) -> Outcome:
    """Write each area's reminders of the day; see the module's docstring."""
    outcome = Outcome()
    due = due_by_area(day)
    recipients = recipients_by_area([agreement.area for agreement, _ in due])
    for agreement, found in due:
        area = agreement.area
        to = recipients[area.pk]
        if not to:
            outcome.nobody.append(area.name)
            continue
        subject, body = message_for(agreement, found, day)
        if dry_run:
            outcome.lines.append(f"Would send to {', '.join(to)}: {subject}")
        else:
            try:
                with transaction.atomic():
                    for r in found:
                        ReminderSent.objects.create(area=area, year=r.year.label, kind=r.kind.value, day=day,
                                                    urgency=r.urgency.value, recipients="\n".join(to))
                    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to).send()
            except IntegrityError:
                outcome.already += 1  # another run reminded this area meanwhile
                continue
            except Exception as exc:  # noqa: BLE001 - the mail backend's errors are its own; report, go on
                outcome.failed.append(area.name)
                outcome.lines.append(f"{area.name}: the reminder could not be sent ({type(exc).__name__}: {exc}); "
                                     "nothing was recorded, so the next run tries again.")
                continue
        outcome.sent += 1
        outcome.items += len(found)
    return outcome
