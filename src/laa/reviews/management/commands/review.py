"""`laa review`: the annual reviews from the command line (ADR 0018): read them, and send the daily reminder.

    laa review list [--area E2221] [--region SE] [--year 2008/09] [--state completed] [--json]
                                  the reviews, newest year first: area, year, standing,
                                  targets assessed of those reviewed
    laa review remind [--date YYYY-MM-DD] [--dry-run]
                                  e-mail each area's partnership officers and Government
                                  Office the reviews and refreshes due soon or overdue, once a
                                  day (run it daily, beside `laa remind`); exit 1 if an
                                  e-mail could not be sent (the next run tries it again)
    laa review show AREA YEAR [--json]
                                  one review (YEAR as 2008/09 or 2008-09): each target's
                                  current assessment, the agreed actions, the refresh
                                  proposals and the steps; exit 2 if there is no such review

The review is written by the Government Office on its pages; the command reads every
review (`reviews.scopes.COMMAND_LINE`).
"""

from __future__ import annotations

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from laa import clock
from laa.domain.reviews import review_year
from laa.reviews.actions import reviewed_targets
from laa.reviews.models import Review
from laa.reviews.presenters import standing_of
from laa.reviews.reading import records
from laa.reviews.reminders import remind
from laa.reviews.scopes import COMMAND_LINE


class Command(BaseCommand):
    help = ("The annual reviews: `laa review list`, `laa review show AREA YEAR` (read only), and "
            "`laa review remind` (the daily e-mail of reviews and refreshes due).")

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True)
        listing = commands.add_parser("list", help="list the reviews")
        for name in ("area", "region", "year", "state"):
            listing.add_argument(f"--{name}", default="")
        listing.add_argument("--json", action="store_true")
        reminding = commands.add_parser("remind", help="e-mail the reviews and refreshes due soon or overdue")
        reminding.add_argument("--date", dest="on", default="", help="The day to remind for; default today")
        reminding.add_argument("--dry-run", action="store_true", help="Say what would be sent; send nothing")
        showing = commands.add_parser("show", help="show one review")
        showing.add_argument("area")
        showing.add_argument("year")
        showing.add_argument("--json", action="store_true")

    def handle(self, *args, command, **options):
        if command == "list":
            self._list(options)
        elif command == "remind":
            self._remind(options["on"], options["dry_run"])
        else:
            self._show(options["area"], options["year"], options["json"])

    def _list(self, options) -> None:
        reviews = (Review.objects.visible_to(COMMAND_LINE).select_related("agreement__area")
                   .order_by("-year", "agreement__area__name"))
        if options["area"]:
            reviews = reviews.filter(agreement__area__code=options["area"])
        if options["region"]:
            reviews = reviews.filter(agreement__area__region__code=options["region"])
        if options["year"]:
            reviews = reviews.filter(year=options["year"].replace("-", "/"))
        if options["state"]:
            reviews = reviews.filter(state=options["state"])
        today = clock.today()
        rows = []
        for review in reviews:
            found = records(COMMAND_LINE, review)
            rows.append({"area_code": review.agreement.area.code, "area": review.agreement.area.name,
                         "year": review.year, "standing": standing_of(review_year(review.year), review, today).value,
                         "assessed": len(found["current"]), "targets": len(reviewed_targets(review))})
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for r in rows:
            self.stdout.write(f"{r['area_code']}  {r['area']:<30} {r['year']}  {r['standing']:<12} "
                              f"{r['assessed']}/{r['targets']} assessed")
        if not rows:
            self.stdout.write("No reviews.")

    def _remind(self, on: str, dry_run: bool) -> None:
        try:
            day = date.fromisoformat(on) if on else clock.today()
        except ValueError:
            raise CommandError(f"--date: {on[:40]!r} is not a date (YYYY-MM-DD)") from None
        outcome = remind(day, dry_run=dry_run)
        for line in outcome.lines:
            self.stdout.write(line)
        for name in outcome.nobody:
            self.stdout.write(f"{name}: nobody to write to")
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(self.style.SUCCESS(
            f"{verb} {outcome.sent} reminders ({outcome.items} reviews and refreshes) for {day.isoformat()}; "
            f"{outcome.already} areas already reminded; {len(outcome.nobody)} areas with nobody to write to."
            + (f" {len(outcome.failed)} could not be sent." if outcome.failed else "")))
        if outcome.failed:
            raise CommandError(f"{len(outcome.failed)} areas' reminders could not be sent: "
                               f"{', '.join(outcome.failed)}. Run `laa review remind` again once the mail "
                               "server is working.")

    def _show(self, area: str, year: str, as_json: bool) -> None:
        review = (Review.objects.visible_to(COMMAND_LINE).select_related("agreement__area")
                  .filter(agreement__area__code=area, year=year.replace("-", "/")).first())
        if review is None:
            raise CommandError(f"There is no {year} review of {area}'s agreement", returncode=2)
        found = records(COMMAND_LINE, review)
        current = {a.target_key: a for a in found["current"]}
        data = {
            "area": review.agreement.area.name, "year": review.year, "state": review.state,
            "started_on": review.started_on.isoformat(),
            "targets": [{"target": key, "indicator": indicator,
                         "rating": current[key].rating if key in current else None,
                         "commentary": current[key].commentary if key in current else ""}
                        for key, indicator in reviewed_targets(review)],
            "actions": [{"text": a.text, "owner": a.owner, "due_on": a.due_on.isoformat()} for a in found["actions"]],
            "proposals": [{"target": p.target_key, "text": p.text} for p in found["proposals"]],
            "steps": [{"step": s.step, "by": s.by_name, "at": s.at.isoformat(), "reason": s.reason}
                      for s in found["statuses"]],
        }
        if as_json:
            self.stdout.write(json.dumps(data, indent=2))
            return
        self.stdout.write(f"{data['area']}: annual review {data['year']} ({data['state'].replace('_', ' ')}, "
                          f"started {data['started_on']})")
        for t in data["targets"]:
            rating = (t["rating"] or "not assessed").replace("_", " ")
            self.stdout.write(f"  {t['target']:<24} {rating}{': ' + t['commentary'] if t['commentary'] else ''}")
        for a in data["actions"]:
            self.stdout.write(f"  Action: {a['text']} ({a['owner']}, due {a['due_on']})")
        for p in data["proposals"]:
            self.stdout.write(f"  Proposal for {p['target'] or 'the agreement'}: {p['text']}")
