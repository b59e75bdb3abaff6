"""`laa demo`: a demonstration partnership (Kent, from the 2008 dry run) with its
partners and one demonstration account per role, all labelled as demonstration data."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from laa.web.demo import DEMO_PASSWORD, load_demo, load_demo_agreement


class Command(BaseCommand):
    help = "Load the demonstration partnership and one demonstration account per role."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEMO_PASSWORD)
        parser.add_argument(
            "--reference", action="store_true",
            help="First migrate the database and load the reference data: a fresh database in one command.",
        )

    def handle(self, *args, password, reference, **options):
        if reference:
            call_command("migrate", interactive=False, verbosity=0)
            call_command("load_reference", stdout=self.stdout)
        try:
            users = load_demo(password=password)
        except LookupError as exc:
            raise CommandError(f"{exc}. Run `laa load-reference` first.") from exc
        if load_demo_agreement():
            self.stdout.write("Loaded Kent's demonstration agreement (a draft).")
        self.stdout.write(self.style.SUCCESS("Demonstration data loaded. Sign in at /sign-in as:"))
        for user in users:
            works_for = f" ({user.organisation.name})" if user.organisation_id else ""
            self.stdout.write(f"  {user.username:<22} {user.role_label}{works_for}")
        self.stdout.write(f"  password for all: {password}")
