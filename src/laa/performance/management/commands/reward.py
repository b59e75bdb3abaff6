"""`laa reward`: the Performance Reward Grant from the command line, read only (issue 14).

    laa reward calculate AREA [--policy VERSION] [--as-of DATE] [--json]
        the area's calculation: the agreement's version in force on the day (default:
        the service's day), the hub's values of its final year (final; provisional values
        give a provisional figure), the net budget requirements, and the policy asked for
        or the version of the agreement's scheme in force when the agreement was made (a
        later version, whose day the sources do not give, only when asked for by name);
        every figure explained.
        Exit 2 when it cannot be made (no such area, policy or version), saying why.
    laa reward policies
        the policies shipped, with the day each is in force from (or that the sources do
        not give it: such a version is chosen by name only).
    laa reward record-budget AREA AUTHORITY YEAR AMOUNT --source TEXT
    laa reward record-pump-priming AREA YEAR PAID_ON AMOUNT CAPITAL --source TEXT
    laa reward record-abg AREA YEAR GRANT_REPLACED AMOUNT --source TEXT [--priority TEXT]
    laa reward record-interim AREA TARGET LEVEL REACHED PERIOD --source TEXT
        record an input (a net budget requirement, the pump-priming grant, an Area Based
        Grant allocation, a reward target's interim level and the value reached; REACHED
        "" when not yet known) as the system actor `laa reward`; a later row corrects an
        earlier one. Exit 2, naming the field, when refused.

The command reads every agreement and every value (`hub.scopes.COMMAND_LINE`).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from laa import clock
from laa.agreements.models import Agreement
from laa.domain.reward import pounds
from laa.domain.reward_policy import bundled_policies
from laa.hub.scopes import COMMAND_LINE
from laa.performance import reward_actions as actions
from laa.performance.reward_figures import figures_of
from laa.performance.reward_reading import RewardUnavailable, area_reward
from laa.permissions import SystemActor
from laa.places.models import Area

SYSTEM = SystemActor("laa reward")
RECORDS = {"record-budget": ("area", "authority", "year", "amount"),
           "record-pump-priming": ("area", "year", "paid_on", "amount", "capital"),
           "record-abg": ("area", "year", "grant_replaced", "amount"),
           "record-interim": ("area", "target", "level", "reached", "period")}


class Command(BaseCommand):
    help = "The Performance Reward Grant, read only: `laa reward calculate AREA`, `laa reward policies`."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True)
        calc = commands.add_parser("calculate", help="calculate an area's reward grant")
        calc.add_argument("area", help="the area's CLG code, e.g. E2221")
        calc.add_argument("--policy", default="", help='a policy version, e.g. "laa-2008-11/1"')
        calc.add_argument("--as-of", default="", help="the day, YYYY-MM-DD (default: the service's day)")
        calc.add_argument("--json", action="store_true")
        commands.add_parser("policies", help="list the policies")
        for name, fields in RECORDS.items():
            sub = commands.add_parser(name, help=f"record {name.removeprefix('record-')}")
            for field in fields:
                sub.add_argument(field)
            sub.add_argument("--source", required=True)
            if name == "record-abg":
                sub.add_argument("--priority", default="")

    def handle(self, *args, command, **options):
        if command in RECORDS:
            self._record(command, options)
            return
        if command == "policies":
            for policy in bundled_policies().values():
                since = (f"in force from {policy.in_force_from}" if policy.in_force_from
                         else "day not in the sources: chosen by name only")
                self.stdout.write(f"{policy.id:<16} {since}  {policy.title}")
            return
        try:
            day = date.fromisoformat(options["as_of"]) if options["as_of"] else clock.today()
        except ValueError:
            raise CommandError(f"--as-of must be a date like 2011-06-30, not {options['as_of']!r}",
                               returncode=2) from None
        agreement = (Agreement.objects.select_related("area").filter(area__code=options["area"])
                     .order_by("-round__year").first())
        if agreement is None:
            raise CommandError(f"There is no agreement for {options['area']!r}", returncode=2)
        try:
            found = area_reward(COMMAND_LINE, agreement, day, options["policy"] or None)
        except RewardUnavailable as why:
            raise CommandError(str(why), returncode=2) from None
        data = figures_of(found.policy, found.calculation)
        if options["json"]:
            self.stdout.write(json.dumps({"area_code": agreement.area.code, "area": agreement.area.name,
                                          "day": day.isoformat(), "version": found.version.number
                                          if found.version else None, "policy_note": found.policy_note, **data},
                                         indent=2))
            return
        c = found.calculation
        out = self.stdout.write
        out(f"{agreement.area.name} ({agreement.area.code}): Performance Reward Grant as of {day:%-d %B %Y}"
            + ("  [PROVISIONAL]" if c.provisional else ""))
        out(f"Agreement version {found.version.number if found.version else '-'}; policy {c.policy_id}")
        out(f"  {found.policy_note}.")
        for line in c.explanations:
            out(f"  {line}.")
        out("Targets:")
        for t in c.targets:
            out(f"  {t.key:<24} {pounds(t.amount):>14}  {t.explanation}")
            if t.on_account_explanation:
                out(f"  {'':<24} {'':>14}  {t.on_account_explanation}")
        out("Instalments:")
        for i in c.instalments:
            out(f"  {i.year}  payable {pounds(i.payable):>12}  capital {pounds(i.capital):>12}  "
                f"revenue {pounds(i.revenue):>12}")
        for a in data["authorities"]:
            out(f"  {a['authority']:<32} capital {pounds(Decimal(a['capital']))}  "
                f"revenue {pounds(Decimal(a['revenue']))}  total {pounds(Decimal(a['total']))}")
        out(f"Total earned {pounds(c.total)} ({c.percent_of_potential}% of {pounds(c.potential)}); "
            f"payable {pounds(c.payable)}")

    def _record(self, command: str, options) -> None:
        area = Area.objects.filter(code=options["area"]).first()
        if area is None:
            raise CommandError(f"There is no area {options['area']!r}", returncode=2)
        o, source = options, options["source"]
        try:
            if command == "record-budget":
                row = actions.record_budget(actor=SYSTEM, area=area, authority=o["authority"], year=o["year"],
                                            amount=o["amount"], source=source)
            elif command == "record-pump-priming":
                row = actions.record_pump_priming(actor=SYSTEM, area=area, year=o["year"], paid_on=o["paid_on"],
                                                  amount=o["amount"], capital=o["capital"], source=source)
            elif command == "record-abg":
                row = actions.record_area_based_grant(actor=SYSTEM, area=area, year=o["year"],
                                                      grant_replaced=o["grant_replaced"], amount=o["amount"],
                                                      source=source, priority=o["priority"])
            else:
                agreement = Agreement.objects.filter(area=area).order_by("-round__year").first()
                if agreement is None:
                    raise CommandError(f"There is no agreement for {area.code!r}", returncode=2)
                row = actions.record_interim(actor=SYSTEM, agreement=agreement, target_key=o["target"],
                                             level=o["level"], reached=o["reached"], period=o["period"],
                                             source=source)
        except actions.ClaimError as refused:
            raise CommandError(refused.message, returncode=2) from None
        self.stdout.write(f"Recorded: {row}")
