"""`laa remind`: e-mail each area's overdue and due-soon milestones (D10) to its partnership
officers and to the Government Office users of its region; and e-mail CLG users the
approved agreements whose designation deadline (D12: one month after the Secretary of
State's approval) is overdue or due soon, in one message a day.

Idempotent per day: a milestone is reminded to an area at most once a day (a
`ReminderSent` row, unique per area, milestone and day, written in the same transaction
as the e-mail is handed to Django's mail backend; console in development). Run it daily
(cron or a scheduler); `--date` replays a day, `--dry-run` says what would be sent.

A failure to send one area's reminder (the mail server refusing it, say) is reported and
the other areas are still reminded; nothing is recorded for the failed area, so the next
run tries it again, and the command exits non-zero after the summary.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.urls import reverse

from laa import clock
from laa.accounts.recipients import clg_recipients, recipients_by_area
from laa.catalogue.queries import current_round
from laa.domain.timetable import MilestoneStatus
from laa.negotiation.models import DesignationReminderSent, ReminderSent
from laa.negotiation.progress import DUE_SOON_DAYS, milestones_of, progress_for, round_areas
from laa.presentation.presenters import govuk_date

WHY = {MilestoneStatus.OVERDUE: "overdue", MilestoneStatus.DUE_SOON: "due_soon"}


def message_for(area, items: list[tuple], day: date) -> tuple[str, str]:
    overdue = [m for m, s in items if s is MilestoneStatus.OVERDUE]
    soon = [m for m, s in items if s is MilestoneStatus.DUE_SOON]
    parts = ([f"{len(overdue)} overdue"] if overdue else []) + ([f"{len(soon)} due soon"] if soon else [])
    subject = f"Local Area Agreement timetable for {area.name}: {' and '.join(parts)}"
    lines = [f"The Local Area Agreement timetable for {area.name}, on {govuk_date(day)}:", ""]
    for heading, found in (("Overdue", overdue), (f"Due in the next {DUE_SOON_DAYS} days", soon)):
        if found:
            lines.append(f"{heading}:")
            lines += [f"- {m.title} ({m.who}): due {govuk_date(m.due)}" for m in found]
            lines.append("")
    base = getattr(settings, "LAA_BASE_URL", "").rstrip("/")
    lines += [f"See the timetable: {base}{reverse('negotiation:timetable', args=[area.code])}", "",
              "You receive this because you are a partnership officer of the area or work in its "
              "Government Office. One reminder a day at most."]
    return subject, "\n".join(lines)


def designation_message(items: list[tuple], day: date) -> tuple[str, str]:
    """items: (area, milestone, status), the designation deadlines to remind CLG of."""
    overdue = [(a, m) for a, m, s in items if s is MilestoneStatus.OVERDUE]
    soon = [(a, m) for a, m, s in items if s is MilestoneStatus.DUE_SOON]
    parts = ([f"{len(overdue)} overdue"] if overdue else []) + ([f"{len(soon)} due soon"] if soon else [])
    subject = f"Designation of Local Area Agreement targets: {' and '.join(parts)}"
    lines = [f"Approved agreements whose targets the Secretary of State must designate within one month "
             f"of approval, on {govuk_date(day)}:", ""]
    base = getattr(settings, "LAA_BASE_URL", "").rstrip("/")
    for heading, found in (("Overdue", overdue), (f"Due in the next {DUE_SOON_DAYS} days", soon)):
        if found:
            lines.append(f"{heading}:")
            lines += [f"- {a.name}: approved {govuk_date(m.starts)}, designate by {govuk_date(m.due)} "
                      f"({base}{reverse('signoff:agreement', args=[a.code])})" for a, m in found]
            lines.append("")
    lines += ["You receive this because you work for CLG. One reminder a day at most."]
    return subject, "\n".join(lines)


class Command(BaseCommand):
    help = ("E-mail each area's overdue and due-soon milestones to its partnership officers and its GO, and "
            "CLG the designation deadlines overdue or due soon (once a day).")

    def add_arguments(self, parser):
        parser.add_argument("--date", dest="on", help="The day to remind for (YYYY-MM-DD); default today")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be sent; send nothing")

    def handle(self, *args, on: str | None = None, dry_run: bool = False, **options):
        try:
            day = clock.today() if not on else date.fromisoformat(on)
        except ValueError:
            raise CommandError(f"--date: {on!r} is not a date (YYYY-MM-DD)") from None
        round_ = current_round()
        if round_ is None:
            raise CommandError("No round is loaded. Run `laa load-reference` first.")
        milestones = milestones_of(round_)
        if not milestones:
            raise CommandError(f"The {round_.year} round has no milestones. Run `laa load-reference` first.")
        by_code = {m.code: m for m in milestones}
        areas = list(round_areas(round_).select_related("region").order_by("name"))
        progress = progress_for([a.pk for a in areas], round_, day, milestones=milestones)
        recipients = recipients_by_area(areas)
        already = set(ReminderSent.objects.filter(day=day, milestone__round=round_)
                      .values_list("area_id", "milestone__code"))
        sent = skipped = nobody = milestones_sent = 0
        failed: list[str] = []
        for area in areas:
            items = [(m, s) for m, s in progress.of(area.pk).statuses
                     if s in WHY and (area.pk, m.code) not in already]
            if not items:
                skipped += 1 if any(s in WHY for _, s in progress.of(area.pk).statuses) else 0
                continue
            to = recipients[area.pk]
            if not to:
                nobody += 1
                self.stdout.write(f"{area.name}: nobody to write to ({len(items)} milestones)")
                continue
            subject, body = message_for(area, items, day)
            if dry_run:
                self.stdout.write(f"Would send to {', '.join(to)}: {subject}")
                sent += 1
                milestones_sent += len(items)
                continue
            try:
                with transaction.atomic():
                    for m, s in items:
                        ReminderSent.objects.create(area=area, milestone=by_code[m.code], day=day,
                                                    status=WHY[s], recipients="\n".join(to))
                    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to).send()
            except IntegrityError:
                skipped += 1  # another run reminded this area meanwhile
                continue
            except Exception as exc:  # noqa: BLE001 - the mail backend's errors are its own; report, go on
                failed.append(area.name)
                self.stderr.write(f"{area.name}: the reminder could not be sent ({type(exc).__name__}: {exc}); "
                                  "nothing was recorded, so the next run tries again.")
                continue
            sent += 1
            milestones_sent += len(items)
        designations = self.remind_designations(areas, progress, round_, day, dry_run, failed)
        verb = "Would send" if dry_run else "Sent"
        if designations:
            self.stdout.write(f"{verb} CLG the designation deadlines of {designations} agreements.")
        self.stdout.write(self.style.SUCCESS(
            f"{verb} {sent} reminders ({milestones_sent} milestones) for {day.isoformat()}; "
            f"{skipped} areas already reminded today; {nobody} areas with nobody to write to."
            + (f" {len(failed)} could not be sent." if failed else "")
        ))
        if failed:
            raise CommandError(f"{len(failed)} areas' reminders could not be sent: {', '.join(failed)}. "
                               "Run `laa remind` again once the mail server is working.")

    def remind_designations(self, areas, progress, round_, day: date, dry_run: bool, failed: list[str]) -> int:
        """One message to CLG users listing the designation deadlines not yet reminded today."""
        already = set(DesignationReminderSent.objects.filter(day=day, round=round_).values_list("area_id", flat=True))
        items = [(a, *progress.designations[a.pk]) for a in areas
                 if a.pk in progress.designations and progress.designations[a.pk][1] in WHY and a.pk not in already]
        if not items:
            return 0
        to = clg_recipients()
        if not to:
            self.stdout.write(f"CLG: nobody to write to ({len(items)} designation deadlines)")
            return 0
        subject, body = designation_message(items, day)
        if dry_run:
            self.stdout.write(f"Would send to {', '.join(to)}: {subject}")
            return len(items)
        try:
            with transaction.atomic():
                for area, milestone, status in items:
                    DesignationReminderSent.objects.create(area=area, round=round_, day=day, deadline=milestone.due,
                                                           status=WHY[status], recipients="\n".join(to))
                EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to).send()
        except IntegrityError:
            return 0  # another run reminded CLG meanwhile
        except Exception as exc:  # noqa: BLE001 - the mail backend's errors are its own; report, go on
            failed.append("CLG (designation deadlines)")
            self.stderr.write(f"CLG: the designation reminder could not be sent ({type(exc).__name__}: {exc}); "
                              "nothing was recorded, so the next run tries again.")
            return 0
        return len(items)
