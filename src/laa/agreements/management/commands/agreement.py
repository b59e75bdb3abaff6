"""`laa agreement check|import|export`: the agreement file on the command line.

    laa agreement check FILE [--json]   exit 0: no rule errors; 1: rule errors; 2: unreadable,
                                        or its round or area is not in the reference data;
                                        prints the content's fingerprint (as published)
    laa agreement import FILE           load a YAML, JSON or XLSX file into the database
                                        (exit 3: the database was busy, nothing imported)
    laa agreement export AREA [--round 2008] --format yaml|json|xlsx [--output FILE]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError

from laa.agreements import actions, actions_import
from laa.agreements.files import (
    FORMATS,
    MAX_BYTES,
    UnreadableAgreement,
    load_agreement_file,
    render_agreement,
)
from laa.agreements.findings import partner_authorities
from laa.agreements.models import Agreement
from laa.catalogue.facts import indicator_facts
from laa.catalogue.models import Round
from laa.database import BUSY_MESSAGE, is_busy
from laa.domain.agreement_file import agreement_to_data
from laa.domain.content_hash import content_hash
from laa.domain.rules import check_agreement
from laa.permissions import SystemActor
from laa.places.models import Area, Partnership


class Command(BaseCommand):
    help = "Check, import and export agreement files (laa-agreement/1: YAML, JSON or XLSX)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="validate a file with the agreement rules")
        check.add_argument("file", type=Path)
        check.add_argument("--json", action="store_true", help="print the findings as JSON")
        imp = sub.add_parser("import", help="load a file into the database (all or nothing)")
        imp.add_argument("file", type=Path)
        exp = sub.add_parser("export", help="write an area's agreement as a file")
        exp.add_argument("area", help="CLG area code, e.g. E2221")
        exp.add_argument("--round", type=int, default=2008)
        exp.add_argument("--format", choices=sorted(FORMATS), default="yaml")
        exp.add_argument("--output", type=Path, help="write to this file instead of standard output")

    def handle(self, *args, action, **options):
        return getattr(self, f"_{action}")(**options)

    def _read(self, file: Path):
        try:
            with file.open("rb") as handle:  # never more than the limit, whatever the file's size
                content = handle.read(MAX_BYTES + 1)
            return load_agreement_file(file.name, content)
        except OSError as exc:
            self.stderr.write(f"{file}: cannot be read ({exc.strerror})")
            sys.exit(2)
        except UnreadableAgreement as exc:
            self.stderr.write(f"{file}: cannot be read:")
            for problem in exc.problems:
                self.stderr.write(f"  {problem}")
            sys.exit(2)

    def _check(self, file: Path, json: bool, **_):
        draft = self._read(file)
        # The rules need the round's statutory set (D3) and the area's local indicators:
        # a file naming a round or area the service does not know cannot be checked.
        round_ = Round.objects.filter(year=draft.round).first()
        area = Area.objects.filter(code=draft.area).first()
        unknown = []
        if round_ is None:
            known = ", ".join(str(y) for y in Round.objects.order_by("year").values_list("year", flat=True))
            unknown.append(f"round: there is no round {draft.round} in the reference data (known: {known or 'none'})")
        if area is None:
            unknown.append(f"area: there is no area with the CLG code {draft.area!r} in the reference data")
        if unknown:
            self.stderr.write(f"{file}: cannot be checked:")
            for problem in unknown:
                self.stderr.write(f"  {problem}")
            sys.exit(2)
        partnership = Partnership.objects.filter(area=area).first()
        facts = indicator_facts(round_, partnership_id=partnership.pk if partnership else None)
        findings = check_agreement(draft, facts, partner_authorities=partner_authorities(draft, area))
        errors = [f for f in findings if f.severity == "error"]
        if json:
            self.stdout.write(_json_dump([
                {"rule": f.rule, "severity": f.severity, "target": f.target, "message": f.message} for f in findings
            ]))
        else:
            for f in findings:
                where = f" [{f.target}]" if f.target else ""
                self.stdout.write(f"{f.severity.upper():8} {f.rule}{where}: {f.message}")
            warnings = len(findings) - len(errors)
            self.stdout.write(f"{file}: {len(draft.targets)} targets, {len(errors)} errors, {warnings} warnings")
            # The fingerprint a published agreement shows (its content hash at approval).
            self.stdout.write(f"fingerprint of the content (SHA-256): {content_hash(agreement_to_data(draft))}")
        if errors:
            sys.exit(1)

    def _import(self, file: Path, **_):
        draft = self._read(file)
        try:
            result = actions_import.import_agreement(actor=SystemActor("laa agreement import"), draft=draft)
        except actions.AgreementError as exc:
            self.stderr.write(f"{file}: nothing was imported:")
            for field, problem in exc.problems.items():
                self.stderr.write(f"  {field}: {problem}")
            sys.exit(2)
        except actions.FrozenAgreement as exc:
            raise CommandError(str(exc)) from exc
        except OperationalError as exc:
            if not is_busy(exc):
                raise
            self.stderr.write(f"{file}: nothing was imported. {BUSY_MESSAGE}")
            sys.exit(3)
        verb = "created" if result.created else "replaced"
        self.stdout.write(
            f"{verb} the agreement for {result.agreement.area.name}: {result.outcomes} outcomes, {result.targets} targets"
        )
        for note in result.notes:
            self.stdout.write(f"NOTE: {note}")

    def _export(self, area: str, round: int, format: str, output: Path | None, **_):
        agreement = Agreement.objects.select_related("area", "round").filter(area__code=area, round__year=round).first()
        if agreement is None:
            raise CommandError(f"There is no {round} agreement for the area {area}")
        content = render_agreement(agreement, format)
        if output:
            output.write_bytes(content if isinstance(content, bytes) else content.encode())
            self.stdout.write(f"wrote {output}")
        elif isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            self.stdout.write(content, ending="")


def _json_dump(value) -> str:
    return json.dumps(value, indent=2)
