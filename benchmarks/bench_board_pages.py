"""In-process time of the board report, a department's progress, the national picture and
an equality breakdown (issue 13), with Django's test client against an existing database
(the demonstration's: `laa demo --reference`), `/healthz` beside them as the floor.

    LAA_VAR_DIR=var LAA_TODAY=2010-06-30 PYTHONPATH=src .venv/bin/python benchmarks/bench_board_pages.py [--requests N]

For each page, as the reader it is for: the first request in the process (computing
progress, comparisons and the page: what the first reader after an import waits for) and
then N more (median and p95 of the wall time of each: the page kept per reader, or, for
the board report, rendered each time from progress kept per import). The database is read
only: nothing is written but the sessions' rows.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laa.settings")
os.environ.setdefault("DEBUG", "true")

PAGES = [
    ("anonymous", "/healthz"),
    ("officer", "/progress/E2221/board-report?period=2009/10%20Q4"),
    ("officer", "/progress/E2221/board-report?period=2009/10%20Q3"),
    ("department", "/progress/department"),
    ("clg", "/progress/national"),
    ("officer", "/progress/indicators/NI%201/groups?area=E2221"),
    ("clg", "/api/v1/performance/progress/national"),
    ("department", "/api/v1/performance/progress/departments/HO"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from laa.accounts.models import User

    setup_test_environment()
    clients: dict[str, Client] = {}
    print(f"{'page':<62} {'first':>9} {'median':>9} {'p95':>9}  ({args.requests} requests, in process)")
    for who, path in PAGES:
        if who not in clients:
            clients[who] = Client()
            if who != "anonymous":
                clients[who].force_login(User.objects.get(username=who))
        client = clients[who]
        start = time.perf_counter()
        first = client.get(path, HTTP_HOST="127.0.0.1")
        cold = time.perf_counter() - start
        assert first.status_code == 200, (path, first.status_code)
        times = []
        for _ in range(args.requests):
            start = time.perf_counter()
            client.get(path, HTTP_HOST="127.0.0.1")
            times.append(time.perf_counter() - start)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"{who + ' ' + path:<62} {cold * 1000:>7.1f}ms {statistics.median(times) * 1000:>7.2f}ms "
              f"{p95 * 1000:>7.2f}ms")


if __name__ == "__main__":
    main()
