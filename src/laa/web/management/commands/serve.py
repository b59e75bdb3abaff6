"""`laa serve`: serve the site with gunicorn (several worker processes) and, beside it,
the background-task worker (`laa db-worker`, django-tasks' database backend), as one
command: Ctrl+C (or SIGTERM) stops both, and if either stops, the other is stopped too.

`--no-tasks-worker` (or LAA_TASKS_WORKER=false) serves the site alone, for a deployment
that runs its task workers as services of their own (README "Background tasks").
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from laa.settings import env_bool

LAA = str(Path(sys.executable).with_name("laa"))


def _stop(process: subprocess.Popen, how: signal.Signals) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, how)  # the worker's own process group (its autoreloader too)
        except ProcessLookupError:
            pass


class Command(BaseCommand):
    help = "Serve the site on 127.0.0.1:8000 with gunicorn, and run the background-task worker beside it."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("LAA_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "4")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("LAA_THREADS", "1")))
        # The PDF is printed by the task worker, not in a request; an upload of a large
        # agreement file on a busy machine can still take seconds.
        parser.add_argument("--timeout", type=int, default=int(os.environ.get("LAA_TIMEOUT", "120")))
        parser.add_argument(
            "--tasks-worker", action=argparse.BooleanOptionalAction, default=env_bool("LAA_TASKS_WORKER", True),
            help="also run the background-task worker, `laa db-worker` (default: yes, with the database backend)",
        )

    def handle(self, *args, bind, workers, threads, timeout, tasks_worker, **options):
        web = [
            sys.executable, "-m", "gunicorn", "laa.wsgi:application",
            "--bind", bind, "--workers", str(workers), "--threads", str(threads),
            "--timeout", str(timeout), "--access-logfile", "-", "--graceful-timeout", "5",
        ]
        with_worker = tasks_worker and settings.TASKS["default"]["BACKEND"] == settings.TASKS_BACKENDS["database"]
        if not with_worker:
            self.stdout.write(f"Serving on http://{bind}/ (press Ctrl+C to stop)")
            os.execv(sys.executable, web)
        self.stdout.write(f"Serving on http://{bind}/, with the background-task worker (press Ctrl+C to stop both)")
        self.stdout.flush()
        processes = [
            subprocess.Popen(web, start_new_session=True),
            subprocess.Popen([LAA, "db_worker", "--queue-name", "*"], start_new_session=True),
        ]
        stopping: list[signal.Signals] = []

        def stop(signum, frame):
            stopping.append(signal.Signals(signum))

        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, stop)
        while not stopping and all(p.poll() is None for p in processes):
            time.sleep(0.2)
        for p in processes:
            _stop(p, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for p in processes:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _stop(p, signal.SIGKILL)
                p.wait()
        code = processes[0].returncode
        raise SystemExit(0 if stopping else (code or 1))
