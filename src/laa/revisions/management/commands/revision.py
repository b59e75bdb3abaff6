"""`laa revision`: the revisions of approved agreements from the command line, read only
(ADR 0021; refreshes ADR 0025, un-designations ADR 0028).

    laa revision list [--area E2221] [--kind local|designated|refresh|maa] [--state proposed] [--json]
                                  the revisions, newest first: area, number, kind, where each
                                  stands, the version it changes and the one it made
    laa revision show AREA NUMBER [--json]
                                  one revision: its changes, the consents needed and given,
                                  the voluntary partners' consultation, its steps; exit 2 if
                                  there is no such revision

Revisions are proposed, answered and decided on their pages (or the API); the command
reads every revision (`revisions.scopes.COMMAND_LINE`).
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from laa.revisions.actions import needed_consents
from laa.revisions.models import Consent, Consultation, Revision, RevisionStatus
from laa.revisions.presenters import summary
from laa.revisions.scopes import COMMAND_LINE


def _plain(data: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


class Command(BaseCommand):
    help = "The revisions of approved agreements, read only: `laa revision list`, `laa revision show AREA NUMBER`."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True)
        listing = commands.add_parser("list", help="list the revisions")
        for name in ("area", "kind", "state"):
            listing.add_argument(f"--{name}", default="")
        listing.add_argument("--json", action="store_true")
        showing = commands.add_parser("show", help="show one revision")
        showing.add_argument("area")
        showing.add_argument("number")
        showing.add_argument("--json", action="store_true")

    def handle(self, *args, command, **options):
        if command == "list":
            self._list(options)
        else:
            self._show(options["area"], options["number"], options["json"])

    def _list(self, options) -> None:
        found = (Revision.objects.visible_to(COMMAND_LINE)
                 .select_related("agreement__area", "based_on", "made", "review").order_by("-proposed_on", "-id"))
        for name in ("kind", "state"):
            if options[name]:
                found = found.filter(**{name: options[name][:20]})
        if options["area"]:
            found = found.filter(agreement__area__code=options["area"][:12])
        rows = [_plain(summary(r)) for r in found]
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for r in rows:
            made = f", made version {r['made']}" if r["made"] else ""
            self.stdout.write(f"{r['area_code']}  {r['area']:<24} revision {r['number']:<3} {r['kind']:<10} "
                              f"{r['standing']:<10} on version {r['based_on']}{made}")
        if not rows:
            self.stdout.write("No revisions.")

    def _show(self, area: str, number: str, as_json: bool) -> None:
        revision = (Revision.objects.visible_to(COMMAND_LINE).select_related("agreement__area", "based_on", "made", "review")
                    .filter(agreement__area__code=area[:12], number=int(number) if number.isdigit() else 0).first())
        if revision is None:
            raise CommandError(f"There is no revision {number[:12]} of {area[:12]}'s agreement", returncode=2)
        given = {c.organisation: c for c in Consent.objects.visible_to(COMMAND_LINE).filter(revision=revision)}
        data = {
            **_plain(summary(revision)),
            "consents": [{"organisation": name, "answer": ("consents" if given[name].consents else "refuses")
                          if name in given else "waiting"} for name in needed_consents(revision)],
            "consultations": [{"held_on": c.held_on.isoformat(), "summary": c.summary, "by": c.by_name}
                              for c in Consultation.objects.visible_to(COMMAND_LINE).filter(revision=revision)],
            "steps": [{"step": s.step, "by": s.by_name, "at": s.at.isoformat(), "reason": s.reason}
                      for s in RevisionStatus.objects.visible_to(COMMAND_LINE).filter(revision=revision)],
        }
        if as_json:
            self.stdout.write(json.dumps(data, indent=2))
            return
        self.stdout.write(f"{data['area']}: revision {data['number']} ({data['kind']}, {data['standing']}), "
                          f"proposed {data['proposed_on']} on version {data['based_on']}: {data['reason']}")
        for change in data["changes"]:
            self.stdout.write(f"  Change: {change}")
        for c in data["consents"]:
            self.stdout.write(f"  Consent of {c['organisation']}: {c['answer']}")
        for c in data["consultations"]:
            self.stdout.write(f"  Consulted {c['held_on']}: {c['summary']} ({c['by']})")
        for s in data["steps"]:
            self.stdout.write(f"  {s['step']} by {s['by']} at {s['at']}{': ' + s['reason'] if s['reason'] else ''}")
