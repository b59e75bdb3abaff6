"""`laa review`: the annual reviews from the command line, read only (ADR 0018).

    laa review list [--area E2221] [--region SE] [--year 2008/09] [--state completed] [--json]
                                  the reviews, newest year first: area, year, standing,
                                  targets assessed of those reviewed
    laa review show AREA YEAR [--json]
                                  one review (YEAR as 2008/09 or 2008-09): each target's
                                  current assessment, the agreed actions, the refresh
                                  proposals and the steps; exit 2 if there is no such review

The review is written by the Government Office on its pages; the command reads every
review (`reviews.scopes.COMMAND_LINE`).
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from laa import clock
from laa.domain.reviews import review_year
from laa.reviews.actions import reviewed_targets
from laa.reviews.models import Review
from laa.reviews.presenters import standing_of
from laa.reviews.reading import records
from laa.reviews.scopes import COMMAND_LINE


class Command(BaseCommand):
    help = "The annual reviews, read only: `laa review list`, `laa review show AREA YEAR`."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True)
        listing = commands.add_parser("list", help="list the reviews")
        for name in ("area", "region", "year", "state"):
            listing.add_argument(f"--{name}", default="")
        listing.add_argument("--json", action="store_true")
        showing = commands.add_parser("show", help="show one review")
        showing.add_argument("area")
        showing.add_argument("year")
        showing.add_argument("--json", action="store_true")

    def handle(self, *args, command, **options):
        if command == "list":
            self._list(options)
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
