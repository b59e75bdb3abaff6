"""`laa serve`: serve the site with gunicorn (several worker processes)."""

from __future__ import annotations

import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site on 127.0.0.1:8000 with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("LAA_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "4")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("LAA_THREADS", "1")))
        # A first PDF of a full agreement (150 targets) takes about 20 s of CPU; it is then
        # cached per version. Gunicorn's default 30 s would kill a worker on a busy machine.
        parser.add_argument("--timeout", type=int, default=int(os.environ.get("LAA_TIMEOUT", "120")))

    def handle(self, *args, bind, workers, threads, timeout, **options):
        argv = [
            sys.executable, "-m", "gunicorn", "laa.wsgi:application",
            "--bind", bind, "--workers", str(workers), "--threads", str(threads),
            "--timeout", str(timeout), "--access-logfile", "-", "--graceful-timeout", "5",
        ]
        self.stdout.write(f"Serving on http://{bind}/ (press Ctrl+C to stop)")
        os.execv(sys.executable, argv)
