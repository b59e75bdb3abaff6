"""`laa maa`: multi-area agreements from the command line (ADR 0028). Each write is the
pages' action, as the explicit system actor (`--as USER` to act as a person: moving an
LAA's target is a revision, which its partnership officer proposes).

    laa maa list                              every MAA and where it stands
    laa maa show CODE                         one MAA as the API gives it (JSON)
    laa maa create CODE NAME --region NE --council "Darlington Council" [--council ...] [--summary TEXT]
    laa maa add-council CODE COUNCIL
    laa maa add-partner CODE ORGANISATION --area AREA --contribution TEXT
    laa maa add-outcome CODE KEY TITLE
    laa maa add-target CODE KEY --kind designated|national|other --outcome KEY --value 2010/11=74.0
                       [--indicator "NI 151"] [--measure-name .. --unit pounds --polarity higher --source ..]
    laa maa step CODE submit|refer_back|agree|publish [--reason TEXT]
    laa maa sign CODE SIGNATORY --signed-by "Cllr Jane Doe, Leader"
    laa maa undesignate CODE AREA TARGET --outcome KEY --as OFFICER

A refusal prints its reasons by field and exits 2, nothing saved.
"""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from laa.accounts.models import User
from laa.agreements.models import Agreement
from laa.domain.figures import FigureError, parse_figure
from laa.domain.maa import Measure, TargetIn, TargetKind
from laa.maa import actions
from laa.maa.api import maa_data
from laa.maa.models import MultiAreaAgreement
from laa.maa.scopes import COMMAND_LINE
from laa.permissions import ActionError, SystemActor
from laa.places.models import Organisation, Region

SYSTEM = SystemActor("laa maa")


class Command(BaseCommand):
    help = "Multi-area agreements: list, show, create, add-council, add-partner, add-outcome, add-target, step, " \
           "sign, undesignate."

    def add_arguments(self, parser):
        parser.add_argument("--as", dest="as_user", default="", help="act as this person (default: the system actor)")
        c = parser.add_subparsers(dest="command", required=True)
        c.add_parser("list")
        c.add_parser("show").add_argument("code")
        p = c.add_parser("create")
        p.add_argument("code")
        p.add_argument("name")
        p.add_argument("--region", required=True, help="the Government Office region's code, e.g. NE")
        p.add_argument("--council", action="append", default=[], help="a participating council, by name")
        p.add_argument("--summary", default="")
        p = c.add_parser("add-council")
        p.add_argument("code")
        p.add_argument("council")
        p = c.add_parser("add-partner")
        p.add_argument("code")
        p.add_argument("organisation")
        p.add_argument("--area", default="", help="the area the organisation belongs to (its CLG code)")
        p.add_argument("--contribution", default="")
        p = c.add_parser("add-outcome")
        for name in ("code", "key", "title"):
            p.add_argument(name)
        p = c.add_parser("add-target")
        p.add_argument("code")
        p.add_argument("key")
        p.add_argument("--kind", required=True, choices=[k.value for k in TargetKind])
        p.add_argument("--outcome", required=True)
        p.add_argument("--indicator", default="")
        p.add_argument("--value", action="append", default=[], help="YEAR=FIGURE, e.g. 2010/11=74.0")
        for name in ("measure-name", "unit", "polarity", "source"):
            p.add_argument(f"--{name}", default="")
        p = c.add_parser("step")
        p.add_argument("code")
        p.add_argument("step")
        p.add_argument("--reason", default="")
        p = c.add_parser("sign")
        p.add_argument("code")
        p.add_argument("signatory")
        p.add_argument("--signed-by", required=True)
        p = c.add_parser("undesignate")
        p.add_argument("code")
        p.add_argument("area")
        p.add_argument("target")
        p.add_argument("--outcome", required=True)
        p.add_argument("--reason", default="")

    def handle(self, *args, command, as_user, **o):
        actor = SYSTEM
        if as_user:
            actor = User.objects.filter(username=as_user, is_active=True).first()
            if actor is None:
                raise CommandError(f"--as: there is no active user {as_user[:60]}", returncode=2)
        if command == "list":
            for m in MultiAreaAgreement.objects.select_related("region").order_by("name"):
                self.stdout.write(f"{m.code}\t{m.name}\t{m.region.name}\t{m.state}")
            return
        try:
            if command == "create":
                region = Region.objects.filter(code=o["region"]).first()
                if region is None:
                    raise ActionError(f"There is no region {o['region'][:10]}", {"region": "Give a region's code"})
                maa = actions.create_maa(actor=actor, code=o["code"], name=o["name"], region=region,
                                         summary=o["summary"], councils=[self._org(n) for n in o["council"]])
            else:
                maa = MultiAreaAgreement.objects.filter(code=o["code"]).first()
                if maa is None:
                    raise ActionError(f"There is no MAA {o['code'][:60]}", {"code": "Give an MAA's code"})
                self._act(command, actor, maa, o)
                maa.refresh_from_db()
        except ActionError as refused:
            for field, message in (refused.problems or {"": refused.message}).items():
                self.stderr.write(f"{field or 'refused'}: {message}")
            raise CommandError(refused.message, returncode=2) from None
        except PermissionDenied as denied:
            raise CommandError(str(denied), returncode=2) from None
        if command in {"show"}:
            self.stdout.write(json.dumps(maa_data(maa, COMMAND_LINE), indent=2, cls=DjangoJSONEncoder))
        else:
            self.stdout.write(f"{maa.code}: {maa.state} (version {maa.version})")

    def _org(self, name: str, area: str = "") -> Organisation:
        found = Organisation.objects.filter(name=name)
        if area:
            found = found.filter(area__code=area)
        if found.count() != 1:
            raise ActionError(f"{name[:100]} is {'not known' if not found else 'ambiguous: give --area'}",
                              {"organisation": f"No single organisation named {name[:100]}"})
        return found.get()

    def _act(self, command: str, actor, maa: MultiAreaAgreement, o: dict) -> None:
        if command == "add-council":
            actions.add_council(actor=actor, maa=maa, council=self._org(o["council"]))
        elif command == "add-partner":
            actions.add_contributor(actor=actor, maa=maa, organisation=self._org(o["organisation"], o["area"]),
                                    contribution=o["contribution"])
        elif command == "add-outcome":
            actions.add_outcome(actor=actor, maa=maa, key=o["key"], title=o["title"])
        elif command == "add-target":
            measure = (Measure(o["measure_name"], o["unit"], o["polarity"], o["source"])
                       if o["kind"] == TargetKind.OTHER else None)
            actions.add_target(actor=actor, maa=maa, target=TargetIn(
                o["key"], TargetKind(o["kind"]), o["outcome"], o["indicator"], measure, _values(o["value"])))
        elif command == "step":
            actions.take_step(actor=actor, maa=maa, step=o["step"], expected_state=maa.state, reason=o["reason"])
        elif command == "sign":
            actions.sign(actor=actor, maa=maa, signatory=o["signatory"], signed_by=o["signed_by"])
        elif command == "undesignate":
            agreement = Agreement.objects.filter(area__code=o["area"]).order_by("-round__year").first()
            if agreement is None:
                raise ActionError(f"{o['area'][:12]} has no agreement", {"area": "Give an area with an agreement"})
            actions.propose_undesignation(actor=actor, maa=maa, agreement=agreement, key=o["target"],
                                          outcome=o["outcome"], reason=o["reason"])


def _values(pairs: list[str]) -> dict:
    values = {}
    for pair in pairs:
        year, _, raw = pair.partition("=")
        try:
            figure = parse_figure(raw)
        except FigureError as bad:
            raise ActionError(f"--value {pair[:40]}: {bad}", {"yearly": f"{year}: {bad}"}) from None
        if figure is None:
            raise ActionError(f"--value {pair[:40]}: give YEAR=FIGURE", {"yearly": "Give YEAR=FIGURE"})
        values[year.strip()] = figure
    return values
