"""`laa alerts`: e-mail each follower one digest of what changed in what they follow since
their last one (issue 13; laa.performance.alerts, laa.domain.alerts): targets that turned
at risk or off track, values published and reporting periods missed, each with a link.

Run it daily (cron or a scheduler), like `laa remind`. At most one digest a person a day
(an `AlertDigest` row, unique per person and day, written in the same transaction as the
e-mail is handed to Django's mail backend), and every item told is recorded, so nothing is
told twice. A day with nothing to tell sends nothing (its judgements are still kept, to
compare from). A digest that could not be sent is reported and records nothing: the next
run tells it again; the command then exits non-zero. `--date` replays a day, `--dry-run`
says what would be sent.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction

from laa import clock
from laa.accounts.models import User
from laa.domain.alerts import digest_mail
from laa.performance.alert_actions import record_sent
from laa.performance.alert_models import AlertDigest
from laa.performance.alerts import gather


class Command(BaseCommand):
    help = "E-mail each follower the day's digest of what changed in what they follow."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, help="the day (YYYY-MM-DD); the service's day by default")
        parser.add_argument("--dry-run", action="store_true", help="say what would be sent; send and record nothing")
        parser.add_argument("--site", default=settings.LAA_BASE_URL,
                            help="the site's address before each link (LAA_BASE_URL by default)")

    def handle(self, *args, **options):
        day = options["date"] or clock.today()
        site = options["site"].rstrip("/")
        people = (User.objects.filter(is_active=True, followings__isnull=False).distinct().order_by("username"))
        sent = quiet = nobody = 0
        failed: list[str] = []
        for person in people:
            if AlertDigest.objects.filter(user=person, day=day).exists():
                continue  # done today already
            gathered = gather(person, day)
            if gathered.digest.empty:
                quiet += 1
                if not options["dry_run"]:
                    try:
                        with transaction.atomic():
                            record_sent(person, day, "", "", gathered)
                    except IntegrityError:
                        pass  # another run did this person meanwhile
                continue
            if not person.email:
                nobody += 1
                self.stdout.write(f"{person.get_username()}: no e-mail address ({len(gathered.digest.items)} items)")
                continue
            subject, body = digest_mail(person.get_full_name() or person.get_username(), gathered.digest, site)
            if options["dry_run"]:
                self.stdout.write(f"Would send to {person.email}: {subject}")
                sent += 1
                continue
            try:
                with transaction.atomic():
                    record_sent(person, day, person.email, subject, gathered)
                    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]).send()
            except IntegrityError:
                continue  # another run sent this person's digest meanwhile
            except Exception as exc:  # noqa: BLE001 - the mail backend's errors are its own; report, go on
                failed.append(person.get_username())
                self.stderr.write(f"{person.get_username()}: the digest could not be sent ({type(exc).__name__}: "
                                  f"{exc}); nothing was recorded, so the next run tells it again.")
                continue
            sent += 1
        verb = "Would send" if options["dry_run"] else "Sent"
        self.stdout.write(self.style.SUCCESS(
            f"{verb} {sent} digests for {day.isoformat()}; {quiet} followers had nothing new; "
            f"{nobody} with no e-mail address." + (f" {len(failed)} could not be sent." if failed else "")))
        if failed:
            raise CommandError(f"{len(failed)} digests could not be sent: {', '.join(failed)}. "
                               "Run `laa alerts` again once the mail server is working.")
