"""`laa demo`: the demonstration partnerships (Kent, from the 2008 dry run, approved and in
delivery; Medway beside it, still negotiating) with their partners and demonstration
accounts, all labelled as demonstration data."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from laa.hub.actions import load_suppliers
from laa.performance.demo_money import load_demo_money
from laa.web.demo import DEMO_PASSWORD, load_demo, load_demo_agreement
from laa.web.demo import SYSTEM as DEMO_SYSTEM
from laa.web.demo_burdens import load_demo_burdens
from laa.web.demo_delivery import deliver_demo_agreement, load_second_area
from laa.web.demo_maa import load_demo_maa
from laa.web.demo_observations import SEED, generate_observations
from laa.web.demo_tees import load_constituent_laa


class Command(BaseCommand):
    help = "Load the demonstration partnerships and their demonstration accounts."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEMO_PASSWORD)
        parser.add_argument("--seed", type=int, default=SEED, help="seed of the synthetic observations")
        parser.add_argument("--synthetic-areas", default="all", metavar="CODES",
                            help="the areas given synthetic observations, comma-separated CLG codes (default: all 150)")
        parser.add_argument(
            "--reference", action="store_true",
            help="First migrate the database and load the reference data: a fresh database in one command.",
        )
        parser.add_argument(
            "--before-approval", action="store_true",
            help="Leave Kent's agreement as drafted, before sign-off (the journeys through negotiation and "
                 "sign-off start there), and load no Middlesbrough agreement; by default Kent's is taken to "
                 "approval and is in delivery, and Middlesbrough's is approved and moves a target to the MAA.",
        )

    def handle(self, *args, password, seed, synthetic_areas, reference, before_approval, **options):
        if reference:
            call_command("migrate", interactive=False, verbosity=0)
            call_command("load_reference", stdout=self.stdout)
        areas = None if synthetic_areas == "all" else [c.strip() for c in synthetic_areas.split(",") if c.strip()]
        try:
            users = load_demo(password=password)
            users += load_second_area(password=password)
        except LookupError as exc:
            raise CommandError(f"{exc}. Run `laa load-reference` first.") from exc
        if load_demo_agreement():
            self.stdout.write("Loaded Kent's demonstration agreement.")
        if not before_approval and deliver_demo_agreement():
            self.stdout.write("Kent's agreement is approved by the Secretary of State (27 June 2008): in delivery.")
        if load_demo_maa():
            self.stdout.write("Tees Valley's multi-area agreement is signed and published (30 June 2008; "
                              "its figures are demonstration data).")
        if not before_approval:
            tees, moved = load_constituent_laa(password=password)
            users += tees
            if moved:
                self.stdout.write("Middlesbrough's agreement is approved (27 June 2008) and its NI 152 target is "
                                  "un-designated into the Tees Valley MAA (1 July 2008): demonstration data.")
        if added := load_demo_burdens():
            self.stdout.write(f"Added {added} synthetic collections to the burden register.")
        if load_demo_money():
            self.stdout.write("Recorded Kent's synthetic net budget requirements (county and districts, 2007/08), "
                              "pump-priming grant and Area Based Grant allocations.")
        if suppliers := load_suppliers(actor=DEMO_SYSTEM):
            self.stdout.write(f"Recorded the supplier of {suppliers} indicators (inferred from their definitions).")
        made = generate_observations(seed=seed, area_codes=areas)
        if made.rows:
            self.stdout.write(
                f"Imported {made.rows:,} synthetic values (seed {seed}) of {made.indicators} indicators for "
                f"{made.areas} areas, then {made.corrections:,} corrections superseding provisional values "
                f"({made.provisional:,} were provisional, {made.suppressed:,} are suppressed)."
            )
        self.stdout.write(self.style.SUCCESS("Demonstration data loaded. Sign in at /sign-in as:"))
        for user in users:
            works_for = f" ({user.organisation.name})" if user.organisation_id else ""
            where = f", {user.area.name}" if user.area_id else ""
            self.stdout.write(f"  {user.username:<22} {user.role_label}{where}{works_for}")
        self.stdout.write(f"  password for all: {password}")
