"""The agreement document of a full agreement (35 designated, 16 statutory, 100 local
targets): the page (HTML) and the PDF, on a fresh SQLite database in a temporary directory.

    .venv/bin/python benchmarks/bench_document.py [--repeat 5] [--pdf 1] [--out /tmp/agreement.pdf]

Prints the median and worst time of the page (after one warm-up render), its query count,
and the time (wall and CPU) of printing the PDF with WeasyPrint, with its size. Target:
the page well under a second.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pdf", type=int, default=1, help="how many times to print the PDF")
    parser.add_argument("--out", default="", help="write the PDF here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        os.environ.update({"LAA_VAR_DIR": var, "LAA_TESTING": "true", "DJANGO_SETTINGS_MODULE": "laa.settings"})
        os.environ.pop("DATABASE_URL", None)
        import django

        django.setup()
        from django.test.utils import setup_test_environment

        setup_test_environment()  # the test client's host is allowed
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from tests.conftest import load_reference_and_demo
        from tests.integration.test_agreement_document import full_draft, import_draft

        from laa.accounts.models import User
        from laa.agreements import views_document

        call_command("migrate", verbosity=0)
        load_reference_and_demo()
        agreement = import_draft(full_draft())
        client = Client()
        client.force_login(User.objects.get(username="officer"))
        path = f"/agreements/{agreement.area.code}/document"
        assert client.get(path).status_code == 200  # warm-up: templates compiled
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - start)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        size = len(response.content)
        print(f"page {path}: median {statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms, "
              f"{len(queries)} queries, {size // 1024} KB")
        for _ in range(args.pdf):
            views_document.cache.clear()
            start, cpu = time.perf_counter(), time.process_time()
            response = client.get(path + ".pdf")
            wall, cpu = time.perf_counter() - start, time.process_time() - cpu
            print(f"PDF: {wall:.1f} s wall, {cpu:.1f} s CPU, {len(response.content) // 1024} KB")
        start = time.perf_counter()
        client.get(path + ".pdf")
        print(f"PDF again (kept for the version): {(time.perf_counter() - start) * 1000:.0f} ms")
        if args.out:
            Path(args.out).write_bytes(response.content)


if __name__ == "__main__":
    main()
